//! Order storages, their statuses, order previews and order updates.

mod common;

use common::{Api, ORDERS, STORAGES, assert_error, order_body};
use oneentry_client::api::{Order, OrderPreview, OrderStatus, OrderStorage};
use oneentry_client::localized;
use serde_json::json;

#[tokio::test]
async fn storages_are_listed_and_read_by_marker() {
    let api = Api::start().await;
    assert_error(api.get(STORAGES, None).await, 401, "unauthorized");
    let (access, _) = api.login().await;
    let token = Some(access.as_str());

    let (status, list) = api
        .get(
            &format!("{STORAGES}?langCode=en_US&limit=30&offset=0"),
            token,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    let typed: Vec<OrderStorage> =
        localized::with_language("en_US", || serde_json::from_value(list.clone()))
            .expect("decodes as OrderStorage[]");
    assert_eq!(typed.len(), 1);
    assert_eq!(typed[0].identifier.as_deref(), Some("orders"));
    assert_eq!(list[0]["formIdentifier"], "order");
    assert_eq!(list[0]["localizeInfos"]["en_US"]["title"], "Orders");
    assert_eq!(
        list[0]["paymentAccountIdentifiers"],
        json!([{ "identifier": "cash" }, { "identifier": "stripe" }])
    );
    let (status, page) = api.get(&format!("{STORAGES}?offset=1"), token).await;
    assert_eq!((status, page), (200, json!([])));

    let (status, one) = api
        .get(&format!("{STORAGES}/marker/orders?langCode=en_US"), token)
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one, list[0]);
    assert_error(
        api.get(&format!("{STORAGES}/marker/shop"), token).await,
        404,
        "order storage `shop` not found",
    );
}

#[tokio::test]
async fn statuses_are_paged_and_know_which_are_used() {
    let api = Api::start().await;
    let (access, _) = api.login().await;
    let token = Some(access.as_str());
    let url = format!("{STORAGES}/marker/orders/order-statuses");
    assert_error(api.get(&url, None).await, 401, "unauthorized");

    let (status, list) = api
        .get(&format!("{url}?langCode=en_US&offset=0&limit=30"), token)
        .await;
    assert_eq!(status, 200, "{list}");
    let typed: Vec<OrderStatus> =
        localized::with_language("en_US", || serde_json::from_value(list.clone()))
            .expect("decodes as OrderStatus[]");
    let ids: Vec<&str> = typed
        .iter()
        .filter_map(|s| s.identifier.as_deref())
        .collect();
    assert_eq!(ids, ["upcoming", "paid", "completed", "canceled"]);
    assert_eq!(list[0]["isDefault"], true);
    assert_eq!(list[1]["isDefault"], false);
    assert_eq!(list[0]["isUsed"], false);
    assert_eq!(list[1]["localizeInfos"]["en_US"]["title"], "Paid");

    api.create_order(&access, 1, 1).await;
    let (_, list) = api.get(&format!("{url}?offset=0&limit=2"), token).await;
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[0]["isUsed"], true);
    let (_, list) = api.get(&format!("{url}?offset=3&limit=30"), token).await;
    assert_eq!(list[0]["identifier"], "canceled");

    assert_error(
        api.get(&format!("{STORAGES}/marker/shop/order-statuses"), token)
            .await,
        404,
        "`shop`",
    );
}

#[tokio::test]
async fn preview_computes_totals_without_storing() {
    let api = Api::start().await;
    let url = format!("{STORAGES}/orders/preview?langCode=en_US");
    let body = json!({ "products": [
        { "productId": 15, "quantity": 2 }, { "productId": 1, "quantity": 1 } ] });
    assert_error(
        api.post(&url, None, body.clone()).await,
        401,
        "unauthorized",
    );
    let (access, _) = api.login().await;
    let token = Some(access.as_str());

    let (status, preview) = api.post(&url, token, body).await;
    assert_eq!(status, 201, "{preview}");
    assert_eq!(preview["totalSum"], 900);
    assert_eq!(preview["totalSumWithDiscount"], 900);
    assert_eq!(preview["currency"], "USD");
    assert_eq!(preview["totalDue"], 900.0);
    assert_eq!(preview["orderPreview"][0]["id"], 15);
    assert_eq!(preview["orderPreview"][0]["price"], 400.0);
    assert_eq!(preview["orderPreview"][0]["quantity"], 2);
    assert_eq!(preview["orderPreview"][0]["discountPrice"], json!(null));
    let typed: OrderPreview = serde_json::from_value(preview).expect("decodes as OrderPreview");
    assert_eq!(typed.order_preview.len(), 2);

    assert_error(
        api.post(
            &url,
            token,
            json!({ "products": [{ "productId": 99, "quantity": 1 }] }),
        )
        .await,
        400,
        "product 99 does not exist",
    );
    assert_error(
        api.post(
            &url,
            token,
            json!({ "products": [{ "productId": 1, "quantity": 1 }], "couponCode": "X" }),
        )
        .await,
        400,
        "coupon",
    );
    let (status, empty) = api.post(&url, token, json!({})).await;
    assert_eq!(status, 201, "{empty}");
    assert_eq!(empty["totalSum"], 0);
    // Nothing was stored.
    let (_, page) = api.get(ORDERS, token).await;
    assert_eq!(page["total"], 0);
}

#[tokio::test]
async fn update_replaces_an_order_and_recomputes_totals() {
    let api = Api::two_users().await;
    let (access, _) = api.login_as("a@example.com", "pw-a").await;
    let (other, _) = api.login_as("b@example.com", "pw-b").await;
    let token = Some(access.as_str());
    let created = api.create_order(&access, 15, 1).await;
    assert_eq!(created["totalSum"], 400);
    let url = format!("{ORDERS}/1?langCode=en_US");

    let mut body = order_body(json!([
        { "productId": 14, "quantity": 2 }, { "productId": 1, "quantity": 1 } ]));
    body["paymentAccountIdentifier"] = json!("stripe");
    body["formData"] =
        json!({ "en_US": [ { "type": "string", "marker": "name", "value": "Jo" } ] });
    assert_error(api.put(&url, None, body.clone()).await, 401, "unauthorized");
    assert_error(
        api.put(&url, Some(&other), body.clone()).await,
        404,
        "order 1 not found",
    );
    assert_error(
        api.put(&format!("{ORDERS}/7"), token, body.clone()).await,
        404,
        "order 7 not found",
    );
    let mut bad = body.clone();
    bad["products"] = json!([{ "productId": 99, "quantity": 1 }]);
    assert_error(api.put(&url, token, bad).await, 400, "product 99");

    let (status, updated) = api.put(&url, token, body).await;
    assert_eq!(status, 200, "{updated}");
    assert_eq!(updated["id"], 1);
    assert_eq!(updated["totalSum"], 780);
    assert_eq!(updated["paymentAccountIdentifier"], "stripe");
    assert_eq!(updated["createdDate"], created["createdDate"]);
    assert_eq!(updated["statusIdentifier"], "upcoming");
    let typed: Order = localized::with_language("en_US", || serde_json::from_value(updated))
        .expect("decodes as Order");
    assert_eq!(typed.products.len(), 2);

    let (status, stored) = api.get(&url, token).await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["totalSum"], "780.00");
    assert_eq!(stored["formData"]["en_US"][0]["value"], "Jo");
    assert_eq!(
        stored["paymentUrl"], "https://checkout.emulator.invalid/pay",
        "the stripe account's checkout page"
    );
}
