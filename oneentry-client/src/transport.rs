//! `Client::execute`: turns a [`Request`] into HTTP, applies the refresh policy, decodes.
//!
//! One call is at most: an optional proactive refresh, the request, and after a 401 one
//! single-flight refresh and a few resends (see `policy.rs`); each of these exchanges is
//! retried on its own when that is safe (`exchange.rs`), and all of it runs under the call's
//! deadline (`deadline.rs`) inside one tracing span. Every step reads the shared [`Session`]
//! afresh, so a token stored by another task is picked up instead of refreshing twice.
//!
//! [`Session`]: crate::Session

use std::sync::Arc;

use serde::de::DeserializeOwned;

use crate::__private::Request;
use crate::deadline::CallClock;
use crate::decode::{decode, decode_value, parse_body};
use crate::endpoint::{Endpoint, Method, Protocol, SessionEffect};
use crate::exchange::{Received, Role, millis};
use crate::policy::{self, AfterResponse, BeforeSend};
use crate::request_body::Body;
use crate::request_headers::HeaderParams;
use crate::request_url;
use crate::session::Snapshot;
use crate::{Client, Error, Result};

/// Who bought the tokens a refresh step ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refreshed {
    /// This call spent the refresh token.
    Here,
    /// Another task (a refresh or a sign-in) had already stored newer tokens.
    Elsewhere,
}

/// A request with its URL built, ready to be sent (and possibly resent).
pub(crate) struct Prepared {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) url: reqwest::Url,
    /// The value of the parameter a sign-in or refresh names as the auth provider: the
    /// session remembers it for later refreshes.
    pub(crate) provider: Option<Arc<str>>,
    /// Header parameters, sent after the client's own headers.
    pub(crate) headers: HeaderParams,
    pub(crate) body: Option<Body>,
    /// The call's language, for the answer's localized fields; `None`: the client's.
    pub(crate) language: Option<String>,
}

/// Whether the session's access token goes out as `Authorization: Bearer`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bearer {
    FromSession,
    /// The refresh request: a stale access token must not be attached to it.
    Never,
}

impl Client {
    /// Sends `request` and decodes the answer as `T` (generated code only).
    ///
    /// Headers, proactive and reactive token refresh, session updates, error mapping and
    /// decoding all happen here; see the module docs of `transport.rs`.
    #[doc(hidden)]
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let endpoint = request.endpoint;
        // The path template, never the path: values in it (ids, markers) are user data.
        let span = tracing::info_span!(
            "oneentry.call",
            endpoint = endpoint.id,
            method = endpoint.method.as_str(),
            path = endpoint.template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        let clock = CallClock::new(self.call.deadline, span);
        // Pinned where it is built: the call's future is large, and every move copies it.
        let call = std::pin::pin!(self.run(request, &clock));
        let result = clock.limit(endpoint.id, call).await;
        clock.span.record("elapsed_ms", millis(clock.elapsed()));
        if let Err(err) = &result {
            clock
                .span
                .in_scope(|| tracing::debug!(error = %err, "OneEntry call failed"));
        }
        result
    }

    /// The call without its deadline and span.
    async fn run<T: DeserializeOwned>(&self, request: Request, clock: &CallClock) -> Result<T> {
        let endpoint = request.endpoint;
        let prepared = self.prepare(request)?;
        let session = self.session();
        let before = session.snapshot();
        // A sign-in or refresh stores its tokens only if nobody cleared or replaced the
        // session since the call began: a logout must not be undone by an answer in flight.
        let epoch = before.epoch;
        // Without a declared refresh endpoint a refresh token cannot buy anything.
        let can_refresh =
            |seen: &Snapshot| seen.refresh.is_some() && protocol_for(endpoint, seen).is_some();
        match policy::before_send(endpoint.auth, before.access.is_some(), can_refresh(&before)) {
            BeforeSend::NotSignedIn => {
                return Err(Error::NotSignedIn {
                    endpoint: endpoint.id,
                });
            }
            BeforeSend::RefreshFirst => {
                self.refresh_tokens(endpoint, &before, clock).await?;
            }
            BeforeSend::Send => {}
        }

        // Sign-in and explicit refresh hold the refresh gate, so an automatic refresh started
        // meanwhile waits and then reuses their tokens instead of spending the refresh token.
        // An explicit refresh that waited for an automatic one sends the rotated token: its
        // body reads the session's token when it is rendered.
        let _gate = match endpoint.session {
            SessionEffect::Opens(_) | SessionEffect::Refreshes(_) => {
                Some(session.lock_refresh().await)
            }
            SessionEffect::None | SessionEffect::Ends(_) => None,
        };

        let mut received = self
            .send(&prepared, Bearer::FromSession, clock, Role::Call)
            .await?;
        let mut refreshed = false;
        let mut resends = 0;
        loop {
            // Only a 401 can lead to a refresh or a resend (`policy::after_response`): any
            // other answer is final without reading the session again.
            if received.status != 401 {
                break;
            }
            let now = session.snapshot();
            let decision = policy::after_response(policy::Answer {
                status: received.status,
                resend_after_refresh: endpoint.resend_after_refresh,
                endpoint_auth: endpoint.auth,
                sent_bearer: received.sent_bearer,
                refreshed,
                resends,
                has_refresh: can_refresh(&now),
                rotated_since_sent: now.generation != received.snapshot.generation
                    && now.access.is_some(),
            });
            match decision {
                AfterResponse::Done => break,
                AfterResponse::Resend => {}
                AfterResponse::RefreshAndResend => {
                    match self
                        .refresh_tokens(endpoint, &received.snapshot, clock)
                        .await
                    {
                        // A 401 can arrive before the rotation that caused it is stored (the
                        // server rotated while another task's refresh answer was on its way);
                        // adopting that rotation is a resend, and this call may still refresh
                        // once itself if the new token is refused too.
                        Ok(Refreshed::Elsewhere) => {}
                        Ok(Refreshed::Here) => refreshed = true,
                        Err(err) => {
                            // The caller asked for `endpoint`, not for a refresh: report its 401.
                            tracing::debug!(endpoint = endpoint.id, error = %err, "automatic token refresh failed");
                            break;
                        }
                    }
                }
            }
            resends += 1;
            received = self
                .send(&prepared, Bearer::FromSession, clock, Role::Call)
                .await?;
        }
        self.finish(&prepared, received, epoch)
    }

