//! One connection's life: what the peer is doing (idle, sending a head, being served),
//! the deadlines that follow from it, and the OneEntry body of hyper's own error answers.
//!
//! hyper's `header_read_timeout` starts as soon as the server waits for a head, so on a
//! keep-alive connection it is an idle timeout too; the emulator wants both, with
//! different lengths. So the socket is wrapped in [`Watched`], which sees the first byte of
//! each head, and the service in [`Served`], which sees each request start and end.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use oneentry_client::mock::MockError;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::task::JoinError;
use tokio::time::Instant;

use crate::app::App;
use crate::state::lock;

/// What the peer of a connection is doing, as far as deadlines go.
#[derive(Debug, Clone, Copy)]
enum Phase {
    /// No request since this instant (accept or the last answer).
    Idle(Instant),
    /// The first byte of a head arrived at this instant; the service has not seen it yet.
    Head(Instant),
    /// A request is being served: its body read, its handler run. The body has its own
    /// deadline (the body-read timeout), the handlers are quick.
    Busy,
}

/// Shared by a connection's socket wrapper, its service and its watchdog.
///
/// The watchdog is woken only when it must be: it never sleeps past the earliest deadline
/// that could follow without a word from the others (while idle, a head starting now), so
/// a request that starts, runs and ends on a keep-alive connection wakes nobody. Only when
/// the watchdog waits without a deadline (it looked while a request was being served) does
/// the end of that request wake it.
#[derive(Debug)]
pub(crate) struct Activity {
    watch: Mutex<Watch>,
    changed: Notify,
}

#[derive(Debug)]
struct Watch {
    phase: Phase,
    /// The watchdog waits for a notification only, with no deadline.
    parked: bool,
}

impl Activity {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self {
            watch: Mutex::new(Watch {
                phase: Phase::Idle(Instant::now()),
                parked: false,
            }),
            changed: Notify::new(),
        })
    }

    fn set(&self, phase: Phase) {
        let mut watch = lock(&self.watch);
        watch.phase = phase;
        let wake = watch.parked && !matches!(phase, Phase::Busy);
        drop(watch);
        if wake {
            self.changed.notify_one();
        }
    }

    fn bytes_arrived(&self) {
        let mut watch = lock(&self.watch);
        if let Phase::Idle(_) = watch.phase {
            watch.phase = Phase::Head(Instant::now());
            let wake = watch.parked;
            drop(watch);
            if wake {
                self.changed.notify_one();
            }
        }
    }

    /// Resolves when the connection has been idle for `idle`, or has been sending a head
    /// for `head`: then it should be closed.
    pub(crate) async fn expired(&self, idle: Duration, head: Duration) -> Expired {
        loop {
            let now = Instant::now();
            // A timeout too large for `Instant` means "never" (`None`).
            let wake_at = {
                let mut watch = lock(&self.watch);
                let wake_at = match watch.phase {
                    Phase::Idle(since) => {
                        let deadline = since.checked_add(idle);
                        if deadline.is_some_and(|deadline| now >= deadline) {
                            return Expired::Idle;
                        }
                        // A head may start any moment; its deadline is no earlier than this.
                        earliest(deadline, now.checked_add(head))
                    }
                    Phase::Head(since) => {
                        let deadline = since.checked_add(head);
                        if deadline.is_some_and(|deadline| now >= deadline) {
                            return Expired::Head;
                        }
                        deadline
                    }
                    Phase::Busy => None,
                };
                watch.parked = wake_at.is_none();
                wake_at
            };
            // A notification sent between the unlock and here is kept by `Notify` as a
            // permit, so the wait below returns at once.
            match wake_at {
                Some(deadline) => {
                    tokio::select! {
                        () = self.changed.notified() => {}
                        () = tokio::time::sleep_until(deadline) => {}
                    }
                }
                None => self.changed.notified().await,
            }
        }
    }
}

/// The earlier of two deadlines, where `None` is never.
fn earliest(a: Option<Instant>, b: Option<Instant>) -> Option<Instant> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Which deadline of a connection passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Expired {
    /// No request for the idle timeout: the connection is closed without a word.
    Idle,
    /// A head took longer than the header-read timeout: the client is answered 408.
    Head,
}

/// Marks the connection busy while it lives; idle again when dropped (answer or abort).
struct BusyGuard(Arc<Activity>);

impl BusyGuard {
    fn new(activity: &Arc<Activity>) -> Self {
        activity.set(Phase::Busy);
        Self(activity.clone())
    }
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.set(Phase::Idle(Instant::now()));
    }
}

/// The app as a hyper service that reports each request to the connection's [`Activity`].
#[derive(Clone)]
pub(crate) struct Served {
    app: Arc<App>,
    activity: Arc<Activity>,
}

impl Served {
    pub(crate) fn new(app: Arc<App>, activity: Arc<Activity>) -> Self {
        Self { app, activity }
    }
}

/// An answer as hyper writes it.
type Answer = Response<Full<Bytes>>;

impl hyper::service::Service<Request<Incoming>> for Served {
    type Response = Answer;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Answer, Infallible>> + Send>>;

