//! [`Error`]: everything a call can fail with, named after the endpoint that failed.
//!
//! Messages begin with the endpoint id (`Orders.createOrder: ...`) because a scenario chains
//! several calls and "HTTP 401" alone does not say which one. No variant carries a token:
//! request headers and bodies are never copied into an error.

use std::fmt;
use std::time::Duration;

use crate::JsonValue;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status.
    ///
    /// `message` is the server's `message` (validation messages joined with `; `), or the body
    /// text when it was not JSON, or the HTTP reason phrase. `localize_message` is the
    /// human-readable `localizeMessage` when the server sent one. `body` is the whole error
    /// body for anything else (`statusCode`, `timestamp`, `validationErrors`).
    /// A 401 was already retried after a token refresh when that was possible; seeing it here
    /// means the user has to sign in again. Transient statuses (408, 429, 502, 503, 504) of
    /// idempotent endpoints were already retried as the [`RetryPolicy`](crate::RetryPolicy)
    /// allows; `details` holds the server's `Retry-After`, its request id and the raw body.
    #[error("{endpoint}: HTTP {status}: {message}")]
    Api {
        /// Endpoint id, e.g. `Orders.createOrder`.
        endpoint: &'static str,
        /// HTTP status code.
        status: u16,
        /// Server message, or the reason phrase when there was none.
        message: String,
        /// The server's `localizeMessage`, meant for end users.
        localize_message: Option<String>,
        /// The error body (JSON, or a JSON string holding a non-JSON body), read up to
        /// [`ApiDetails::MAX_RAW_BODY`]. Boxed to keep `Result<T, Error>` small on the success
        /// path.
        body: Box<JsonValue>,
        /// `Retry-After`, request id and the raw body of the answer.
        details: Box<ApiDetails>,
    },

    /// The server answered with a redirect (3xx), which the client does not follow.
    ///
    /// Following it would send the app token and the request body (a password at sign-in,
    /// the refresh token at refresh) to whatever the `Location` names, possibly another
    /// origin; no OneEntry endpoint redirects, so a redirect points at a misconfigured
    /// project URL or a proxy in the way. Check the URL given to
    /// [`Client::builder`](crate::Client::builder).
    ///
    /// With a caller-supplied HTTP client that followed a redirect on its own, `status` is the
    /// final answer's and `location` the URL that answered; the answer is not decoded.
    #[error("{endpoint}: HTTP {status}: redirect to {} not followed", location_summary(.location.as_deref()))]
    Redirect {
        /// Endpoint id.
        endpoint: &'static str,
        /// HTTP status code of the redirect.
        status: u16,
        /// The `Location` header, when there was a valid one.
        location: Option<String>,
    },

    /// The request did not complete: DNS, connect, TLS, a reset, or reading the body failed.
    ///
    /// Usually transient. `delivery` says whether the request may have reached the server:
    /// with [`Delivery::OutcomeUnknown`] a call that creates something (an order) may have
    /// done so; look before sending it again. Idempotent calls were already retried as the
    /// [`RetryPolicy`](crate::RetryPolicy) allows.
    #[error("{endpoint}: {}{}", transport_summary(.source), delivery_suffix(*.delivery))]
    Transport {
        /// Endpoint id.
        endpoint: &'static str,
        /// Whether the request may have reached the server.
        delivery: Delivery,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },

    /// The call ran out of time: its deadline passed, one attempt took longer than the
    /// per-attempt timeout, or connecting took longer than the connect timeout.
    ///
    /// `delivery` says whether the request may have reached the server (see
    /// [`Error::Transport`]). The deadline covers everything a call does: a token refresh,
    /// every attempt, the backoff between them and reading the body.
    #[error("{endpoint}: {kind} timed out after {elapsed:.2?}{}", delivery_suffix(*.delivery))]
    Timeout {
        /// Endpoint id.
        endpoint: &'static str,
        /// Which limit was reached.
        kind: TimeoutKind,
        /// Time from the start of the call to the failure.
        elapsed: Duration,
        /// Whether the request may have reached the server.
        delivery: Delivery,
    },

    /// The response body is larger than the client's limit
    /// ([`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size), 32 MiB by
    /// default). Nothing beyond the limit was read; when the server announced the size with
    /// `Content-Length` (`declared`), nothing at all was read.
    ///
    /// The request itself reached the server and may have had its effect.
    #[error("{endpoint}: the response body (HTTP {status}) is larger than the limit of {limit} bytes{}", declared_suffix(*.declared))]
    BodyTooLarge {
        /// Endpoint id.
        endpoint: &'static str,
        /// HTTP status of the answer.
        status: u16,
        /// The limit in bytes.
        limit: u64,
        /// The size the server announced in `Content-Length`, if it did.
        declared: Option<u64>,
    },

    /// A 2xx answer did not match the expected response type.
    ///
    /// `path` locates the offending value (`items[0].totalSum`; `.` for the whole body, which
    /// is also used when the body is not JSON). The server's data model probably changed;
    /// report it, the call itself has succeeded on the server.
    #[error("{endpoint}: unexpected response (HTTP {status}) at `{path}`: {message}")]
    Decode {
        /// Endpoint id.
        endpoint: &'static str,
        /// HTTP status code of the answer.
        status: u16,
        /// JSON path of the value that did not decode.
        path: String,
        /// What was wrong with it.
        message: String,
    },

    /// The endpoint needs a signed-in user, and the session holds neither an access token nor
    /// a refresh token. No request was sent.
    ///
    /// Call `client.auth_provider().auth(..)` first, or restore a saved session with
    /// [`ClientBuilder::session_tokens`](crate::ClientBuilder::session_tokens).
    #[error(
        "{endpoint}: not signed in: call `auth_provider().auth(..)` first or restore a session"
    )]
    NotSignedIn {
        /// Endpoint id.
        endpoint: &'static str,
    },

    /// The request could not be built: the body did not serialise to a JSON object, or a path
    /// parameter was missing, unknown or empty. No request was sent; this is a bug in the
    /// calling code or in the generated API, not a server problem.
    #[error("{endpoint}: cannot build the request: {message}")]
    Encode {
        /// Endpoint id.
        endpoint: &'static str,
        /// What could not be encoded.
        message: String,
    },

    /// Walking the pages of a list did not end: the server kept answering full pages past
    /// the page limit of [`Pages`](crate::Pages) ([`Pages::max_pages`](crate::Pages::max_pages)),
    /// answered a page that repeats the previous one (it ignores `offset`), or the request
    /// asked for pages of fewer than one item. The pages read so far were returned.
    #[error("{endpoint}: paging stopped: {message}")]
    Paging {
        /// Endpoint id.
        endpoint: &'static str,
        /// Why paging stopped.
        message: String,
    },

    /// The client configuration is invalid (base URL, app token, device metadata, HTTP client).
    /// Returned by [`ClientBuilder::build`](crate::ClientBuilder::build); fix the configuration.
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },
}

