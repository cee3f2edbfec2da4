//! The type-side constructs of the spec format on the wire, against a loopback server: what
//! a tristate field, an integer enum, a tagged union, a self-referencing type and a built-in
//! type put in a request body, and what they decode from an answer.

mod support;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use oneentry_client::{Client, Patch};
use serde_json::{Value, json};
use support::loopback;

mod shop {
    oneentry_client::api!(spec = "tests/specs/spec_types.json", client = trait ShopApi);
}

use shop::{
    BankTransfer, CardPayment, Category, Payment, Product, ProductPatch, ShopApi, Status, Step,
};

/// Every request's path and raw body, in order.
type Log = Arc<Mutex<Vec<(String, String)>>>;

fn record(log: &Log, uri: &Uri, body: &Bytes) {
    if let Ok(mut log) = log.lock() {
        log.push((
            uri.path().to_owned(),
            String::from_utf8_lossy(body).into_owned(),
        ));
    }
}

/// The answer to `updateProduct`: `name` absent, `description` null, an unknown status.
async fn product(State(log): State<Log>, uri: Uri, body: Bytes) -> Response {
    record(&log, &uri, &body);
    axum::Json(json!({
        "id": 7,
        "description": null,
        "status": 9,
        "payments": [
            { "last4": "4242", "kind": "card", "status": 1 },
            { "kind": "bank", "iban": "DE89" },
            { "kind": "crypto", "coin": "btc" },
            { "coin": "eth" }
        ]
    }))
    .into_response()
}

/// Answers with what was sent, so the value decoded is the value encoded.
async fn echo(State(log): State<Log>, uri: Uri, body: Bytes) -> Response {
    record(&log, &uri, &body);
    let value: Value = serde_json::from_slice(&body).unwrap_or_default();
    axum::Json(value).into_response()
}

async fn payments(State(log): State<Log>, uri: Uri, body: Bytes) -> Response {
    record(&log, &uri, &body);
    let sent: Value = serde_json::from_slice(&body).unwrap_or_default();
    axum::Json(json!([sent, { "kind": 3 }])).into_response()
}

async fn receipt(State(log): State<Log>, uri: Uri, body: Bytes) -> Response {
    record(&log, &uri, &body);
    axum::Json(json!({
        "order": {
            "id": 116,
            "storageId": 1,
            "createdDate": "2026-11-30T12:00:00.000Z",
            "formData": { "en_US": [{ "type": "string", "marker": "name", "value": "Ann" }] },
            "totalSum": "300.00",
            "currency": "USD",
            "products": []
        },
        "kept": "paid"
    }))
    .into_response()
}

async fn serve() -> (Client, Log) {
    let log = Log::default();
    let app = Router::new()
        .route("/api/shop/products/{id}", put(product))
        .route("/api/shop/payments", post(payments))
        .route("/api/shop/categories", post(echo))
        .route("/api/shop/steps", post(echo))
        .route("/api/shop/orders", post(receipt))
        .with_state(log.clone());
    let url = loopback::serve(app).await;
    let client = Client::builder(url).build().expect("client");
    (client, log)
}

fn sent(log: &Log, path: &str) -> String {
    let log = log.lock().expect("log");
    let (_, body) = log
        .iter()
        .rev()
        .find(|(p, _)| p == path)
        .expect("a request to that path");
    body.clone()
}

#[tokio::test]
async fn tristate_fields_leave_out_send_null_or_send_a_value() {
    let (client, log) = serve().await;
    let mut patch = ProductPatch::new();
    patch.name = Patch::Value("Mugs".into());
    patch.description = Patch::Null;
    patch.status = Some(Status::Paid);
    let product = client
        .shop()
        .update_product(7, patch)
        .await
        .expect("update");

    // `price` is absent: not on the wire at all. The integer enum goes as its number.
    assert_eq!(
        sent(&log, "/api/shop/products/7"),
        r#"{"name":"Mugs","description":null,"status":1}"#
    );
    // Missing → Absent, null → Null.
    assert_eq!(product.name, Patch::Absent);
    assert_eq!(product.description, Patch::Null);
    // A number the spec does not list is kept.
    assert_eq!(product.status, Status::Other(9));
    assert_eq!(product.status.as_i64(), 9);
    assert_eq!(Status::from(2), Status::Failed);

    // An empty patch sends an empty object.
    client
        .shop()
        .update_product(7, ProductPatch::new())
        .await
        .expect("update");
    assert_eq!(sent(&log, "/api/shop/products/7"), "{}");
    let _: Product = product;
}

