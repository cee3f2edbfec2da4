//! What the mock server answers on its own, over raw HTTP: every failure a OneEntry error
//! body with its own status, bounded bodies, panicking handlers, shutdown.

use std::time::Duration;

use oneentry_client::api::{self, auth_provider::ops as auth_ops, orders::ops as order_ops};
use oneentry_client::mock::{MockServer, Router};
use serde_json::{Value, json};

/// Sends one request and returns the status, the `Allow` header and the JSON body.
async fn send(
    mock: &MockServer,
    method: &str,
    path: &str,
    body: Option<(&str, Vec<u8>)>,
) -> (u16, Option<String>, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = plain_http().request(method, format!("{}{path}", mock.url()));
    if let Some((content_type, bytes)) = body {
        request = request.header("content-type", content_type).body(bytes);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let allow = response
        .headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, allow, body)
}

async fn mock() -> MockServer {
    let mock = MockServer::start(api::ENDPOINTS).await.expect("start");
    mock.on(auth_ops::GenerateCode, |_| async { Ok(json!(true)) });
    mock.on(order_ops::CreateOrder, |_| async {
        Err(oneentry_client::mock::MockError::not_found(
            "no such storage",
        ))
    });
    mock
}

const GENERATE: &str = "/api/content/users-auth-providers/marker/email/users/generate-code";

fn message(body: &Value) -> &str {
    body["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn unknown_paths_and_methods_have_oneentry_bodies() {
    let mock = mock().await;
    let (status, _, body) = send(&mock, "GET", "/api/nothing", None).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"statusCode": 404, "message": "Cannot GET /api/nothing",
               "localizeMessage": "Cannot GET /api/nothing", "error": "Not Found"})
    );
    let (status, allow, body) = send(&mock, "PUT", GENERATE, None).await;
    assert_eq!((status, allow.as_deref()), (405, Some("POST")));
    assert_eq!(body["statusCode"], 405);
}

