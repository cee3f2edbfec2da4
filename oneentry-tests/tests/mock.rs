//! The typed mock server (`oneentry_client::mock`) with the built-in spec's operations:
//! routing, typed handlers, recorded requests and the answers it gives on its own.

use oneentry_client::api::{self, auth_provider::ops as auth_ops, payments::ops as pay_ops};
use oneentry_client::mock::{MockError, MockServer, Reply, Router, StatusCode};
use oneentry_client::{Client, Error};

use serde_json::json;

fn client(mock: &MockServer) -> Client {
    Client::builder(mock.url())
        .app_token("app")
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_typed_handler_answers_and_the_request_is_recorded() {
    let mock = MockServer::start(api::ENDPOINTS).await.expect("start");
    mock.on(auth_ops::GenerateCode, |req| async move {
        Ok(json!({ "sentTo": req.user_identifier, "event": req.event_identifier }))
    });
    let answer = client(&mock)
        .auth_provider()
        .generate_code("e mail", "ann@example.com", "reg")
        .await
        .expect("answer");
    assert_eq!(answer, json!({"sentTo": "ann@example.com", "event": "reg"}));

    let received = mock.received::<auth_ops::GenerateCode>();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].marker, "e mail");
    assert_eq!(received[0].user_identifier, "ann@example.com");
    let raw = mock.requests();
    assert_eq!(raw.len(), 1);
    assert_eq!(raw[0].endpoint_id(), Some("AuthProvider.generateCode"));
    assert_eq!(raw[0].header("x-app-token"), Some("app"));
}

#[tokio::test]
async fn an_endpoint_without_a_handler_is_a_501_naming_it() {
    let mock = MockServer::start(api::ENDPOINTS).await.expect("start");
    let url = format!(
        "{}/api/content/users-auth-providers/marker/email/users/refresh",
        mock.url()
    );
    let response = plain_http()
        .post(&url)
        .header("content-type", "application/json")
        .body(r#"{"refreshToken":"r"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 501);
    let bytes = response.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    let message = "AuthProvider.refresh (POST /api/content/users-auth-providers/marker/{marker}/users/refresh) \
                   is not implemented by this server: no handler is registered for it";
    assert_eq!(
        body,
        json!({"statusCode": 501, "message": message, "localizeMessage": message,
               "error": "Not Implemented"})
    );
}

#[tokio::test]
async fn a_parameter_that_does_not_parse_is_a_400_naming_it() {
    let mock = MockServer::start(api::ENDPOINTS).await.expect("start");
    mock.on(pay_ops::GetSessionById, |_| async {
        Err(MockError::not_found("none"))
    });
    let url = format!("{}/api/content/payments/sessions/abc", mock.url());
    let response = plain_http().get(&url).send().await.expect("answer");
    assert_eq!(response.status().as_u16(), 400);
    let bytes = response.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(body["statusCode"], 400);
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Payments.getSessionById") && message.contains("path parameter `id`"),
        "{message}"
    );
    assert!(mock.received::<pay_ops::GetSessionById>().is_empty());
}

#[tokio::test]
async fn the_app_token_is_checked_when_configured() {
    let router = Router::new(api::ENDPOINTS).app_token("right");
    let mock = MockServer::builder(router).start().await.expect("start");
    let err = client(&mock)
        .auth_provider()
        .get_auth_providers()
        .await
        .expect_err("wrong token");
    assert!(
        matches!(&err, Error::Api { status, .. } if *status == 403),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_reply_sets_the_status_and_headers_of_a_success() {
    let mock = MockServer::start(api::ENDPOINTS).await.expect("start");
    mock.on_reply(auth_ops::GenerateCode, |_ctx, _req| async {
        Ok(Reply::new(json!(true))
            .status(StatusCode::OK)
            .header("x-request-id", "req-1"))
    });
    let url = format!(
        "{}/api/content/users-auth-providers/marker/email/users/generate-code",
        mock.url()
    );
    let response = plain_http()
        .post(&url)
        .header("content-type", "application/json")
        .body(r#"{"userIdentifier":"a","eventIdentifier":"b"}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 200);
    let request_id = response
        .headers()
        .get("x-request-id")
        .map(|v| v.as_bytes().to_vec());
    assert_eq!(request_id.as_deref(), Some(&b"req-1"[..]));
}

/// A plain HTTP client (the client crate's builder: with its `rustls` feature, reqwest needs
/// the crypto provider that builder installs).
fn plain_http() -> reqwest::Client {
    oneentry_client::http_client_builder()
        .build()
        .expect("HTTP client")
}
