//! Successful answers: a model serialised as JSON in the request's language.
//!
//! Fields the spec marks `localized` serialise as `{"<lang>": value}` only inside
//! [`localized::with_language`], so every answer goes through [`json`].

use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oneentry_client::localized;
use serde::Serialize;

use crate::error::ApiError;

/// Serialises `value` with `lang` as the ambient language.
pub(crate) fn json<T: Serialize>(status: StatusCode, lang: &str, value: &T) -> Response {
    match localized::with_language(lang, || serde_json::to_vec(value)) {
        Ok(bytes) => {
            let mut response = (status, bytes).into_response();
            response.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            response
        }
        Err(err) => {
            ApiError::internal(format!("could not encode the answer: {err}")).into_response()
        }
    }
}
