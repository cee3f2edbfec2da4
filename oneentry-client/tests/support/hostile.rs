//! A hostile HTTP/1.1 server on loopback: answers each request as the test scripts it —
//! normally, after a stall, trickling, with a reset, with a huge body — and records what it
//! received. Written on a bare `TcpListener` so that it can misbehave in ways a real server
//! framework would not allow.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

/// One answer.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait before sending anything.
    pub delay: Duration,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// What the server does with one request (after reading it completely).
#[derive(Clone, Debug)]
pub enum Act {
    Reply(Reply),
    /// Reset the connection (RST, `SO_LINGER` 0) without answering.
    Reset,
    /// Close the connection (FIN) without answering.
    Close,
    /// Send the head and half the body, then reset.
    ResetMidBody(Reply),
    /// Never answer; the connection stays open until the client gives up.
    Stall,
    /// Send the head at once, then the body `chunk` bytes per `every`.
    Trickle {
        reply: Reply,
        chunk: usize,
        every: Duration,
    },
    /// A 200 whose body is a JSON string of `len` bytes, announced in `Content-Length` or
    /// sent chunked.
    Huge {
        len: u64,
        content_length: bool,
    },
}

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Number of the connection it came on (0, 1, …).
    pub connection: usize,
    pub at: Instant,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type Handler = dyn Fn(&Seen) -> Act + Send + Sync;

#[derive(Default)]
struct Shared {
    seen: Mutex<Vec<Seen>>,
    /// Requests refused because they came on a connection idle longer than `keep_alive`.
    stale: AtomicUsize,
}

pub struct Hostile {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl Hostile {
    /// Starts a server that answers every request with `handler`'s verdict.
    pub async fn start(handler: impl Fn(&Seen) -> Act + Send + Sync + 'static) -> Self {
        Self::start_with(None, handler).await
    }

    /// Like `start`, with a keep-alive timeout: a request arriving on a connection that was
    /// idle for longer is reset unanswered, as happens when the server closes an idle
    /// connection at the moment the client reuses it.
    pub async fn start_with(
        keep_alive: Option<Duration>,
        handler: impl Fn(&Seen) -> Act + Send + Sync + 'static,
    ) -> Self {
        Self::launch("127.0.0.1:0".parse().expect("addr"), keep_alive, handler).await
    }

    /// Like `start`, on a given loopback address (a port freed a moment ago).
    pub async fn start_on(
        addr: SocketAddr,
        handler: impl Fn(&Seen) -> Act + Send + Sync + 'static,
    ) -> Self {
        Self::launch(addr, None, handler).await
    }

    async fn launch(
        addr: SocketAddr,
        keep_alive: Option<Duration>,
        handler: impl Fn(&Seen) -> Act + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind(addr).await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared::default());
        let handler: Arc<Handler> = Arc::new(handler);
        let task = tokio::spawn(accept(listener, shared.clone(), handler, keep_alive));
        Self { addr, shared, task }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.shared.seen.lock().expect("log").clone()
    }

    /// Requests received on `path` (query excluded).
    pub fn count(&self, path: &str) -> usize {
        self.seen()
            .iter()
            .filter(|s| s.path.split('?').next() == Some(path))
            .count()
    }

    pub fn stale(&self) -> usize {
        self.shared.stale.load(Ordering::SeqCst)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        // Aborting the accept loop drops its JoinSet, which aborts every connection.
        self.task.abort();
    }
}

/// Answers the scripted acts in order, then `rest` for every later request.
pub fn script(acts: Vec<Act>, rest: Act) -> impl Fn(&Seen) -> Act + Send + Sync + 'static {
    let acts = Mutex::new(VecDeque::from(acts));
    move |_| {
        acts.lock()
            .expect("script")
            .pop_front()
            .unwrap_or_else(|| rest.clone())
    }
}

async fn accept(
    listener: TcpListener,
    shared: Arc<Shared>,
    handler: Arc<Handler>,
    keep_alive: Option<Duration>,
) {
    let mut connections = JoinSet::new();
    for number in 0.. {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        let (shared, handler) = (shared.clone(), handler.clone());
        connections.spawn(serve(stream, number, shared, handler, keep_alive));
        // Reap finished connections so the set stays small.
        while connections.try_join_next().is_some() {}
    }
}

