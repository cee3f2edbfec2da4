//! Every call is one `tracing` span with what an operator needs (endpoint, method, path
//! template, attempt, status, elapsed) and attempts and retries are debug events; no span or
//! event ever carries a token, a password or a query value.

mod support;

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use oneentry_client::{Client, RetryPolicy};
use support::hostile::{Act, Hostile, Reply, Seen};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const REFRESH: &str = "/api/content/users-auth-providers/marker/email/users/refresh";

/// Fields of one span or event, as text.
type Fields = Vec<(String, String)>;

#[derive(Default)]
struct Log {
    spans: Vec<(String, Fields)>,
    events: Vec<Fields>,
}

/// A minimal subscriber that keeps everything this crate emits.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Log>>);

struct Collect<'a>(&'a mut Fields);

impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("oneentry_client")
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields::new();
        attributes.record(&mut Collect(&mut fields));
        let mut log = self.0.lock().expect("log");
        log.spans
            .push((attributes.metadata().name().to_owned(), fields));
        Id::from_u64(log.spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut log = self.0.lock().expect("log");
        let index = usize::try_from(span.into_u64()).expect("id") - 1;
        values.record(&mut Collect(&mut log.spans[index].1));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        self.0.lock().expect("log").events.push(fields);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

fn last<'f>(fields: &'f Fields, name: &str) -> Option<&'f str> {
    fields
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// 401 for the old token, new tokens from the refresh, then a 503, then the list.
fn server(seen: &Seen) -> Act {
    if seen.path == REFRESH {
        return Act::Reply(Reply::json(
            200,
            r#"{"accessToken":"access-secret-NEW","refreshToken":"refresh-secret-NEW"}"#,
        ));
    }
    match seen.header("authorization") {
        Some("Bearer access-secret-NEW") => {
            static ANSWERED: std::sync::atomic::AtomicBool =
                std::sync::atomic::AtomicBool::new(false);
            if ANSWERED.swap(true, std::sync::atomic::Ordering::SeqCst) {
                Act::Reply(Reply::json(200, "[]"))
            } else {
                Act::Reply(Reply::json(503, "{}"))
            }
        }
        _ => Act::Reply(Reply::json(401, "{}")),
    }
}

#[tokio::test]
async fn one_span_per_call_with_attempts_and_no_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());

    let hostile = Hostile::start(server).await;
    let client = Client::builder(hostile.url())
        .app_token("app-secret-XYZ")
        .session_tokens(
            Some("access-secret-OLD".into()),
            Some("refresh-secret-OLD".into()),
        )
        .retry(RetryPolicy::new().backoff(
            std::time::Duration::from_millis(5),
            std::time::Duration::from_millis(10),
        ))
        .build()
        .expect("config");
    let providers = client
        .auth_provider()
        .get_auth_providers()
        .lang_code("qq_QUERYVALUE")
        .await
        .expect("401, refresh, 503, then the list");
    assert!(providers.is_empty());
    assert_eq!(hostile.count("/api/content/users-auth-providers"), 3);

    let log = recorder.0.lock().expect("log");
    let calls: Vec<&Fields> = log
        .spans
        .iter()
        .filter(|(name, _)| name == "oneentry.call")
        .map(|(_, fields)| fields)
        .collect();
    assert_eq!(calls.len(), 1, "one span per call");
    let span = calls[0];
    assert_eq!(
        last(span, "endpoint"),
        Some("AuthProvider.getAuthProviders")
    );
    assert_eq!(last(span, "method"), Some("GET"));
    assert_eq!(
        last(span, "path"),
        Some("/api/content/users-auth-providers")
    );
    assert_eq!(
        last(span, "attempt"),
        Some("2"),
        "the resend's second attempt"
    );
    assert_eq!(last(span, "status"), Some("200"));
    assert!(last(span, "elapsed_ms").is_some());

    let messages: Vec<&str> = log
        .events
        .iter()
        .filter_map(|fields| last(fields, "message"))
        .collect();
    assert!(
        messages.contains(&"retrying OneEntry request"),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .filter(|m| **m == "OneEntry request")
            .count()
            >= 4,
        "an event per attempt: {messages:?}"
    );

    let everything = format!("{:?} {:?}", log.spans, log.events);
    for secret in [
        "app-secret",
        "access-secret",
        "refresh-secret",
        "QUERYVALUE",
    ] {
        assert!(!everything.contains(secret), "{secret} in {everything}");
    }
}