/// Whether a failed request may have reached the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Delivery {
    /// The request provably had no effect: it never left this process (connecting failed, or
    /// the call gave up before sending), or the server refused it with 401 and the deadline
    /// passed during the token refresh that followed. Sending it again cannot duplicate
    /// anything.
    NotSent,
    /// The request may have reached the server and had its effect: the connection broke or
    /// timed out after it was (or while it was being) written.
    OutcomeUnknown,
}

/// Which time limit ended a call, see [`Error::Timeout`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// The call's deadline ([`ClientBuilder::deadline`](crate::ClientBuilder::deadline)).
    Deadline,
    /// One attempt's timeout ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)).
    Attempt,
    /// Establishing the connection
    /// ([`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout)).
    Connect,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Deadline => "the call's deadline",
            Self::Attempt => "the attempt",
            Self::Connect => "connecting",
        })
    }
}

/// What an error answer carried besides its message; see [`Error::Api`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiDetails {
    /// The server's `Retry-After` (seconds or an HTTP date), as a wait from when the answer
    /// arrived.
    pub retry_after: Option<Duration>,
    /// The request id the server or a proxy in front of it sent, from the first of the
    /// headers `x-request-id`, `x-correlation-id`, `request-id`, `cf-ray` present. Quote it
    /// when reporting a problem to the operator.
    pub request_id: Option<String>,
    /// The first [`MAX_RAW_BODY`](Self::MAX_RAW_BODY) bytes of the body, as received.
    pub raw_body: Vec<u8>,
    /// The body was longer than `raw_body`.
    pub truncated: bool,
}

impl ApiDetails {
    /// How much of an error body is kept (64 KiB); the rest is not read.
    pub const MAX_RAW_BODY: usize = 64 * 1024;
}

