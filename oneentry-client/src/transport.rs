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
use tracing::Instrument;

use crate::__private::Request;
use crate::deadline::CallClock;
use crate::decode::{decode, decode_value, parse_body};
use crate::endpoint::{Auth, Endpoint, Location, Method, Param, Segment, SessionEffect};
use crate::exchange::{Received, Role, millis};
use crate::policy::{self, AfterResponse, BeforeSend};
use crate::request_url;
use crate::session::Snapshot;
use crate::{Client, Delivery, Error, JsonMap, JsonValue, Result, Secret, TimeoutKind};

/// The refresh request the client sends by itself (docs/wire.md). Same route as the generated
/// `AuthProvider.refresh`, described here because the runtime cannot depend on generated code.
static AUTO_REFRESH: Endpoint = Endpoint {
    id: "AuthProvider.refresh",
    method: Method::Post,
    path: &[
        Segment::Literal("/api/content/users-auth-providers/marker/"),
        Segment::Param("marker"),
        Segment::Literal("/users/refresh"),
    ],
    template: "/api/content/users-auth-providers/marker/{marker}/users/refresh",
    params: &[
        Param {
            name: "marker",
            location: Location::Path,
            required: true,
        },
        Param {
            name: "refreshToken",
            location: Location::Body,
            required: false,
        },
    ],
    auth: Auth::None,
    idempotent: false,
    paginated: false,
    session: SessionEffect::Store,
};

/// Who bought the tokens a refresh step ended with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refreshed {
    /// This call spent the refresh token.
    Here,
    /// Another task (a refresh or a sign-in) had already stored newer tokens.
    Elsewhere,
}

/// A request with its URL built, ready to be sent (and possibly resent).
pub(crate) struct Prepared {
    pub(crate) endpoint: &'static Endpoint,
    pub(crate) url: reqwest::Url,
    /// Raw value of the `marker` path parameter: the provider marker of a sign-in.
    marker: Option<Arc<str>>,
    pub(crate) body: Option<JsonMap>,
}

impl Prepared {
    /// After a refresh rotated the refresh token, a body still holding the old one (e.g.
    /// `logout`'s `refreshToken`, defaulted from the session before the call) would be
    /// rejected; swap in the new token. Secrets do not collide by accident, so an exact match
    /// identifies values that came from the session.
    fn replace_rotated_token(&mut self, old: Option<&Secret>, new: Option<&Secret>) {
        let (Some(old), Some(new), Some(body)) = (old, new, self.body.as_mut()) else {
            return;
        };
        if old == new {
            return;
        }
        for value in body.values_mut() {
            if value.as_str() == Some(old.expose()) {
                *value = JsonValue::String(new.expose().to_owned());
            }
        }
    }
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
        let clock = CallClock::new(self.call.deadline, span.clone());
        let result = clock
            .limit(endpoint.id, self.run(request, &clock))
            .instrument(span)
            .await;
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
        let mut prepared = self.prepare(request)?;
        let session = self.session();
        let before = session.snapshot();
        // A sign-in or refresh stores its tokens only if nobody cleared or replaced the
        // session since the call began: a logout must not be undone by an answer in flight.
        let epoch = before.epoch;
        match policy::before_send(
            endpoint.auth,
            before.access.is_some(),
            before.refresh.is_some(),
        ) {
            BeforeSend::NotSignedIn => {
                return Err(Error::NotSignedIn {
                    endpoint: endpoint.id,
                });
            }
            BeforeSend::RefreshFirst => {
                self.refresh_tokens(endpoint, &before, clock).await?;
                let new = session.refresh_token();
                prepared.replace_rotated_token(before.refresh.as_ref(), new.as_ref());
            }
            BeforeSend::Send => {}
        }

        // Sign-in and explicit refresh hold the refresh gate, so an automatic refresh started
        // meanwhile waits and then reuses their tokens instead of spending the refresh token.
        let _gate = match endpoint.session {
            SessionEffect::Store => {
                let gate = session.lock_refresh().await;
                // An explicit refresh may have waited for an automatic one that rotated the
                // token it was given from the session.
                let now = session.refresh_token();
                prepared.replace_rotated_token(before.refresh.as_ref(), now.as_ref());
                Some(gate)
            }
            SessionEffect::None | SessionEffect::Clear => None,
        };

