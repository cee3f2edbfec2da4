//! `Orders`: refund requests of a user's orders, `/orders/{id}/refund` (docs/wire.md#orders).

use std::collections::BTreeMap;

use oneentry_client::JsonValue;
use oneentry_client::api::orders::ops;
use oneentry_client::api::{RefundQuantity, RefundRequest};
use oneentry_client::mock::MockError;

use super::{Answer, Call, Routes, order_not_found};
use crate::money;
use crate::project::Project;
use crate::state::{OrderRecord, REFUND_CANCELED, REFUND_PENDING, RefundRecord, lock};
use crate::time::now_iso8601;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetRefunds, list);
    routes.on(ops::CreateRefundRequest, create);
    routes.on(ops::CancelRefundRequest, cancel);
}

/// Checks the requested quantities against the order and returns the amount in cents:
/// every product must be in the order, with 1 ≤ quantity ≤ the ordered quantity.
fn refund_cents(
    project: &Project,
    order: &OrderRecord,
    products: &BTreeMap<String, RefundQuantity>,
) -> Result<i64, MockError> {
    if products.is_empty() {
        return Err(MockError::bad_request(
            "products is empty: a refund needs at least one product",
        ));
    }
    let mut amount: i64 = 0;
    for (key, wanted) in products {
        let id: i64 = key.parse().map_err(|_| {
            MockError::bad_request(format!("products: `{key}` is not a product id"))
        })?;
        let ordered: i64 = order
            .products
            .iter()
            .filter(|line| line.product_id == id)
            .map(|line| line.quantity)
            .sum();
        if ordered == 0 {
            return Err(MockError::bad_request(format!(
                "products.{key}: product {id} is not in order {}",
                order.id
            )));
        }
        if wanted.quantity < 1 || wanted.quantity > ordered {
            return Err(MockError::bad_request(format!(
                "products.{key}.quantity must be between 1 and {ordered} (the ordered quantity), got {}",
                wanted.quantity
            )));
        }
        let price = project.product(id).map_or(0, |product| product.price_cents);
        amount = price
            .checked_mul(wanted.quantity)
            .and_then(|sum| amount.checked_add(sum))
            .ok_or_else(|| MockError::bad_request("The refund amount is too large"))?;
    }
    Ok(amount)
}

/// GET /orders/{id}/refund: the refund requests of one of the caller's orders, oldest
/// first, canceled ones included.
fn list(call: &Call<'_>, request: ops::GetRefundsRequest) -> Answer<ops::GetRefunds> {
    let (user, id) = (call.user()?, request.id);
    let store = lock(&call.state.store);
    store.order(user, id).ok_or_else(|| order_not_found(id))?;
    Ok(store.refunds_of(user, id).into_iter().cloned().collect())
}

/// POST /orders/{id}/refund: a `pending` request for part or all of one of the caller's
/// orders, answered `true`. 400 for products not in the order, too many pieces, or when a
/// request is already pending.
fn create(
    call: &Call<'_>,
    request: ops::CreateRefundRequestRequest,
) -> Answer<ops::CreateRefundRequest> {
    let (user, id, body) = (call.user()?, request.id, request.body);
    let mut store = lock(&call.state.store);
    let order = store.order(user, id).ok_or_else(|| order_not_found(id))?;
    let amount = refund_cents(&call.state.project, order, &body.products)?;
    let storage_id = order.storage_id;
    if store.pending_refund_mut(user, id).is_some() {
        return Err(MockError::bad_request(format!(
            "Order {id} already has a pending refund request: cancel it first"
        )));
    }
    let mut refund = RefundRequest::new(
        store.next_refund_id(),
        now_iso8601(),
        REFUND_PENDING,
        body.products,
        id,
    );
    refund.amount = Some(money::number(amount));
    refund.note = body.note;
    refund.order_storage_id = Some(storage_id);
    refund.user_id = store.user_id(user);
    store.add_refund(RefundRecord {
        owner: user.to_owned(),
        request: refund,
    });
    Ok(JsonValue::Bool(true))
}

/// DELETE /orders/{id}/refund: cancels the pending request of one of the caller's orders
/// (it stays listed as `canceled`), answered `true`; 404 when none is pending.
fn cancel(
    call: &Call<'_>,
    request: ops::CancelRefundRequestRequest,
) -> Answer<ops::CancelRefundRequest> {
    let (user, id) = (call.user()?, request.id);
    let mut store = lock(&call.state.store);
    store.order(user, id).ok_or_else(|| order_not_found(id))?;
    let pending = store
        .pending_refund_mut(user, id)
        .ok_or_else(|| MockError::not_found(format!("Order {id} has no pending refund request")))?;
    pending.status = REFUND_CANCELED.to_owned();
    Ok(JsonValue::Bool(true))
}
