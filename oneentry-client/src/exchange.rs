//! One HTTP exchange with its per-attempt timeout and body limit, and the retry loop around it.
//!
//! Every failure is turned into a typed [`Error`] here, with what is known about whether the
//! request reached the server; the retry decision is then read back from that error, so
//! what the caller is told and what the client did cannot disagree.

use std::time::{Duration, Instant, SystemTime};

use reqwest::header::{
    AUTHORIZATION, CONTENT_LENGTH, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER,
};

use crate::body::{self, BodyError};
use crate::deadline::CallClock;
use crate::endpoint::Method;
use crate::request_body::NoRefreshToken;
use crate::request_headers::Unsendable;
use crate::retry::{self, Decision, Failure, Stop};
use crate::session::Snapshot;
use crate::transport::{Bearer, Prepared, http_method, is_success};
use crate::{ApiDetails, Client, Delivery, Error, Result, TimeoutKind, retry_after};

/// Headers that carry a request id, in order of preference.
const REQUEST_ID_HEADERS: [&str; 4] = ["x-request-id", "x-correlation-id", "request-id", "cf-ray"];
/// Longest request id kept; anything longer is not an id.
const MAX_REQUEST_ID: usize = 200;

/// A complete HTTP answer plus what was known when the request left.
pub(crate) struct Received {
    pub(crate) status: u16,
    /// The `Location` header of a redirect.
    pub(crate) location: Option<String>,
    /// The body; for an error answer only its first [`ApiDetails::MAX_RAW_BODY`] bytes.
    pub(crate) body: Vec<u8>,
    /// The error body was longer than `body`.
    pub(crate) truncated: bool,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) request_id: Option<String>,
    pub(crate) sent_bearer: bool,
    /// Session as it was when the request was sent.
    pub(crate) snapshot: Snapshot,
}

impl Received {
    /// What an error answer carried, for [`Error::Api`].
    pub(crate) fn into_details(self) -> ApiDetails {
        ApiDetails {
            retry_after: self.retry_after,
            request_id: self.request_id,
            raw_body: self.body,
            truncated: self.truncated,
        }
    }
}

/// How an attempt ended before a complete answer was in hand.
enum Failed {
    Http(reqwest::Error),
    TooLarge {
        status: u16,
        declared: Option<u64>,
    },
    /// A caller-supplied HTTP client followed a redirect; its answer is not ours.
    Redirected {
        status: u16,
        location: String,
    },
}

/// Whether an exchange is the call's own request (tracked for the deadline's report and the
/// tracing span) or the automatic refresh made on its behalf.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Call,
    Refresh,
}

