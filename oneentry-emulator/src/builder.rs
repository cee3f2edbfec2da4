//! [`EmulatorBuilder`]: the project, the users and the server's limits, checked at start.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use crate::app::App;
use crate::fixture::{Fixture, UserFixture};
use crate::state::{AppState, Limits};
use crate::{Emulator, routes, serve, tokens};

/// How many requests the log keeps unless the builder says otherwise.
pub const DEFAULT_REQUEST_LOG_CAPACITY: usize = 1000;

/// How many bytes of requests the log keeps unless the builder says otherwise (16 MiB):
/// with the body limit alone, a thousand large requests would hold about 1 GB.
pub const DEFAULT_REQUEST_LOG_MAX_BYTES: usize = 16 * 1024 * 1024;

/// The largest request body accepted unless the builder says otherwise (1 MiB); larger
/// ones are answered 413 without being buffered. The API's bodies are a few kilobytes.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How long a client may take to send a request head, from its first byte (10 s).
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send a request body once its head arrived (30 s).
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a connection may sit without a request before it is closed (30 s).
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// How many connections are served at once unless the builder says otherwise; further
/// clients wait in the listen queue until one closes.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// How long a refresh token (a sign-in session) is valid unless the builder says otherwise
/// (30 days).
pub const DEFAULT_REFRESH_TOKEN_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// Configures an [`Emulator`] before it starts; see [`Emulator::builder`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    addr: SocketAddr,
    fixture: Option<Fixture>,
    app_token: Option<String>,
    users: Vec<(String, String)>,
    access_token_ttl: Duration,
    refresh_token_ttl: Duration,
    request_log_capacity: usize,
    print_codes: bool,
    limits: Limits,
    /// Ids of endpoints left unimplemented.
    disabled: Vec<String>,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            fixture: None,
            app_token: None,
            users: Vec::new(),
            access_token_ttl: tokens::DEFAULT_ACCESS_TOKEN_TTL,
            refresh_token_ttl: DEFAULT_REFRESH_TOKEN_TTL,
            request_log_capacity: DEFAULT_REQUEST_LOG_CAPACITY,
            print_codes: false,
            limits: Limits {
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
                request_log_max_bytes: DEFAULT_REQUEST_LOG_MAX_BYTES,
                header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
                body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
                idle_timeout: DEFAULT_IDLE_TIMEOUT,
                max_connections: DEFAULT_MAX_CONNECTIONS,
            },
            disabled: Vec::new(),
        }
    }
}

impl EmulatorBuilder {
    /// The project to serve (default: the demo project, [`DEMO_FIXTURE_JSON`]). The other
    /// builder settings ([`app_token`](Self::app_token), [`user`](Self::user)) override it.
    ///
    /// [`DEMO_FIXTURE_JSON`]: crate::DEMO_FIXTURE_JSON
    pub fn fixture(mut self, fixture: Fixture) -> Self {
        self.fixture = Some(fixture);
        self
    }

    /// The app token clients must send (default: the fixture's, [`DEMO_APP_TOKEN`] for the
    /// demo).
    ///
    /// [`DEMO_APP_TOKEN`]: crate::DEMO_APP_TOKEN
    pub fn app_token(mut self, token: impl Into<String>) -> Self {
        self.app_token = Some(token.into());
        self
    }

    /// Registers an active user of the fixture's first auth provider (`email` in the
    /// demo). Without any call the fixture's users are registered (the demo user
    /// [`DEMO_USER_EMAIL`] / [`DEMO_USER_PASSWORD`]); with calls, exactly the named users
    /// are, and the first one is reported by [`Emulator::user_email`].
    ///
    /// [`DEMO_USER_EMAIL`]: crate::DEMO_USER_EMAIL
    /// [`DEMO_USER_PASSWORD`]: crate::DEMO_USER_PASSWORD
    pub fn user(mut self, email: impl Into<String>, password: impl Into<String>) -> Self {
        self.users.push((email.into(), password.into()));
        self
    }

    /// How long access tokens stay valid (default 15 minutes). An expired access token is
    /// still recognised (401 "has expired") for one more TTL, then forgotten (401 "invalid").
    pub fn access_token_ttl(mut self, ttl: Duration) -> Self {
        self.access_token_ttl = ttl;
        self
    }

