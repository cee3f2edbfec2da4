//! `Orders`: create, preview, update, read and list a user's orders (docs/wire.md#orders).

use oneentry_client::Numeric;
use oneentry_client::api::orders::ops;
use oneentry_client::api::{
    BonusInfo, DiscountConfig, DiscountSettings, LocalizeInfo, Order, OrderLine, OrderPreview,
    OrderRequest, OrdersPage, PreviewLine, StoredOrder,
};
use oneentry_client::mock::MockError;

use super::{Answer, Call, Page, Routes, marked};
use crate::money;
use crate::project::{OrderStorage, Project};
use crate::state::{OrderRecord, lock};
use crate::time::now_iso8601;

pub(super) fn register(routes: &Routes<'_>) {
    routes.by_marker(ops::GetAllOrdersByMarker, list);
    routes.by_marker(ops::CreateOrder, create);
    routes.by_marker(ops::GetOrderByMarkerAndId, read);
    routes.by_marker(ops::UpdateOrderByMarkerAndId, update);
    routes.on(ops::PreviewOrder, preview);
}

marked!(
    ops::GetAllOrdersByMarkerRequest,
    ops::CreateOrderRequest,
    ops::GetOrderByMarkerAndIdRequest,
    ops::UpdateOrderByMarkerAndIdRequest,
);

/// Checks what `createOrder` and `updateOrderByMarkerAndId` send (form, payment account,
/// coupon, bonus, products) and returns the total in cents.
fn check_order(
    project: &Project,
    storage: &OrderStorage,
    body: &OrderRequest,
) -> Result<i64, MockError> {
    let marker = &storage.marker;
    if body.form_identifier != storage.form_identifier {
        return Err(MockError::bad_request(format!(
            "formIdentifier `{}` is not the order form of storage `{marker}` (expected `{}`)",
            body.form_identifier, storage.form_identifier
        )));
    }
    if storage.account(&body.payment_account_identifier).is_none() {
        let known: Vec<&str> = storage
            .accounts
            .iter()
            .map(|a| a.identifier.as_str())
            .collect();
        return Err(MockError::bad_request(format!(
            "paymentAccountIdentifier `{}` is not a payment account of storage `{marker}` (accounts: {})",
            body.payment_account_identifier,
            known.join(", ")
        )));
    }
    check_discounts(body.coupon_code.as_deref(), body.bonus_amount)?;
    let lines: Vec<(i64, i64)> = body
        .products
        .iter()
        .map(|line| (line.product_id, line.quantity))
        .collect();
    total_cents(project, &lines)
}

/// The emulator has no coupons and users have no bonus balance.
fn check_discounts(coupon: Option<&str>, bonus: Option<f64>) -> Result<(), MockError> {
    if let Some(code) = coupon {
        return Err(MockError::bad_request(format!(
            "Coupon `{code}` does not exist (the emulator has no coupons)"
        )));
    }
    if bonus.is_some_and(|bonus| bonus != 0.0) {
        return Err(MockError::bad_request(
            "bonusAmount must be 0: the user has no bonus balance",
        ));
    }
    Ok(())
}

/// POST .../orders: checks the form, the payment account and the products, then stores
/// the order with the storage's default status and answers it with a numeric `totalSum`.
fn create(
    call: &Call<'_>,
    storage: &OrderStorage,
    request: ops::CreateOrderRequest,
) -> Answer<ops::CreateOrder> {
    let project = &call.state.project;
    let body = request.body;
    let total_cents = check_order(project, storage, &body)?;
    let status = storage
        .default_status()
        .map(|status| status.identifier.clone())
        .ok_or_else(|| {
            MockError::internal(format!("storage `{}` has no statuses", storage.marker))
        })?;
    let record = {
        let mut store = lock(&call.state.store);
        let record = OrderRecord {
            id: store.next_order_id(),
            storage_id: storage.id,
            owner: call.user()?.to_owned(),
            form_identifier: body.form_identifier,
            payment_account: body.payment_account_identifier,
            form_data: body.form_data,
            products: body.products,
            total_cents,
            created_date: now_iso8601(),
            status,
        };
        store.add_order(record.clone());
        record
    };
    Ok(created_order(project, storage, record))
}

