//! [`Error`]: everything a call can fail with, named after the endpoint that failed.
//!
//! Messages begin with the endpoint id (`Orders.createOrder: ...`) because a scenario chains
//! several calls and "HTTP 401" alone does not say which one. No variant carries a token:
//! request headers and bodies are never copied into an error.

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
    /// means the user has to sign in again.
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
        /// The full error body (JSON, or a JSON string holding a non-JSON body). Boxed to keep
        /// `Result<T, Error>` small on the success path.
        body: Box<JsonValue>,
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

    /// The request did not complete: DNS, connect, TLS, timeout, or reading the body failed.
    ///
    /// Usually transient; retry later. The request may or may not have reached the server, so
    /// be careful retrying calls that create things.
    #[error("{endpoint}: {}", transport_summary(.source))]
    Transport {
        /// Endpoint id.
        endpoint: &'static str,
        /// The underlying HTTP client error.
        source: reqwest::Error,
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

impl Error {
    /// HTTP status of the answer, for [`Error::Api`] and [`Error::Decode`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api { status, .. }
            | Self::Decode { status, .. }
            | Self::Redirect { status, .. } => Some(*status),
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
            | Self::Decode { endpoint, .. }
            | Self::Redirect { endpoint, .. }
            | Self::NotSignedIn { endpoint }
            | Self::Encode { endpoint, .. }
            | Self::Paging { endpoint, .. } => Some(endpoint),
            Self::Config { .. } => None,
        }
    }

    /// Builds [`Error::Api`] from a non-2xx answer.
    pub(crate) fn api(endpoint: &'static str, status: u16, body: &[u8]) -> Self {
        let (message, localize_message, body) = parse_error_body(status, body);
        Self::Api {
            endpoint,
            status,
            message,
            localize_message,
            body: Box::new(body),
        }
    }
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

fn truncate(text: &str, max_chars: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_from_a_oneentry_body() {
        let err = Error::api(
            "Orders.createOrder",
            401,
            br#"{"statusCode":401,"message":"Unauthorized","localizeMessage":"Please sign in"}"#,
        );
        assert_eq!(
            err.to_string(),
            "Orders.createOrder: HTTP 401: Unauthorized"
        );
        assert!(err.is_unauthorized());
        assert_eq!(err.status(), Some(401));
        assert_eq!(err.endpoint(), Some("Orders.createOrder"));
        let Error::Api {
            localize_message,
            body,
            ..
        } = &err
        else {
            panic!("not Api: {err:?}");
        };
        assert_eq!(localize_message.as_deref(), Some("Please sign in"));
        assert_eq!(body["statusCode"], 401);
    }

    #[test]
    fn nest_validation_messages_are_joined() {
        let err = Error::api(
            "AuthProvider.auth",
            400,
            br#"{"statusCode":400,"message":["authData must be an array","marker should not be empty"],"error":"Bad Request"}"#,
        );
        assert_eq!(
            err.to_string(),
            "AuthProvider.auth: HTTP 400: authData must be an array; marker should not be empty"
        );
        assert!(!err.is_unauthorized());
    }

    #[test]
    fn non_json_and_empty_bodies() {
        let err = Error::api("Payments.getSessions", 502, b"<html>Bad gateway</html>");
        assert_eq!(
            err.to_string(),
            "Payments.getSessions: HTTP 502: <html>Bad gateway</html>"
        );
        let Error::Api { body, .. } = &err else {
            panic!("not Api")
        };
        assert_eq!(**body, JsonValue::String("<html>Bad gateway</html>".into()));

        let err = Error::api("Payments.getSessions", 503, b"");
        assert_eq!(
            err.to_string(),
            "Payments.getSessions: HTTP 503: Service Unavailable"
        );
        let err = Error::api("Payments.getSessions", 404, br#"{"statusCode":404}"#);
        assert_eq!(err.to_string(), "Payments.getSessions: HTTP 404: Not Found");

        let long = "x".repeat(1000);
        let err = Error::api("Payments.getSessions", 500, long.as_bytes());
        let Error::Api { message, body, .. } = &err else {
            panic!("not Api")
        };
        assert_eq!(message.chars().count(), MAX_TEXT_MESSAGE + 1);
        assert_eq!(body.as_str().map(str::len), Some(1000));
    }

    #[test]
    fn redirect_messages_leave_out_the_query() {
        let err = Error::Redirect {
            endpoint: "AuthProvider.auth",
            status: 307,
            location: Some("https://elsewhere.example/login?code=abc#frag".into()),
        };
        assert_eq!(
            err.to_string(),
            "AuthProvider.auth: HTTP 307: redirect to `https://elsewhere.example/login` not followed"
        );
        assert_eq!(err.status(), Some(307));
        let err = Error::Redirect {
            endpoint: "AuthProvider.auth",
            status: 302,
            location: None,
        };
        assert_eq!(
            err.to_string(),
            "AuthProvider.auth: HTTP 302: redirect to an unknown location not followed"
        );
    }

    #[test]
    fn error_stays_small() {
        assert!(size_of::<Error>() <= 96, "{}", size_of::<Error>());
    }

    #[test]
    fn other_messages() {
        let err = Error::NotSignedIn {
            endpoint: "Orders.createOrder",
        };
        assert_eq!(
            err.to_string(),
            "Orders.createOrder: not signed in: call `auth_provider().auth(..)` first or restore a session"
        );
        assert!(err.is_unauthorized());
        assert_eq!(err.status(), None);

        let err = Error::Decode {
            endpoint: "Orders.getOrderByMarkerAndId",
            status: 200,
            path: "items[0].totalSum".into(),
            message: "invalid type: boolean `true`, expected a number".into(),
        };
        assert_eq!(
            err.to_string(),
            "Orders.getOrderByMarkerAndId: unexpected response (HTTP 200) at `items[0].totalSum`: invalid type: boolean `true`, expected a number"
        );
        assert_eq!(err.status(), Some(200));

        let err = Error::Encode {
            endpoint: "Orders.createOrder",
            message: "body is not an object".into(),
        };
        assert_eq!(
            err.to_string(),
            "Orders.createOrder: cannot build the request: body is not an object"
        );

        let source = reqwest::Client::new()
            .get("not a url")
            .build()
            .expect_err("builder error");
        let err = Error::Transport {
            endpoint: "Payments.getSessions",
            source,
        };
        assert_eq!(
            err.to_string(),
            "Payments.getSessions: could not build the HTTP request"
        );
        assert!(std::error::Error::source(&err).is_some());

        let err = Error::Config {
            message: "bad url".into(),
        };
        assert_eq!(err.to_string(), "invalid client configuration: bad url");
        assert_eq!(err.endpoint(), None);
    }
}