    /// How long a refresh token, and with it the sign-in session, stays valid (default
    /// [`DEFAULT_REFRESH_TOKEN_TTL`]). Each refresh starts a new period. Expired sessions are
    /// forgotten, so memory stays flat however many sign-ins a soak test makes.
    pub fn refresh_token_ttl(mut self, ttl: Duration) -> Self {
        self.refresh_token_ttl = ttl;
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

    /// How many bytes of requests [`Emulator::requests`] keeps, counted by
    /// [`RecordedRequest::size_bytes`] (default [`DEFAULT_REQUEST_LOG_MAX_BYTES`]); older
    /// requests are dropped first. The newest request is always kept, so a single request
    /// larger than this still shows in the log.
    ///
    /// [`RecordedRequest::size_bytes`]: crate::RecordedRequest::size_bytes
    pub fn request_log_max_bytes(mut self, max_bytes: usize) -> Self {
        self.limits.request_log_max_bytes = max_bytes;
        self
    }

    /// The largest request body accepted (default [`DEFAULT_MAX_BODY_BYTES`]). A larger
    /// body, announced by `Content-Length` or found while reading, is answered with a
    /// OneEntry 413 and is not buffered.
    pub fn max_body_bytes(mut self, max_bytes: usize) -> Self {
        self.limits.max_body_bytes = max_bytes;
        self
    }

    /// How long a client may take to send a request head, from its first byte (default
    /// [`DEFAULT_HEADER_READ_TIMEOUT`]). A client that stalls or trickles its head is
    /// answered 408 and disconnected, so it cannot hold a connection slot for ever.
    pub fn header_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.header_read_timeout = timeout;
        self
    }

    /// How long a client may take to send a request body once the head arrived (default
    /// [`DEFAULT_BODY_READ_TIMEOUT`]); a slower body is answered with a OneEntry 408.
    pub fn body_read_timeout(mut self, timeout: Duration) -> Self {
        self.limits.body_read_timeout = timeout;
        self
    }

    /// How long a connection may stay open without a request, after it was accepted or
    /// after its last answer (default [`DEFAULT_IDLE_TIMEOUT`]); then the server closes it.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = timeout;
        self
    }

    /// How many connections are served at once (default [`DEFAULT_MAX_CONNECTIONS`], at
    /// least 1). Further clients wait in the listen queue until a connection closes.
    pub fn max_connections(mut self, max: usize) -> Self {
        self.limits.max_connections = max.clamp(1, Semaphore::MAX_PERMITS);
        self
    }

    /// Also writes every one-time code to standard error as it is generated (default
    /// off). Tests read codes with [`Emulator::last_code`]; this is for people driving a
    /// running emulator by hand, who have no other mailbox.
    pub fn print_codes(mut self, print: bool) -> Self {
        self.print_codes = print;
        self
    }

    /// Leaves the endpoint with this id (`Payments.getAccounts`, as in the spec) without a
    /// handler, as a project whose API lacks it: it answers a OneEntry `501` that names it,
    /// like any endpoint of the spec the emulator does not implement. For testing how a
    /// client copes with an endpoint its server does not have.
    pub fn disable_endpoint(mut self, id: impl Into<String>) -> Self {
        self.disabled.push(id.into());
        self
    }

    /// Binds the address and starts serving on the current tokio runtime.
    ///
    /// Fails with [`io::ErrorKind::InvalidInput`] for a non-loopback address, an empty app
    /// token, an empty e-mail or an invalid fixture (the message is the
    /// [`FixtureError`](crate::FixtureError)), and with the bind error when the port is taken.
    pub async fn start(self) -> io::Result<Emulator> {
        if !self.addr.ip().is_loopback() {
            return Err(invalid(format!(
                "refusing to listen on {}: the emulator binds only to loopback addresses \
                 (127.0.0.1, ::1) because it has no real security",
                self.addr
            )));
        }
        let mut fixture = match self.fixture {
            Some(fixture) => fixture,
            None => Fixture::demo().map_err(|err| invalid(format!("demo fixture: {err}")))?,
        };
        if let Some(token) = self.app_token {
            fixture.app_token = token;
        }
        if fixture.app_token.is_empty() {
            return Err(invalid("the app token must not be empty".to_owned()));
        }
        if self.users.iter().any(|(email, _)| email.is_empty()) {
            return Err(invalid("a user's e-mail must not be empty".to_owned()));
        }
        if !self.users.is_empty() {
            let provider = fixture
                .auth_providers
                .first()
                .map(|provider| provider.marker.clone());
            fixture.users = self
                .users
                .into_iter()
                .map(|(email, password)| UserFixture {
                    provider: provider.clone(),
                    email,
                    password,
                    active: true,
                })
                .collect();
        }
        let project = fixture
            .to_project()
            .map_err(|err| invalid(err.to_string()))?;
        let mut state = AppState::new(
            project,
            self.access_token_ttl,
            self.refresh_token_ttl,
            self.request_log_capacity,
            self.limits,
        );
        state.print_codes = self.print_codes;
        let state = Arc::new(state);

        let listener = tokio::net::TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let app = Arc::new(App::new(
            state.clone(),
            routes::router(&state, &self.disabled),
        ));
        let (stop, stopped) = oneshot::channel::<()>();
        // A dropped sender (the emulator was dropped) also stops the server.
        let server = tokio::spawn(serve::serve(listener, app, self.limits, stopped));
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
