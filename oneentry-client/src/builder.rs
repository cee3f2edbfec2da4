//! [`ClientBuilder`]: collects configuration and validates all of it once, in `build`.
//!
//! Setters never fail so they chain; everything that can be wrong (URL, header values,
//! the HTTP client) is reported by [`ClientBuilder::build`] as [`Error::Config`].

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::call::CallConfig;
use crate::client::{Inner, Shared};
use crate::endpoint::Protocol;
use crate::localized::DEFAULT_LANGUAGE;
use crate::request_url::normalize_base;
use crate::retry::RetryBudget;
use crate::session::RefreshHook;
use crate::{Client, DeviceMetadata, Error, Result, RetryPolicy, Secret, Session};

/// Default limit of response bodies: far above any page of the API, far below what would
/// hurt a small server.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 32 * 1024 * 1024;

/// Default connect timeout of the HTTP client built by the builder.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Default idle time after which a pooled connection is not reused. Shorter than the
/// keep-alive timeout of common servers (Node.js closes idle connections after 5 s), so the
/// client does not send a request on a connection the server is closing at that moment:
/// such a request fails with an unknown outcome and cannot be retried safely if it is a POST.
const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(4);

/// Configures a [`Client`]; start with [`Client::builder`].
#[must_use = "call `.build()` to get a client"]
pub struct ClientBuilder {
    project_url: String,
    app_token: Option<Secret>,
    language: String,
    call: CallConfig,
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
    max_body_size: u64,
    retry_budget: u32,
    http_client: Option<reqwest::Client>,
    device_metadata: Option<DeviceMetadata>,
    provider_marker: Option<String>,
    session_protocol: Option<&'static Protocol>,
    access_token: Option<Secret>,
    refresh_token: Option<Secret>,
    on_refresh_token: Option<RefreshHook>,
}

impl ClientBuilder {
    pub(crate) fn new(project_url: String) -> Self {
        Self {
            project_url,
            app_token: None,
            language: DEFAULT_LANGUAGE.to_owned(),
            call: CallConfig::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            retry_budget: RetryBudget::DEFAULT_CAPACITY,
            http_client: None,
            device_metadata: None,
            provider_marker: None,
            session_protocol: None,
            access_token: None,
            refresh_token: None,
            on_refresh_token: None,
        }
    }

    /// The project's app token, sent as `x-app-token` on every request. Without one the
    /// header is left out (the official SDK sends the literal `undefined`).
    pub fn app_token(mut self, token: impl Into<Secret>) -> Self {
        self.app_token = Some(token.into());
        self
    }

