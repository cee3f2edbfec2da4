//! [`Client::for_user`]: a client for another user that shares everything but the session.
//!
//! Building a [`Client`] from scratch creates (or looks up) an HTTP client, parses the URL
//! and validates every setting; a server that acts for many users would pay that per user
//! and, with its own HTTP clients, keep a connection pool per user. A client made here
//! reuses the project's validated configuration, HTTP client and retry budget behind one
//! `Arc`, so it costs a session, a device identity and two small header maps.
//!
//! What is *not* shared, and why:
//!
//! * the [`Session`]: tokens are one user's; a sign-in or a clear through one user's client
//!   never touches another's;
//! * the [`DeviceMetadata`]: the server binds a refresh token to the fingerprint it was
//!   issued with, so each user keeps a device identity of their own (generated unless one
//!   is given), persisted next to their refresh token; one fingerprint for all users would
//!   make them all look like one device to the server;
//! * the `on_refresh_token` hook: it hears a token without saying whose, so it is set per
//!   user.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use crate::builder::config;
use crate::client::{Inner, Shared};
use crate::session::RefreshHook;
use crate::{Client, DeviceMetadata, Result, Secret, Session};

const X_APP_TOKEN: HeaderName = HeaderName::from_static("x-app-token");
const X_DEVICE_METADATA: HeaderName = HeaderName::from_static("x-device-metadata");

impl Client {
    /// Starts a client for another user of the same project: same configuration, HTTP
    /// client (connection pool, TLS), retry budget and call settings as this handle, but its
    /// own empty [`Session`] and its own device identity. Costs microseconds, so make one per
    /// user (or per request of a user) instead of building a new client.
    ///
    /// ```no_run
    /// # async fn demo(app: &oneentry_client::Client) -> oneentry_client::Result<()> {
    /// use oneentry_client::api::{AuthData, AuthRequest};
    ///
    /// let alice = app.for_user().build()?;
    /// let credentials = AuthRequest::new(vec![
    ///     AuthData::new("email_reg", "alice@example.com"),
    ///     AuthData::new("password_reg", "secret"),
    /// ]);
    /// alice.auth_provider().auth("email", credentials).await?;
    /// // `app` is still signed out; `alice` is signed in.
    /// # Ok(())
    /// # }
    /// ```
    pub fn for_user(&self) -> UserBuilder {
        UserBuilder {
            base: self.clone(),
            device_metadata: None,
            provider_marker: None,
            access_token: None,
            refresh_token: None,
            on_refresh_token: None,
        }
    }
}

/// Configures the per-user part of a client made with [`Client::for_user`].
#[must_use = "call `.build()` to get the user's client"]
pub struct UserBuilder {
    base: Client,
    device_metadata: Option<DeviceMetadata>,
    provider_marker: Option<String>,
    access_token: Option<Secret>,
    refresh_token: Option<Secret>,
    on_refresh_token: Option<RefreshHook>,
}

impl UserBuilder {
    /// The user's device identity; by default a new one is generated. Pass the one saved
    /// with the user's refresh token, which the server binds to it.
    pub fn device_metadata(mut self, metadata: DeviceMetadata) -> Self {
        self.device_metadata = Some(metadata);
        self
    }

    /// Provider marker for automatic refresh until a sign-in records one; by default the
    /// one the project's client was built with.
    pub fn provider_marker(mut self, marker: impl Into<String>) -> Self {
        self.provider_marker = Some(marker.into());
        self
    }

    /// Restores the user's saved session (with [`device_metadata`](Self::device_metadata)).
    /// A refresh token alone is enough: the first user call refreshes before it is sent.
    pub fn session_tokens(mut self, access: Option<Secret>, refresh: Option<Secret>) -> Self {
        self.access_token = access;
        self.refresh_token = refresh;
        self
    }

    /// Called whenever this user's refresh token changes; see
    /// [`ClientBuilder::on_refresh_token`](crate::ClientBuilder::on_refresh_token).
    pub fn on_refresh_token<F>(mut self, hook: F) -> Self
    where
        F: Fn(Option<&Secret>) + Send + Sync + 'static,
    {
        self.on_refresh_token = Some(Arc::new(hook));
        self
    }