        let mut received = self
            .send(&prepared, Bearer::FromSession, clock, Role::Call)
            .await?;
        let mut refreshed = false;
        let mut resends = 0;
        loop {
            let now = session.snapshot();
            let decision = policy::after_response(policy::Answer {
                status: received.status,
                endpoint_session: endpoint.session,
                endpoint_auth: endpoint.auth,
                sent_bearer: received.sent_bearer,
                refreshed,
                resends,
                has_refresh: now.refresh.is_some(),
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
            let new = session.refresh_token();
            prepared.replace_rotated_token(received.snapshot.refresh.as_ref(), new.as_ref());
            resends += 1;
            received = self
                .send(&prepared, Bearer::FromSession, clock, Role::Call)
                .await?;
        }
        self.finish(&prepared, received, epoch)
    }

    fn prepare(&self, request: Request) -> Result<Prepared> {
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
        // Only a sign-in keeps it (as the provider marker of the session).
        let marker = match endpoint.session {
            SessionEffect::Store => request
                .path_params
                .iter()
                .find(|(name, _)| *name == "marker")
                .map(|(_, value)| Arc::from(value.as_str())),
            SessionEffect::None | SessionEffect::Clear => None,
        };
        Ok(Prepared {
            endpoint,
            url,
            marker,
            body: request.body,
        })
    }

    /// Buys new tokens with the session's refresh token; single-flight through the gate.
    ///
    /// `seen` is the session the caller acted on. If it changed by the time the gate is held
    /// and an access token is present, another task refreshed (or signed in) already and this
    /// one just uses the result. Returns whether this call spent the refresh token itself
    /// ([`Refreshed::Here`]) or adopted tokens another task stored ([`Refreshed::Elsewhere`]).
    ///
    /// The refresh runs as a task of its own, which the caller only waits for: once the
    /// request is out the server rotates the refresh token, and if the caller's deadline
    /// dropped the refresh with it, the new token would be lost and the user signed out for
    /// good. The task finishes within its own bound (the deadline, or one attempt's timeout
    /// if that is longer) and stores what it bought.
    async fn refresh_tokens(
        &self,
        trigger: &'static Endpoint,
        seen: &Snapshot,
        clock: &CallClock,
    ) -> Result<Refreshed> {
        let client = self.clone();
        let seen = seen.clone();
        // Its own bound: at least one attempt's timeout, even when the caller's deadline is
        // shorter (that short deadline is what this task must outlive).
        let bound = self.call.deadline.max(self.call.attempt_timeout);
        let own_clock = CallClock::new(bound, clock.span.clone());
        let task = tokio::spawn(async move {
            let refreshed = client.refresh_now(trigger, &seen, &own_clock);
            own_clock.limit(AUTO_REFRESH.id, refreshed).await
        });
        match task.await {
            Ok(result) => result,
            Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
            // Only a runtime shutting down cancels the task; the caller is going away too.
            Err(_) => Err(Error::Timeout {
                endpoint: trigger.id,
                kind: TimeoutKind::Deadline,
                elapsed: clock.elapsed(),
                delivery: Delivery::OutcomeUnknown,
            }),
        }
    }

    /// The body of [`refresh_tokens`](Self::refresh_tokens), run detached.
    async fn refresh_now(
        &self,
        trigger: &'static Endpoint,
        seen: &Snapshot,
        clock: &CallClock,
    ) -> Result<Refreshed> {
        let session = self.session();
        let _gate = session.lock_refresh().await;
        let now = session.snapshot();
        if now.generation != seen.generation && now.access.is_some() {
            return Ok(Refreshed::Elsewhere);
        }
        let Some(refresh_token) = now.refresh.clone() else {
            return Err(Error::NotSignedIn {
                endpoint: trigger.id,
            });
        };

        let mut request = Request::new(&AUTO_REFRESH);
        request.path_param("marker", &now.provider_marker);
        request.body_field("refreshToken", &refresh_token)?;
        let prepared = self.prepare(request)?;
        let received = self
            .send(&prepared, Bearer::Never, clock, Role::Refresh)
            .await?;
        if is_success(received.status) {
            let value = parse_body(prepared.endpoint, received.status, &received.body)?;
            if !self.store_tokens(&prepared, received.status, &value, now.epoch)? {
                // The session was cleared while the refresh was in flight; stay signed out.
                return Err(Error::NotSignedIn {
                    endpoint: trigger.id,
                });
            }
            tracing::debug!(trigger = trigger.id, "tokens refreshed");
            return Ok(Refreshed::Here);
        }
        if matches!(received.status, 401 | 403) {
            // The refresh token is dead; keeping it would only fail again on every call.
            session.clear_if_unchanged(now.generation);
        }
        Err(status_error(AUTO_REFRESH.id, received))
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
        if !is_success(status) {
            return Err(status_error(endpoint.id, received));
        }
        match endpoint.session {
            SessionEffect::Store => {
                // The tokens are read from the parsed body, which is then decoded as well.
                let value = parse_body(endpoint, status, &received.body)?;
                // Not stored when a clear overtook the call; the answer is still the caller's.
                self.store_tokens(prepared, status, &value, epoch)?;
                decode_value(endpoint, status, self.language(), value)
            }
            SessionEffect::Clear => {
                // Only on success: after a failed logout the server still knows the session.
                self.session().clear();
                decode(endpoint, status, self.language(), &received.body)
            }
            SessionEffect::None => decode(endpoint, status, self.language(), &received.body),
        }
    }

    /// Stores `accessToken` and `refreshToken` of a sign-in or refresh answer, unless the
    /// session was cleared or replaced since `epoch`; returns whether they were stored.
    fn store_tokens(
        &self,
        prepared: &Prepared,
        status: u16,
        value: &JsonValue,
        epoch: u64,
    ) -> Result<bool> {
        let token = |field: &'static str| {
            value
                .get(field)
                .and_then(JsonValue::as_str)
                .filter(|t| !t.is_empty())
                .map(Secret::from)
                .ok_or_else(|| Error::Decode {
                    endpoint: prepared.endpoint.id,
                    status,
                    path: field.to_owned(),
                    message: format!("missing `{field}` string, the session cannot be stored"),
                })
        };
        let access = token("accessToken")?;
        let refresh = token("refreshToken")?;
        Ok(self
            .session()
            .store(epoch, access, refresh, prepared.marker.clone()))
    }
}

