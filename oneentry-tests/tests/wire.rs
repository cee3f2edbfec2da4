//! What the client puts on the wire for each endpoint, as recorded by the emulator,
//! checked against docs/wire.md (headers, bodies, the per-method notes and the scenario).

mod common;

use oneentry_client::Client;
use oneentry_emulator::RecordedRequest;

/// The SDK's header order (docs/wire.md#headers); runtime headers such as `host` may sit in between.
const SDK_HEADER_ORDER: [&str; 4] = [
    "content-type",
    "x-app-token",
    "x-device-metadata",
    "authorization",
];

fn line(r: &RecordedRequest) -> String {
    match &r.query {
        Some(query) => format!("{} {}?{query}", r.method, r.path),
        None => format!("{} {}", r.method, r.path),
    }
}

fn assert_common_headers(r: &RecordedRequest, app_token: &str, bearer: Option<&str>) {
    assert_eq!(
        r.header("content-type"),
        Some("application/json"),
        "{}",
        line(r)
    );
    assert_eq!(r.header("x-app-token"), Some(app_token), "{}", line(r));
    let expected = bearer.map(|token| format!("Bearer {token}"));
    assert_eq!(
        r.header("authorization"),
        expected.as_deref(),
        "{}",
        line(r)
    );
    assert_eq!(
        r.method == "POST",
        r.header("x-device-metadata").is_some(),
        "metadata on POST only: {}",
        line(r)
    );
    let positions: Vec<usize> = SDK_HEADER_ORDER
        .iter()
        .filter_map(|name| r.headers.iter().position(|(n, _)| n == name))
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "header order of {}: {:?}",
        line(r),
        r.headers
    );
}

#[tokio::test]
async fn the_scenario_matches_the_sdk_capture() {
    let emulator = common::emulator().await;
    let client = common::client(&emulator);
    let app_token = emulator.app_token().to_owned();

    client
        .auth_provider()
        .auth("email", common::credentials("u@example.com", "123456"))
        .await
        .expect_err("u@example.com is not registered, the request still goes out");
    client
        .auth_provider()
        .auth(
            "email",
            common::credentials("your-user@email.com", "123456"),
        )
        .await
        .expect("auth");
    let access = client.session().access_token().expect("signed in");
    let order = common::create_order(&client).await;
    client
        .payments()
        .create_session(order.id)
        .await
        .expect("session");
    client
        .payments()
        .get_session_by_order_id(order.id)
        .await
        .expect("sessions");

    let sent = emulator.requests();
    let lines: Vec<String> = sent.iter().map(line).collect();
    let id = order.id;
    assert_eq!(
        lines,
        [
            "POST /api/content/users-auth-providers/marker/email/users/auth".to_owned(),
            "POST /api/content/users-auth-providers/marker/email/users/auth".to_owned(),
            "POST /api/content/orders-storage/marker/orders/orders".to_owned(),
            "POST /api/content/payments/sessions".to_owned(),
            format!("GET /api/content/payments/sessions/order/{id}"),
        ]
    );
    assert_eq!(
        sent[0].body,
        r#"{"authData":[{"marker":"email_reg","value":"u@example.com"},{"marker":"password_reg","value":"123456"}]}"#
    );
    assert_eq!(
        sent[2].body,
        r#"{"formIdentifier":"order","paymentAccountIdentifier":"cash","formData":{"en_US":[{"type":"string","marker":"name","value":"Christina Thomas"}]},"products":[{"productId":15,"quantity":1}]}"#
    );
    assert_eq!(
        sent[3].body,
        format!(r#"{{"orderId":{id},"type":"session","automaticTaxEnabled":false}}"#)
    );
    assert_eq!(sent[4].body, "");

    assert_common_headers(&sent[0], &app_token, None);
    assert_common_headers(&sent[1], &app_token, None);
    for request in &sent[2..] {
        assert_common_headers(request, &app_token, Some(access.expose()));
    }

    // One fingerprint per client, unlike the SDK's one per module (docs/wire.md#device-metadata).
    let metadata: Vec<&str> = sent
        .iter()
        .filter_map(|r| r.header("x-device-metadata"))
        .collect();
    assert_eq!(metadata.len(), 4);
    assert!(metadata.iter().all(|m| *m == metadata[0]), "{metadata:?}");
    let parsed: serde_json::Value = serde_json::from_str(metadata[0]).expect("metadata is JSON");
    let keys: Vec<&String> = parsed.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["fingerprint", "deviceInfo"]);
    assert!(
        parsed["fingerprint"]
            .as_str()
            .is_some_and(|f| f.starts_with("UQ_"))
    );
    let info: Vec<&String> = parsed["deviceInfo"]
        .as_object()
        .expect("an object")
        .keys()
        .collect();
    assert_eq!(info, ["os", "browser", "location"]);
}

