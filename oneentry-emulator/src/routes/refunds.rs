//! `Orders`: refund requests of a user's orders, under `/api/content/orders` (docs/wire.md#orders).

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use oneentry_client::api::{RefundQuantity, RefundRequest, RefundRequestBody};
use oneentry_client::localized::DEFAULT_LANGUAGE;

use crate::error::ApiError;
use crate::extract::{JsonBody, PathParams, User};
use crate::money;
use crate::project::Project;
use crate::respond::json;
use crate::state::{AppState, OrderRecord, REFUND_CANCELED, REFUND_PENDING, RefundRecord, lock};
use crate::time::now_iso8601;

const REFUND: &str = "/api/content/orders/{id}/refund";

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new().route(REFUND, get(list).post(create).delete(cancel))
}

fn order_not_found(id: i64) -> ApiError {
    ApiError::not_found(format!("Order {id} not found"))
}

/// Checks the requested quantities against the order and returns the amount in cents:
/// every product must be in the order, with 1 ≤ quantity ≤ the ordered quantity.
fn refund_cents(
    project: &Project,
    order: &OrderRecord,
    products: &BTreeMap<String, RefundQuantity>,
) -> Result<i64, ApiError> {
    if products.is_empty() {
        return Err(ApiError::bad_request(
            "products is empty: a refund needs at least one product",
        ));
    }
    let mut amount: i64 = 0;
    for (key, wanted) in products {
        let id: i64 = key
            .parse()
            .map_err(|_| ApiError::bad_request(format!("products: `{key}` is not a product id")))?;
        let ordered: i64 = order
            .products
            .iter()
            .filter(|line| line.product_id == id)
            .map(|line| line.quantity)
            .sum();
        if ordered == 0 {
            return Err(ApiError::bad_request(format!(
                "products.{key}: product {id} is not in order {}",
                order.id
            )));
        }
        if wanted.quantity < 1 || wanted.quantity > ordered {
            return Err(ApiError::bad_request(format!(
                "products.{key}.quantity must be between 1 and {ordered} (the ordered quantity), got {}",
                wanted.quantity
            )));
        }
        let price = project.product(id).map_or(0, |product| product.price_cents);
        amount = price
            .checked_mul(wanted.quantity)
            .and_then(|sum| amount.checked_add(sum))
            .ok_or_else(|| ApiError::bad_request("The refund amount is too large"))?;
    }
    Ok(amount)
}

/// GET /orders/{id}/refund: the refund requests of one of the caller's orders, oldest
/// first, canceled ones included.
async fn list(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(id): PathParams<i64>,
) -> Result<Response, ApiError> {
    let store = lock(&state.store);
    store.order(&user, id).ok_or_else(|| order_not_found(id))?;
    let refunds: Vec<RefundRequest> = store.refunds_of(&user, id).into_iter().cloned().collect();
    drop(store);
    Ok(json(StatusCode::OK, DEFAULT_LANGUAGE, &refunds))
}

/// POST /orders/{id}/refund: a `pending` request for part or all of one of the caller's
/// orders, answered `true`. 400 for products not in the order, too many pieces, or when a
/// request is already pending.
async fn create(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(id): PathParams<i64>,
    JsonBody(body): JsonBody<RefundRequestBody>,
) -> Result<Response, ApiError> {
    let mut store = lock(&state.store);
    let order = store.order(&user, id).ok_or_else(|| order_not_found(id))?;
    let amount = refund_cents(&state.project, order, &body.products)?;
    let storage_id = order.storage_id;
    if store.pending_refund_mut(&user, id).is_some() {
        return Err(ApiError::bad_request(format!(
            "Order {id} already has a pending refund request: cancel it first"
        )));
    }
    let mut request = RefundRequest::new(
        store.next_refund_id(),
        now_iso8601(),
        REFUND_PENDING,
        body.products,
        id,
    );
    request.amount = Some(money::number(amount));
    request.note = body.note;
    request.order_storage_id = Some(storage_id);
    request.user_id = store.user_id(&user);
    store.add_refund(RefundRecord {
        owner: user,
        request,
    });
    drop(store);
    Ok(json(StatusCode::CREATED, DEFAULT_LANGUAGE, &true))
}

/// DELETE /orders/{id}/refund: cancels the pending request of one of the caller's orders
/// (it stays listed as `canceled`), answered `true`; 404 when none is pending.
async fn cancel(
    State(state): State<Arc<AppState>>,
    User(user): User,
    PathParams(id): PathParams<i64>,
) -> Result<Response, ApiError> {
    let mut store = lock(&state.store);
    store.order(&user, id).ok_or_else(|| order_not_found(id))?;
    let request = store
        .pending_refund_mut(&user, id)
        .ok_or_else(|| ApiError::not_found(format!("Order {id} has no pending refund request")))?;
    request.status = REFUND_CANCELED.to_owned();
    drop(store);
    Ok(json(StatusCode::OK, DEFAULT_LANGUAGE, &true))
}
