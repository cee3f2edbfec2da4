//! The OneEntry project the emulator serves: app token, auth providers, products, payment
//! accounts, order storages.
//!
//! It is built from a `Fixture` (the demo one unless the builder names
//! another) and never changes while the server runs; users, orders and tokens live in the
//! mutable `Store` of `state.rs`.

/// App token of the demo project (the `x-app-token` header).
pub const DEMO_APP_TOKEN: &str = "demo-app-token";
/// E-mail of the demo project's registered user (auth provider `email`).
pub const DEMO_USER_EMAIL: &str = "your-user@email.com";
/// Password of the demo project's registered user.
pub const DEMO_USER_PASSWORD: &str = "123456";

/// A project: everything the routes read but never change.
#[derive(Debug)]
pub(crate) struct Project {
    pub(crate) app_token: String,
    pub(crate) currency: String,
    pub(crate) providers: Vec<AuthProvider>,
    /// The users registered at start; the store holds their current state.
    pub(crate) users: Vec<User>,
    pub(crate) products: Vec<Product>,
    pub(crate) accounts: Vec<PaymentAccount>,
    pub(crate) storages: Vec<OrderStorage>,
    /// The shop as the fixture describes it; `AppState::shop` serves it.
    pub(crate) shop: crate::shop::ShopData,
}

/// A user registered at start.
#[derive(Debug, Clone)]
pub(crate) struct User {
    /// Marker of the user's auth provider.
    pub(crate) provider: String,
    pub(crate) email: String,
    pub(crate) password: String,
    pub(crate) active: bool,
}

/// An auth provider with an e-mail/password form.
#[derive(Debug)]
pub(crate) struct AuthProvider {
    pub(crate) id: i64,
    pub(crate) marker: String,
    pub(crate) title: String,
    /// OneEntry's provider type, e.g. `email`.
    pub(crate) kind: String,
    /// Marker of the registration form; sign-ups must name it when set.
    pub(crate) form_identifier: Option<String>,
    /// Marker of the form field that carries the e-mail.
    pub(crate) login_marker: String,
    /// Marker of the form field that carries the password.
    pub(crate) password_marker: String,
    /// Whether signed-up users start inactive and need an activation code.
    pub(crate) check_code: bool,
    /// The OAuth application accepted by `oauth`, if any.
    pub(crate) oauth: Option<OAuthClient>,
}

/// Credentials of the OAuth application a provider accepts.
#[derive(Debug)]
pub(crate) struct OAuthClient {
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
}

/// A product that orders can reference.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) sku: Option<String>,
    pub(crate) price_cents: i64,
}

/// An order storage with its form, payment accounts and statuses.
#[derive(Debug)]
pub(crate) struct OrderStorage {
    pub(crate) id: i64,
    pub(crate) marker: String,
    pub(crate) title: String,
    pub(crate) form_identifier: String,
    pub(crate) accounts: Vec<PaymentAccount>,
    /// Exactly one of them is the default, the one new orders get.
    pub(crate) statuses: Vec<OrderStatus>,
}

/// Kind of payment account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AccountKind {
    /// Card payments: checkout URLs and `intent` sessions with a client secret.
    Stripe,
    /// Cash, PayPal and the like: no `intent` sessions.
    Custom,
}

/// A payment account.
#[derive(Debug, Clone)]
pub(crate) struct PaymentAccount {
    pub(crate) id: i64,
    pub(crate) identifier: String,
    pub(crate) title: String,
    pub(crate) kind: AccountKind,
    /// Checkout page, without a trailing slash. `None` for accounts such as cash, which
    /// OneEntry answers with `paymentUrl: null`.
    pub(crate) checkout_url: Option<String>,
}

/// An order status.
#[derive(Debug)]
pub(crate) struct OrderStatus {
    pub(crate) identifier: String,
    pub(crate) title: String,
    pub(crate) is_default: bool,
}

impl Project {
    /// The auth provider with this marker.
    pub(crate) fn provider(&self, marker: &str) -> Option<&AuthProvider> {
        self.providers.iter().find(|p| p.marker == marker)
    }

    /// The product with this id.
    pub(crate) fn product(&self, id: i64) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The payment account with this id.
    pub(crate) fn account_by_id(&self, id: i64) -> Option<&PaymentAccount> {
        self.accounts.iter().find(|a| a.id == id)
    }

    /// The order storage with this marker.
    pub(crate) fn storage(&self, marker: &str) -> Option<&OrderStorage> {
        self.storages.iter().find(|s| s.marker == marker)
    }

    /// The order storage with this id.
    pub(crate) fn storage_by_id(&self, id: i64) -> Option<&OrderStorage> {
        self.storages.iter().find(|s| s.id == id)
    }
}

impl OrderStorage {
    /// The payment account with this identifier.
    pub(crate) fn account(&self, identifier: &str) -> Option<&PaymentAccount> {
        self.accounts.iter().find(|a| a.identifier == identifier)
    }

    /// The status with this identifier.
    pub(crate) fn status(&self, identifier: &str) -> Option<&OrderStatus> {
        self.statuses.iter().find(|s| s.identifier == identifier)
    }

    /// The status new orders get.
    pub(crate) fn default_status(&self) -> Option<&OrderStatus> {
        self.statuses
            .iter()
            .find(|s| s.is_default)
            .or_else(|| self.statuses.first())
    }
}