#[tokio::test]
async fn tagged_unions_choose_the_variant_by_tag_and_keep_unknown_tags_whole() {
    let (client, log) = serve().await;
    let product = client
        .shop()
        .update_product(7, ProductPatch::new())
        .await
        .expect("update");
    let [card, bank, crypto, untagged] = product.payments.as_slice() else {
        panic!("four payments: {:?}", product.payments)
    };
    // The tag may come after the fields; it is not a field of the variant.
    let Payment::Card(card) = card else {
        panic!("a card: {card:?}")
    };
    assert_eq!((card.last4.as_str(), card.status), ("4242", Status::Paid));
    assert!(card.extra.is_empty(), "{:?}", card.extra);
    assert_eq!(bank, &Payment::Bank(BankTransfer::new("DE89")));
    assert_eq!(
        crypto,
        &Payment::Other(json!({ "kind": "crypto", "coin": "btc" }))
    );
    assert_eq!(crypto.tag(), Some("crypto"));
    assert_eq!(untagged, &Payment::Other(json!({ "coin": "eth" })));
    assert_eq!(untagged.tag(), None);

    // Sent with the tag first; the answer holds it back, then an object whose tag is a number.
    let answer = client
        .shop()
        .pay(Payment::Card(CardPayment::new("1111", Status::Pending)))
        .await
        .expect("pay");
    assert_eq!(
        sent(&log, "/api/shop/payments"),
        r#"{"kind":"card","last4":"1111","status":0}"#
    );
    assert_eq!(
        answer,
        vec![
            Payment::Card(CardPayment::new("1111", Status::Pending)),
            Payment::Other(json!({ "kind": 3 })),
        ]
    );
}

#[tokio::test]
async fn self_referencing_types_go_and_come_back_whole() {
    let (client, log) = serve().await;
    // A tree through an array.
    let mut mugs = Category::new("mugs", Vec::new());
    mugs.children.push(Category::new("tall", Vec::new()));
    let tree = Category::new("kitchen", vec![mugs, Category::new("plates", Vec::new())]);
    let back = client.shop().plant_tree(tree.clone()).await.expect("tree");
    assert_eq!(
        sent(&log, "/api/shop/categories"),
        r#"{"name":"kitchen","children":[{"name":"mugs","children":[{"name":"tall","children":[]}]},{"name":"plates","children":[]}]}"#
    );
    assert_eq!(back, tree);

    // A linked list through an optional field, which is boxed.
    let mut first = Step::new("pick");
    let mut second = Step::new("pack");
    second.next = Some(Box::new(Step::new("ship")));
    first.next = Some(Box::new(second));
    let back = client.shop().walk(first.clone()).await.expect("steps");
    assert_eq!(
        sent(&log, "/api/shop/steps"),
        r#"{"label":"pick","next":{"label":"pack","next":{"label":"ship"}}}"#
    );
    assert_eq!(back, first);
    let labels: Vec<&str> = std::iter::successors(Some(&back), |s| s.next.as_deref())
        .map(|s| s.label.as_str())
        .collect();
    assert_eq!(labels, ["pick", "pack", "ship"]);
}

#[tokio::test]
async fn built_in_types_are_the_built_in_apis_own() {
    let (client, log) = serve().await;
    let body = oneentry_client::api::OrderRequest::new(
        "order",
        "cash",
        Vec::new(),
        vec![oneentry_client::api::OrderProduct::new(3, 2)],
    );
    let receipt = client.shop().order(body).await.expect("order");
    assert_eq!(
        sent(&log, "/api/shop/orders"),
        r#"{"formIdentifier":"order","paymentAccountIdentifier":"cash","formData":{"en_US":[]},"products":[{"productId":3,"quantity":2}]}"#
    );
    let order: oneentry_client::api::StoredOrder = receipt.order;
    assert_eq!((order.id, order.currency.as_str()), (116, "USD"));
    assert_eq!(order.form_data[0].marker, "name");
    assert_eq!(receipt.kept, oneentry_client::api::SessionStatus::Paid);
}
