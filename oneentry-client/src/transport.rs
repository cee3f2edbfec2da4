//! `Client::execute`: turns a [`Request`] into HTTP, applies the refresh policy, decodes.
//!
//! One call is at most: an optional proactive refresh, the request, and on a 401 one
//! single-flight refresh plus one resend. Every step reads the shared [`Session`] afresh,
//! so a token stored by another task is picked up instead of refreshing twice.
//!
//! [`Session`]: crate::Session

use std::time::Instant;

use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, LOCATION,
};
use serde::de::DeserializeOwned;

use crate::__private::{Auth, Endpoint, Method, Request, SessionEffect};
use crate::policy::{self, AfterResponse, BeforeSend};
use crate::request_url;
use crate::session::Snapshot;
use crate::{Client, Error, JsonMap, JsonValue, Result, Secret, localized};

const X_APP_TOKEN: HeaderName = HeaderName::from_static("x-app-token");
const X_DEVICE_METADATA: HeaderName = HeaderName::from_static("x-device-metadata");

/// The refresh request the client sends by itself (WIRE §4.3). Same route as the generated
/// `AuthProvider.refresh`, described here because the runtime cannot depend on generated code.
static AUTO_REFRESH: Endpoint = Endpoint {
    id: "AuthProvider.refresh",
    method: Method::Post,
    path: "/api/content/users-auth-providers/marker/{marker}/users/refresh",
    auth: Auth::None,
    session: SessionEffect::Store,
    idempotent: false,
};

/// A request with its URL built, ready to be sent (and possibly resent).
struct Prepared {
    endpoint: &'static Endpoint,
    url: reqwest::Url,
    /// Path without the query, for logs.
    path: String,
    /// Raw value of the `marker` path parameter: the provider marker of a sign-in.
    marker: Option<String>,
    body: Option<JsonMap>,
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
enum Bearer {
    FromSession,
    /// The refresh request: a stale access token must not be attached to it.
    Never,
}

/// A complete HTTP answer plus what was known when the request left.
struct Received {
    status: u16,
    /// The `Location` header of a redirect.
    location: Option<String>,
    body: Vec<u8>,
    sent_bearer: bool,
    /// Session as it was when the request was sent.
    snapshot: Snapshot,
}

impl Client {
    /// Sends `request` and decodes the answer as `T` (generated code only).
    ///
    /// Headers, proactive and reactive token refresh, session updates, error mapping and
    /// decoding all happen here; see the module docs of `transport.rs`.
    #[doc(hidden)]
    pub async fn execute<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        let endpoint = request.endpoint;
        let mut prepared = self.prepare(request)?;
        let session = self.session();
        // A sign-in or refresh stores its tokens only if nobody cleared or replaced the
        // session since the call began: a logout must not be undone by an answer in flight.
        let epoch = session.epoch();

        let before = session.snapshot();
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
                self.refresh_tokens(endpoint, &before).await?;
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