impl Client {
    /// Sends `prepared`, retrying failed attempts as far as this handle's [`RetryPolicy`],
    /// the client's retry budget and the deadline allow, and only when it is safe.
    ///
    /// [`RetryPolicy`]: crate::RetryPolicy
    pub(crate) async fn send(
        &self,
        prepared: &Prepared,
        bearer: Bearer,
        clock: &CallClock,
        role: Role,
    ) -> Result<Received> {
        let endpoint = prepared.endpoint;
        let policy = self.call.retry;
        let budget = &self.inner.shared.retry_budget;
        let mut spent = 0;
        let mut attempt = 1;
        loop {
            let result = self.attempt(prepared, bearer, clock, role, attempt).await;
            let failure = match &result {
                Ok(received) if is_success(received.status) => {
                    budget.on_success(spent);
                    return result;
                }
                Ok(received) => Failure::Status {
                    status: received.status,
                    retry_after: received.retry_after,
                },
                Err(err) => match failure_of(err) {
                    Some(failure) => failure,
                    None => return result,
                },
            };
            let decision = retry::decide(
                &policy,
                failure,
                endpoint.is_idempotent(),
                attempt,
                Some(clock.remaining()),
                retry::jitter(),
            );
            let delay = match decision {
                Decision::Retry { delay, cost } if budget.try_acquire(cost) => {
                    spent += cost;
                    delay
                }
                Decision::Retry { .. } => {
                    return given_up(endpoint.id, attempt, Stop::BudgetExhausted, result);
                }
                Decision::Stop(stop) => return given_up(endpoint.id, attempt, stop, result),
            };
            tracing::debug!(
                endpoint = endpoint.id,
                attempt,
                delay_ms = millis(delay),
                "retrying OneEntry request"
            );
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One HTTP exchange, body read up to the limit, within the per-attempt timeout.
    async fn attempt(
        &self,
        prepared: &Prepared,
        bearer: Bearer,
        clock: &CallClock,
        role: Role,
        attempt: u32,
    ) -> Result<Received> {
        let endpoint = prepared.endpoint;
        let snapshot = self.session().snapshot();

        // The constant headers were built with the client, in wire order (docs/wire.md); the
        // bearer goes after them.
        let mut headers = if endpoint.method == Method::Post {
            self.inner.post_headers.clone()
        } else {
            self.inner.headers.clone()
        };
        let mut sent_bearer = false;
        if let (Bearer::FromSession, Some(_)) = (bearer, &snapshot.access) {
            let value = snapshot.bearer.clone().ok_or_else(|| Error::Encode {
                endpoint: endpoint.id,
                message: "the access token contains characters not allowed in an HTTP header"
                    .to_owned(),
            })?;
            headers.insert(AUTHORIZATION, value);
            sent_bearer = true;
        }
        // Header parameters after the client's own (the spec checks keep them off those
        // names); a late-bound refresh token is the one this attempt's session holds.
        prepared
            .headers
            .apply(&mut headers, snapshot.refresh.as_ref())
            .map_err(|unsendable| match unsendable {
                Unsendable::NoRefreshToken => Error::NotSignedIn {
                    endpoint: endpoint.id,
                },
                Unsendable::InvalidToken(name) => Error::Encode {
                    endpoint: endpoint.id,
                    message: format!(
                        "the refresh token for header `{name}` contains characters not allowed in an HTTP header"
                    ),
                },
            })?;

        let mut request = reqwest::Request::new(http_method(endpoint.method), prepared.url.clone());
        if let Some(body) = &prepared.body {
            // Rendered per attempt: a late-bound refresh token is the one this attempt's
            // session holds, also after a refresh rotated it during the call.
            let bytes = body
                .render(snapshot.refresh.as_ref())
                .map_err(|NoRefreshToken| Error::NotSignedIn {
                    endpoint: endpoint.id,
                })?;
            *request.body_mut() = Some(bytes.into());
        } else if endpoint.method.has_body() {
            // An explicit empty body makes the stack send `content-length: 0`, as the SDK does
            // for `logoutAll`; some proxies refuse a POST without a length (411).
            headers.insert(CONTENT_LENGTH, HeaderValue::from_static("0"));
            *request.body_mut() = Some(Vec::new().into());
        }
        *request.headers_mut() = headers;
        let http = &self.inner.shared.http;

        let limit = self.inner.shared.max_body_size;
        let exchange = async {
            let mut response = http.execute(request).await.map_err(Failed::Http)?;
            let status = response.status().as_u16();
            if response.url() != &prepared.url {
                let location = response.url().to_string();
                return Err(Failed::Redirected { status, location });
            }
            let headers = response.headers();
            let location = header_text(headers, LOCATION.as_str()).map(str::to_owned);
            let retry_after = header_text(headers, RETRY_AFTER.as_str())
                .and_then(|value| retry_after::parse(value, SystemTime::now()));
            let request_id = request_id(headers);
            let (body, truncated) = if is_success(status) {
                let body =
                    body::read_capped(&mut response, limit)
                        .await
                        .map_err(|err| match err {
                            BodyError::TooLarge { declared } => {
                                Failed::TooLarge { status, declared }
                            }
                            BodyError::Read(err) => Failed::Http(err),
                        })?;
                (body, false)
            } else {
                body::read_prefix(&mut response, ApiDetails::MAX_RAW_BODY)
                    .await
                    .map_err(Failed::Http)?
            };
            Ok(Received {
                status,
                location,
                body,
                truncated,
                retry_after,
                request_id,
                sent_bearer,
                snapshot,
            })
        };

        if role == Role::Call {
            clock.sending();
            clock.span.record("attempt", attempt);
        }
        let started = Instant::now();
        let outcome = tokio::time::timeout(self.call.attempt_timeout, exchange).await;
        let elapsed_ms = millis(started.elapsed());
        let result = match outcome {
            Err(_) => Err(Error::Timeout {
                endpoint: endpoint.id,
                kind: TimeoutKind::Attempt,
                elapsed: clock.elapsed(),
                delivery: Delivery::OutcomeUnknown,
            }),
            Ok(Ok(received)) => Ok(received),
            Ok(Err(Failed::Http(source))) => Err(transport_error(endpoint.id, source, clock)),
            Ok(Err(Failed::TooLarge { status, declared })) => Err(Error::BodyTooLarge {
                endpoint: endpoint.id,
                status,
                limit,
                declared,
            }),
            Ok(Err(Failed::Redirected { status, location })) => Err(Error::Redirect {
                endpoint: endpoint.id,
                status,
                location: Some(location),
            }),
        };

        if role == Role::Call {
            clock.finished(is_harmless(&result));
            if let Ok(received) = &result {
                clock.span.record("status", received.status);
            }
        }
        // Never log headers, bodies or query values: they carry tokens and user data. The
        // error's own text is safe; reqwest's would include the URL and its query.
        match &result {
            Ok(received) => tracing::debug!(
                endpoint = endpoint.id,
                method = endpoint.method.as_str(),
                path = endpoint.template,
                attempt,
                status = received.status,
                elapsed_ms,
                "OneEntry request"
            ),
            Err(err) => tracing::debug!(
                endpoint = endpoint.id,
                method = endpoint.method.as_str(),
                path = endpoint.template,
                attempt,
                elapsed_ms,
                error = %err,
                "OneEntry request failed"
            ),
        }
        result
    }
}

/// Logs why a failed attempt is final and hands its result back.
fn given_up(
    endpoint: &'static str,
    attempt: u32,
    stop: Stop,
    result: Result<Received>,
) -> Result<Received> {
    if stop != Stop::NotRetryable {
        tracing::debug!(endpoint, attempt, reason = stop.as_str(), "not retrying");
    }
    result
}

/// The retry-relevant kind of a failed attempt; `None` for failures no retry can fix.
fn failure_of(err: &Error) -> Option<Failure> {
    match err {
        // A request that could not be built fails the same way every time.
        Error::Transport { source, .. } if source.is_builder() => None,
        Error::Transport {
            delivery: Delivery::NotSent,
            ..
        }
        | Error::Timeout {
            kind: TimeoutKind::Connect,
            ..
        } => Some(Failure::NotSent),
        Error::Transport { .. } => Some(Failure::Unknown { timed_out: false }),
        Error::Timeout {
            kind: TimeoutKind::Attempt,
            ..
        } => Some(Failure::Unknown { timed_out: true }),
        _ => None,
    }
}

/// Whether an attempt provably had no effect on the server: it never left, or the server
/// refused its credentials.
fn is_harmless(result: &Result<Received>) -> bool {
    match result {
        Ok(received) => received.status == 401,
        Err(err) => err.delivery() == Some(Delivery::NotSent),
    }
}

/// Maps an HTTP client error. Only a failure to connect proves the request never left:
/// hyper already resends by itself a request that a reused connection dropped before it was
/// written, so any other failure may have happened after the server got it.
fn transport_error(endpoint: &'static str, source: reqwest::Error, clock: &CallClock) -> Error {
    let source = source.without_url();
    let delivery = if source.is_connect() || source.is_builder() {
        Delivery::NotSent
    } else {
        Delivery::OutcomeUnknown
    };
    if source.is_timeout() {
        // A timeout of a caller-supplied HTTP client, or its connect timeout.
        let kind = if source.is_connect() {
            TimeoutKind::Connect
        } else {
            TimeoutKind::Attempt
        };
        return Error::Timeout {
            endpoint,
            kind,
            elapsed: clock.elapsed(),
            delivery,
        };
    }
    Error::Transport {
        endpoint,
        delivery,
        source,
    }
}

fn header_text<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        let value = header_text(headers, name)?.trim();
        (!value.is_empty() && value.len() <= MAX_REQUEST_ID).then(|| value.to_owned())
    })
}

pub(crate) fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_read_in_order_and_bounded() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_id(&headers), None);
        headers.insert("cf-ray", HeaderValue::from_static("ray-1"));
        assert_eq!(request_id(&headers).as_deref(), Some("ray-1"));
        headers.insert("x-correlation-id", HeaderValue::from_static(" corr-2 "));
        assert_eq!(request_id(&headers).as_deref(), Some("corr-2"));
        let long = "x".repeat(MAX_REQUEST_ID + 1);
        headers.insert(
            "x-request-id",
            HeaderValue::from_str(&long).expect("header"),
        );
        assert_eq!(
            request_id(&headers).as_deref(),
            Some("corr-2"),
            "an overlong id is skipped"
        );
        headers.insert("x-request-id", HeaderValue::from_static("req-3"));
        assert_eq!(request_id(&headers).as_deref(), Some("req-3"));
    }
}
