//! OneEntry error answers: `{"statusCode", "message", "localizeMessage", "error"}`.
//!
//! Every failure, including unknown routes and unreadable bodies, answers with this JSON
//! body and the same HTTP status, because clients (and the official SDK) look for the
//! `statusCode` key to tell errors from data (`docs/wire.md`).

use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

/// A failed request, turned into a OneEntry error body by [`IntoResponse`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{status}: {message}")]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
}

impl ApiError {
    /// An error with any status.
    pub(crate) fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
        }
    }

    /// 400: the request is malformed or names something the project does not allow.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 401: no valid user token (or wrong credentials at sign-in). Clients refresh on it.
    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }

    /// 403: no valid app token. Not 401, so that clients do not start a token refresh.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404: the route or the entity does not exist (or belongs to another user).
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 500: a bug in the emulator; the message says what failed.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

/// The OneEntry error body for `status` and `message`, as JSON text.
pub(crate) fn error_body(status: StatusCode, message: &str) -> String {
    serde_json::json!({
        "statusCode": status.as_u16(),
        "message": message,
        "localizeMessage": message,
        "error": status.canonical_reason().unwrap_or("Error"),
    })
    .to_string()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = error_body(self.status, &self.message);
        let mut response = (self.status, body).into_response();
        response.headers_mut().insert(
            CONTENT_TYPE,
            axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn body_has_the_oneentry_shape() {
        let response = ApiError::forbidden("no app token").into_response();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let bytes = axum::body::to_bytes(response.into_body(), 1024).await;
        let body: serde_json::Value = bytes
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        assert_eq!(
            body,
            serde_json::json!({"statusCode": 403, "message": "no app token",
                "localizeMessage": "no app token", "error": "Forbidden"})
        );
    }
}