    /// Default language of the client (`en_US` unless set): the default `langCode` of calls
    /// and the key `localized` fields are sent under.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = language.into();
        self
    }

    /// Timeout of each HTTP attempt, from sending the request to the last byte of the body
    /// (a body that trickles in counts), 30 s unless set. Applied by this crate, so it also
    /// holds with a client given to [`http_client`](Self::http_client). An attempt that times
    /// out is retried only when that is safe (see [`RetryPolicy`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call.attempt_timeout = timeout;
        self
    }

    /// The longest a call may take in total, 60 s unless set: a token refresh before it,
    /// waiting for another task's refresh, every attempt, the backoff between attempts, the
    /// refresh after a 401 and the resend. When it passes, the call ends with
    /// [`Error::Timeout`] at once. Override it per call with
    /// [`Client::with_call_options`](crate::Client::with_call_options).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.call.deadline = deadline;
        self
    }

    /// Timeout of establishing a connection (TCP and TLS), 10 s unless set. A connection
    /// that cannot be made is retried for every endpoint, since nothing was sent. Applies
    /// only to the HTTP client the builder creates; a client given to
    /// [`http_client`](Self::http_client) keeps its own settings.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long an idle pooled connection may be reused, 4 s unless set. Keep it below the
    /// server's keep-alive timeout: a request sent on a connection the server is closing
    /// fails with an unknown outcome. Applies only to the HTTP client the builder creates.
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// How calls retry failed attempts ([`RetryPolicy::new`] unless set;
    /// [`RetryPolicy::none`] turns retries off). Override it per call with
    /// [`Client::with_call_options`](crate::Client::with_call_options).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.call.retry = policy;
        self
    }

    /// Size of the client's retry budget, 500 tokens unless set: a retry takes 5 tokens
    /// (10 after a timeout), a call that succeeds at once returns 1, a call that succeeds
    /// after retries returns what they took. When the budget is spent, failed calls are not
    /// retried until enough calls have succeeded again, so a failing server is not hammered.
    /// `0` turns retries off for the whole client.
    pub fn retry_budget(mut self, tokens: u32) -> Self {
        self.retry_budget = tokens;
        self
    }

    /// Largest response body the client reads, in bytes; 32 MiB unless set. A longer body
    /// fails the call with [`Error::BodyTooLarge`] without being read further (not at all
    /// when its `Content-Length` shows it). Error bodies are read only up to 64 KiB.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Uses an existing `reqwest::Client` (proxies, TLS roots, connection pool sharing).
    ///
    /// Start it from [`http_client_builder`](crate::http_client_builder), which follows no
    /// redirect: a client that follows them would carry the app token and request bodies
    /// (passwords, refresh tokens) to wherever the `Location` points. The runtime still
    /// refuses an answer that arrived from another URL ([`Error::Redirect`]), but by then the
    /// request has been sent there. The client's own connect timeout and pool settings apply
    /// instead of the builder's `connect_timeout` and `pool_idle_timeout`; the per-attempt
    /// timeout, the deadline, retries and the body limit apply to it as to the built one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The device identity to send as `x-device-metadata`; by default one is generated with
    /// [`DeviceMetadata::generate`]. Pass the saved one when restoring a saved refresh token,
    /// which the server reportedly binds to the device fingerprint.
    pub fn device_metadata(mut self, metadata: DeviceMetadata) -> Self {
        self.device_metadata = Some(metadata);
        self
    }

    /// Auth provider marker used by automatic token refresh until a sign-in records the
    /// marker it used; unless set, the default the spec declares for its refresh endpoint
    /// (`email` for OneEntry). Set it when restoring a session of another provider.
    pub fn provider_marker(mut self, marker: impl Into<String>) -> Self {
        self.provider_marker = Some(marker.into());
        self
    }

    /// How a restored session refreshes before any sign-in or refresh of this client said
    /// so: needed only when its first calls go to endpoints of a spec that declares no
    /// refresh of its own (a crate's own modules of the project), e.g.
    /// `.session_protocol(&oneentry_client::api::SESSION_PROTOCOL)`. Otherwise a call
    /// refreshes through the protocol of the API that signed the user in, else through its
    /// own endpoint's.
    pub fn session_protocol(mut self, protocol: &'static Protocol) -> Self {
        self.session_protocol = Some(protocol);
        self
    }

    /// Restores a saved session. A refresh token alone is enough: the first user call
    /// refreshes before it is sent.
    pub fn session_tokens(mut self, access: Option<Secret>, refresh: Option<Secret>) -> Self {
        self.access_token = access;
        self.refresh_token = refresh;
        self
    }

    /// Called whenever the refresh token changes: with `Some` after sign-in and after every
    /// refresh (explicit or automatic), with `None` when the session is cleared. Use it to
    /// persist the token.
    ///
    /// Calls come one at a time, in the order of the changes they report, so the last call
    /// always carries the session's current token and an app that saves whatever it heard
    /// last never saves a stale one. It runs synchronously on the task that made the change,
    /// while other changes of this session wait; keep it short. It may read the session and
    /// may change it (a change from inside the hook is reported by a nested call).
    pub fn on_refresh_token<F>(mut self, hook: F) -> Self
    where
        F: Fn(Option<&Secret>) + Send + Sync + 'static,
    {
        self.on_refresh_token = Some(Arc::new(hook));
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// Fails with [`Error::Config`] when the URL is not an `http`/`https` URL with a host (or
    /// has credentials, a query or a fragment), when the app token, language, provider marker
    /// or device metadata cannot go into an HTTP header or URL, when a timeout, the deadline
    /// or the body limit is zero, or when the default HTTP client cannot be created.
    ///
    /// Without a client from [`http_client`](Self::http_client) and with the default connect
    /// and pool-idle timeouts, every client of the process uses one HTTP client, created by
    /// the first build: loading the system's root certificates takes milliseconds, and one
    /// connection pool serves all. For another user of the same project,
    /// [`Client::for_user`] is cheaper still.
    pub fn build(self) -> Result<Client> {
        let base_url = normalize_base(&self.project_url).map_err(config)?;

        let app_token_header = match &self.app_token {
            None => None,
            Some(token) if token.is_empty() => return Err(config("the app token is empty")),
            Some(token) => {
                // The error text is ours: the token itself must not reach the message.
                let mut value = HeaderValue::from_str(token.expose()).map_err(|_| {
                    config("the app token contains characters not allowed in an HTTP header")
                })?;
                value.set_sensitive(true);
                Some(value)
            }
        };

        if self.language.trim().is_empty() {
            return Err(config("the language is empty"));
        }
        if self
            .provider_marker
            .as_deref()
            .is_some_and(|marker| marker.trim().is_empty())
        {
            return Err(config("the provider marker is empty"));
        }
        if self.call.attempt_timeout.is_zero() {
            return Err(config("the timeout must be greater than zero"));
        }
        if self.call.deadline.is_zero() {
            return Err(config("the deadline must be greater than zero"));
        }
        if self.connect_timeout.is_zero() {
            return Err(config("the connect timeout must be greater than zero"));
        }
        if self.max_body_size == 0 {
            return Err(config("the body size limit must be greater than zero"));
        }

        let http = match self.http_client {
            Some(http) => http,
            None if self.connect_timeout == DEFAULT_CONNECT_TIMEOUT
                && self.pool_idle_timeout == DEFAULT_POOL_IDLE_TIMEOUT =>
            {
                default_http_client()?
            }
            None => build_http(
                base_http_builder()
                    .connect_timeout(self.connect_timeout)
                    .pool_idle_timeout(self.pool_idle_timeout),
            )?,
        };
        let base = reqwest::Url::parse(&base_url)
            .map_err(|err| config(format!("base URL `{base_url}`: {err}")))?;
        let provider_marker: Option<Arc<str>> = self.provider_marker.map(Arc::from);
        let shared = Arc::new(Shared {
            base_url,
            base,
            app_token: self.app_token,
            app_token_header,
            language: self.language,
            provider_marker: provider_marker.clone(),
            session_protocol: self.session_protocol,
            http,
            max_body_size: self.max_body_size,
            retry_budget: RetryBudget::new(self.retry_budget),
        });
        let session = Session::new(
            provider_marker,
            self.session_protocol,
            self.access_token,
            self.refresh_token,
            self.on_refresh_token,
        );
        let device = self
            .device_metadata
            .unwrap_or_else(DeviceMetadata::generate);
        Ok(Client {
            inner: Arc::new(Inner::new(shared, device, session)?),
            call: self.call,
        })
    }
}