    pub(crate) fn prepare(&self, request: Request) -> Result<Prepared> {
        let endpoint = request.endpoint;
        let encode_error = |message: String| Error::Encode {
            endpoint: endpoint.id,
            message,
        };
        let url = request_url::build(
            &self.inner.shared.base,
            endpoint.path,
            &request.path_params,
            &request.query,
        )
        .map_err(encode_error)?;
        // Only a sign-in or refresh keeps it (as the provider of the session).
        let provider = endpoint
            .session
            .grant()
            .and_then(|grant| grant.provider)
            .and_then(|name| request.value_of(name))
            .map(Arc::from);
        Ok(Prepared {
            endpoint,
            url,
            provider,
            headers: request.headers,
            body: request.body,
            language: request.language,
        })
    }

    /// Maps the final answer: errors, session effects, then decoding as `T`.
    fn finish<T: DeserializeOwned>(
        &self,
        prepared: &Prepared,
        received: Received,
        epoch: u64,
    ) -> Result<T> {
        let endpoint = prepared.endpoint;
        let status = received.status;
        let language = prepared
            .language
            .as_deref()
            .unwrap_or_else(|| self.language());
        if !is_success(status) {
            return Err(status_error(endpoint.id, received));
        }
        match endpoint.session {
            SessionEffect::Opens(_) | SessionEffect::Refreshes(_) => {
                // The tokens are read from the parsed body, which is then decoded as well.
                let value = parse_body(endpoint, status, &received.body)?;
                // Not stored when a clear overtook the call; the answer is still the caller's.
                self.store_tokens(prepared, status, &value, epoch)?;
                decode_value(endpoint, status, language, value)
            }
            SessionEffect::Ends(_) => {
                // Only on success: after a failed logout the server still knows the session.
                self.session().clear();
                decode(endpoint, status, language, &received.body)
            }
            SessionEffect::None => decode(endpoint, status, language, &received.body),
        }
    }
}

/// How to refresh for a call to `endpoint`: the protocol of the API that issued the session's
/// tokens (or the configured one), else the one of the endpoint's own API.
pub(crate) fn protocol_for(
    endpoint: &'static Endpoint,
    seen: &Snapshot,
) -> Option<&'static Protocol> {
    seen.protocol.or(endpoint.protocol)
}

/// The error for a non-2xx answer: redirects are never followed, so a 3xx is reported as
/// such rather than as a server error.
pub(crate) fn status_error(endpoint: &'static str, received: Received) -> Error {
    if (300..400).contains(&received.status) {
        Error::Redirect {
            endpoint,
            status: received.status,
            location: received.location,
        }
    } else {
        Error::api(endpoint, received.status, received.into_details())
    }
}

pub(crate) fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

pub(crate) fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
        Method::Head => reqwest::Method::HEAD,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Auth, Grant, Location, Param, Segment};
    use crate::{JsonValue, Secret};

    static SIGN_IN: Endpoint = Endpoint {
        id: "Account.signIn",
        method: Method::Post,
        path: &[
            Segment::Literal("/v1/"),
            Segment::Param("provider"),
            Segment::Literal("/login"),
        ],
        template: "/v1/{provider}/login",
        params: &[
            Param {
                name: "provider",
                location: Location::Path,
                required: true,
                array: None,
            },
            Param {
                name: "token",
                location: Location::Body,
                required: false,
                array: None,
            },
        ],
        auth: Auth::None,
        idempotent: false,
        paginated: false,
        session: SessionEffect::Opens(Grant {
            access_token: "/a",
            refresh_token: "/r",
            provider: Some("provider"),
        }),
        resend_after_refresh: false,
        protocol: None,
    };

    #[test]
    fn execute_future_is_send() {
        // Generated request builders box it as `dyn Future + Send`.
        fn assert_send<F: Send>(_: &F) {}
        let client = Client::builder("https://x.com").build().expect("client");
        let future = client.execute::<JsonValue>(Request::new(&SIGN_IN));
        assert_send(&future);
    }

    #[test]
    fn prepare_keeps_the_provider_and_binds_the_refresh_token_late() {
        let client = Client::builder("https://x.com/sub/")
            .build()
            .expect("client");
        let mut request = Request::new(&SIGN_IN);
        request.path_param("provider", "e mail");
        request.body_session_refresh_token("token");
        let prepared = client.prepare(request).expect("prepared");
        assert_eq!(prepared.provider.as_deref(), Some("e mail"));
        assert_eq!(prepared.url.as_str(), "https://x.com/sub/v1/e%20mail/login");
        let body = prepared.body.as_ref().expect("body");
        let rendered = body.render(Some(&Secret::from("r2"))).expect("render");
        assert_eq!(rendered, br#"{"token":"r2"}"#);
    }

    #[test]
    fn prepare_reports_bad_parameters_as_encode_errors() {
        let client = Client::builder("https://x.com").build().expect("client");
        let err = client
            .prepare(Request::new(&SIGN_IN))
            .err()
            .expect("missing provider");
        assert_eq!(
            err.to_string(),
            "Account.signIn: cannot build the request: no value for path parameter `provider`"
        );
    }
}