impl Error {
    /// HTTP status of the answer, for [`Error::Api`], [`Error::Decode`] and
    /// [`Error::BodyTooLarge`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::Decode { status, .. }
            | Self::Redirect { status, .. }
            | Self::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the same call may succeed later: transport failures, timeouts, and the
    /// statuses 408, 429, 502, 503 and 504.
    ///
    /// This says nothing about whether re-sending is *safe*: for a call that creates
    /// something, check [`delivery`](Self::delivery) first, and wait at least
    /// [`retry_after`](Self::retry_after) when the server said so.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api { status, .. } => crate::retry::is_retryable_status(*status),
            Self::Transport { .. } | Self::Timeout { .. } => true,
            _ => false,
        }
    }

    /// Whether the failed request may have reached the server; `None` when the question does
    /// not arise (an answer arrived, or nothing was to be sent).
    pub fn delivery(&self) -> Option<Delivery> {
        match self {
            Self::Transport { delivery, .. } | Self::Timeout { delivery, .. } => Some(*delivery),
            _ => None,
        }
    }

    /// Whether a time limit ended the call ([`Error::Timeout`]).
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// The server's `Retry-After`, for [`Error::Api`].
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::Api { details, .. } => details.retry_after,
            _ => None,
        }
    }

    /// The request id of the answer, for [`Error::Api`]; see [`ApiDetails::request_id`].
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Api { details, .. } => details.request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the user has to sign in (again): an HTTP 401 that a token refresh could not
    /// fix, or [`Error::NotSignedIn`].
    pub fn is_unauthorized(&self) -> bool {
        matches!(
            self,
            Self::Api { status: 401, .. } | Self::NotSignedIn { .. }
        )
    }

    /// Id of the endpoint that failed (`Orders.createOrder`); `None` for [`Error::Config`].
    pub fn endpoint(&self) -> Option<&'static str> {
        match self {
            Self::Api { endpoint, .. }
            | Self::Transport { endpoint, .. }
            | Self::Timeout { endpoint, .. }
            | Self::BodyTooLarge { endpoint, .. }
            | Self::Decode { endpoint, .. }
            | Self::Redirect { endpoint, .. }
            | Self::NotSignedIn { endpoint }
            | Self::Encode { endpoint, .. }
            | Self::Paging { endpoint, .. } => Some(endpoint),
            Self::Config { .. } => None,
        }
    }

    /// Builds [`Error::Api`] from a non-2xx answer; the body is `details.raw_body`.
    pub(crate) fn api(endpoint: &'static str, status: u16, details: ApiDetails) -> Self {
        let (message, localize_message, body) = parse_error_body(status, &details.raw_body);
        Self::Api {
            endpoint,
            status,
            message,
            localize_message,
            body: Box::new(body),
            details: Box::new(details),
        }
    }
}

fn delivery_suffix(delivery: Delivery) -> &'static str {
    match delivery {
        Delivery::NotSent => "",
        Delivery::OutcomeUnknown => " (the request may have reached the server)",
    }
}

fn declared_suffix(declared: Option<u64>) -> String {
    declared.map_or_else(String::new, |n| format!(" (Content-Length {n})"))
}

/// Where a redirect pointed, for messages: scheme, host and path only, because a query string
/// can carry anything (codes, tokens) and error messages end up in logs.
fn location_summary(location: Option<&str>) -> String {
    match location {
        None => "an unknown location".to_owned(),
        Some(location) => {
            let end = location.find(['?', '#']).unwrap_or(location.len());
            format!("`{}`", &location[..end])
        }
    }
}

/// Longest non-JSON body text copied into `message` (HTML error pages can be huge; the whole
/// text stays available in `body`).
const MAX_TEXT_MESSAGE: usize = 300;

fn parse_error_body(status: u16, bytes: &[u8]) -> (String, Option<String>, JsonValue) {
    let text = String::from_utf8_lossy(bytes);
    if text.trim().is_empty() {
        return (reason_phrase(status), None, JsonValue::Null);
    }
    let Ok(body) = serde_json::from_str::<JsonValue>(&text) else {
        let message = truncate(text.trim(), MAX_TEXT_MESSAGE);
        return (message, None, JsonValue::String(text.into_owned()));
    };
    let message = match body.get("message") {
        Some(JsonValue::String(s)) if !s.is_empty() => Some(s.clone()),
        // NestJS validation errors: `"message": ["a must be a string", "b should not be empty"]`.
        Some(JsonValue::Array(items)) if !items.is_empty() => Some(
            items
                .iter()
                .map(|item| match item {
                    JsonValue::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => None,
    };
    let localize_message = match body.get("localizeMessage") {
        Some(JsonValue::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    let message = message
        .or_else(|| localize_message.clone())
        .unwrap_or_else(|| reason_phrase(status));
    (message, localize_message, body)
}

fn reason_phrase(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("unknown status")
        .to_owned()
}

pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A one-line cause for [`Error::Transport`]. The `reqwest::Error` itself stays available
/// through `source()`; repeating its text here would print it twice in error chains.
fn transport_summary(err: &reqwest::Error) -> &'static str {
    if err.is_timeout() {
        "request timed out"
    } else if err.is_connect() {
        "could not connect to the server"
    } else if err.is_body() || err.is_decode() {
        "failed to read the response body"
    } else if err.is_redirect() {
        "too many redirects"
    } else if err.is_builder() {
        "could not build the HTTP request"
    } else {
        "HTTP request failed"
    }
}

// The tests spell out every message, so they live beside this file to keep it readable.
#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;
