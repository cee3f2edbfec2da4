//! [`ClientBuilder`]: collects configuration and validates all of it once, in `build`.
//!
//! Setters never fail so they chain; everything that can be wrong (URL, header values,
//! the HTTP client) is reported by [`ClientBuilder::build`] as [`Error::Config`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use crate::client::Inner;
use crate::localized::DEFAULT_LANGUAGE;
use crate::request_url::normalize_base;
use crate::session::RefreshHook;
use crate::{Client, DeviceMetadata, Error, Result, Secret, Session};

/// Default per-request timeout.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// Provider marker for automatic refresh until a sign-in records the real one (the SDK's
/// `auth.providerMarker` default).
const DEFAULT_PROVIDER_MARKER: &str = "email";

/// Configures a [`Client`]; start with [`Client::builder`].
#[must_use = "call `.build()` to get a client"]
pub struct ClientBuilder {
    project_url: String,
    app_token: Option<Secret>,
    language: String,
    timeout: Duration,
    http_client: Option<reqwest::Client>,
    device_metadata: Option<DeviceMetadata>,
    provider_marker: String,
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
            timeout: DEFAULT_TIMEOUT,
            http_client: None,
            device_metadata: None,
            provider_marker: DEFAULT_PROVIDER_MARKER.to_owned(),
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

    /// Timeout of each HTTP request, 30 s unless set. Applied per request, so it also holds
    /// with a client given to [`http_client`](Self::http_client).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Uses an existing `reqwest::Client` (proxies, TLS roots, connection pool sharing).
    ///
    /// Start it from [`http_client_builder`](crate::http_client_builder), which follows no
    /// redirect: a client that follows them would carry the app token and request bodies
    /// (passwords, refresh tokens) to wherever the `Location` points. The runtime still
    /// refuses an answer that arrived from another URL ([`Error::Redirect`]), but by then the
    /// request has been sent there.
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
    /// marker it used (`email` unless set). Set it when restoring a session of another provider.
    pub fn provider_marker(mut self, marker: impl Into<String>) -> Self {
        self.provider_marker = marker.into();
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
    /// or device metadata cannot go into an HTTP header or URL, when the timeout is zero, or
    /// when the default HTTP client cannot be created.
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
        if self.provider_marker.trim().is_empty() {
            return Err(config("the provider marker is empty"));
        }
        if self.timeout.is_zero() {
            return Err(config("the timeout must be greater than zero"));
        }

        let device = self
            .device_metadata
            .unwrap_or_else(DeviceMetadata::generate);
        let device_json = serde_json::to_string(&device)
            .map_err(|err| config(format!("device metadata: {err}")))?;
        let device_header = HeaderValue::from_bytes(device_json.as_bytes()).map_err(|_| {
            config("the device metadata contains characters not allowed in an HTTP header")
        })?;

        let http = match self.http_client {
            Some(http) => http,
            None => http_client_builder()
                .build()
                .map_err(|err| config(format!("cannot create the HTTP client: {err}")))?,
        };

        let session = Session::new(
            self.provider_marker,
            self.access_token,
            self.refresh_token,
            self.on_refresh_token,
        );

        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                app_token: self.app_token,
                app_token_header,
                language: self.language,
                timeout: self.timeout,
                http,
                device,
                device_header,
                session,
            }),
        })
    }
}

/// A `reqwest::ClientBuilder` set up as the client's own: it follows no redirect and names
/// this crate in `User-Agent`. Add proxies, root certificates or pool settings, then pass the
/// result to [`ClientBuilder::http_client`]; sharing one HTTP client between several
/// [`Client`]s shares its connection pool.
///
/// Redirects are not followed because no OneEntry endpoint answers with one, and following
/// one would send the `x-app-token` header and the body (a password at sign-in, the refresh
/// token at refresh) to the redirect target. A 3xx answer is [`Error::Redirect`] instead.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .user_agent(concat!("oneentry-rs/", env!("CARGO_PKG_VERSION")))
        .redirect(reqwest::redirect::Policy::none())
}

fn config(message: impl Into<String>) -> Error {
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
            .field("timeout", &self.timeout)
            .field("device_metadata", &self.device_metadata)
            .field("provider_marker", &self.provider_marker)
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
        assert_eq!(client.session().provider_marker(), "email");
        assert!(!client.session().is_signed_in());
        assert!(client.device_metadata().fingerprint.starts_with("UQ_"));
        assert!(client.inner.app_token_header.is_none());
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
        assert_eq!(client.session().provider_marker(), "phone");
        assert_eq!(client.session().refresh_token(), Some(Secret::from("r")));
        assert_eq!(
            client.inner.device_header.to_str().ok(),
            Some(
                r#"{"fingerprint":"UQ_saved","deviceInfo":{"os":"linux","browser":"app/1","location":"de-DE"}}"#
            )
        );
        let header = client.inner.app_token_header.as_ref().expect("header");
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
        assert!(
            Client::builder("https://x.com")
                .timeout(Duration::ZERO)
                .build()
                .is_err()
        );
    }
}