/// The HTTP client of every [`Client`] built with the default connection settings and no
/// client of its own: one per process, so its connection pool and its TLS configuration
/// (the system's root certificates, loaded and parsed once: milliseconds of CPU) are shared
/// instead of being created again for every client.
///
/// Its connections are driven by tasks of the tokio runtime that opened them. An app that
/// runs several runtimes and drops some of them while others still make calls should give
/// each runtime its own client through [`ClientBuilder::http_client`].
static DEFAULT_HTTP_CLIENT: OnceLock<reqwest::Client> = OnceLock::new();

fn default_http_client() -> Result<reqwest::Client> {
    if let Some(http) = DEFAULT_HTTP_CLIENT.get() {
        return Ok(http.clone());
    }
    let http = build_http(base_http_builder())?;
    // Two threads may race to build it; the first one stored is the one everybody uses.
    Ok(DEFAULT_HTTP_CLIENT.get_or_init(|| http).clone())
}

/// A `reqwest::ClientBuilder` set up as the client's own: it follows no redirect and names
/// this crate in `User-Agent`. Add proxies, root certificates or pool settings, then pass the
/// result to [`ClientBuilder::http_client`]; sharing one HTTP client between several
/// [`Client`]s shares its connection pool.
///
/// Redirects are not followed because no OneEntry endpoint answers with one, and following
/// one would send the `x-app-token` header and the body (a password at sign-in, the refresh
/// token at refresh) to the redirect target. A 3xx answer is [`Error::Redirect`] instead.
///
/// It also has the builder's default connect timeout (10 s) and pool idle timeout (4 s, below
/// common servers' keep-alive timeouts; see [`ClientBuilder::pool_idle_timeout`]).
///
/// With the `rustls` feature (the default), reqwest takes its TLS crypto from rustls's
/// process-wide default provider: if none is installed yet, this installs ring's (the one the
/// clients built without this function use, without installing anything). To use another,
/// install it before calling this.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    crate::tls::ensure_default_provider();
    base_http_builder()
}

