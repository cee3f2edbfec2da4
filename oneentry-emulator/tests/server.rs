//! The server itself: JSON 404/405, the request log, binding rules, ids, shutdown.

mod common;

use std::io::ErrorKind;
use std::net::SocketAddr;
use std::time::Duration;

use common::{AUTH, Api, ORDERS, assert_error, auth_body, http_client};
use oneentry_emulator::{DEMO_APP_TOKEN, DEMO_USER_EMAIL, DEMO_USER_PASSWORD, Emulator};
use reqwest::Method;

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let api = Api::start().await;
    assert_error(
        api.get("/api/content/nothing-here", None).await,
        404,
        "cannot get /api/content/nothing-here",
    );
    assert_error(api.get("/", None).await, 404, "cannot get /");
    assert_error(api.get(AUTH, None).await, 405, "method get is not allowed");
    assert_error(
        api.send(Method::DELETE, ORDERS, None, None).await,
        405,
        "not allowed",
    );
}

#[tokio::test]
async fn an_endpoint_of_the_spec_without_a_handler_is_a_501_naming_it() {
    let emulator = Emulator::builder()
        .disable_endpoint("Payments.getAccounts")
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let (token, _) = api.login().await;
    let accounts = "/api/content/payments/accounts";
    assert_error(
        api.get(accounts, Some(&token)).await,
        501,
        "Payments.getAccounts (GET /api/content/payments/accounts) is not implemented",
    );
    // The others still answer, and the path is not a 404: the spec has it.
    let (status, account) = api.get(&format!("{accounts}/1"), Some(&token)).await;
    assert_eq!(status, 200, "{account}");
}

#[tokio::test]
async fn requests_are_recorded_as_sent() {
    let api = Api::start().await;
    let body = r#"{"authData":[{"marker":"email_reg","value":"your-user@email.com"},{"marker":"password_reg","value":"123456"}]}"#;
    let response = api
        .http
        .post(api.url(AUTH))
        .header("Content-Type", "application/json")
        .header("x-app-token", DEMO_APP_TOKEN)
        .header("x-device-metadata", r#"{"fingerprint":"UQ_1"}"#)
        .body(body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status().as_u16(), 201);
    api.http
        .get(api.url(
            "/api/content/orders-storage/marker/a%20b/orders?langCode=en%20US&limit=30&offset=0",
        ))
        .header("x-app-token", "wrong")
        .send()
        .await
        .expect("sent");

    let requests = api.emulator.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let auth = &requests[0];
    assert_eq!(auth.method, "POST");
    assert_eq!(auth.path, AUTH);
    assert_eq!(auth.query, None);
    assert_eq!(auth.body, body);
    assert_eq!(
        auth.body_json(),
        Some(auth_body("your-user@email.com", "123456"))
    );
    assert_eq!(auth.header("X-App-Token"), Some(DEMO_APP_TOKEN));
    let names: Vec<&str> = auth.headers.iter().map(|(name, _)| name.as_str()).collect();
    let position = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
    assert!(
        position("content-type") < position("x-app-token")
            && position("x-app-token") < position("x-device-metadata")
            && position("x-device-metadata") < usize::MAX,
        "headers in arrival order: {names:?}"
    );
    // Refused requests are recorded too, with the path and query exactly as sent.
    let list = &requests[1];
    assert_eq!(list.method, "GET");
    assert_eq!(list.path, "/api/content/orders-storage/marker/a%20b/orders");
    assert_eq!(
        list.query.as_deref(),
        Some("langCode=en%20US&limit=30&offset=0")
    );
    assert_eq!(list.body, "");
    assert_eq!(list.body_json(), None);

    api.emulator.clear_requests();
    assert!(api.emulator.requests().is_empty());
}

#[tokio::test]
async fn the_request_log_is_bounded() {
    let emulator = Emulator::builder()
        .request_log_capacity(3)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    for n in 0..5 {
        api.get(&format!("/n/{n}"), None).await;
    }
    let paths: Vec<String> = api
        .emulator
        .requests()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(paths, ["/n/2", "/n/3", "/n/4"]);
}

#[tokio::test]
async fn only_loopback_addresses_are_accepted() {
    for addr in ["0.0.0.0:0", "192.0.2.1:0", "[::]:0"] {
        let addr: SocketAddr = addr.parse().expect("address");
        let err = Emulator::builder()
            .addr(addr)
            .start()
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{addr}");
        assert!(err.to_string().contains("loopback"), "{err}");
    }
    let err = Emulator::builder()
        .app_token("")
        .start()
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}

#[tokio::test]
async fn builder_settings_and_demo_defaults() {
    let demo = Emulator::start().await.expect("starts");
    assert_eq!(demo.app_token(), DEMO_APP_TOKEN);
    assert_eq!(
        (demo.user_email(), demo.user_password()),
        (DEMO_USER_EMAIL, DEMO_USER_PASSWORD)
    );
    assert_eq!(demo.auth_provider_marker(), "email");
    assert!(
        demo.base_url().starts_with("http://127.0.0.1:"),
        "{}",
        demo.base_url()
    );
    assert_ne!(demo.addr().port(), 0);

    let custom = Emulator::builder()
        .app_token("secret-token")
        .user("me@example.com", "pw")
        .start()
        .await
        .expect("starts");
    assert_eq!(custom.app_token(), "secret-token");
    assert_eq!(custom.user_email(), "me@example.com");
    let api = Api::with(custom).await;
    let (access, _) = api.login_as("me@example.com", "pw").await;
    // Ids count per emulator: both start at 1.
    assert_eq!(api.create_order(&access, 15, 1).await["id"], 1);
    let demo = Api::with(demo).await;
    let (access, _) = demo.login().await;
    assert_eq!(demo.create_order(&access, 1, 1).await["id"], 1);
    assert_eq!(api.create_order(&api.login().await.0, 1, 1).await["id"], 2);
}

#[tokio::test]
async fn shutdown_and_drop_stop_the_server() {
    let http = http_client();
    let emulator = Emulator::start().await.expect("starts");
    let url = format!("{}{AUTH}", emulator.base_url());
    let reachable = http
        .post(&url)
        .body(auth_body("a", "b").to_string())
        .send()
        .await;
    assert!(reachable.is_ok());
    emulator.shutdown().await.expect("clean shutdown");
    assert!(
        http.post(&url).send().await.is_err(),
        "still listening after shutdown"
    );

    let emulator = Emulator::start().await.expect("starts");
    let url = format!("{}{AUTH}", emulator.base_url());
    drop(emulator);
    let fresh = http_client();
    let mut stopped = false;
    for _ in 0..50 {
        if fresh.get(&url).send().await.is_err() {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(stopped, "still listening after drop");
}
