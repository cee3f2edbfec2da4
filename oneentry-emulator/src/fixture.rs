//! Fixtures: the project an emulator serves, described as JSON (`FIXTURES.md`).
//!
//! A fixture is plain data with public fields, so tests can load a file, change a price and
//! start an emulator with it. Everything is checked before the server starts, with an error
//! that names the JSON path of the problem: a typo in a fixture should fail loudly at start,
//! not as a puzzling 404 in the middle of a test.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::shop::ShopFixture;

use crate::project::{
    AccountKind, AuthProvider, OAuthClient, OrderStatus, OrderStorage, PaymentAccount, Product,
    Project, User,
};

/// The demo project as JSON: the file `fixtures/demo.json` of this crate, which is the
/// default fixture and the example of `FIXTURES.md`. Copy it to start your own.
pub const DEMO_FIXTURE_JSON: &str = include_str!("../fixtures/demo.json");

/// Prices above this many units are refused: cents must stay exact in an `f64` and sums
/// must not overflow.
const MAX_PRICE: f64 = 1e12;

/// A whole project: app token, auth providers, users, products, payment accounts and
/// order storages. See `FIXTURES.md` for the JSON format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fixture {
    /// The app token clients must send as `x-app-token`.
    pub app_token: String,
    /// Currency of every order, e.g. `USD`.
    pub currency: String,
    /// Auth providers users sign up and sign in with.
    #[serde(default)]
    pub auth_providers: Vec<AuthProviderFixture>,
    /// Users registered from the start.
    #[serde(default)]
    pub users: Vec<UserFixture>,
    /// Products orders can contain.
    #[serde(default)]
    pub products: Vec<ProductFixture>,
    /// Payment accounts order storages can use.
    #[serde(default)]
    pub payment_accounts: Vec<PaymentAccountFixture>,
    /// Order storages.
    #[serde(default)]
    pub order_storages: Vec<OrderStorageFixture>,
    /// The shop: catalog, pages, blocks, forms, discounts, profiles (`FIXTURES.md#shop`).
    /// Without one the shop endpoints answer empty lists and 404s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<ShopFixture>,
}

/// An auth provider with a login/password form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthProviderFixture {
    /// Numeric id shown by `getAuthProviders`.
    pub id: i64,
    /// The provider's marker, used in every URL (`email`).
    pub marker: String,
    /// Display title.
    pub title: String,
    /// Kind of provider as OneEntry reports it (default `email`).
    #[serde(default = "default_provider_type", rename = "type")]
    pub kind: String,
    /// Marker of the registration form; when set, sign-ups must name it.
    #[serde(default)]
    pub form_identifier: Option<String>,
    /// Marker of the `authData` entry that carries the login (e-mail).
    pub login_marker: String,
    /// Marker of the `authData` entry that carries the password.
    pub password_marker: String,
    /// Whether signed-up users must be activated with a code before they can sign in.
    #[serde(default)]
    pub is_check_code: bool,
    /// OAuth client credentials `oauth` accepts; `None` refuses OAuth sign-ins.
    #[serde(default)]
    pub oauth: Option<OAuthFixture>,
}

/// The OAuth application a provider accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OAuthFixture {
    /// Expected `client_id`.
    pub client_id: String,
    /// Expected `client_secret`.
    pub client_secret: String,
}

/// A registered user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UserFixture {
    /// Marker of the user's auth provider; the first provider when absent.
    #[serde(default)]
    pub provider: Option<String>,
    /// The login.
    pub email: String,
    /// The password.
    pub password: String,
    /// Whether the user can sign in (default `true`).
    #[serde(default = "yes")]
    pub active: bool,
}

/// A product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProductFixture {
    /// Product id, as orders name it.
    pub id: i64,
    /// Title shown in read-back orders.
    pub title: String,
    /// Unit price in the project's currency, at most two decimals (`400`, `3.05`).
    pub price: f64,
    /// Stock-keeping unit, if any.
    #[serde(default)]
    pub sku: Option<String>,
}

/// Kind of payment account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentAccountType {
    /// A card provider: sessions get a checkout URL and `intent` sessions a client secret.
    Stripe,
    /// Cash, PayPal and the like: sessions get the checkout URL if there is one, else `null`.
    Custom,
}

