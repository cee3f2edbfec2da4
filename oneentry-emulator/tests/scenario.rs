//! The core scenario (docs/wire.md#scenario) over real HTTP: sign in, order, pay, read back.

mod common;

use common::{Api, ORDERS, SESSIONS, order_body};
use oneentry_client::api::{AuthEntity, Order, PaymentSession, StoredOrder};
use oneentry_client::localized;
use serde_json::{Value, json};

#[tokio::test]
async fn registered_user_pays_for_an_order() {
    let api = Api::start().await;

    // 1. Sign in with the SDK's exact body.
    let (status, auth) = api
        .post(
            common::AUTH,
            None,
            json!({ "authData": [
                { "marker": "email_reg", "value": "your-user@email.com" },
                { "marker": "password_reg", "value": "123456" } ] }),
        )
        .await;
    assert_eq!(status, 201, "{auth}");
    assert_eq!(auth["userIdentifier"], "your-user@email.com");
    assert_eq!(auth["authProviderIdentifier"], "email");
    let access = auth["accessToken"].as_str().expect("accessToken");
    assert!(
        access.starts_with("eyJ") && access.split('.').count() == 3,
        "{access}"
    );
    let refresh = auth["refreshToken"].as_str().expect("refreshToken");
    assert_eq!(refresh.split('-').count(), 3, "{refresh}");
    serde_json::from_value::<AuthEntity>(auth.clone()).expect("decodes as AuthEntity");

    // 2. Create an order with product 15 (price 400).
    let body = order_body(json!([{ "productId": 15, "quantity": 1 }]));
    let (status, order) = api.post(ORDERS, Some(access), body).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["id"], 1);
    assert_eq!(order["totalSum"], json!(400), "a number, not a string");
    assert_eq!(order["totalDue"].as_f64(), Some(400.0));
    assert_eq!(order["bonusApplied"].as_f64(), Some(0.0));
    assert_eq!(order["currency"], "USD");
    assert_eq!(order["formIdentifier"], "order");
    assert_eq!(order["paymentAccountIdentifier"], "cash");
    assert_eq!(
        order["products"],
        json!([{ "productId": 15, "quantity": 1 }])
    );
    assert_eq!(
        order["formData"],
        json!({ "en_US": [{ "type": "string", "marker": "name", "value": "Christina Thomas" }] })
    );
    assert_eq!(order["statusIdentifier"], "upcoming");
    assert_eq!(order["statusLocalizeInfos"]["en_US"]["title"], "Upcoming");
    assert_created_date(&order["createdDate"]);
    let discounts = &order["discountConfig"];
    assert_eq!(discounts["orderDiscounts"], json!([]));
    assert_eq!(discounts["productDiscounts"], json!([]));
    assert_eq!(discounts["coupon"], Value::Null);
    assert_eq!(discounts["settings"]["maxDiscountValue"], Value::Null);
    assert_eq!(discounts["settings"]["giftRefundPolicy"], "KEEP_GIFT");
    assert_eq!(discounts["bonus"]["availableBalance"].as_f64(), Some(0.0));
    assert_eq!(discounts["totalSumWithDiscount"].as_f64(), Some(400.0));
    let typed: Order = serde_json::from_value(order.clone()).expect("decodes as Order");
    assert_eq!(typed.total_sum.value(), 400.0);
    assert_eq!(typed.form_data.len(), 1);
    let order_id = typed.id;

    // 3. Open a payment session.
    let (status, session) = api
        .post(
            SESSIONS,
            Some(access),
            json!({ "orderId": order_id, "type": "session", "automaticTaxEnabled": false }),
        )
        .await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(session["id"], 1);
    assert_eq!(session["type"], "session");
    assert_eq!(session["status"], "waiting");
    assert_eq!(session["paymentAccountId"], 1);
    assert_eq!(session["orderId"], order_id);
    assert_eq!(
        session.get("paymentUrl"),
        Some(&Value::Null),
        "cash has no payment URL"
    );
    assert_eq!(session.get("amount"), Some(&Value::Null));
    assert_eq!(session["createdDate"], session["updatedDate"]);
    assert_created_date(&session["createdDate"]);
    serde_json::from_value::<PaymentSession>(session.clone()).expect("decodes as PaymentSession");

    // 4. Read the sessions back by the order's id: an array holding that session.
    let (status, sessions) = api
        .get(&format!("{SESSIONS}/order/{order_id}"), Some(access))
        .await;
    assert_eq!(status, 200, "{sessions}");
    assert_eq!(sessions, json!([session]));

    // The order as read back from its storage: `totalSum` is text with two decimals.
    let (status, stored) = api
        .get(&format!("{ORDERS}/{order_id}?langCode=en_US"), Some(access))
        .await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["totalSum"], "400.00");
    assert_eq!(stored["storageId"], 1);
    assert_eq!(stored["createdDate"], order["createdDate"]);
    assert_eq!(stored["isCompleted"], false);
    assert_eq!(stored.get("paymentUrl"), Some(&Value::Null));
    assert_eq!(stored["paymentAccountIdentifier"], "cash");
    assert_eq!(
        stored["paymentAccountLocalizeInfos"]["en_US"]["title"],
        "Cash"
    );
    let line = &stored["products"][0];
    assert_eq!(line["id"], 15);
    assert_eq!(line["quantity"], 1);
    assert_eq!(line["price"], 400);
    assert_eq!(line["isGift"], false);
    assert!(line["title"].is_string());
    assert_eq!(line.get("sku"), Some(&Value::Null));
    assert_eq!(line.get("previewImage"), Some(&Value::Null));
    let typed: StoredOrder = localized::with_language("en_US", || serde_json::from_value(stored))
        .expect("decodes as StoredOrder");
    assert_eq!(typed.total_sum.as_text(), Some("400.00"));

    // What the client sent is on record, in order.
    let paths: Vec<(String, String)> = api
        .emulator
        .requests()
        .into_iter()
        .map(|r| (r.method, r.path))
        .collect();
    assert_eq!(
        paths,
        vec![
            ("POST".to_owned(), common::AUTH.to_owned()),
            ("POST".to_owned(), ORDERS.to_owned()),
            ("POST".to_owned(), SESSIONS.to_owned()),
            ("GET".to_owned(), format!("{SESSIONS}/order/{order_id}")),
            ("GET".to_owned(), format!("{ORDERS}/{order_id}")),
        ]
    );
    api.emulator.shutdown().await.expect("clean shutdown");
}

/// `2026-06-06T11:38:21.644Z`: ISO-8601 UTC with milliseconds.
fn assert_created_date(value: &Value) {
    let text = value.as_str().expect("a date string");
    let bytes = text.as_bytes();
    assert_eq!(bytes.len(), 24, "{text}");
    for (index, expected) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ] {
        assert_eq!(bytes[index], expected, "{text}");
    }
    assert!(text.starts_with("20"), "{text}");
}