#[tokio::test]
async fn bodies_that_do_not_fit_are_400s_naming_the_place() {
    let mock = mock().await;
    let json_body = |text: &str| Some(("application/json", text.as_bytes().to_vec()));

    let (status, _, body) = send(
        &mock,
        "POST",
        GENERATE,
        json_body(r#"{"userIdentifier":"a"}"#),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        message(&body),
        "AuthProvider.generateCode: body parameter `eventIdentifier` is missing"
    );

    let (status, _, body) = send(
        &mock,
        "POST",
        GENERATE,
        json_body(r#"{"userIdentifier":1}"#),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        message(&body).contains("body parameter `userIdentifier` is not valid"),
        "{body}"
    );

    let orders = "/api/content/orders-storage/marker/orders/orders";
    let bad_order = r#"{"formIdentifier":"order","paymentAccountIdentifier":"cash","formData":[],"products":[{"productId":1,"quantity":"x"}]}"#;
    let (status, _, body) = send(&mock, "POST", orders, json_body(bad_order)).await;
    assert_eq!(status, 400);
    assert!(
        message(&body).contains("request body is not valid: at `products[0].quantity`"),
        "{body}"
    );

    let (status, _, body) = send(&mock, "POST", orders, json_body("")).await;
    assert_eq!(
        (status, message(&body)),
        (
            400,
            "Orders.createOrder: request body is empty: expected a JSON object"
        )
    );

    let (status, _, body) = send(&mock, "POST", orders, Some(("text/plain", b"{}".to_vec()))).await;
    assert_eq!(status, 415);
    assert!(
        message(&body).contains("Content-Type: application/json"),
        "{body}"
    );

    // A body that fits reaches the handler, whose error is answered as it said.
    let order = r#"{"formIdentifier":"order","paymentAccountIdentifier":"cash","formData":[],"products":[]}"#;
    let (status, _, body) = send(&mock, "POST", orders, json_body(order)).await;
    assert_eq!((status, message(&body)), (404, "no such storage"));
    assert_eq!(mock.received::<order_ops::CreateOrder>().len(), 1);
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_and_is_not_recorded() {
    let router = Router::new(api::ENDPOINTS);
    let mock = MockServer::builder(router)
        .max_body_size(1024)
        .start()
        .await
        .expect("start");
    let big = vec![b' '; 4096];
    let (status, _, body) = send(&mock, "POST", GENERATE, Some(("application/json", big))).await;
    assert_eq!(status, 413);
    assert_eq!(body["statusCode"], 413);
    assert!(mock.requests().is_empty());
}

#[tokio::test]
async fn a_handler_that_panics_is_a_500_and_the_server_goes_on() {
    let mock = mock().await;
    mock.on(auth_ops::GetAuthProviders, |req| async move {
        assert!(req.limit < 0, "a handler with a bug");
        Ok(Vec::new())
    });
    let (status, _, body) = send(&mock, "GET", "/api/content/users-auth-providers", None).await;
    assert_eq!(status, 500);
    assert_eq!(body["statusCode"], 500);
    let code = Some((
        "application/json",
        br#"{"userIdentifier":"a","eventIdentifier":"b"}"#.to_vec(),
    ));
    let (status, _, _) = send(&mock, "POST", GENERATE, code).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn the_context_carries_language_and_tokens_but_debug_shows_no_secret() {
    let mock = mock().await;
    mock.on_with_context(auth_ops::GetAuthProviders, |ctx, req| async move {
        assert_eq!(ctx.language(), "fr_FR");
        assert_eq!(req.lang_code.as_deref(), Some("fr_FR"));
        assert_eq!(
            ctx.bearer().map(|t| t.expose().to_owned()).as_deref(),
            Some("tok-1")
        );
        assert_eq!(
            ctx.app_token().map(|t| t.expose().to_owned()).as_deref(),
            Some("app-1")
        );
        let debug = format!("{ctx:?}");
        assert!(
            !debug.contains("tok-1") && !debug.contains("app-1"),
            "{debug}"
        );
        Ok(Vec::new())
    });
    let client = oneentry_client::Client::builder(mock.url())
        .app_token("app-1")
        .language("fr_FR")
        .session_tokens(Some("tok-1".into()), None)
        .build()
        .expect("client");
    let providers = client
        .auth_provider()
        .get_auth_providers()
        .await
        .expect("answer");
    assert!(providers.is_empty());
    let recorded = format!("{:?}", mock.requests());
    assert!(
        !recorded.contains("tok-1") && !recorded.contains("app-1"),
        "{recorded}"
    );
}

#[tokio::test]
async fn only_loopback_addresses_are_served() {
    let router = Router::new(api::ENDPOINTS);
    let addr = "0.0.0.0:0".parse().expect("address");
    let err = MockServer::builder(router)
        .addr(addr)
        .start()
        .await
        .expect_err("not loopback");
    assert!(err.to_string().contains("loopback"), "{err}");
}

/// Whether the server at `url` still accepts connections, asked until it stops (for at most
/// about five seconds: stopping is a task that has to run first).
async fn still_serving(url: &str) -> bool {
    for _ in 0..100 {
        let answer = plain_http()
            .get(format!("{url}/api/nothing"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        if answer.is_err() {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    true
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let stopped = mock().await;
    let url = stopped.url();
    stopped.shutdown().await.expect("shutdown");
    assert!(!still_serving(&url).await, "still answering after shutdown");

    let dropped = mock().await;
    let url = dropped.url();
    drop(dropped);
    assert!(!still_serving(&url).await, "still answering after drop");
}

/// A plain HTTP client (the client crate's builder: with its `rustls` feature, reqwest needs
/// the crypto provider that builder installs).
fn plain_http() -> reqwest::Client {
    oneentry_client::http_client_builder()
        .build()
        .expect("HTTP client")
}
