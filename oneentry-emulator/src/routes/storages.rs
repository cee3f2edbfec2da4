//! `Orders`: the project's order storages and their statuses (docs/wire.md#orders).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use oneentry_client::api::{OrderStatus, OrderStorage, PaymentAccountRef};

use super::orders::{storage, title};
use crate::error::ApiError;
use crate::extract::{PathParams, QueryParams, User};
use crate::project;
use crate::respond::json;
use crate::state::{AppState, lock};

const STORAGES: &str = "/api/content/orders-storage";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(STORAGES, get(list))
        .route(&format!("{STORAGES}/marker/{{marker}}"), get(by_marker))
        .route(
            &format!("{STORAGES}/marker/{{marker}}/order-statuses"),
            get(statuses),
        )
}

/// Positions count from 1 in fixture order, as in the admin panel.
fn position(index: usize) -> i64 {
    i64::try_from(index).map_or(i64::MAX, |index| index.saturating_add(1))
}

fn entity(index: usize, storage: &project::OrderStorage) -> OrderStorage {
    let mut out = OrderStorage::new(storage.id);
    out.identifier = Some(storage.marker.clone());
    out.localize_infos = Some(title(&storage.title));
    out.position = Some(position(index));
    out.form_identifier = Some(storage.form_identifier.clone());
    out.general_type_id = None;
    out.payment_account_identifiers = Some(
        storage
            .accounts
            .iter()
            .map(|account| PaymentAccountRef::new(account.identifier.clone()))
            .collect(),
    );
    out
}

/// GET ?langCode=&limit=&offset=: the storages, one page (a plain array).
async fn list(
    State(state): State<Arc<AppState>>,
    User(_user): User,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let limit = query.count("limit", 30)?;
    let offset = query.count("offset", 0)?;
    let storages: Vec<OrderStorage> = state
        .project
        .storages
        .iter()
        .enumerate()
        .skip(offset)
        .take(limit)
        .map(|(index, storage)| entity(index, storage))
        .collect();
    Ok(json(StatusCode::OK, query.language(), &storages))
}

/// GET /marker/{marker}?langCode=: one storage; 404 when unknown.
async fn by_marker(
    State(state): State<Arc<AppState>>,
    User(_user): User,
    PathParams(marker): PathParams<String>,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let (index, found) = state
        .project
        .storages
        .iter()
        .enumerate()
        .find(|(_, storage)| storage.marker == marker)
        .ok_or_else(|| ApiError::not_found(format!("Order storage `{marker}` not found")))?;
    Ok(json(
        StatusCode::OK,
        query.language(),
        &entity(index, found),
    ))
}

/// GET /marker/{marker}/order-statuses?langCode=&offset=&limit=: the storage's statuses,
/// one page. `isUsed` says whether some order (of any user) has the status.
async fn statuses(
    State(state): State<Arc<AppState>>,
    User(_user): User,
    PathParams(marker): PathParams<String>,
    query: QueryParams,
) -> Result<Response, ApiError> {
    let storage = storage(&state.project, &marker)?;
    let offset = query.count("offset", 0)?;
    let limit = query.count("limit", 30)?;
    let store = lock(&state.store);
    let statuses: Vec<OrderStatus> = storage
        .statuses
        .iter()
        .enumerate()
        .skip(offset)
        .take(limit)
        .map(|(index, status)| {
            let mut out = OrderStatus::new();
            out.id = Some(position(index));
            out.identifier = Some(status.identifier.clone());
            out.localize_infos = Some(title(&status.title));
            out.position = Some(position(index));
            out.is_used = Some(store.status_used(storage.id, &status.identifier));
            out.is_default = Some(status.is_default);
            out
        })
        .collect();
    drop(store);
    Ok(json(StatusCode::OK, query.language(), &statuses))
}