    /// Runs the app in a task of its own, so that a handler that panics still gets an
    /// answer (a OneEntry 500) instead of a dropped connection, and a handler runs to
    /// completion even when the client goes away mid-request.
    fn call(&self, request: Request<Incoming>) -> Self::Future {
        let guard = BusyGuard::new(&self.activity);
        let answer = tokio::spawn(Arc::clone(&self.app).answer(request));
        Box::pin(async move {
            let response = answer.await.unwrap_or_else(handler_failed);
            drop(guard);
            Ok(response)
        })
    }
}

/// The answer when a handler's task did not finish: a bug of the emulator, said so.
fn handler_failed(err: JoinError) -> Answer {
    let reason = match err.try_into_panic() {
        Ok(panic) => panic
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned()),
        Err(err) => err.to_string(),
    };
    tracing::error!(%reason, "a request handler failed");
    MockError::internal(format!(
        "The emulator failed while answering (a bug): {reason}"
    ))
    .into_response()
    .map(Full::new)
}

/// The socket, watched: reads mark the start of a head; hyper's own error answers (a
/// malformed or oversized head, which never reaches the router) get a OneEntry body.
pub(crate) struct Watched<T> {
    io: T,
    activity: Arc<Activity>,
    /// A replacement answer still to be written, and how much of it has been.
    pending: Vec<u8>,
    written: usize,
}

impl<T> Watched<T> {
    pub(crate) fn new(io: T, activity: Arc<Activity>) -> Self {
        Self {
            io,
            activity,
            pending: Vec::new(),
            written: 0,
        }
    }
}

impl<T: AsyncWrite + Unpin> Watched<T> {
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.written < self.pending.len() {
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &self.pending[self.written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            self.written += n;
        }
        self.pending.clear();
        self.written = 0;
        Poll::Ready(Ok(()))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let result = Pin::new(&mut this.io).poll_read(cx, buf);
        if matches!(result, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            this.activity.bytes_arrived();
        }
        result
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        if let Some((consumed, replacement)) = oneentry_error_for(buf) {
            this.pending = replacement;
            if let Poll::Ready(Err(err)) = this.drain(cx) {
                return Poll::Ready(Err(err));
            }
            // The rest is written by the next write, flush or shutdown.
            return Poll::Ready(Ok(consumed));
        }
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.drain(cx))?;
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}

/// If `buf` starts with one of hyper's own error answers, the length of its head and a
/// OneEntry answer to send instead.
///
/// hyper answers a head it cannot parse (400), one too large (431), a URI too long (414)
/// or an unsupported version (505) itself, with an empty body, before any request reaches
/// the router. Those answers are recognised by shape: an error status, `content-length: 0`
/// and no `content-type`, whereas every answer of the router carries a JSON body and its
/// type. A JSON body cannot contain a raw CRLF, so a body never looks like a head.
fn oneentry_error_for(buf: &[u8]) -> Option<(usize, Vec<u8>)> {
    let rest = buf
        .strip_prefix(b"HTTP/1.1 ")
        .or_else(|| buf.strip_prefix(b"HTTP/1.0 "))?;
    let code = std::str::from_utf8(rest.get(..3)?)
        .ok()?
        .parse::<u16>()
        .ok()?;
    let status = StatusCode::from_u16(code).ok()?;
    if !(status.is_client_error() || status.is_server_error()) {
        return None;
    }
    let end = find(buf, b"\r\n\r\n")? + 4;
    let head = buf[..end].to_ascii_lowercase();
    if find(&head, b"\r\ncontent-type:").is_some()
        || find(&head, b"\r\ncontent-length: 0\r\n").is_none()
    {
        return None;
    }
    let message = match status {
        StatusCode::BAD_REQUEST => {
            "The request could not be parsed: malformed HTTP/1.1 head or framing"
        }
        StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE => {
            "The request head is too large (too many or too long header fields)"
        }
        StatusCode::URI_TOO_LONG => "The request URI is too long",
        StatusCode::HTTP_VERSION_NOT_SUPPORTED => "Only HTTP/1.1 (and 1.0) is supported",
        _ => "The request could not be read",
    };
    Some((end, closing_answer(status, message)))
}

/// A whole HTTP/1.1 answer with a OneEntry error body, after which the server closes the
/// connection: for errors found before any request reached the router.
pub(crate) fn closing_answer(status: StatusCode, message: &str) -> Vec<u8> {
    let body = MockError::new(status, message).body().to_string();
    let reason = status.canonical_reason().unwrap_or("Error");
    let mut answer = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body.as_bytes());
    answer
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_bare_error_heads_are_replaced() {
        let bare = b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let (consumed, answer) = oneentry_error_for(bare).unwrap_or_default();
        assert_eq!(consumed, bare.len());
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.starts_with("HTTP/1.1 400 Bad Request\r\n"),
            "{answer}"
        );
        assert!(answer.contains(r#""statusCode":400"#), "{answer}");

        for kept in [
            &b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 0\r\n\r\n"[..],
            b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n",
            b"HTTP/1.1 100 Continue\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 12\r\n\r\n",
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n",
            b"{\"statusCode\":400}",
        ] {
            assert!(
                oneentry_error_for(kept).is_none(),
                "{}",
                String::from_utf8_lossy(kept)
            );
        }
    }
}
