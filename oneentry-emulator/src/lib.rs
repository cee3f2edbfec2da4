//! A local, in-memory server that speaks the OneEntry HTTP API, for offline tests and
//! examples.
//!
//! It serves the routes of the scenario in `SCENARIO.md` (sign-in, token refresh and
//! sign-out, orders, payment sessions) with the wire shapes of `WIRE.md`. Requests are
//! decoded and answers encoded with the models that `oneentry_client::api` generates from
//! the same spec as the client, so the two cannot disagree on a shape.
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

mod error;
mod extract;
mod money;
mod project;
mod record;
mod respond;
mod routes;
mod state;
mod time;
mod tokens;

use std::fmt;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use project::{DEMO_APP_TOKEN, DEMO_USER_EMAIL, DEMO_USER_PASSWORD};
pub use record::RecordedRequest;

use project::{Project, User};
use state::{AppState, lock};

/// How many requests the log keeps unless the builder says otherwise.
pub const DEFAULT_REQUEST_LOG_CAPACITY: usize = 1000;

/// How long [`Emulator::shutdown`] waits for open requests before it aborts the server.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running emulator. Dropping it stops the server (without waiting for it).
pub struct Emulator {
    addr: SocketAddr,
    state: Arc<AppState>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<io::Result<()>>>,
}

/// Configures an [`Emulator`] before it starts; see [`Emulator::builder`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    addr: SocketAddr,
    app_token: String,
    users: Vec<(String, String)>,
    access_token_ttl: Duration,
    request_log_capacity: usize,
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

    /// E-mail of the first registered user (the demo user unless the builder named users).
    pub fn user_email(&self) -> &str {
        self.first_user().map_or("", |user| user.email.as_str())
    }

    /// Password of the first registered user.
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

    /// The requests received so far (at most the log's capacity, oldest first).
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
        self.state
            .project
            .providers
            .first()
            .and_then(|provider| provider.users.first())
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

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            app_token: DEMO_APP_TOKEN.to_owned(),
            users: Vec::new(),
            access_token_ttl: tokens::DEFAULT_ACCESS_TOKEN_TTL,
            request_log_capacity: DEFAULT_REQUEST_LOG_CAPACITY,
        }
    }
}

impl EmulatorBuilder {
    /// The app token clients must send (default [`DEMO_APP_TOKEN`]).
    pub fn app_token(mut self, token: impl Into<String>) -> Self {
        self.app_token = token.into();
        self
    }

    /// Registers a user of the `email` provider. Without any call the demo user
    /// ([`DEMO_USER_EMAIL`] / [`DEMO_USER_PASSWORD`]) is registered; with calls, exactly
    /// the named users are, and the first one is reported by [`Emulator::user_email`].
    pub fn user(mut self, email: impl Into<String>, password: impl Into<String>) -> Self {
        self.users.push((email.into(), password.into()));
        self
    }

    /// How long access tokens stay valid (default 15 minutes).
    pub fn access_token_ttl(mut self, ttl: Duration) -> Self {
        self.access_token_ttl = ttl;
        self
    }

    /// The address to listen on (default `127.0.0.1:0`, an ephemeral port). Only loopback
    /// addresses are accepted.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// How many requests [`Emulator::requests`] keeps (default
    /// [`DEFAULT_REQUEST_LOG_CAPACITY`]); older ones are dropped first. 0 disables the log.
    pub fn request_log_capacity(mut self, capacity: usize) -> Self {
        self.request_log_capacity = capacity;
        self
    }

    /// Binds the address and starts serving on the current tokio runtime.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] for a non-loopback address, an empty app
    /// token or an empty e-mail, and with the bind error when the port is taken.
    pub async fn start(self) -> io::Result<Emulator> {
        if !self.addr.ip().is_loopback() {
            return Err(invalid(format!(
                "refusing to listen on {}: the emulator binds only to loopback addresses \
                 (127.0.0.1, ::1) because it has no real security",
                self.addr
            )));
        }
        if self.app_token.is_empty() {
            return Err(invalid("the app token must not be empty".to_owned()));
        }
        if self.users.iter().any(|(email, _)| email.is_empty()) {
            return Err(invalid("a user's e-mail must not be empty".to_owned()));
        }
        let users = if self.users.is_empty() {
            vec![(DEMO_USER_EMAIL.to_owned(), DEMO_USER_PASSWORD.to_owned())]
        } else {
            self.users
        };
        let users = users
            .into_iter()
            .map(|(email, password)| User { email, password })
            .collect();
        let project = Project::demo(self.app_token, users);
        let state = Arc::new(AppState::new(
            project,
            self.access_token_ttl,
            self.request_log_capacity,
        ));

        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let app = routes::router(state.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    // A dropped sender (the emulator was dropped) also stops the server.
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(%addr, "OneEntry emulator listening");
        Ok(Emulator {
            addr,
            state,
            stop: Some(stop),
            server: Some(server),
        })
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}
