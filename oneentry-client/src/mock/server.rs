//! [`MockServer`]: a [`Router`] answering HTTP/1.1 on a loopback port.

use std::convert::Infallible;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{Bytes, MockError, Request, Response, Router, StatusCode};
use crate::endpoint::Endpoint;

/// The largest request body a [`MockServer`] reads by default (1 MiB); larger ones get `413`.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024;

/// How long a client may take to send a request head, and then its body.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A typed mock server on `127.0.0.1`, for tests of code that calls a spec's endpoints.
///
/// It is a [`Router`] (register handlers with [`on`](Router::on), read what arrived with
/// [`received`](Router::received)) listening on an ephemeral loopback port. Dropping it stops
/// accepting connections and closes the open ones once their current request is answered;
/// [`shutdown`](MockServer::shutdown) also waits for that.
pub struct MockServer {
    router: Arc<Router>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    accept: Option<JoinHandle<()>>,
}

/// Settings of a [`MockServer`] before it starts.
#[derive(Debug)]
pub struct MockServerBuilder {
    router: Router,
    addr: SocketAddr,
    max_body_bytes: usize,
}

impl MockServer {
    /// Starts a server for `endpoints` (a generated `ENDPOINTS` list) on an ephemeral port of
    /// 127.0.0.1, with no handler yet and any app token accepted.
    pub async fn start(endpoints: &[&'static Endpoint]) -> io::Result<MockServer> {
        Self::builder(Router::new(endpoints)).start().await
    }

    /// A server for a router configured first (an app token to check, a request log size).
    pub fn builder(router: Router) -> MockServerBuilder {
        MockServerBuilder {
            router,
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }

    /// The base URL to give a client: `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections and waits until the accept loop has ended; connections
    /// still open finish their current request and close.
    pub async fn shutdown(mut self) -> io::Result<()> {
        let _ = self.stop.send(true);
        match self.accept.take() {
            Some(accept) => accept
                .await
                .map_err(|err| io::Error::other(format!("mock server task failed: {err}"))),
            None => Ok(()),
        }
    }
}

impl Deref for MockServer {
    type Target = Router;

    /// The server is its router: `mock.on::<Op>(..)`, `mock.received::<Op>()`.
    fn deref(&self) -> &Router {
        &self.router
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.url())
            .field("router", &self.router)
            .finish()
    }
}

impl MockServerBuilder {
    /// Listens on `addr` instead of an ephemeral port; it must be a loopback address, the
    /// server has no security of any kind.
    #[must_use]
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// The largest request body read; a larger one gets `413` without being buffered.
    #[must_use]
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Binds and starts serving in a task of the current tokio runtime.
    pub async fn start(self) -> io::Result<MockServer> {
        if !self.addr.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: a mock server binds loopback addresses only", self.addr),
            ));
        }
        let listener = TcpListener::bind(self.addr).await?;
        let addr = listener.local_addr()?;
        let router = Arc::new(self.router);
        let (stop, stopped) = watch::channel(false);
        let accept = tokio::spawn(accept_loop(
            listener,
            Arc::clone(&router),
            self.max_body_bytes,
            stopped,
        ));
        Ok(MockServer {
            router,
            addr,
            stop,
            accept: Some(accept),
        })
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Arc<Router>,
    max_body_bytes: usize,
    mut stopped: watch::Receiver<bool>,
) {
    let for_connections = stopped.clone();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let stop = for_connections.clone();
                    let conn = serve(stream, Arc::clone(&router), max_body_bytes, stop);
                    tokio::spawn(conn);
                }
                // Out of file descriptors and the like: wait a little rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            () = until_stopped(&mut stopped) => return,
        }
    }
}

async fn serve(
    stream: TcpStream,
    router: Arc<Router>,
    max_body_bytes: usize,
    mut stopped: watch::Receiver<bool>,
) {
    let service = service_fn(move |request: Request<Incoming>| {
        let router = Arc::clone(&router);
        async move {
            let response = answer(&router, request, max_body_bytes).await;
            Ok::<_, Infallible>(response.map(Full::new))
        }
    });
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(READ_TIMEOUT)
        .serve_connection(TokioIo::new(stream), service);
    let mut conn = std::pin::pin!(conn);
    tokio::select! {
        // A connection that fails (the peer left mid-request) has nobody to tell.
        _ = conn.as_mut() => return,
        () = until_stopped(&mut stopped) => {}
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// Returns once the server is told to stop (or dropped).
async fn until_stopped(stopped: &mut watch::Receiver<bool>) {
    // An error means the sender is gone, which is a stop too; the guard is dropped here so
    // the future stays `Send`.
    let _ = stopped.wait_for(|stop| *stop).await.map(|_| ());
}

/// Reads the body under the limit, then lets the router answer in a task of its own, so a
/// handler that panics is a `500`, not a dropped connection.
async fn answer(router: &Arc<Router>, request: Request<Incoming>, limit: usize) -> Response<Bytes> {
    let (head, body) = request.into_parts();
    let read = tokio::time::timeout(READ_TIMEOUT, Limited::new(body, limit).collect()).await;
    let body = match read {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(err)) if err.downcast_ref::<LengthLimitError>().is_some() => {
            let message = format!("Payload Too Large: the body exceeds {limit} bytes");
            return MockError::new(StatusCode::PAYLOAD_TOO_LARGE, message).into_response();
        }
        Ok(Err(err)) => {
            return MockError::bad_request(format!("Unreadable request body: {err}"))
                .into_response();
        }
        Err(_) => {
            let message = "Request Timeout: the body did not arrive in time";
            return MockError::new(StatusCode::REQUEST_TIMEOUT, message).into_response();
        }
    };
    let router = Arc::clone(router);
    let pending = tokio::spawn(async move { router.handle(Request::from_parts(head, body)).await });
    match pending.await {
        Ok(response) => response,
        Err(err) => MockError::internal(format!("The handler failed: {err}")).into_response(),
    }
}
