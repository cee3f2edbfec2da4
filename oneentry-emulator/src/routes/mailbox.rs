//! `GET /__emulator/mailbox?email=...`: the one-time codes the emulator "sent" a user.
//!
//! Not a OneEntry route. A real project e-mails activation and recovery codes; tests that
//! drive the emulator over HTTP (the official SDK's, or any other language's) read them here
//! instead. Like every route it needs the app token. In Rust, `Emulator::last_code` does the same.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use oneentry_client::localized::DEFAULT_LANGUAGE;
use serde_json::json;

use crate::error::ApiError;
use crate::extract::QueryParams;
use crate::state::{AppState, lock};

/// The emulator's own routes live under this prefix, apart from OneEntry's `/api`.
const MAILBOX: &str = "/__emulator/mailbox";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new().route(MAILBOX, get(mailbox))
}

/// The user's currently valid codes, oldest first: `[{"provider","event","code"}]`.
async fn mailbox(
    State(state): State<Arc<AppState>>,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let email = query.required("email")?;
    let store = lock(&state.store);
    let mails: Vec<_> = store
        .codes_of(email)
        .into_iter()
        .map(
            |(provider, event, code)| json!({ "provider": provider, "event": event, "code": code }),
        )
        .collect();
    Ok(crate::respond::json(
        StatusCode::OK,
        DEFAULT_LANGUAGE,
        &mails,
    ))
}
