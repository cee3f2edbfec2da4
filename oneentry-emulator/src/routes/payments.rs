//! `Payments`: payment sessions of a user's orders (docs/wire.md#payments).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use oneentry_client::api::{PaymentSession, SessionStatus, SessionType, SessionsPage};
use oneentry_client::localized::DEFAULT_LANGUAGE;
use serde::Deserialize;

use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams, QueryParams, User};
use crate::project::AccountKind;
use crate::respond::json;
use crate::state::{AppState, SessionRecord, lock};
use crate::time::now_iso8601;

const SESSIONS: &str = "/api/content/payments/sessions";

pub(super) fn routes() -> Router<Arc<AppState>> {
    // The SDK lists with a trailing slash and creates without one; both forms are accepted
    // for both, since a client that normalises slashes should not get a 404.
    Router::new()
        .route(SESSIONS, get(list).post(create))
        .route(&format!("{SESSIONS}/"), get(list).post(create))
        .route(&format!("{SESSIONS}/order/{{id}}"), get(by_order))
        .route(&format!("{SESSIONS}/{{id}}"), get(by_id))
}

/// Body of `createSession`. The spec declares its fields as body parameters, not as a
/// model, so the emulator names it here; the SDK always sends all three keys.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct NewSession {
    order_id: i64,
    #[serde(default)]
    r#type: Option<SessionType>,
    #[serde(default)]
    #[allow(dead_code)] // Accepted and type-checked; taxes are not emulated.
    automatic_tax_enabled: Option<bool>,
}

fn order_not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Order {id} not found"))
}

/// POST /sessions: a `waiting` session for one of the caller's orders.
async fn create(
    State(state): State<Arc<AppState>>,
    User(user): User,
    JsonBody(body): JsonBody<NewSession>,
) -> Result<Response, ApiError> {
    let kind = body.r#type.unwrap_or(SessionType::Session);
    if let SessionType::Other(other) = &kind {
        return Err(ApiError::bad_request(format!(
            "type must be `session` or `intent`, got `{other}`"
        )));
    }
    let mut store = lock(&state.store);
    let order = store
        .order(&user, body.order_id)
        .ok_or_else(|| order_not_found(body.order_id))?;
    let account = state
        .project
        .storage_by_id(order.storage_id)
        .and_then(|storage| storage.account(&order.payment_account))
        .ok_or_else(|| ApiError::internal(format!("order {} has no payment account", order.id)))?;
    if kind == SessionType::Intent && account.kind != AccountKind::Stripe {
        return Err(ApiError::bad_request(format!(
            "Payment account `{}` is a custom account: it cannot open `intent` sessions",
            account.identifier
        )));
    }
    let id = store.next_session_id();
    let now = now_iso8601();
    let mut session = PaymentSession::new(
        id,
        now.clone(),
        now,
        kind.clone(),
        SessionStatus::Waiting,
        account.id,
        order.id,
    );
    if kind == SessionType::Intent {
        // A Stripe payment intent is confirmed by the client with its secret, not on a page.
        session.client_secret = Some(lock(&state.tokens).client_secret(id).into());
    } else {
        session.payment_url = account
            .checkout_url
            .as_ref()
            .map(|url| format!("{url}/{id}"));
    }
    store.add_session(SessionRecord {
        owner: user,
        session: session.clone(),
    });
    drop(store);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &session))
}

/// GET /sessions/order/{id}: an array with the order's sessions (the newest API's shape).
async fn by_order(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(id): PathParams<i64>,
) -> Result<Response, ApiError> {
    let store = lock(&state.store);
    store.order(&user, id).ok_or_else(|| order_not_found(id))?;
    let sessions: Vec<PaymentSession> = store
        .sessions_of_order(&user, id)
        .into_iter()
        .cloned()
        .collect();
    drop(store);
    Ok(json(StatusCode::OK, DEFAULT_LANGUAGE, &sessions))
}

/// GET /sessions/{id}: one of the caller's sessions.
async fn by_id(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(id): PathParams<i64>,
) -> Result<Response, ApiError> {
    let session = lock(&state.store)
        .session(&user, id)
        .cloned()
        .ok_or_else(|| ApiError::not_found(format!("Payment session {id} not found")))?;
    Ok(json(StatusCode::OK, DEFAULT_LANGUAGE, &session))
}

/// GET /sessions/?offset=&limit=: the caller's sessions, oldest first, one page.
async fn list(
    State(state): State<Arc<AppState>>,
    User(user): User,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let offset = query.count("offset", 0)?;
    let limit = query.count("limit", 30)?;
    let (total, items): (usize, Vec<PaymentSession>) = {
        let store = lock(&state.store);
        let (total, page) = store.sessions_page(&user, offset, limit);
        (total, page.into_iter().cloned().collect())
    };
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    Ok(json(
        StatusCode::OK,
        query.language(),
        &SessionsPage::new(total, items),
    ))
}
