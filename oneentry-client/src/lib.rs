//! Typed async client for the [OneEntry](https://oneentry.cloud) headless CMS API.
//!
//! This crate is the *runtime*: the [`Client`] with its [`Session`], the transport (headers,
//! automatic token refresh, error mapping, decoding) and the value types the generated API
//! uses ([`Secret`], [`Numeric`], [`OneOrMany`]). The typed models and endpoint methods are
//! generated at compile time from `spec/oneentry.json` by `oneentry-macros` and call into
//! this runtime through the items listed in `docs/ARCHITECTURE.md`.
//!
//! Differences from the official JavaScript SDK that callers may rely on:
//!
//! * one stable [`DeviceMetadata`] per client (the SDK uses one per module, which can break
//!   refresh tokens that are bound to the login fingerprint);
//! * proactive and single-flight token refresh, at most one retry per call;
//! * path and query values are percent-encoded;
//! * no `x-app-token: undefined` header when no app token is configured;
//! * `logout` clears the session only when the server confirms it with a 2xx answer.
//!
//! ```no_run
//! # async fn demo() -> oneentry_client::Result<()> {
//! let client = oneentry_client::Client::builder("https://my-project.oneentry.cloud")
//!     .app_token("app-token")
//!     .build()?;
//! assert_eq!(client.language(), "en_US");
//! # Ok(())
//! # }
//! ```

// Generated code names runtime items through `::oneentry_client::...`; this alias makes those
// paths resolve when the generated API is expanded inside this very crate.
extern crate self as oneentry_client;

mod body;
mod builder;
mod call;
mod client;
mod deadline;
mod decode;
mod device;
mod error;
mod exchange;
mod model;
mod numeric;
mod one_or_many;
mod page_stream;
mod pages;
mod patch;
mod policy;
mod refresh;
mod request_body;
mod request_headers;
mod request_url;
mod retry;
mod retry_after;
mod secret;
mod session;
mod tagged;
mod transport;
mod user;

pub mod endpoint;
pub mod localized;
#[cfg(feature = "mock")]
pub mod mock;

#[doc(hidden)]
pub mod __private;

/// The OneEntry API as described by `spec/oneentry.json`: models, one client struct per
/// module (reached as `client.auth_provider()`, `client.orders()`, `client.payments()`) and
/// one request builder per endpoint.
pub mod api {
    // `spec/oneentry.json` of this crate is a symlink to the repository's `spec/oneentry.json`,
    // so the published package carries the spec it was built from.
    crate::api!(spec = "spec/oneentry.json", client = inherent);
}

/// Generates models and endpoint methods from a spec file; see `oneentry-macros`.
pub use oneentry_macros::api;

pub use builder::{ClientBuilder, DEFAULT_MAX_BODY_SIZE, http_client_builder};
pub use call::CallOptions;
pub use client::Client;
pub use device::DeviceMetadata;
pub use error::{ApiDetails, Delivery, Error, Result, TimeoutKind};
pub use numeric::{Numeric, ParseNumericError};
pub use one_or_many::OneOrMany;
pub use pages::{DEFAULT_MAX_PAGES, ItemOf, ItemStream, Page, PageFuture, PageStream, Pages};
pub use patch::Patch;
pub use retry::RetryPolicy;
pub use secret::Secret;
pub use session::Session;
pub use user::UserBuilder;

/// Any JSON value; used for fields the spec types as `json` and for raw error bodies.
pub type JsonValue = serde_json::Value;

/// A JSON object with keys in insertion order (`serde_json` is built with `preserve_order`).
pub type JsonMap = serde_json::Map<String, serde_json::Value>;
