//! Refund requests: create, list, cancel, and the rules around them.

mod common;

use common::{Api, assert_error};
use oneentry_client::api::RefundRequest;
use serde_json::json;

fn refund(order: i64) -> String {
    format!("/api/content/orders/{order}/refund")
}

#[tokio::test]
async fn refund_lifecycle() {
    let api = Api::start().await;
    let (access, _) = api.login().await;
    let token = Some(access.as_str());
    let body = common::order_body(json!([
        { "productId": 15, "quantity": 2 }, { "productId": 1, "quantity": 1 } ]));
    let (status, order) = api.post(common::ORDERS, token, body).await;
    assert_eq!(status, 201, "{order}");
    let url = refund(1);

    assert_eq!(api.get(&url, token).await, (200, json!([])));
    let request = json!({ "products": { "15": { "quantity": 1 }, "1": { "quantity": 1 } },
                          "note": "Too big" });
    assert_eq!(
        api.post(&url, token, request.clone()).await,
        (201, json!(true))
    );
    assert_error(
        api.post(&url, token, request.clone()).await,
        400,
        "already has a pending refund",
    );

    let (status, list) = api.get(&url, token).await;
    assert_eq!(status, 200, "{list}");
    let typed: Vec<RefundRequest> = serde_json::from_value(list.clone()).expect("decodes");
    assert_eq!(typed.len(), 1);
    assert_eq!(list[0]["id"], 1);
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["amount"], 500);
    assert_eq!(list[0]["note"], "Too big");
    assert_eq!(list[0]["orderId"], 1);
    assert_eq!(list[0]["orderStorageId"], 1);
    assert_eq!(list[0]["userId"], 1);
    assert_eq!(list[0]["products"]["15"]["quantity"], 1);

    assert_eq!(api.delete(&url, token).await, (200, json!(true)));
    assert_error(api.delete(&url, token).await, 404, "no pending refund");
    let (_, list) = api.get(&url, token).await;
    assert_eq!(list[0]["status"], "canceled");

    // With nothing pending a new request may be made; without a note it is null.
    let answer = api
        .post(
            &url,
            token,
            json!({ "products": { "15": { "quantity": 2 } } }),
        )
        .await;
    assert_eq!(answer, (201, json!(true)));
    let (_, list) = api.get(&url, token).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[1]["id"], 2);
    assert_eq!(list[1]["status"], "pending");
    assert_eq!(list[1]["amount"], 800);
    assert_eq!(list[1]["note"], json!(null));
}

#[tokio::test]
async fn refund_errors() {
    let api = Api::two_users().await;
    let (access, _) = api.login_as("a@example.com", "pw-a").await;
    let (other, _) = api.login_as("b@example.com", "pw-b").await;
    let token = Some(access.as_str());
    api.create_order(&access, 15, 1).await;
    let url = refund(1);
    let one = json!({ "products": { "15": { "quantity": 1 } } });

    assert_error(api.get(&url, None).await, 401, "unauthorized");
    for (status, body) in [
        api.get(&url, Some(&other)).await,
        api.post(&url, Some(&other), one.clone()).await,
        api.delete(&url, Some(&other)).await,
        api.get(&refund(9), token).await,
    ] {
        assert_error((status, body), 404, "not found");
    }
    for (products, fragment) in [
        (
            json!({ "14": { "quantity": 1 } }),
            "product 14 is not in order 1",
        ),
        (json!({ "15": { "quantity": 2 } }), "between 1 and 1"),
        (json!({ "15": { "quantity": 0 } }), "between 1 and 1"),
        (json!({ "abc": { "quantity": 1 } }), "not a product id"),
        (json!({}), "products is empty"),
    ] {
        assert_error(
            api.post(&url, token, json!({ "products": products })).await,
            400,
            fragment,
        );
    }
    assert_error(api.post(&url, token, json!({})).await, 400, "products");
    assert_error(api.delete(&url, token).await, 404, "no pending refund");
    assert_eq!(api.get(&url, token).await, (200, json!([])));
}