#[tokio::test]
async fn each_endpoint_sends_its_method_path_query_and_body() {
    let (emulator, client) = common::signed_in().await;
    let (order, session) = common::create_paid_order(&client).await;
    let refresh_token = client.session().refresh_token().expect("signed in");
    emulator.clear_requests();

    let id = order.id;
    let sid = session.id;
    let o = client.orders();
    let p = client.payments();
    o.get_order_by_marker_and_id("orders", id)
        .await
        .expect("get order");
    o.get_order_by_marker_and_id("orders", id)
        .lang_code("de_DE")
        .await
        .expect("get order de");
    o.get_all_orders_by_marker("orders").await.expect("list");
    o.get_all_orders_by_marker("orders")
        .lang_code("fr_FR")
        .limit(5)
        .offset(10)
        .await
        .expect("page");
    p.get_session_by_id(sid).await.expect("session");
    p.get_sessions().await.expect("sessions");
    p.get_sessions()
        .offset(2)
        .limit(3)
        .await
        .expect("sessions page");
    p.create_session(id)
        .automatic_tax_enabled(true)
        .await
        .expect("taxed session");
    client
        .auth_provider()
        .refresh("email")
        .await
        .expect("refresh");
    let rotated = client.session().refresh_token().expect("still signed in");
    client
        .auth_provider()
        .logout("email")
        .await
        .expect("logout");

    let sent = emulator.requests();
    let lines: Vec<String> = sent.iter().map(line).collect();
    assert_eq!(
        lines,
        [
            format!("GET /api/content/orders-storage/marker/orders/orders/{id}?langCode=en_US"),
            format!("GET /api/content/orders-storage/marker/orders/orders/{id}?langCode=de_DE"),
            "GET /api/content/orders-storage/marker/orders/orders?langCode=en_US&limit=30&offset=0"
                .to_owned(),
            "GET /api/content/orders-storage/marker/orders/orders?langCode=fr_FR&limit=5&offset=10"
                .to_owned(),
            format!("GET /api/content/payments/sessions/{sid}"),
            "GET /api/content/payments/sessions/?offset=0&limit=30".to_owned(),
            "GET /api/content/payments/sessions/?offset=2&limit=3".to_owned(),
            "POST /api/content/payments/sessions".to_owned(),
            "POST /api/content/users-auth-providers/marker/email/users/refresh".to_owned(),
            "POST /api/content/users-auth-providers/marker/email/users/logout".to_owned(),
        ]
    );
    assert!(
        sent[..7].iter().all(|r| r.body.is_empty()),
        "GETs have no body"
    );
    assert_eq!(
        sent[7].body,
        format!(r#"{{"orderId":{id},"type":"session","automaticTaxEnabled":true}}"#)
    );
    assert_eq!(
        sent[8].body,
        format!(r#"{{"refreshToken":"{}"}}"#, refresh_token.expose())
    );
    assert_eq!(
        sent[9].body,
        format!(r#"{{"refreshToken":"{}"}}"#, rotated.expose())
    );
    // Refresh is a sign-in step: the SDK sends it without a bearer token when it refreshes by itself,
    // and an explicit call carries the current one like any other request.
    assert!(
        sent[9].header("authorization").is_some(),
        "logout needs the user's token"
    );
}

#[tokio::test]
async fn path_segments_and_query_values_are_percent_encoded() {
    let (emulator, client) = common::signed_in().await;
    emulator.clear_requests();
    let result = client
        .orders()
        .get_all_orders_by_marker("a b?c/d")
        .lang_code("en US&x=1")
        .await;
    assert!(result.is_err(), "no such storage");
    let sent = emulator.requests();
    assert_eq!(
        sent[0].path,
        "/api/content/orders-storage/marker/a%20b%3Fc%2Fd/orders"
    );
    assert_eq!(
        sent[0].query.as_deref(),
        Some("langCode=en%20US%26x%3D1&limit=30&offset=0")
    );
}

#[tokio::test]
async fn the_client_language_drives_defaults_and_localized_bodies() {
    let emulator = common::emulator().await;
    let client = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .language("de_DE")
        .build()
        .expect("config");
    common::sign_in(&emulator, &client).await;
    let order = common::create_order(&client).await;
    let stored = client
        .orders()
        .get_order_by_marker_and_id("orders", order.id)
        .await
        .expect("get");
    assert_eq!(stored.form_data[0].value, "Christina Thomas");

    let sent = emulator.requests();
    assert!(
        sent[1].body.contains(r#""formData":{"de_DE":[{"#),
        "{}",
        sent[1].body
    );
    assert_eq!(sent[2].query.as_deref(), Some("langCode=de_DE"));
}
