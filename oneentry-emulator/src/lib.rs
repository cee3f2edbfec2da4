//! A local, in-memory server that speaks the OneEntry HTTP API, for offline tests and
//! examples.
//!
//! It serves all 30 methods of `AuthProvider`, `Orders` and `Payments` with the wire shapes
//! of `docs/wire.md`, statefully: sign-ups, codes, passwords, sessions, orders, refunds and
//! payment sessions change as clients call them. Requests are decoded and answers encoded
//! with the models that `oneentry_client::api` generates from the same spec as the client,
//! so the two cannot disagree on a shape. The routes themselves are the generated endpoint
//! descriptions, served by the typed router of `oneentry_client::mock`: no path is typed
//! here, and an endpoint of the spec without a handler answers a OneEntry `501` naming it
//! (see [`EmulatorBuilder::disable_endpoint`]).
//!
//! The project (app token, auth providers, users, products, payment accounts, order
//! storages) comes from a [`Fixture`]; the default is the demo project of
//! `fixtures/demo.json` ([`DEMO_FIXTURE_JSON`]), and `FIXTURES.md` describes the format.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let emulator = oneentry_emulator::Emulator::start().await?;
//! println!("{} with x-app-token {}", emulator.base_url(), emulator.app_token());
//! // ... point a client at it, then assert on what it sent:
//! assert!(emulator.requests().is_empty());
//! emulator.shutdown().await
//! # }
//! ```
//!
//! Every request needs `x-app-token`; errors are OneEntry error bodies
//! (`{"statusCode", "message", "localizeMessage", "error"}`). The emulator binds to
//! loopback addresses only: it has no real security and must not be reachable from outside.
//!
//! # Errors and limits
//!
//! Every error has a OneEntry body and its own status, also those no handler sees: an
//! unknown route (404), a wrong method (405), an endpoint of the spec without a handler
//! (501), a parameter that does not parse (400, naming it), a body that is not declared
//! `Content-Type: application/json` (415), an empty or malformed JSON body (400, naming the
//! JSON path), broken chunked framing (400), a body over the size limit (413), a body that
//! stalls or a head that takes too long (408), a head hyper cannot parse (400) or one with
//! too many fields (431), a handler that panics (500).
//!
//! A test server is still a server that a misbehaving client can hold or bloat, so it is
//! bounded; every limit is a setting of [`EmulatorBuilder`]:
//!
//! | what | default | when exceeded |
//! |---|---|---|
//! | request body | [`DEFAULT_MAX_BODY_BYTES`] (1 MiB) | 413, not buffered |
//! | time to send a head, from its first byte | [`DEFAULT_HEADER_READ_TIMEOUT`] (10 s) | 408, connection closed |
//! | time to send a body | [`DEFAULT_BODY_READ_TIMEOUT`] (30 s) | 408 |
//! | time without a request on a connection | [`DEFAULT_IDLE_TIMEOUT`] (30 s) | connection closed |
//! | open connections | [`DEFAULT_MAX_CONNECTIONS`] (1024) | further clients wait to be accepted |
//! | request log | [`DEFAULT_REQUEST_LOG_CAPACITY`] requests and [`DEFAULT_REQUEST_LOG_MAX_BYTES`] (16 MiB) | oldest dropped |
//! | sign-in sessions | [`DEFAULT_REFRESH_TOKEN_TTL`] (30 days) per refresh | session forgotten |
//!
//! Expired access tokens are forgotten one TTL after they expire and expired sessions at
//! once, as new tokens are issued, so memory stays flat under a soak of sign-ins.
//!
//! # What is emulated, and how
//!
//! * **Codes.** Nothing is e-mailed: `generateCode` and `signUp` keep the last six-digit
//!   code of each (user, event); tests read it with [`Emulator::last_code`], people with
//!   [`EmulatorBuilder::print_codes`] (the binary prints them to stderr). Sign-up
//!   of a provider with `isCheckCode` creates an inactive user and a code for
//!   [`ACTIVATION_EVENT`] (`activate`); inactive users get 403 from `auth`. Any non-empty
//!   event name works for `generateCode` / `checkCode` / `changePassword`; a code is used
//!   up by `activateUser` and `changePassword`, never by `checkCode`.
//! * **OAuth.** There is no OAuth provider behind `oauth`: a provider whose fixture has an
//!   `oauth` entry (`demo-client` / `demo-secret` in the demo) accepts `grant_type`
//!   `authorization_code` and a `code` of the form `demo-code:<e-mail>` of a registered,
//!   active user, and answers fresh tokens. A wrong client or code is a 401, another grant
//!   type a 400.
//! * **Sessions.** The `deviceInfo` of `x-device-metadata` at sign-in and refresh is kept
//!   per session for `getActiveSessionsByMarker`; `logoutAll` ends every session of the
//!   user with that provider.
//! * **Payments.** Custom accounts (cash) answer `paymentUrl: null`; an account with a
//!   checkout URL answers `<checkoutUrl>/<session id>`. Only `stripe` accounts open
//!   `intent` sessions, which carry a `clientSecret` instead of a URL.