/// PUT .../orders/{id}: replaces the form data, products and payment account of one of the
/// caller's orders and recomputes the total; status, id and creation date stay. Checked
/// like `createOrder`; anyone else's order is a 404.
fn update(
    call: &Call<'_>,
    storage: &OrderStorage,
    request: ops::UpdateOrderByMarkerAndIdRequest,
) -> Answer<ops::UpdateOrderByMarkerAndId> {
    let project = &call.state.project;
    let (id, body) = (request.id, request.body);
    let record = {
        let mut store = lock(&call.state.store);
        let order = store
            .order_mut(call.user()?, id)
            .filter(|order| order.storage_id == storage.id)
            .ok_or_else(|| not_in_storage(id, storage))?;
        let total_cents = check_order(project, storage, &body)?;
        order.form_identifier = body.form_identifier;
        order.payment_account = body.payment_account_identifier;
        order.form_data = body.form_data;
        order.products = body.products;
        order.total_cents = total_cents;
        order.clone()
    };
    Ok(created_order(project, storage, record))
}

fn not_in_storage(id: i64, storage: &OrderStorage) -> MockError {
    MockError::not_found(format!(
        "Order {id} not found in storage `{}`",
        storage.marker
    ))
}

/// POST /orders-storage/orders/preview: the totals an order of these products would get,
/// without storing anything. No discounts apply, so `totalSumWithDiscount` equals
/// `totalSum` and every `discountPrice` is `null`. An empty or missing product list
/// previews to 0; an unknown product is a 400.
fn preview(call: &Call<'_>, request: ops::PreviewOrderRequest) -> Answer<ops::PreviewOrder> {
    let project = &call.state.project;
    let body = request.body;
    check_discounts(body.coupon_code.as_deref(), body.bonus_amount)?;
    let products = body.products.unwrap_or_default();
    let lines: Vec<(i64, i64)> = products
        .iter()
        .map(|line| (line.product_id, line.quantity))
        .collect();
    let total = if lines.is_empty() {
        0
    } else {
        total_cents(project, &lines)?
    };
    let preview_lines = lines
        .iter()
        .map(|&(id, quantity)| {
            let price = project.product(id).map_or(0, |p| p.price_cents);
            let mut line = PreviewLine::new(id, money::float(price), quantity);
            line.is_gift = Some(false);
            line
        })
        .collect();
    let mut preview = OrderPreview::new(money::number(total), preview_lines);
    preview.total_sum_with_discount = Some(money::number(total));
    preview.currency = Some(project.currency.clone());
    preview.discount_config = Some(no_discounts(total));
    preview.bonus_applied = Some(0.0);
    preview.total_due = Some(money::float(total));
    Ok(preview)
}

/// Σ price × quantity in cents. An unknown product id is a 400 (the body is wrong, the
/// route exists), as are an empty list and a quantity below 1.
fn total_cents(project: &Project, products: &[(i64, i64)]) -> Result<i64, MockError> {
    if products.is_empty() {
        return Err(MockError::bad_request(
            "products is empty: an order needs at least one product",
        ));
    }
    let mut total: i64 = 0;
    for (index, &(product_id, quantity)) in products.iter().enumerate() {
        if quantity < 1 {
            return Err(MockError::bad_request(format!(
                "products[{index}].quantity must be at least 1, got {quantity}"
            )));
        }
        let product = project.product(product_id).ok_or_else(|| {
            MockError::bad_request(format!(
                "products[{index}].productId: product {product_id} does not exist"
            ))
        })?;
        total = product
            .price_cents
            .checked_mul(quantity)
            .and_then(|sum| total.checked_add(sum))
            .ok_or_else(|| MockError::bad_request("The order total is too large"))?;
    }
    Ok(total)
}

/// A localize info with only a title.
pub(super) fn title(text: &str) -> LocalizeInfo {
    let mut info = LocalizeInfo::new();
    info.title = Some(text.to_owned());
    info
}

fn status_title(storage: &OrderStorage, status: &str) -> LocalizeInfo {
    title(storage.status(status).map_or(status, |s| s.title.as_str()))
}

/// The answer of `createOrder` and `updateOrderByMarkerAndId`, shaped like the scenario's order (docs/wire.md#scenario).
fn created_order(project: &Project, storage: &OrderStorage, record: OrderRecord) -> Order {
    let total = record.total_cents;
    let mut order = Order::new(
        record.id,
        record.form_identifier,
        record.payment_account,
        record.form_data,
        record.products,
        project.currency.clone(),
        money::number(total),
    );
    order.created_date = Some(record.created_date);
    order.status_localize_infos = Some(status_title(storage, &record.status));
    order.status_identifier = Some(record.status);
    order.discount_config = Some(no_discounts(total));
    order.bonus_applied = Some(0.0);
    order.total_due = Some(money::float(total));
    order
}

