//! The spec's type constructs through the typed mock server: requests parsed into tristate
//! fields, integer enums, tagged unions, self-referencing and built-in types, and answers
//! serialised from them, as the client sends and decodes them.

use oneentry_client::api::{OrderProduct, OrderRequest, SessionStatus, StoredOrder};
use oneentry_client::mock::MockServer;
use oneentry_client::{Client, Numeric, Patch};
use serde_json::json;

mod shop {
    oneentry_client::api!(
        spec = "../oneentry-client/tests/specs/spec_types.json",
        client = trait ShopApi
    );
}

use shop::{
    BankTransfer, CardPayment, Category, Payment, Product, ProductPatch, Receipt, ShopApi, Status,
    Step,
};

fn client(mock: &MockServer) -> Client {
    Client::builder(mock.url()).build().expect("client")
}

#[tokio::test]
async fn tristate_fields_and_integer_enums_are_parsed_and_answered() {
    let mock = MockServer::start(shop::ENDPOINTS).await.expect("start");
    mock.on(shop::shop::ops::UpdateProduct, |req| async move {
        let mut product = Product::new(req.id, Status::from(7), Vec::new());
        // Absent stays out of the answer; Null is sent as null.
        product.name = Patch::Absent;
        product.description = req.body.description;
        Ok(product)
    });
    let mut patch = ProductPatch::new();
    patch.name = Patch::Value("Mugs".into());
    patch.description = Patch::Null;
    patch.status = Some(Status::Failed);
    let answer = client(&mock)
        .shop()
        .update_product(7, patch.clone())
        .await
        .expect("update");

    let received = mock.received::<shop::shop::ops::UpdateProduct>();
    assert_eq!(received[0].body, patch);
    assert_eq!(received[0].body.price, Patch::Absent);
    assert_eq!(
        mock.requests()[0].json(),
        Some(json!({"name": "Mugs", "description": null, "status": 2}))
    );
    assert_eq!(answer.name, Patch::Absent);
    assert_eq!(answer.description, Patch::Null);
    assert_eq!(answer.status, Status::Other(7));
}

#[tokio::test]
async fn unions_trees_and_lists_go_through_the_mock_whole() {
    let mock = MockServer::start(shop::ENDPOINTS).await.expect("start");
    mock.on(shop::shop::ops::Pay, |req| async move {
        Ok(vec![
            req.body,
            Payment::Bank(BankTransfer::new("DE89")),
            Payment::Other(json!({"kind": "crypto", "coin": "btc"})),
        ])
    });
    mock.on(
        shop::shop::ops::PlantTree,
        |req| async move { Ok(req.body) },
    );
    mock.on(shop::shop::ops::Walk, |req| async move { Ok(req.body) });
    let client = client(&mock);

    let card = Payment::Card(CardPayment::new("4242", Status::Paid));
    let paid = client.shop().pay(card.clone()).await.expect("pay");
    assert_eq!(mock.received::<shop::shop::ops::Pay>()[0].body, card);
    assert_eq!(
        mock.requests()[0].json(),
        Some(json!({"kind": "card", "last4": "4242", "status": 1}))
    );
    assert_eq!(paid[0], card);
    assert_eq!(paid[1], Payment::Bank(BankTransfer::new("DE89")));
    assert_eq!(paid[2].tag(), Some("crypto"));

    let tree = Category::new("kitchen", vec![Category::new("mugs", Vec::new())]);
    assert_eq!(
        client.shop().plant_tree(tree.clone()).await.expect("tree"),
        tree
    );
    let mut steps = Step::new("pick");
    steps.next = Some(Box::new(Step::new("ship")));
    assert_eq!(
        client.shop().walk(steps.clone()).await.expect("walk"),
        steps
    );
}

#[tokio::test]
async fn built_in_types_are_parsed_and_answered() {
    let mock = MockServer::start(shop::ENDPOINTS).await.expect("start");
    mock.on(shop::shop::ops::Order, |req| async move {
        let order = StoredOrder::new(
            116,
            1,
            "2026-11-30T12:00:00.000Z",
            Vec::new(),
            Numeric::from(12.5),
            "USD",
            Vec::new(),
        );
        assert_eq!(req.body.products, vec![OrderProduct::new(3, 2)]);
        Ok(Receipt::new(order, SessionStatus::Paid))
    });
    let body = OrderRequest::new("order", "cash", Vec::new(), vec![OrderProduct::new(3, 2)]);
    let receipt = client(&mock).shop().order(body).await.expect("order");
    assert_eq!((receipt.order.id, receipt.kept), (116, SessionStatus::Paid));
    assert_eq!(
        mock.received::<shop::shop::ops::Order>()[0]
            .body
            .form_identifier,
        "order"
    );
}
