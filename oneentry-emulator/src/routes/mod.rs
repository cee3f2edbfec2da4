//! The HTTP routes, the app-token check and the JSON 404/405 answers.

mod accounts;
mod auth;
mod mailbox;
mod orders;
mod payments;
mod providers;
mod refunds;
mod storages;
mod users;

pub use users::ACTIVATION_EVENT;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::middleware::from_fn_with_state;

use crate::error::ApiError;
use crate::record;
use crate::state::AppState;

/// All routes with their middleware: the request log, which also checks the app token
/// (one middleware layer rather than two: each costs a boxed future per request).
pub(crate) fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(auth::routes())
        .merge(users::routes())
        .merge(mailbox::routes())
        .merge(providers::routes())
        .merge(orders::routes())
        .merge(storages::routes())
        .merge(refunds::routes())
        .merge(payments::routes())
        .merge(accounts::routes())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // The request log has read the body under the builder's limit already; axum's own
        // default (2 MiB) would override a larger one.
        .layer(DefaultBodyLimit::disable())
        .layer(from_fn_with_state(state.clone(), record::record))
        .with_state(state)
}

/// Every request needs `x-app-token` equal to the project's app token: the refusal, if any.
///
/// Answers 403, not 401: clients refresh the user's tokens on 401, which cannot help here.
pub(crate) fn app_token_refusal(state: &AppState, headers: &HeaderMap) -> Option<ApiError> {
    match headers.get("x-app-token") {
        None => Some(ApiError::forbidden(
            "Missing x-app-token header: every request needs the project's app token",
        )),
        Some(token) if token.as_bytes() == state.project.app_token.as_bytes() => None,
        Some(_) => Some(ApiError::forbidden(
            "Invalid app token in the x-app-token header",
        )),
    }
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("Cannot {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method {method} is not allowed on {}", uri.path()),
    )
}
