//! A recording server on loopback for the shop wire tests (docs/wire-shop.md): it keeps each
//! request as it arrived and answers with the JSON a test queued, byte for byte, so that the
//! client's decoding of a realistic answer is what is tested (a typed mock would re-encode it).

#![allow(dead_code)] // each test binary uses a different subset

pub mod answers;

use std::collections::VecDeque;
use std::future::IntoFuture;
use std::sync::{Arc, Mutex, PoisonError};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Response, header};
use oneentry_client::{Client, JsonValue};
use tokio::task::JoinHandle;

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Seen {
    /// `METHOD /path?query`, the path and query still percent-encoded.
    pub line: String,
    /// The body as text; empty when none was sent.
    pub body: String,
    /// Whether `x-device-metadata` was sent (the client sends it with every POST).
    pub device: bool,
    /// Whether `authorization: Bearer …` was sent.
    pub bearer: bool,
    pub app_token: Option<String>,
    pub content_type: Option<String>,
}

#[derive(Default)]
struct Log {
    answers: VecDeque<String>,
    seen: Vec<Seen>,
}

type Shared = Arc<Mutex<Log>>;

fn lock(log: &Shared) -> std::sync::MutexGuard<'_, Log> {
    log.lock().unwrap_or_else(PoisonError::into_inner)
}

pub struct Recorder {
    url: String,
    log: Shared,
    server: JoinHandle<()>,
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn record(State(log): State<Shared>, request: Request) -> Response<Body> {
    let (head, body) = request.into_parts();
    let text = |name: header::HeaderName| {
        head.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let line = match head.uri.query() {
        Some(query) => format!("{} {}?{query}", head.method, head.uri.path()),
        None => format!("{} {}", head.method, head.uri.path()),
    };
    let bytes = to_bytes(body, 1 << 20).await.unwrap_or_default();
    let seen = Seen {
        line,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        device: head.headers.contains_key("x-device-metadata"),
        bearer: text(header::AUTHORIZATION).is_some_and(|v| v.starts_with("Bearer ")),
        app_token: text(header::HeaderName::from_static("x-app-token")),
        content_type: text(header::CONTENT_TYPE),
    };
    let answer = {
        let mut log = lock(&log);
        log.seen.push(seen);
        log.answers.pop_front().unwrap_or_else(|| "null".to_owned())
    };
    let mut response = Response::new(Body::from(answer));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

impl Recorder {
    pub async fn start() -> Recorder {
        let log = Shared::default();
        let app = axum::Router::new()
            .fallback(record)
            .with_state(Arc::clone(&log));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let server = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Recorder {
            url: format!("http://{addr}"),
            log,
            server,
        }
    }

    /// A client of the recorder; `signed_in` gives it an access token, as after a sign-in.
    pub fn client(&self, signed_in: bool) -> Client {
        let client = Client::builder(&self.url)
            .app_token("app-token")
            .build()
            .expect("client");
        if signed_in {
            client
                .session()
                .set_tokens(Some("access-1".into()), Some("refresh-1".into()));
        }
        client
    }

    /// Queues `answer`, sends `call` and returns the one request it made and its decoded
    /// answer. Checks the headers every call carries (docs/wire-shop.md#common).
    pub async fn call<T, F>(&self, answer: JsonValue, call: F) -> (Seen, T)
    where
        F: IntoFuture<Output = oneentry_client::Result<T>>,
    {
        lock(&self.log).answers.push_back(answer.to_string());
        let value = match call.await {
            Ok(value) => value,
            Err(err) => panic!("the call failed: {err}"),
        };
        let mut seen = std::mem::take(&mut lock(&self.log).seen);
        assert_eq!(seen.len(), 1, "one call, one request: {seen:?}");
        let seen = seen.remove(0);
        assert_eq!(
            seen.app_token.as_deref(),
            Some("app-token"),
            "{}",
            seen.line
        );
        assert_eq!(
            seen.content_type.as_deref(),
            Some("application/json"),
            "{}",
            seen.line
        );
        assert_eq!(
            seen.device,
            seen.line.starts_with("POST "),
            "x-device-metadata on POST only: {}",
            seen.line
        );
        (seen, value)
    }
}

/// The request is `line` with `body` (`None`: no body), as the official SDK sends it. The body
/// is compared as JSON, and its top-level keys in order.
#[track_caller]
pub fn sent(seen: &Seen, line: &str, body: Option<&str>) {
    assert_eq!(seen.line, line);
    match body {
        None => assert_eq!(seen.body, "", "{line}: no body"),
        Some(expected) => {
            let found: JsonValue = serde_json::from_str(&seen.body).expect("a JSON body");
            let expected: JsonValue = serde_json::from_str(expected).expect("expected JSON");
            assert_eq!(found, expected, "{line}");
            assert_eq!(top_keys(&found), top_keys(&expected), "{line}: key order");
        }
    }
}

fn top_keys(value: &JsonValue) -> Vec<String> {
    value
        .as_object()
        .map(|map| map.keys().cloned().collect())
        .unwrap_or_default()
}