async fn serve(
    mut stream: TcpStream,
    connection: usize,
    shared: Arc<Shared>,
    handler: Arc<Handler>,
    keep_alive: Option<Duration>,
) {
    let mut buffer = Vec::new();
    let mut idle_since: Option<Instant> = None;
    loop {
        let Some(seen) = read_request(&mut stream, &mut buffer, connection).await else {
            return;
        };
        let stale = keep_alive
            .zip(idle_since)
            .is_some_and(|(limit, since)| since.elapsed() > limit);
        if stale {
            shared.stale.fetch_add(1, Ordering::SeqCst);
            reset(stream);
            return;
        }
        let act = handler(&seen);
        shared.seen.lock().expect("log").push(seen);
        let keep_open = match act {
            Act::Reply(reply) => {
                tokio::time::sleep(reply.delay).await;
                let head = head(reply.status, &reply.headers, Some(reply.body.len() as u64));
                write_all(&mut stream, &[head.as_bytes(), &reply.body].concat()).await
            }
            Act::Reset => {
                reset(stream);
                return;
            }
            Act::Close => return,
            Act::ResetMidBody(reply) => {
                let head = head(reply.status, &reply.headers, Some(reply.body.len() as u64));
                let half = &reply.body[..reply.body.len() / 2];
                if write_all(&mut stream, &[head.as_bytes(), half].concat()).await {
                    let _ = stream.flush().await;
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                reset(stream);
                return;
            }
            Act::Stall => {
                // Hold the connection until the client closes it.
                let mut sink = [0u8; 1024];
                while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
                return;
            }
            Act::Trickle {
                reply,
                chunk,
                every,
            } => {
                let head = head(reply.status, &reply.headers, Some(reply.body.len() as u64));
                let mut open = write_all(&mut stream, head.as_bytes()).await;
                for piece in reply.body.chunks(chunk.max(1)) {
                    if !open {
                        break;
                    }
                    tokio::time::sleep(every).await;
                    open = write_all(&mut stream, piece).await;
                }
                open
            }
            Act::Huge {
                len,
                content_length,
            } => send_huge(&mut stream, len, content_length).await,
        };
        if !keep_open {
            return;
        }
        idle_since = Some(Instant::now());
    }
}

fn reset(stream: TcpStream) {
    let _ = stream.set_zero_linger();
    drop(stream);
}

async fn write_all(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).await.is_ok()
}

fn head(status: u16, headers: &[(String, String)], length: Option<u64>) -> String {
    let mut head = format!("HTTP/1.1 {status} Scripted\r\ncontent-type: application/json\r\n");
    match length {
        Some(n) => head.push_str(&format!("content-length: {n}\r\n")),
        None => head.push_str("transfer-encoding: chunked\r\n"),
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    head
}

/// `"aaa…a"`, `len` bytes in all, in 64 KiB pieces.
async fn send_huge(stream: &mut TcpStream, len: u64, content_length: bool) -> bool {
    const PIECE: usize = 64 * 1024;
    let head = head(200, &[], content_length.then_some(len));
    if !write_all(stream, head.as_bytes()).await {
        return false;
    }
    let filler = vec![b'a'; PIECE];
    let mut left = len.max(2);
    let mut first = true;
    while left > 0 {
        let n = usize::try_from(left.min(PIECE as u64)).expect("small");
        let mut piece = filler[..n].to_vec();
        if first {
            piece[0] = b'"';
            first = false;
        }
        left -= n as u64;
        if left == 0 {
            piece[n - 1] = b'"';
        }
        let ok = if content_length {
            write_all(stream, &piece).await
        } else {
            let framed = [format!("{n:x}\r\n").as_bytes(), &piece, b"\r\n"].concat();
            write_all(stream, &framed).await
        };
        if !ok {
            return false;
        }
    }
    content_length || write_all(stream, b"0\r\n\r\n").await
}

/// Reads one request (head and `Content-Length` body); `None` when the client closed.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
) -> Option<Seen> {
    let head_end = loop {
        if let Some(end) = find(buffer, b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let path = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    buffer.drain(..head_end + 4);
    while buffer.len() < length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer.drain(..length).collect();
    Some(Seen {
        method,
        path,
        headers,
        body,
        connection,
        at,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