/// A payment account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PaymentAccountFixture {
    /// Account id (`paymentAccountId` of sessions).
    pub id: i64,
    /// The account's marker (`paymentAccountIdentifier` of orders).
    pub marker: String,
    /// `stripe` or `custom`.
    #[serde(rename = "type")]
    pub kind: PaymentAccountType,
    /// Display title.
    pub title: String,
    /// Checkout page; a session's `paymentUrl` is `<checkoutUrl>/<session id>`. Required for
    /// `stripe`, `null` for cash.
    #[serde(default)]
    pub checkout_url: Option<String>,
}

/// An order storage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderStorageFixture {
    /// Storage id.
    pub id: i64,
    /// The storage's marker, used in URLs (`orders`).
    pub marker: String,
    /// Display title.
    pub title: String,
    /// Marker of the order form every order must name.
    pub form_identifier: String,
    /// Markers of the payment accounts orders may use.
    pub payment_accounts: Vec<String>,
    /// Order statuses; new orders get the default one (the first when none is marked).
    pub statuses: Vec<OrderStatusFixture>,
}

/// An order status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OrderStatusFixture {
    /// The status marker (`upcoming`).
    pub identifier: String,
    /// Display title.
    pub title: String,
    /// Whether new orders get this status (at most one per storage).
    #[serde(default)]
    pub default: bool,
}

