//! The requests a server received, kept raw and bounded, typed only when a test asks.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};

use hyper::Uri;
use hyper::header::HeaderMap;

use super::routing::PathParams;
use super::{Bytes, FromParts, Method, Operation, Parts};
use crate::JsonValue;
use crate::endpoint::Endpoint;

/// One request as it arrived: method, path, query, headers and body, and the endpoint it was
/// routed to (`None` for a path no endpoint has).
#[derive(Clone)]
pub struct RecordedRequest {
    endpoint: Option<&'static Endpoint>,
    path_params: PathParams,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
}

impl RecordedRequest {
    pub(super) fn new(
        endpoint: Option<&'static Endpoint>,
        path_params: PathParams,
        head: &hyper::http::request::Parts,
        body: Bytes,
    ) -> Self {
        Self {
            endpoint,
            path_params,
            method: head.method.clone(),
            uri: head.uri.clone(),
            headers: head.headers.clone(),
            body,
        }
    }

    /// The endpoint the request was routed to.
    pub fn endpoint(&self) -> Option<&'static Endpoint> {
        self.endpoint
    }

    /// The id of that endpoint (`Reviews.createReview`).
    pub fn endpoint_id(&self) -> Option<&'static str> {
        self.endpoint.map(|e| e.id)
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path as sent, still percent-encoded.
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The query string as sent, if any.
    pub fn query(&self) -> Option<&str> {
        self.uri.query()
    }

    /// Every header, tokens included: assert on them, do not log them.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The value of a header, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as JSON, `None` when empty or not JSON.
    pub fn json(&self) -> Option<JsonValue> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The typed request of `Op`, if this request was routed to its endpoint and parses.
    pub fn parse<Op: Operation>(&self) -> Option<Op::Request> {
        let endpoint = self.endpoint.filter(|e| **e == *Op::ENDPOINT)?;
        let mut parts = Parts::new(
            endpoint,
            &self.path_params,
            self.uri.query(),
            &self.headers,
            &self.body,
        );
        let language = Op::LANGUAGE.and_then(|name| parts.language(name));
        parts.set_language(language);
        Op::Request::from_parts(&mut parts).ok()
    }

    /// What the request costs the log: its body, headers and URI.
    fn size(&self) -> usize {
        let headers: usize = self
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        self.body.len() + headers + self.uri.to_string().len()
    }
}

/// Header values and the body may hold tokens and passwords: only their sizes are shown.
impl fmt::Debug for RecordedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordedRequest")
            .field("endpoint", &self.endpoint_id())
            .field("method", &self.method)
            .field("path", &self.path())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

/// The recorded requests, oldest first, at most `capacity` of them and `max_bytes` in all:
/// the oldest go first, so a long test cannot grow the log without bound.
#[derive(Debug)]
pub(super) struct Log {
    entries: Mutex<Entries>,
    capacity: usize,
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Entries {
    requests: VecDeque<(RecordedRequest, usize)>,
    bytes: usize,
}

impl Log {
    pub(super) fn new(capacity: usize, max_bytes: usize) -> Self {
        Self {
            entries: Mutex::default(),
            capacity,
            max_bytes,
        }
    }

    /// Whether the log keeps anything: a router built with capacity 0 skips the copy.
    pub(super) fn is_enabled(&self) -> bool {
        self.capacity > 0
    }

    pub(super) fn push(&self, request: RecordedRequest) {
        let size = request.size();
        if !self.is_enabled() || size > self.max_bytes {
            return;
        }
        let mut entries = self.lock();
        entries.bytes += size;
        entries.requests.push_back((request, size));
        while entries.requests.len() > self.capacity || entries.bytes > self.max_bytes {
            let Some((_, dropped)) = entries.requests.pop_front() else {
                break;
            };
            entries.bytes -= dropped;
        }
    }

    pub(super) fn snapshot(&self) -> Vec<RecordedRequest> {
        let entries = self.lock();
        entries.requests.iter().map(|(r, _)| r.clone()).collect()
    }

    pub(super) fn clear(&self) {
        *self.lock() = Entries::default();
    }

    /// A test that panicked while holding the lock leaves a log that is still consistent
    /// (every change is one push or pop), so poisoning is ignored.
    fn lock(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
