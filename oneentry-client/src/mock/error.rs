//! [`MockError`]: an error answer with the body OneEntry gives its errors.

use std::fmt;

use hyper::StatusCode;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use super::{Bytes, Response};
use crate::{JsonMap, JsonValue};

/// An error answer: a status and a OneEntry error body
/// `{"statusCode", "message", "localizeMessage", "error"}` (`docs/wire.md#errors`), which the
/// client turns into `Error::Api` exactly as it does a real server's.
///
/// Handlers return it for the failures they emulate; the server answers its own (no handler,
/// a parameter that does not parse, an unknown route) with it too.
///
/// Boxed, so that a `Result<_, MockError>` stays one pointer wide on the error side
/// (clippy's `result_large_err` in the handlers of every user).
#[derive(Clone, PartialEq)]
pub struct MockError(Box<Inner>);

#[derive(Clone, PartialEq)]
struct Inner {
    status: StatusCode,
    message: String,
    fields: JsonMap,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl MockError {
    /// An error with any status; `localizeMessage` repeats the message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self(Box::new(Inner {
            status,
            message: message.into(),
            fields: JsonMap::new(),
            headers: Vec::new(),
        }))
    }

    /// 400: the request is malformed.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: no valid user token; the client refreshes its session on it.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403: no valid app token, or not allowed.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404: the entity does not exist.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 500: the server failed.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// Sets a key of the body: another `localizeMessage`, `validationErrors`, `timestamp`…
    /// `statusCode` and `message` keep the values of the status and message.
    #[must_use]
    pub fn field(mut self, key: impl Into<String>, value: impl Into<JsonValue>) -> Self {
        self.0.fields.insert(key.into(), value.into());
        self
    }

    /// Adds a header to the answer (`Retry-After` on a 429 or 503, say). A name or value that
    /// is not valid in HTTP is left out.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.0.headers.extend(header_pair(name, value));
        self
    }

    /// The status of the answer.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The `message` of the body.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The body as JSON.
    pub fn body(&self) -> JsonValue {
        let mut body = JsonMap::new();
        let Inner {
            status,
            message,
            fields,
            ..
        } = &*self.0;
        body.insert("statusCode".into(), status.as_u16().into());
        body.insert("message".into(), message.clone().into());
        body.insert("localizeMessage".into(), message.clone().into());
        let reason = status.canonical_reason().unwrap_or("Error");
        body.insert("error".into(), reason.into());
        for (key, value) in fields {
            if key != "statusCode" && key != "message" {
                body.insert(key.clone(), value.clone());
            }
        }
        JsonValue::Object(body)
    }

    /// The HTTP answer.
    pub fn into_response(self) -> Response<Bytes> {
        let body = Bytes::from(self.body().to_string());
        let mut response = json_response(self.0.status, body);
        for (name, value) in self.0.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

/// A header, if `name` and `value` are valid in HTTP.
pub(super) fn header_pair(name: &str, value: &str) -> Option<(HeaderName, HeaderValue)> {
    let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
    Some((name, HeaderValue::from_str(value).ok()?))
}

/// A JSON answer with `status`.
pub(super) fn json_response(status: StatusCode, body: Bytes) -> Response<Bytes> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

impl fmt::Debug for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockError")
            .field("status", &self.0.status.as_u16())
            .field("message", &self.0.message)
            .finish_non_exhaustive()
    }
}

impl fmt::Display for MockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.status.as_u16(), self.0.message)
    }
}

impl std::error::Error for MockError {}

impl From<super::ParamError> for MockError {
    fn from(err: super::ParamError) -> Self {
        Self::new(err.status(), err.to_string())
    }
}
