//! [`Reply`]: a successful answer with more than its value.

use hyper::header::{HeaderName, HeaderValue};

use super::error::{header_pair, json_response};
use super::{Bytes, MockError, Response, StatusCode};
use crate::endpoint::{Endpoint, Method};
use crate::localized::{DEFAULT_LANGUAGE, with_language};

/// A successful answer and how to send it, for handlers registered with
/// [`Router::on_reply`](super::Router::on_reply): a status other than the default (`201` for a
/// `POST`, `200` otherwise), another language for its `localized` fields than the request's,
/// extra headers.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<T> {
    value: T,
    status: Option<StatusCode>,
    language: Option<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl<T> Reply<T> {
    /// `value`, sent as a handler registered with [`on`](super::Router::on) would send it.
    pub fn new(value: T) -> Self {
        Self {
            value,
            status: None,
            language: None,
            headers: Vec::new(),
        }
    }

    /// Answers with `status` (a 2xx, or the client reads the value as an error body).
    #[must_use]
    pub fn status(mut self, status: StatusCode) -> Self {
        self.status = Some(status);
        self
    }

    /// Writes `localized` fields as `{"<language>": value}` in `language`.
    #[must_use]
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Adds a header; a name or value that is not valid in HTTP is left out.
    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.extend(header_pair(name, value));
        self
    }
}

impl<T> From<T> for Reply<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T: serde::Serialize> Reply<T> {
    /// The HTTP answer to a request for `endpoint` that asked for `language`.
    pub(super) fn into_response(
        self,
        endpoint: &Endpoint,
        language: Option<&str>,
    ) -> Response<Bytes> {
        let language = self
            .language
            .as_deref()
            .or(language)
            .unwrap_or(DEFAULT_LANGUAGE);
        let bytes = match with_language(language, || serde_json::to_vec(&self.value)) {
            Ok(bytes) => bytes,
            Err(err) => {
                let message = format!("{}: the answer did not serialise: {err}", endpoint.id);
                return MockError::internal(message).into_response();
            }
        };
        // OneEntry's framework answers a `POST` with 201 Created, everything else with 200.
        let status = self.status.unwrap_or(match endpoint.method {
            Method::Post => StatusCode::CREATED,
            _ => StatusCode::OK,
        });
        let mut response = json_response(status, Bytes::from(bytes));
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}