        let mut received = self.send(&prepared, Bearer::FromSession).await?;
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
                    refreshed = true;
                    if let Err(err) = self.refresh_tokens(endpoint, &received.snapshot).await {
                        // The caller asked for `endpoint`, not for a refresh: report its 401.
                        tracing::debug!(endpoint = endpoint.id, error = %err, "automatic token refresh failed");
                        break;
                    }
                }
            }
            let new = session.refresh_token();
            prepared.replace_rotated_token(received.snapshot.refresh.as_ref(), new.as_ref());
            resends += 1;
            received = self.send(&prepared, Bearer::FromSession).await?;
        }
        self.finish(&prepared, received, epoch)
    }

    fn prepare(&self, request: Request) -> Result<Prepared> {
        let endpoint = request.endpoint;
        let encode_error = |message: String| Error::Encode {
            endpoint: endpoint.id,
            message,
        };
        let built = request_url::build(
            &self.inner.base_url,
            endpoint.path,
            &request.path_params,
            &request.query,
        )
        .map_err(encode_error)?;
        let url = reqwest::Url::parse(&built.full)
            .map_err(|err| encode_error(format!("invalid URL: {err}")))?;
        let marker = request
            .path_params
            .iter()
            .find(|(name, _)| *name == "marker")
            .map(|(_, value)| value.clone());
        Ok(Prepared {
            endpoint,
            url,
            path: built.path,
            marker,
            body: request.body,
        })
    }

    /// One HTTP exchange, body read completely. Only a transport failure is an `Err`.
    async fn send(&self, prepared: &Prepared, bearer: Bearer) -> Result<Received> {
        let endpoint = prepared.endpoint;
        let snapshot = self.session().snapshot();

        // Insertion order is the order on the wire, as in the official SDK (WIRE §2.3).
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(token) = &self.inner.app_token_header {
            headers.insert(X_APP_TOKEN, token.clone());
        }
        if endpoint.method == Method::Post {
            headers.insert(X_DEVICE_METADATA, self.inner.device_header.clone());
        }
        let mut sent_bearer = false;
        if let (Bearer::FromSession, Some(access)) = (bearer, &snapshot.access) {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {}", access.expose())).map_err(|_| {
                    Error::Encode {
                        endpoint: endpoint.id,
                        message:
                            "the access token contains characters not allowed in an HTTP header"
                                .to_owned(),
                    }
                })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
            sent_bearer = true;
        }

        let mut builder = self
            .inner
            .http
            .request(http_method(endpoint.method), prepared.url.clone())
            .headers(headers)
            .timeout(self.inner.timeout);
        if let Some(body) = &prepared.body {
            let bytes = serde_json::to_vec(body).map_err(|err| Error::Encode {
                endpoint: endpoint.id,
                message: format!("the body did not serialise: {err}"),
            })?;
            builder = builder.body(bytes);
        } else if matches!(endpoint.method, Method::Post | Method::Put) {
            // An explicit empty body makes the stack send `content-length: 0`, as the SDK does
            // for `logoutAll`; some proxies refuse a POST without a length (411).
            builder = builder.header(CONTENT_LENGTH, "0").body(Vec::new());
        }

        let started = Instant::now();
        let outcome = async {
            let response = builder.send().await?;
            let status = response.status().as_u16();
            let followed = response.url() != &prepared.url;
            let location = if followed {
                Some(response.url().to_string())
            } else {
                response
                    .headers()
                    .get(LOCATION)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned)
            };
            if followed {
                // A caller-supplied HTTP client followed a redirect; its answer is not ours.
                return Ok((status, location, None));
            }
            let body = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, location, Some(body.to_vec())))
        }
        .await;
        let elapsed_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);

        // Never log headers, bodies or query values: they carry tokens and user data.
        match outcome {
            Ok((status, location, None)) => {
                tracing::debug!(
                    endpoint = endpoint.id,
                    method = endpoint.method.as_str(),
                    path = %prepared.path,
                    status,
                    elapsed_ms,
                    "OneEntry request was redirected by the HTTP client"
                );
                Err(Error::Redirect {
                    endpoint: endpoint.id,
                    status,
                    location,
                })
            }
            Ok((status, location, Some(body))) => {
                tracing::debug!(
                    endpoint = endpoint.id,
                    method = endpoint.method.as_str(),
                    path = %prepared.path,
                    status,
                    elapsed_ms,
                    "OneEntry request"
                );
                Ok(Received {
                    status,
                    location,
                    body,
                    sent_bearer,
                    snapshot,
                })
            }
            Err(source) => {
                let err = Error::Transport {
                    endpoint: endpoint.id,
                    source,
                };
                // The error's own text, not reqwest's, which would include the query.
                tracing::debug!(
                    endpoint = endpoint.id,
                    method = endpoint.method.as_str(),
                    path = %prepared.path,
                    elapsed_ms,
                    error = %err,
                    "OneEntry request failed"
                );
                Err(err)
            }
        }
    }

    /// Buys new tokens with the session's refresh token; single-flight through the gate.
    ///
    /// `seen` is the session the caller acted on. If it changed by the time the gate is held
    /// and an access token is present, another task refreshed (or signed in) already and this
    /// one just uses the result.
    async fn refresh_tokens(&self, trigger: &'static Endpoint, seen: &Snapshot) -> Result<()> {
        let session = self.session();
        let _gate = session.lock_refresh().await;
        let now = session.snapshot();
        if now.generation != seen.generation && now.access.is_some() {
            return Ok(());
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
        let received = self.send(&prepared, Bearer::Never).await?;
        if is_success(received.status) {
            let value = parse_body(prepared.endpoint, received.status, &received.body)?;
            if !self.store_tokens(&prepared, received.status, &value, now.epoch)? {
                // The session was cleared while the refresh was in flight; stay signed out.
                return Err(Error::NotSignedIn {
                    endpoint: trigger.id,
                });
            }
            tracing::debug!(trigger = trigger.id, "tokens refreshed");
            return Ok(());
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
        let value = parse_body(endpoint, status, &received.body)?;
        match endpoint.session {
            SessionEffect::Store => {
                // Not stored when a clear overtook the call; the answer is still the caller's.
                self.store_tokens(prepared, status, &value, epoch)?;
            }
            // Only on success: after a failed logout the server still knows the session.
            SessionEffect::Clear => self.session().clear(),
            SessionEffect::None => {}
        }
        localized::with_language(self.language(), || {
            serde_path_to_error::deserialize::<_, T>(value)
        })
        .map_err(|err| Error::Decode {
            endpoint: endpoint.id,
            status,
            path: err.path().to_string(),
            message: err.into_inner().to_string(),
        })
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
        Error::api(endpoint, received.status, &received.body)
    }
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The 2xx body as JSON; an empty body is `null`, invalid JSON a decode error at `.`.
fn parse_body(endpoint: &'static Endpoint, status: u16, body: &[u8]) -> Result<JsonValue> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(JsonValue::Null);
    }
    serde_json::from_slice(body).map_err(|err| Error::Decode {
        endpoint: endpoint.id,
        status,
        path: ".".to_owned(),
        message: format!("the body is not valid JSON: {err}"),
    })
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
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
    fn empty_and_invalid_bodies() {
        assert_eq!(
            parse_body(&AUTO_REFRESH, 200, b"").ok(),
            Some(JsonValue::Null)
        );
        assert_eq!(
            parse_body(&AUTO_REFRESH, 204, b" \n").ok(),
            Some(JsonValue::Null)
        );
        let err = parse_body(&AUTO_REFRESH, 200, b"<html>").expect_err("not JSON");
        assert!(
            err.to_string().starts_with("AuthProvider.refresh: unexpected response (HTTP 200) at `.`: the body is not valid JSON"),
            "{err}"
        );
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
        assert_eq!(prepared.marker.as_deref(), Some("email"));
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
