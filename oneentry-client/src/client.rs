//! [`Client`]: the handle every generated endpoint method hangs off.

use reqwest::header::{HeaderMap, HeaderValue};
use std::fmt;
use std::sync::Arc;

use crate::call::CallConfig;
use crate::endpoint::Protocol;
use crate::retry::RetryBudget;
use crate::{ClientBuilder, DeviceMetadata, Secret, Session};

/// A OneEntry project client: configuration, HTTP connection pool and the user's [`Session`].
///
/// Cheap to clone (an `Arc` inside); clones share the session, so a sign-in through one clone
/// authorises calls made through every other. The endpoint methods (`auth_provider()`,
/// `orders()`, `payments()`) are generated from the API spec. A handle made with
/// [`Client::with_call_options`] shares everything but its per-call settings.
///
/// A client holds one user's session. An app serving many users builds one client and makes
/// a client per user from it with [`Client::for_user`]: that costs microseconds and shares
/// the connection pool, TLS configuration and retry budget.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
    /// Retry policy, deadline and attempt timeout of calls made through this handle.
    pub(crate) call: CallConfig,
}

/// One user's side of a client: the session and the device it is bound to.
pub(crate) struct Inner {
    pub(crate) shared: Arc<Shared>,
    pub(crate) device: DeviceMetadata,
    /// Headers of every request but a `POST`, in wire order; the bearer is added per call.
    pub(crate) headers: HeaderMap,
    /// Headers of every `POST`: the above plus `x-device-metadata`, serialised once so every
    /// POST carries the identical value.
    pub(crate) post_headers: HeaderMap,
    pub(crate) session: Session,
}

/// Everything the users of one project share, validated once by [`ClientBuilder::build`]:
/// [`Client::for_user`] copies an `Arc` of it, which is what makes a per-user client cheap.
pub(crate) struct Shared {
    pub(crate) base_url: String,
    /// `base_url` parsed, so a call only sets the path and query.
    pub(crate) base: reqwest::Url,
    pub(crate) app_token: Option<Secret>,
    /// `x-app-token`, prebuilt and marked sensitive so HTTP-level logging redacts it.
    pub(crate) app_token_header: Option<HeaderValue>,
    pub(crate) language: String,
    /// Provider marker a new session starts with (`None`: the spec's default).
    pub(crate) provider_marker: Option<Arc<str>>,
    /// The protocol a new session starts with (`ClientBuilder::session_protocol`).
    pub(crate) session_protocol: Option<&'static Protocol>,
    pub(crate) http: reqwest::Client,
    /// Largest success body read, in bytes.
    pub(crate) max_body_size: u64,
    /// Shared by every handle and every user: it protects the server from this process's
    /// retries, so giving each user a budget of their own would multiply it.
    pub(crate) retry_budget: RetryBudget,
}

impl Client {
    /// Starts configuring a client for the project at `project_url`
    /// (e.g. `https://my-project.oneentry.cloud`; a path prefix is kept).
    pub fn builder(project_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(project_url.into())
    }

    /// Default language (`en_US` unless configured): the default `langCode` of calls and the
    /// key of `localized` fields.
    pub fn language(&self) -> &str {
        &self.inner.shared.language
    }

    /// The project URL without trailing slashes.
    pub fn base_url(&self) -> &str {
        &self.inner.shared.base_url
    }

    /// The signed-in user's tokens.
    pub fn session(&self) -> &Session {
        &self.inner.session
    }

    /// The device identity sent as `x-device-metadata`. Persist it next to the refresh token
    /// (it is `Serialize`/`Deserialize`) and pass it back with
    /// [`ClientBuilder::device_metadata`] after a restart.
    pub fn device_metadata(&self) -> &DeviceMetadata {
        &self.inner.device
    }

    /// Largest response body the client reads, in bytes (see
    /// [`ClientBuilder::max_body_size`]).
    pub fn max_body_size(&self) -> u64 {
        self.inner.shared.max_body_size
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.shared.base_url)
            .field("app_token", &self.inner.shared.app_token)
            .field("language", &self.inner.shared.language)
            .field("call", &self.call)
            .field("max_body_size", &self.inner.shared.max_body_size)
            .field("device_metadata", &self.inner.device)
            .field("session", &self.inner.session)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_app_and_user_tokens() {
        let client = Client::builder("https://x.com/")
            .app_token("app-secret-1")
            .session_tokens(
                Some("access-secret-2".into()),
                Some("refresh-secret-3".into()),
            )
            .build()
            .expect("client");
        let dbg = format!("{client:?}");
        for secret in ["app-secret-1", "access-secret-2", "refresh-secret-3"] {
            assert!(!dbg.contains(secret), "{dbg}");
        }
        assert!(dbg.contains("Secret(***)"), "{dbg}");
        assert!(dbg.contains("https://x.com"), "{dbg}");
    }

    #[test]
    fn clones_share_the_session() {
        let client = Client::builder("https://x.com").build().expect("client");
        let other = client.clone();
        client.session().set_tokens(Some("a".into()), None);
        assert_eq!(other.session().access_token(), Some(Secret::from("a")));
    }
}