/// A discount configuration in which nothing applies.
fn no_discounts(total_cents: i64) -> DiscountConfig {
    let mut settings = DiscountSettings::new();
    settings.allow_stacking = Some(false);
    settings.allow_gift_stacking = Some(false);
    settings.gift_refund_policy = Some("KEEP_GIFT".to_owned());
    let mut bonus = BonusInfo::new();
    bonus.available_balance = Some(0.0);
    bonus.max_bonus_discount = Some(0.0);
    bonus.bonus_applied = Some(0.0);
    let mut config = DiscountConfig::new();
    config.order_discounts = Some(Vec::new());
    config.product_discounts = Some(Vec::new());
    config.coupon = Some(serde_json::Value::Null);
    config.settings = Some(settings);
    config.additional_discounts_markers = Some(Vec::new());
    config.total_raw = Some(money::float(total_cents));
    config.total_sum_with_discount = Some(money::float(total_cents));
    config.excluded_gift_product_ids = Some(Vec::new());
    config.bonus = Some(bonus);
    config.bonus_applied = Some(0.0);
    config.total_due = Some(money::float(total_cents));
    config
}

/// The read-back shape: `totalSum` as text with two decimals, products with title and price.
fn stored_order(
    project: &Project,
    storage: &OrderStorage,
    record: &OrderRecord,
) -> Result<StoredOrder, MockError> {
    let total = Numeric::text(money::text(record.total_cents))
        .map_err(|err| MockError::internal(format!("bad total: {err}")))?;
    let lines = record
        .products
        .iter()
        .map(|line| {
            let product = project.product(line.product_id);
            let mut out = OrderLine::new(line.product_id, line.quantity);
            out.title = product.map(|p| p.title.clone());
            out.sku = product.and_then(|p| p.sku.clone());
            out.price = product.map(|p| money::number(p.price_cents));
            out.is_gift = Some(false);
            out
        })
        .collect();
    let account = storage.account(&record.payment_account);
    let mut order = StoredOrder::new(
        record.id,
        record.storage_id,
        record.created_date.clone(),
        record.form_data.clone(),
        total,
        project.currency.clone(),
        lines,
    );
    order.status_identifier = Some(record.status.clone());
    order.status_localize_infos = Some(status_title(storage, &record.status));
    order.form_identifier = Some(record.form_identifier.clone());
    order.payment_account_identifier = Some(record.payment_account.clone());
    order.payment_account_localize_infos = account.map(|a| title(&a.title));
    order.payment_url = account.and_then(|a| a.checkout_url.clone());
    order.is_completed = Some(false);
    Ok(order)
}

/// GET .../orders/{id}: one of the caller's orders; anyone else's is a 404.
fn read(
    call: &Call<'_>,
    storage: &OrderStorage,
    request: ops::GetOrderByMarkerAndIdRequest,
) -> Answer<ops::GetOrderByMarkerAndId> {
    let id = request.id;
    let record = lock(&call.state.store)
        .order(call.user()?, id)
        .filter(|order| order.storage_id == storage.id)
        .cloned()
        .ok_or_else(|| not_in_storage(id, storage))?;
    stored_order(&call.state.project, storage, &record)
}

/// GET .../orders?langCode=&limit=&offset=: the caller's orders, oldest first, one page.
fn list(
    call: &Call<'_>,
    storage: &OrderStorage,
    request: ops::GetAllOrdersByMarkerRequest,
) -> Answer<ops::GetAllOrdersByMarker> {
    let page = Page::new(request.offset, request.limit)?;
    let (total, records): (usize, Vec<OrderRecord>) = {
        let store = lock(&call.state.store);
        let (total, records) = store.orders_page(call.user()?, storage.id, page.offset, page.limit);
        (total, records.into_iter().cloned().collect())
    };
    let items = records
        .iter()
        .map(|record| stored_order(&call.state.project, storage, record))
        .collect::<Result<Vec<_>, _>>()?;
    let total = i64::try_from(total).unwrap_or(i64::MAX);
    Ok(OrdersPage::new(total, items))
}
