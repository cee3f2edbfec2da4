//! The request log: what clients sent, byte for byte, so tests can assert the wire format.

use std::collections::VecDeque;
use std::sync::Mutex;

use hyper::Method;
use hyper::http::request::Parts;
use oneentry_client::JsonValue;

use crate::state::lock;

/// One request as it arrived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path exactly as sent, still percent-encoded (`.../marker/a%20b`).
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

/// A request as the log keeps it: the method and one buffer with the path, the query, the
/// headers as `name:value\n` lines (a name has no `:`, a value no line break) and the body.
/// Copying into one buffer costs one allocation per request; keeping hyper's own byte
/// buffers instead would pin each connection's read buffer for as long as the entry lives.
/// [`RecordedRequest`] is built from it only when a test asks for the log.
#[derive(Debug)]
struct Entry {
    method: Method,
    text: Box<[u8]>,
    path_end: usize,
    /// Where the query ends, `None` when the URL had no `?`.
    query_end: Option<usize>,
    headers_end: usize,
    /// [`RecordedRequest::size_bytes`] of what this entry becomes (for valid UTF-8).
    size: usize,
}

impl Entry {
    fn new(parts: &Parts, body: &[u8]) -> Self {
        let path = parts.uri.path().as_bytes();
        let query = parts.uri.query().map(str::as_bytes);
        let headers: usize = parts
            .headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        let query_len = query.map_or(0, <[u8]>::len);
        let lines = 2 * parts.headers.len();
        let mut text = Vec::with_capacity(path.len() + query_len + headers + lines + body.len());
        text.extend_from_slice(path);
        let path_end = text.len();
        let query_end = query.map(|query| {
            text.extend_from_slice(query);
            text.len()
        });
        for (name, value) in &parts.headers {
            text.extend_from_slice(name.as_str().as_bytes());
            text.push(b':');
            text.extend_from_slice(value.as_bytes());
            text.push(b'\n');
        }
        let headers_end = text.len();
        text.extend_from_slice(body);
        Self {
            method: parts.method.clone(),
            text: text.into_boxed_slice(),
            path_end,
            query_end,
            headers_end,
            size: parts.method.as_str().len() + path.len() + query_len + headers + body.len(),
        }
    }

    fn recorded(&self) -> RecordedRequest {
        let text = &self.text[..];
        let lossy = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        let query_end = self.query_end.unwrap_or(self.path_end);
        let headers = text
            .get(query_end..self.headers_end)
            .unwrap_or_default()
            .split(|&byte| byte == b'\n')
            .filter(|line| !line.is_empty())
            .map(|line| {
                let colon = line.iter().position(|&byte| byte == b':');
                let (name, value) = match colon {
                    Some(at) => (&line[..at], &line[at + 1..]),
                    None => (line, &[][..]),
                };
                (lossy(name), lossy(value))
            })
            .collect();
        RecordedRequest {
            method: self.method.to_string(),
            path: lossy(text.get(..self.path_end).unwrap_or_default()),
            query: self
                .query_end
                .map(|end| lossy(text.get(self.path_end..end).unwrap_or_default())),
            headers,
            body: lossy(text.get(self.headers_end..).unwrap_or_default()),
        }
    }
}

/// The last requests, oldest first: at most `capacity` of them and `max_bytes` of
/// [`RecordedRequest::size_bytes`] (the newest is kept even when it alone is larger).
#[derive(Debug)]
pub(crate) struct RequestLog {
    capacity: usize,
    max_bytes: usize,
    entries: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    requests: VecDeque<Entry>,
    /// The sum of their sizes.
    bytes: usize,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize, max_bytes: usize) -> Self {
        Self {
            capacity,
            max_bytes,
            entries: Mutex::new(Entries::default()),
        }
    }

    /// Keeps the request of `parts` with `body`, unless the log is off
    /// (`request_log_capacity(0)`), which saves the copy.
    pub(crate) fn record(&self, parts: &Parts, body: &[u8]) {
        if self.capacity > 0 {
            self.push(Entry::new(parts, body));
        }
    }

    fn push(&self, request: Entry) {
        let size = request.size;
        let mut entries = lock(&self.entries);
        while !entries.requests.is_empty()
            && (entries.requests.len() >= self.capacity
                || entries.bytes.saturating_add(size) > self.max_bytes)
        {
            if let Some(oldest) = entries.requests.pop_front() {
                entries.bytes = entries.bytes.saturating_sub(oldest.size);
            }
        }
        entries.bytes = entries.bytes.saturating_add(size);
        entries.requests.push_back(request);
    }

    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        lock(&self.entries)
            .requests
            .iter()
            .map(Entry::recorded)
            .collect()
    }

    pub(crate) fn clear(&self) {
        *lock(&self.entries) = Entries::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(uri: &str, headers: &[(&str, &str)], body: &[u8]) -> RecordedRequest {
        let mut request = hyper::Request::builder().method("POST").uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let (parts, ()) = request.body(()).expect("a request").into_parts();
        let entry = Entry::new(&parts, body);
        let recorded = entry.recorded();
        assert_eq!(entry.size, recorded.size_bytes(), "{recorded:?}");
        recorded
    }

    #[test]
    fn entries_read_back_as_they_arrived() {
        let recorded = entry(
            "/a%20b/c?x=1&y=a:b",
            &[
                ("x-app-token", "t:1"),
                ("accept", "a"),
                ("accept", "b"),
                ("empty", ""),
            ],
            b"{\"k\":1}\n",
        );
        assert_eq!(recorded.method, "POST");
        assert_eq!(recorded.path, "/a%20b/c");
        assert_eq!(recorded.query.as_deref(), Some("x=1&y=a:b"));
        let headers: Vec<(&str, &str)> = recorded
            .headers
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect();
        assert_eq!(
            headers,
            [
                ("x-app-token", "t:1"),
                ("accept", "a"),
                ("accept", "b"),
                ("empty", "")
            ]
        );
        assert_eq!(recorded.body, "{\"k\":1}\n");
    }

    #[test]
    fn no_query_an_empty_query_and_no_body_stay_apart() {
        let none = entry("/p", &[], b"");
        assert_eq!(
            (none.query, none.headers.len(), none.body.as_str()),
            (None, 0, "")
        );
        let empty = entry("/p?", &[], b"");
        assert_eq!(empty.query.as_deref(), Some(""));
    }
}