mod app;
mod builder;
mod conn;
mod fixture;
mod money;
mod project;
mod record;
mod routes;
mod serve;
mod shop;
mod state;
mod time;
mod tokens;

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use builder::{
    DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_CONNECTIONS, DEFAULT_REFRESH_TOKEN_TTL,
    DEFAULT_REQUEST_LOG_CAPACITY, DEFAULT_REQUEST_LOG_MAX_BYTES, EmulatorBuilder,
};
pub use fixture::{
    AuthProviderFixture, DEMO_FIXTURE_JSON, Fixture, FixtureError, OAuthFixture,
    OrderStatusFixture, OrderStorageFixture, PaymentAccountFixture, PaymentAccountType,
    ProductFixture, UserFixture,
};
pub use project::{DEMO_APP_TOKEN, DEMO_USER_EMAIL, DEMO_USER_PASSWORD};
pub use record::RecordedRequest;
pub use routes::ACTIVATION_EVENT;
pub use shop::{DEMO_SHOP_JSON, ShopFixture};

use project::User;
use state::{AppState, lock};

/// How long [`Emulator::shutdown`] waits for open requests before it aborts the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running emulator. Dropping it stops the server (without waiting for it).
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<AppState>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<io::Result<()>>>,
}

impl Emulator {
    /// Starts the demo project on an ephemeral port of 127.0.0.1.
    pub async fn start() -> io::Result<Emulator> {
        Self::builder().start().await
    }

    /// A builder with the demo project's defaults.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The project URL to give a client: `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The app token every request must send as `x-app-token`.
    pub fn app_token(&self) -> &str {
        &self.state.project.app_token
    }

    /// The last one-time code "sent" to `email` for `event` (any provider), as a test
    /// would read it from an e-mail; `None` when none is valid (never generated, or used up
    /// by `activateUser` / `changePassword`). Sign-up codes use [`ACTIVATION_EVENT`].
    pub fn last_code(&self, email: &str, event: &str) -> Option<String> {
        lock(&self.state.store)
            .last_code(email, event)
            .map(str::to_owned)
    }

    /// E-mail of the first user registered at start (the demo user unless the builder or
    /// the fixture named others).
    pub fn user_email(&self) -> &str {
        self.first_user().map_or("", |user| user.email.as_str())
    }

    /// Password of the first user registered at start, as it was at start.
    pub fn user_password(&self) -> &str {
        self.first_user().map_or("", |user| user.password.as_str())
    }

    /// Marker of the auth provider the users sign in with (`email`).
    pub fn auth_provider_marker(&self) -> &str {
        self.state
            .project
            .providers
            .first()
            .map_or("", |provider| provider.marker.as_str())
    }

    /// The requests received so far, oldest first (at most the log's capacity in requests
    /// and in bytes: see [`EmulatorBuilder::request_log_max_bytes`]).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.state.log.snapshot()
    }

    /// Empties the request log.
    pub fn clear_requests(&self) {
        self.state.log.clear();
    }

    /// Makes every access token issued so far expired, as if its TTL had passed. Refresh
    /// tokens keep working, so a client's automatic refresh can be tested.
    pub fn expire_access_tokens(&self) {
        lock(&self.state.tokens).expire_access_tokens();
    }

    /// How many tokens the emulator holds (access tokens plus sign-in sessions), for tests
    /// that check expired ones are forgotten.
    #[doc(hidden)]
    pub fn live_token_count(&self) -> usize {
        lock(&self.state.tokens).live_count()
    }

    /// Stops accepting connections, lets open requests finish (up to a few seconds), then
    /// returns the server's result.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            // An error means the server already stopped; the join below reports why.
            let _ = stop.send(());
        }
        let Some(server) = self.server.take() else {
            return Ok(());
        };
        let abort = server.abort_handle();
        match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
            Ok(Ok(result)) => result,
            Ok(Err(join)) => Err(io::Error::other(format!("emulator task failed: {join}"))),
            Err(_) => {
                abort.abort();
                Ok(())
            }
        }
    }

    fn first_user(&self) -> Option<&User> {
        self.state.project.users.first()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.base_url())
            .finish_non_exhaustive()
    }
}
