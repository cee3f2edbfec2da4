//! The wire format of the 20 methods beyond the paid-order scenario (docs/wire.md#modules):
//! method, path, query order, body bytes and the per-method headers, as the emulator recorded
//! them. Answers are not checked here (see the flow tests); only what the client sends.

mod common;

use std::collections::BTreeMap;

use oneentry_client::api::{
    AuthData, FormField, NotificationData, OAuthRequest, OrderPreviewRequest, PreviewProduct,
    RefundQuantity, RefundRequestBody, SignUpRequest,
};
use oneentry_emulator::RecordedRequest;

fn line(r: &RecordedRequest) -> String {
    match &r.query {
        Some(query) => format!("{} {}?{query}", r.method, r.path),
        None => format!("{} {}", r.method, r.path),
    }
}

#[tokio::test]
async fn every_other_method_sends_what_the_sdk_sends() {
    let (emulator, client) = common::signed_in().await;
    let order = common::create_order(&client).await;
    let id = order.id;
    let app_token = emulator.app_token().to_owned();
    emulator.clear_requests();

    let auth = client.auth_provider();
    let sign_up = SignUpRequest::new(
        "reg",
        vec![
            AuthData::new("login", "u@example.com"),
            AuthData::new("password", "12345"),
        ],
        vec![FormField::new("string", "last_name", "Name".into())],
        NotificationData::new("u@example.com", Vec::new()),
    );
    let _ = auth.sign_up("email", sign_up).await;
    let _ = auth.generate_code("email", "u@example.com", "reg").await;
    let _ = auth
        .check_code("email", "u@example.com", "reg", "123456")
        .await;
    let _ = auth.activate_user("email", "u@example.com", "123456").await;
    let _ = auth
        .change_password("email", "u@example.com", "recover", "654321", 2, "new-pass")
        .await;
    let _ = auth.get_auth_providers().await;
    let _ = auth
        .get_auth_provider_by_marker("email")
        .lang_code("de_DE")
        .await;
    let _ = auth.get_active_sessions_by_marker("email").await;
    let oauth = OAuthRequest::new(
        "client",
        "secret",
        "code",
        "authorization_code",
        "https://app/cb",
    );
    let _ = auth.oauth("github", oauth).await;

    let orders = client.orders();
    let _ = orders.get_all_orders_storage().await;
    let _ = orders.get_orders_storage_by_marker("orders").await;
    let mut preview = OrderPreviewRequest::new();
    preview.products = Some(vec![PreviewProduct::new(15, 2)]);
    let _ = orders.preview_order(preview).await;
    let _ = orders
        .update_order_by_marker_and_id("orders", id, common::order(14, 2))
        .await;
    let _ = orders.get_all_statuses_by_storage_marker("orders").await;
    let _ = orders.get_refunds(id).await;
    let mut refund =
        RefundRequestBody::new(BTreeMap::from([("15".to_owned(), RefundQuantity::new(1))]));
    refund.note = Some("too big".to_owned());
    let _ = orders.create_refund_request(id, refund).await;
    let _ = orders.cancel_refund_request(id).await;

    let payments = client.payments();
    let _ = payments.get_accounts().await;
    let _ = payments.get_account_by_id(1).await;

    // Last: it ends the session when it succeeds.
    let _ = auth.logout_all("email").await;

    let sent = emulator.requests();
    let lines: Vec<String> = sent.iter().map(line).collect();
    let base = "/api/content/users-auth-providers";
    assert_eq!(
        lines,
        [
            format!("POST {base}/marker/email/users/sign-up"),
            format!("POST {base}/marker/email/users/generate-code"),
            format!("POST {base}/marker/email/users/check-code"),
            format!("POST {base}/marker/email/users/activate"),
            format!("POST {base}/marker/email/users/change-password"),
            format!("GET {base}?langCode=en_US&offset=0&limit=30"),
            format!("GET {base}/marker/email?langCode=de_DE"),
            format!("GET {base}/marker/email/users/sessions"),
            format!("POST {base}/marker/github/oauth"),
            "GET /api/content/orders-storage?langCode=en_US&limit=30&offset=0".to_owned(),
            "GET /api/content/orders-storage/marker/orders?langCode=en_US".to_owned(),
            "POST /api/content/orders-storage/orders/preview?langCode=en_US".to_owned(),
            format!("PUT /api/content/orders-storage/marker/orders/orders/{id}?langCode=en_US"),
            "GET /api/content/orders-storage/marker/orders/order-statuses?langCode=en_US&offset=0&limit=30".to_owned(),
            format!("GET /api/content/orders/{id}/refund"),
            format!("POST /api/content/orders/{id}/refund"),
            format!("DELETE /api/content/orders/{id}/refund"),
            "GET /api/content/payments/accounts".to_owned(),
            "GET /api/content/payments/accounts/1".to_owned(),
            format!("POST {base}/marker/email/users/logout-all"),
        ]
    );

    let bodies: Vec<&str> = sent.iter().map(|r| r.body.as_str()).collect();
    assert_eq!(
        bodies[0],
        r#"{"formIdentifier":"reg","authData":[{"marker":"login","value":"u@example.com"},{"marker":"password","value":"12345"}],"formData":{"en_US":[{"type":"string","marker":"last_name","value":"Name"}]},"notificationData":{"email":"u@example.com","phonePush":[]},"langCode":"en_US"}"#
    );
    assert_eq!(
        bodies[1],
        r#"{"userIdentifier":"u@example.com","eventIdentifier":"reg"}"#
    );
    assert_eq!(
        bodies[2],
        r#"{"userIdentifier":"u@example.com","eventIdentifier":"reg","code":"123456"}"#
    );
    assert_eq!(
        bodies[3],
        r#"{"userIdentifier":"u@example.com","code":"123456"}"#
    );
    assert_eq!(
        bodies[4],
        r#"{"userIdentifier":"u@example.com","eventIdentifier":"recover","code":"654321","type":2,"password1":"new-pass","password2":"new-pass"}"#
    );
    assert_eq!(
        bodies[8],
        r#"{"client_id":"client","client_secret":"secret","code":"code","grant_type":"authorization_code","redirect_uri":"https://app/cb"}"#
    );
    assert_eq!(
        bodies[11],
        r#"{"products":[{"productId":15,"quantity":2}]}"#
    );
    assert_eq!(
        bodies[12],
        r#"{"formIdentifier":"order","paymentAccountIdentifier":"cash","formData":{"en_US":[{"type":"string","marker":"name","value":"Christina Thomas"}]},"products":[{"productId":14,"quantity":2}]}"#
    );
    assert_eq!(
        bodies[15],
        r#"{"products":{"15":{"quantity":1}},"note":"too big"}"#
    );
    for (i, body) in bodies.iter().enumerate() {
        if ![0, 1, 2, 3, 4, 8, 11, 12, 15].contains(&i) {
            assert_eq!(*body, "", "{} has no body", lines[i]);
        }
    }

    for r in &sent {
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "{}",
            line(r)
        );
        assert_eq!(
            r.header("x-app-token"),
            Some(app_token.as_str()),
            "{}",
            line(r)
        );
        // x-device-metadata on POST only: not on GET, PUT or DELETE (docs/wire.md#headers).
        assert_eq!(
            r.method == "POST",
            r.header("x-device-metadata").is_some(),
            "{}",
            line(r)
        );
        assert!(
            r.header("authorization").is_some(),
            "signed in: {}",
            line(r)
        );
    }
    let logout_all = &sent[19];
    assert_eq!(
        logout_all.header("content-length"),
        Some("0"),
        "a POST without a body"
    );
}