/// The crate's HTTP client, TLS configured.
fn build_http(builder: reqwest::ClientBuilder) -> Result<reqwest::Client> {
    crate::tls::configured(builder)
        .map_err(|err| config(format!("cannot set up TLS: {err}")))?
        .build()
        .map_err(|err| config(format!("cannot create the HTTP client: {err}")))
}

/// [`http_client_builder`] without its TLS provider.
fn base_http_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .user_agent(concat!("oneentry-rs/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
        .pool_idle_timeout(DEFAULT_POOL_IDLE_TIMEOUT)
}

pub(crate) fn config(message: impl Into<String>) -> Error {
    Error::Config {
        message: message.into(),
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("project_url", &self.project_url)
            .field("app_token", &self.app_token)
            .field("language", &self.language)
            .field("call", &self.call)
            .field("connect_timeout", &self.connect_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("retry_budget", &self.retry_budget)
            .field("device_metadata", &self.device_metadata)
            .field("provider_marker", &self.provider_marker)
            .field(
                "session_protocol",
                &self.session_protocol.map(|p| p.refresh.id),
            )
            .field("access_token", &self.access_token)
            .field("refresh_token", &self.refresh_token)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let client = Client::builder("https://x.com/sub/")
            .build()
            .expect("client");
        assert_eq!(client.base_url(), "https://x.com/sub");
        assert_eq!(client.language(), "en_US");
        assert_eq!(client.timeout(), Duration::from_secs(30));
        assert_eq!(client.deadline(), Duration::from_secs(60));
        assert_eq!(client.retry_policy(), RetryPolicy::new());
        assert_eq!(client.max_body_size(), 32 * 1024 * 1024);
        assert_eq!(client.session().provider_marker(), None);
        assert!(!client.session().is_signed_in());
        assert!(client.device_metadata().fingerprint.starts_with("UQ_"));
        assert!(client.inner.shared.app_token_header.is_none());
    }

    #[test]
    fn settings_are_kept() {
        let meta = DeviceMetadata {
            fingerprint: "UQ_saved".into(),
            os: "linux".into(),
            browser: "app/1".into(),
            location: "de-DE".into(),
        };
        let client = Client::builder("http://127.0.0.1:9000")
            .app_token("tok")
            .language("de_DE")
            .timeout(Duration::from_secs(5))
            .device_metadata(meta.clone())
            .provider_marker("phone")
            .session_tokens(None, Some("r".into()))
            .build()
            .expect("client");
        assert_eq!(client.language(), "de_DE");
        assert_eq!(client.device_metadata(), &meta);
        assert_eq!(client.session().provider_marker().as_deref(), Some("phone"));
        assert_eq!(client.session().refresh_token(), Some(Secret::from("r")));
        assert_eq!(
            client
                .inner
                .post_headers
                .get("x-device-metadata")
                .and_then(|value| value.to_str().ok()),
            Some(
                r#"{"fingerprint":"UQ_saved","deviceInfo":{"os":"linux","browser":"app/1","location":"de-DE"}}"#
            )
        );
        let header = client
            .inner
            .shared
            .app_token_header
            .as_ref()
            .expect("header");
        assert!(header.is_sensitive());
    }

    #[test]
    fn invalid_configuration_is_reported_without_secrets() {
        let err = Client::builder("https://x.com")
            .app_token("bad\ntoken-xyz")
            .build()
            .expect_err("newline in token");
        assert!(matches!(err, Error::Config { .. }));
        assert!(!err.to_string().contains("token-xyz"), "{err}");

        for url in ["not a url", "ftp://x.com", "https://"] {
            let err = Client::builder(url).build().expect_err(url);
            assert!(
                err.to_string()
                    .starts_with("invalid client configuration: "),
                "{err}"
            );
        }
        assert!(
            Client::builder("https://x.com")
                .app_token("")
                .build()
                .is_err()
        );
        assert!(
            Client::builder("https://x.com")
                .language("")
                .build()
                .is_err()
        );
        let zero: [fn(ClientBuilder) -> ClientBuilder; 4] = [
            |b| b.timeout(Duration::ZERO),
            |b| b.deadline(Duration::ZERO),
            |b| b.connect_timeout(Duration::ZERO),
            |b| b.max_body_size(0),
        ];
        for set in zero {
            let err = set(Client::builder("https://x.com"))
                .build()
                .expect_err("zero limit");
            assert!(err.to_string().contains("greater than zero"), "{err}");
        }
    }
}