/// Why a fixture could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FixtureError {
    /// The file could not be read.
    #[error("cannot read fixture file {}: {source}", file.display())]
    Read {
        /// The file.
        file: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The JSON is malformed or does not have the fixture's shape.
    #[error("invalid fixture JSON at `{path}`: {message}")]
    Json {
        /// JSON path of the problem, such as `products[1].price`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The JSON has the right shape but its content is inconsistent (an unknown reference,
    /// a duplicate id, an empty token).
    #[error("invalid fixture at `{path}`: {message}")]
    Invalid {
        /// JSON path of the problem, such as `orderStorages[0].paymentAccounts[1]`.
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl FixtureError {
    /// The JSON path the error is about, if it is about one.
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Read { .. } => None,
            Self::Json { path, .. } | Self::Invalid { path, .. } => Some(path),
        }
    }

    pub(crate) fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

fn default_provider_type() -> String {
    "email".to_owned()
}

fn yes() -> bool {
    true
}

impl Fixture {
    /// The demo project ([`DEMO_FIXTURE_JSON`]). It is checked by the crate's tests, so the
    /// error case only exists to keep a broken build from panicking.
    pub fn demo() -> Result<Fixture, FixtureError> {
        let mut fixture = Self::from_json_str(DEMO_FIXTURE_JSON)?;
        fixture.shop = Some(ShopFixture::demo()?);
        Ok(fixture)
    }

    /// Parses and checks a fixture.
    pub fn from_json_str(json: &str) -> Result<Fixture, FixtureError> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        let fixture: Fixture =
            serde_path_to_error::deserialize(&mut deserializer).map_err(|err| {
                FixtureError::Json {
                    path: err.path().to_string(),
                    message: err.inner().to_string(),
                }
            })?;
        fixture.validate()?;
        Ok(fixture)
    }

    /// Reads, parses and checks a fixture file.
    pub fn from_json_file(path: impl AsRef<Path>) -> Result<Fixture, FixtureError> {
        let path = path.as_ref();
        let json = std::fs::read_to_string(path).map_err(|source| FixtureError::Read {
            file: path.to_owned(),
            source,
        })?;
        Self::from_json_str(&json)
    }

    /// Checks the content: unique ids and markers, known references, valid prices.
    pub fn validate(&self) -> Result<(), FixtureError> {
        self.to_project().map(drop)
    }

    /// Checks the fixture and turns it into the form the routes read.
    pub(crate) fn to_project(&self) -> Result<Project, FixtureError> {
        if self.app_token.is_empty() {
            return Err(FixtureError::invalid("appToken", "must not be empty"));
        }
        let providers = self.providers()?;
        let users = self.users(&providers)?;
        let products = self.products()?;
        let accounts = self.accounts()?;
        let storages = self.storages(&accounts)?;
        let shop = self.shop.clone().unwrap_or_default().0;
        shop.validate()?;
        Ok(Project {
            app_token: self.app_token.clone(),
            currency: self.currency.clone(),
            providers,
            users,
            products,
            accounts,
            storages,
            shop,
        })
    }

    fn providers(&self) -> Result<Vec<AuthProvider>, FixtureError> {
        let mut ids = HashSet::new();
        let mut markers = HashSet::new();
        let mut out = Vec::new();
        for (index, p) in self.auth_providers.iter().enumerate() {
            let at = |field: &str| format!("authProviders[{index}].{field}");
            unique(&mut ids, p.id, at("id"))?;
            non_empty(&p.marker, at("marker"))?;
            unique(&mut markers, p.marker.clone(), at("marker"))?;
            non_empty(&p.login_marker, at("loginMarker"))?;
            non_empty(&p.password_marker, at("passwordMarker"))?;
            if p.login_marker == p.password_marker {
                return Err(FixtureError::invalid(
                    at("passwordMarker"),
                    "must differ from loginMarker",
                ));
            }
            out.push(AuthProvider {
                id: p.id,
                marker: p.marker.clone(),
                title: p.title.clone(),
                kind: p.kind.clone(),
                form_identifier: p.form_identifier.clone(),
                login_marker: p.login_marker.clone(),
                password_marker: p.password_marker.clone(),
                check_code: p.is_check_code,
                oauth: p.oauth.as_ref().map(|o| OAuthClient {
                    client_id: o.client_id.clone(),
                    client_secret: o.client_secret.clone(),
                }),
            });
        }
        Ok(out)
    }

    fn users(&self, providers: &[AuthProvider]) -> Result<Vec<User>, FixtureError> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (index, u) in self.users.iter().enumerate() {
            let at = |field: &str| format!("users[{index}].{field}");
            let provider = match &u.provider {
                Some(marker) => {
                    providers
                        .iter()
                        .find(|p| &p.marker == marker)
                        .ok_or_else(|| {
                            FixtureError::invalid(
                                at("provider"),
                                format!("unknown auth provider `{marker}`"),
                            )
                        })?
                }
                None => providers.first().ok_or_else(|| {
                    FixtureError::invalid(
                        at("provider"),
                        "there is no auth provider to sign in with",
                    )
                })?,
            };
            non_empty(&u.email, at("email"))?;
            unique(
                &mut seen,
                (provider.marker.clone(), u.email.clone()),
                at("email"),
            )?;
            out.push(User {
                provider: provider.marker.clone(),
                email: u.email.clone(),
                password: u.password.clone(),
                active: u.active,
            });
        }
        Ok(out)
    }

    fn products(&self) -> Result<Vec<Product>, FixtureError> {
        let mut ids = HashSet::new();
        let mut out = Vec::new();
        for (index, p) in self.products.iter().enumerate() {
            let at = |field: &str| format!("products[{index}].{field}");
            unique(&mut ids, p.id, at("id"))?;
            out.push(Product {
                id: p.id,
                title: p.title.clone(),
                sku: p.sku.clone(),
                price_cents: cents(p.price).ok_or_else(|| {
                    FixtureError::invalid(
                        at("price"),
                        format!(
                            "{} is not a price: expected 0 to {MAX_PRICE} with at most two decimals",
                            p.price
                        ),
                    )
                })?,
            });
        }
        Ok(out)
    }

    fn accounts(&self) -> Result<Vec<PaymentAccount>, FixtureError> {
        let mut ids = HashSet::new();
        let mut markers = HashSet::new();
        let mut out = Vec::new();
        for (index, a) in self.payment_accounts.iter().enumerate() {
            let at = |field: &str| format!("paymentAccounts[{index}].{field}");
            unique(&mut ids, a.id, at("id"))?;
            non_empty(&a.marker, at("marker"))?;
            unique(&mut markers, a.marker.clone(), at("marker"))?;
            if a.kind == PaymentAccountType::Stripe && a.checkout_url.is_none() {
                return Err(FixtureError::invalid(
                    at("checkoutUrl"),
                    "a `stripe` account needs a checkout URL",
                ));
            }
            out.push(PaymentAccount {
                id: a.id,
                identifier: a.marker.clone(),
                title: a.title.clone(),
                kind: match a.kind {
                    PaymentAccountType::Stripe => AccountKind::Stripe,
                    PaymentAccountType::Custom => AccountKind::Custom,
                },
                checkout_url: a
                    .checkout_url
                    .as_ref()
                    .map(|url| url.trim_end_matches('/').to_owned()),
            });
        }
        Ok(out)
    }

    fn storages(&self, accounts: &[PaymentAccount]) -> Result<Vec<OrderStorage>, FixtureError> {
        let mut ids = HashSet::new();
        let mut markers = HashSet::new();
        let mut out = Vec::new();
        for (index, s) in self.order_storages.iter().enumerate() {
            let at = |field: &str| format!("orderStorages[{index}].{field}");
            unique(&mut ids, s.id, at("id"))?;
            non_empty(&s.marker, at("marker"))?;
            unique(&mut markers, s.marker.clone(), at("marker"))?;
            let mut own = Vec::new();
            for (n, marker) in s.payment_accounts.iter().enumerate() {
                let account = accounts
                    .iter()
                    .find(|a| &a.identifier == marker)
                    .ok_or_else(|| {
                        FixtureError::invalid(
                            format!("orderStorages[{index}].paymentAccounts[{n}]"),
                            format!("unknown payment account `{marker}`"),
                        )
                    })?;
                own.push(account.clone());
            }
            if s.statuses.is_empty() {
                return Err(FixtureError::invalid(
                    at("statuses"),
                    "a storage needs at least one status",
                ));
            }
            let mut seen = HashSet::new();
            for (n, status) in s.statuses.iter().enumerate() {
                non_empty(
                    &status.identifier,
                    format!("orderStorages[{index}].statuses[{n}].identifier"),
                )?;
                unique(
                    &mut seen,
                    status.identifier.clone(),
                    format!("orderStorages[{index}].statuses[{n}].identifier"),
                )?;
            }
            let defaults: Vec<usize> = (0..s.statuses.len())
                .filter(|&n| s.statuses[n].default)
                .collect();
            if let [_, second, ..] = defaults[..] {
                return Err(FixtureError::invalid(
                    format!("orderStorages[{index}].statuses[{second}].default"),
                    "only one status can be the default",
                ));
            }
            let default = defaults.first().copied().unwrap_or(0);
            out.push(OrderStorage {
                id: s.id,
                marker: s.marker.clone(),
                title: s.title.clone(),
                form_identifier: s.form_identifier.clone(),
                accounts: own,
                statuses: s
                    .statuses
                    .iter()
                    .enumerate()
                    .map(|(n, status)| OrderStatus {
                        identifier: status.identifier.clone(),
                        title: status.title.clone(),
                        is_default: n == default,
                    })
                    .collect(),
            });
        }
        Ok(out)
    }
}

