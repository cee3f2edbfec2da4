//! Every failure, including those below the handlers (framing, content type, size, slow
//! bodies), is answered with a OneEntry error body and the right status.

mod common;
mod raw;

use std::time::Duration;

use common::{AUTH, Api, ORDERS, assert_error, auth_body, order_body, read};
use oneentry_emulator::{DEMO_APP_TOKEN, Emulator};
use raw::{PATIENCE, connect, exchange, read_answer, request};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

/// Asserts a raw answer is a OneEntry error with this status.
fn assert_oneentry(answer: &raw::Answer, status: u16) {
    assert_eq!(answer.status, status, "{answer:?}");
    let body = answer.json();
    assert_eq!(body["statusCode"], json!(status), "{answer:?}");
    assert!(body["message"].is_string(), "{answer:?}");
    assert!(body["error"].is_string(), "{answer:?}");
    assert!(
        answer
            .header("content-type")
            .is_some_and(|value| value.starts_with("application/json")),
        "{answer:?}"
    );
}

async fn post_as(api: &Api, path: &str, content_type: Option<&str>, body: &Value) -> (u16, Value) {
    let (access, _) = api.login().await;
    let mut request = api
        .http
        .post(api.url(path))
        .header("x-app-token", DEMO_APP_TOKEN)
        .bearer_auth(access)
        .body(body.to_string());
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    read(request.send().await.expect("sent")).await
}

#[tokio::test]
async fn a_body_that_is_not_declared_json_is_415() {
    let api = Api::start().await;
    let order = order_body(json!([{ "productId": 1, "quantity": 1 }]));
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        assert_error(
            post_as(&api, ORDERS, content_type, &order).await,
            415,
            "application/json",
        );
    }
    // Nothing was created by the refused requests.
    let (status, created) = post_as(&api, ORDERS, Some("application/json"), &order).await;
    assert_eq!((status, &created["id"]), (201, &json!(1)), "{created}");
    for content_type in ["application/json; charset=utf-8", "Application/JSON"] {
        let (status, body) = post_as(&api, ORDERS, Some(content_type), &order).await;
        assert_eq!(status, 201, "{content_type}: {body}");
    }
}

#[tokio::test]
async fn an_empty_body_without_content_type_is_still_a_400_that_says_so() {
    let api = Api::start().await;
    let response = api
        .http
        .post(api.url(AUTH))
        .header("x-app-token", DEMO_APP_TOKEN)
        .send()
        .await
        .expect("sent");
    assert_error(read(response).await, 400, "empty");
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let emulator = Emulator::builder()
        .max_body_bytes(1024)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let big = auth_body(&"a".repeat(2000), "pw");
    assert_error(api.post(AUTH, None, big).await, 413, "1024");
    // Under the limit the body is read and judged on its content.
    assert_error(
        api.post(AUTH, None, auth_body("nobody@example.com", "pw"))
            .await,
        401,
        "",
    );

    // Chunked, so the size is only found while reading.
    let mut stream = connect(api.emulator.addr()).await;
    let chunk = "a".repeat(1500);
    let head = format!(
        "POST {AUTH} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-app-token: {DEMO_APP_TOKEN}\r\n\
         content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    assert_oneentry(&exchange(&mut stream, head.as_bytes()).await, 413);
}

#[tokio::test]
async fn broken_chunked_framing_is_400() {
    let emulator = Emulator::start().await.expect("starts");
    let mut stream = connect(emulator.addr()).await;
    let head = format!(
        "POST {AUTH} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-app-token: {DEMO_APP_TOKEN}\r\n\
         content-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"
    );
    assert_oneentry(&exchange(&mut stream, head.as_bytes()).await, 400);
}

#[tokio::test]
async fn a_malformed_head_is_answered_with_a_oneentry_body() {
    let emulator = Emulator::start().await.expect("starts");
    let heads: [&[u8]; 3] = [
        b"POST /api HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: abc\r\n\r\n",
        b"NOT HTTP AT ALL\r\n\r\n",
        b"GET /api HTTP/1.1\r\nhost: 127.0.0.1\r\nno colon here\r\n\r\n",
    ];
    for head in heads {
        let mut stream = connect(emulator.addr()).await;
        let answer = exchange(&mut stream, head).await;
        assert_oneentry(&answer, 400);
    }
}

#[tokio::test]
async fn a_head_too_large_is_431_with_a_oneentry_body() {
    let emulator = Emulator::start().await.expect("starts");
    let mut stream = connect(emulator.addr()).await;
    // More header fields than the server takes, in one small write that the server reads
    // whole (a head it stops reading half-way could reset the connection on close).
    let mut head = b"GET /api HTTP/1.1\r\nhost: 127.0.0.1\r\n".to_vec();
    for n in 0..150 {
        head.extend_from_slice(format!("x-filler-{n}: b\r\n").as_bytes());
    }
    head.extend_from_slice(b"\r\n");
    stream.write_all(&head).await.expect("written");
    assert_oneentry(&read_answer(&mut stream).await, 431);
}

#[tokio::test]
async fn a_body_that_stalls_is_408() {
    let emulator = Emulator::builder()
        .body_read_timeout(Duration::from_millis(300))
        .start()
        .await
        .expect("starts");
    let mut stream = connect(emulator.addr()).await;
    let head = format!(
        "POST {AUTH} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-app-token: {DEMO_APP_TOKEN}\r\n\
         content-type: application/json\r\ncontent-length: 100\r\n\r\n{{\"authData\""
    );
    stream.write_all(head.as_bytes()).await.expect("written");
    let answer = tokio::time::timeout(PATIENCE, raw::try_read_answer(&mut stream))
        .await
        .expect("answered in time")
        .expect("an answer");
    assert_oneentry(&answer, 408);
}

#[tokio::test]
async fn routing_errors_have_oneentry_bodies() {
    let emulator = Emulator::start().await.expect("starts");
    let token = emulator.app_token().to_owned();
    let cases = [
        ("GET", "/api/content/nothing", 404),
        ("GET", AUTH, 405),
        ("PATCH", ORDERS, 405),
    ];
    for (method, path, status) in cases {
        let mut stream = connect(emulator.addr()).await;
        let bytes = request(method, path, &[("x-app-token", &token)], "");
        assert_oneentry(&exchange(&mut stream, &bytes).await, status);
    }
}

#[tokio::test]
async fn a_body_limit_above_two_mebibytes_is_honoured() {
    // axum's extractors have their own 2 MiB default; the builder's limit must win.
    let emulator = Emulator::builder()
        .max_body_bytes(4 * 1024 * 1024)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let big = auth_body(&"a".repeat(3 * 1024 * 1024), "pw");
    assert_error(api.post(AUTH, None, big).await, 401, "wrong login");
}