    /// Builds the user's client. Fails with [`Error::Config`](crate::Error::Config) when the provider marker is
    /// empty or the device metadata cannot go into an HTTP header.
    pub fn build(self) -> Result<Client> {
        let shared = Arc::clone(&self.base.inner.shared);
        let marker = match self.provider_marker {
            None => shared.provider_marker.clone(),
            Some(marker) if marker.trim().is_empty() => {
                return Err(config("the provider marker is empty"));
            }
            Some(marker) => Some(Arc::from(marker)),
        };
        let session = Session::new(
            marker,
            shared.session_protocol,
            self.access_token,
            self.refresh_token,
            self.on_refresh_token,
        );
        let device = self
            .device_metadata
            .unwrap_or_else(DeviceMetadata::generate);
        Ok(Client {
            inner: Arc::new(Inner::new(shared, device, session)?),
            call: self.base.call,
        })
    }
}

impl Inner {
    /// One user's part of a client, with the header maps every request starts from.
    pub(crate) fn new(
        shared: Arc<Shared>,
        device: DeviceMetadata,
        session: Session,
    ) -> Result<Self> {
        let device_json = serde_json::to_string(&device)
            .map_err(|err| config(format!("device metadata: {err}")))?;
        let device_header = HeaderValue::from_bytes(device_json.as_bytes()).map_err(|_| {
            config("the device metadata contains characters not allowed in an HTTP header")
        })?;
        // Insertion order is the order on the wire, as in the official SDK (docs/wire.md).
        let mut headers = HeaderMap::with_capacity(4);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(token) = &shared.app_token_header {
            headers.insert(X_APP_TOKEN, token.clone());
        }
        let mut post_headers = headers.clone();
        post_headers.insert(X_DEVICE_METADATA, device_header);
        Ok(Self {
            shared,
            device,
            headers,
            post_headers,
            session,
        })
    }
}

impl fmt::Debug for UserBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserBuilder")
            .field("base_url", &self.base.inner.shared.base_url)
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
    use crate::Error;

    #[test]
    fn a_user_client_shares_the_project_but_not_the_session_or_device() {
        let app = Client::builder("https://x.com/sub")
            .app_token("tok")
            .language("de_DE")
            .provider_marker("phone")
            .build()
            .expect("client");
        let user = app.for_user().build().expect("user");
        assert!(Arc::ptr_eq(&app.inner.shared, &user.inner.shared));
        assert_eq!(user.language(), "de_DE");
        assert_eq!(user.base_url(), "https://x.com/sub");
        assert_eq!(user.session().provider_marker().as_deref(), Some("phone"));
        assert_ne!(
            app.device_metadata().fingerprint,
            user.device_metadata().fingerprint
        );

        user.session()
            .set_tokens(Some("a".into()), Some("r".into()));
        assert!(!app.session().is_signed_in());
        app.session().set_tokens(Some("b".into()), None);
        app.session().clear();
        assert_eq!(user.session().access_token(), Some(Secret::from("a")));
    }

    #[test]
    fn a_saved_user_session_is_restored_with_its_device() {
        let app = Client::builder("https://x.com").build().expect("client");
        let meta = DeviceMetadata {
            fingerprint: "UQ_saved".into(),
            os: "linux".into(),
            browser: "app/1".into(),
            location: "de-DE".into(),
        };
        let user = app
            .for_user()
            .device_metadata(meta.clone())
            .provider_marker("phone")
            .session_tokens(None, Some("r".into()))
            .build()
            .expect("user");
        assert_eq!(user.device_metadata(), &meta);
        assert_eq!(user.session().refresh_token(), Some(Secret::from("r")));
        assert_eq!(user.session().provider_marker().as_deref(), Some("phone"));
        let debug = format!(
            "{:?}",
            app.for_user().session_tokens(None, Some("r-9".into()))
        );
        assert!(!debug.contains("r-9"), "{debug}");

        let err = app
            .for_user()
            .provider_marker(" ")
            .build()
            .expect_err("empty marker");
        assert!(matches!(err, Error::Config { .. }), "{err}");
        let bad = DeviceMetadata {
            os: "line\nbreak".into(),
            ..meta
        };
        // JSON escapes the newline, so this one still fits in a header.
        assert!(app.for_user().device_metadata(bad).build().is_ok());
    }
}