/// The error for a non-2xx answer: redirects are never followed, so a 3xx is reported as
/// such rather than as a server error.
fn status_error(endpoint: &'static str, received: Received) -> Error {
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

    #[test]
    fn execute_future_is_send() {
        // Generated request builders box it as `dyn Future + Send`.
        fn assert_send<F: Send>(_: &F) {}
        let client = Client::builder("https://x.com").build().expect("client");
        let future = client.execute::<JsonValue>(Request::new(&AUTO_REFRESH));
        assert_send(&future);
    }

    #[test]
    fn rotated_refresh_tokens_are_swapped_in_bodies() {
        let client = Client::builder("https://x.com").build().expect("client");
        let mut request = Request::new(&AUTO_REFRESH);
        request.path_param("marker", "email");
        request
            .body_field("refreshToken", &Secret::from("old"))
            .expect("field");
        request.body_field("other", &"keep").expect("field");
        let mut prepared = client.prepare(request).expect("prepared");
        assert_eq!(
            prepared.marker.as_deref(),
            Some("email"),
            "a refresh stores"
        );
        prepared.replace_rotated_token(Some(&"old".into()), Some(&"new".into()));
        let body = serde_json::to_string(&prepared.body).expect("json");
        assert_eq!(body, r#"{"refreshToken":"new","other":"keep"}"#);
    }

    #[test]
    fn prepare_reports_bad_parameters_as_encode_errors() {
        let client = Client::builder("https://x.com/sub/")
            .build()
            .expect("client");
        let err = client
            .prepare(Request::new(&AUTO_REFRESH))
            .err()
            .expect("missing marker");
        assert_eq!(
            err.to_string(),
            "AuthProvider.refresh: cannot build the request: no value for path parameter `marker`"
        );
        let mut request = Request::new(&AUTO_REFRESH);
        request.path_param("marker", "e mail");
        let prepared = client.prepare(request).expect("prepared");
        assert_eq!(
            prepared.url.as_str(),
            "https://x.com/sub/api/content/users-auth-providers/marker/e%20mail/users/refresh"
        );
    }
}