/// Inserts `value`, or fails with "duplicate" at `path`.
fn unique<T: std::hash::Hash + Eq + std::fmt::Debug>(
    seen: &mut HashSet<T>,
    value: T,
    path: String,
) -> Result<(), FixtureError> {
    let message = format!("duplicate value {value:?}");
    if seen.insert(value) {
        Ok(())
    } else {
        Err(FixtureError::invalid(path, message))
    }
}

fn non_empty(value: &str, path: String) -> Result<(), FixtureError> {
    if value.is_empty() {
        Err(FixtureError::invalid(path, "must not be empty"))
    } else {
        Ok(())
    }
}

/// A price in cents, if it is one: finite, not negative, not huge, whole cents.
fn cents(price: f64) -> Option<i64> {
    if !price.is_finite() || !(0.0..=MAX_PRICE).contains(&price) {
        return None;
    }
    let cents = (price * 100.0).round();
    if (price * 100.0 - cents).abs() > 1e-6 {
        return None;
    }
    // In range by the check above, so the conversion is exact.
    Some(cents as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_fixture_is_valid() {
        let demo = Fixture::demo();
        assert!(demo.is_ok(), "{demo:?}");
    }

    #[test]
    fn prices_must_be_whole_cents() {
        assert_eq!(cents(400.0), Some(40_000));
        assert_eq!(cents(3.05), Some(305));
        assert_eq!(cents(0.0), Some(0));
        assert_eq!(cents(1.005), None);
        assert_eq!(cents(-1.0), None);
        assert_eq!(cents(f64::NAN), None);
        assert_eq!(cents(1e13), None);
    }
}
