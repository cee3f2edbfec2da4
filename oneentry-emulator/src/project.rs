//! The OneEntry project the emulator serves: app token, users, products, order storages.
//!
//! Only the demo project exists for now. It holds exactly what the scenario in
//! `SCENARIO.md` needs, so that the example and the tests run offline without setup.

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
    pub(crate) products: Vec<Product>,
    pub(crate) storages: Vec<OrderStorage>,
}

/// A registered user of an auth provider.
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) email: String,
    pub(crate) password: String,
}

/// An auth provider with an e-mail/password sign-in form.
#[derive(Debug)]
pub(crate) struct AuthProvider {
    pub(crate) marker: String,
    /// Marker of the form field that carries the e-mail.
    pub(crate) login_marker: String,
    /// Marker of the form field that carries the password.
    pub(crate) password_marker: String,
    pub(crate) users: Vec<User>,
}

/// A product that orders can reference.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) price_cents: i64,
}

/// An order storage with its form, payment accounts and statuses.
#[derive(Debug)]
pub(crate) struct OrderStorage {
    pub(crate) id: i64,
    pub(crate) marker: String,
    pub(crate) form_identifier: String,
    pub(crate) accounts: Vec<PaymentAccount>,
    /// The first status is the one new orders get.
    pub(crate) statuses: Vec<OrderStatus>,
}

/// A payment account of an order storage.
#[derive(Debug)]
pub(crate) struct PaymentAccount {
    pub(crate) id: i64,
    pub(crate) identifier: String,
    pub(crate) title: String,
    /// Checkout page of a card provider. `None` for custom accounts such as cash, which
    /// OneEntry answers with `paymentUrl: null` and which cannot open `intent` sessions.
    pub(crate) checkout_url: Option<String>,
}

/// An order status.
#[derive(Debug)]
pub(crate) struct OrderStatus {
    pub(crate) identifier: String,
    pub(crate) title: String,
}

impl Project {
    /// The demo project with the given app token and users of the `email` provider.
    pub(crate) fn demo(app_token: String, users: Vec<User>) -> Self {
        let product = |id, title: &str, price: i64| Product {
            id,
            title: title.to_owned(),
            price_cents: price * 100,
        };
        let status = |identifier: &str, title: &str| OrderStatus {
            identifier: identifier.to_owned(),
            title: title.to_owned(),
        };
        Self {
            app_token,
            currency: "USD".to_owned(),
            providers: vec![AuthProvider {
                marker: "email".to_owned(),
                login_marker: "email_reg".to_owned(),
                password_marker: "password_reg".to_owned(),
                users,
            }],
            products: vec![
                product(1, "Ceramic mug", 100),
                product(14, "Wireless headphones", 340),
                product(15, "Leather backpack", 400),
            ],
            storages: vec![OrderStorage {
                id: 1,
                marker: "orders".to_owned(),
                form_identifier: "order".to_owned(),
                accounts: vec![PaymentAccount {
                    id: 1,
                    identifier: "cash".to_owned(),
                    title: "Cash".to_owned(),
                    checkout_url: None,
                }],
                statuses: vec![
                    status("upcoming", "Upcoming"),
                    status("completed", "Completed"),
                    status("canceled", "Canceled"),
                ],
            }],
        }
    }

    /// The auth provider with this marker.
    pub(crate) fn provider(&self, marker: &str) -> Option<&AuthProvider> {
        self.providers.iter().find(|p| p.marker == marker)
    }

    /// The product with this id.
    pub(crate) fn product(&self, id: i64) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
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
}
