//! The emulator against a bare axum handler, side by side in one run.
//!
//! `cargo bench -p oneentry-emulator --bench emulator` prints a table:
//! - `getSessionByOrderId`: the emulator against a bare axum handler that answers the same
//!   bytes on the same path, requests/s and the ratio (goal ≥ 0.8×), with 1k orders and
//!   sessions in the store;
//! - a page of 30 orders of a user with 10k orders against one with 1k (goal ≤ 1.5×);
//! - the request log: the emulator with its log on against one with
//!   `request_log_capacity(0)` (goal: on costs < 5%).
//!
//! Rounds are interleaved so a noisy neighbour hits both sides alike, and each figure is the
//! median of the rounds. The client is a minimal HTTP/1.1 keep-alive loop on raw sockets, so
//! that the figures are dominated by the server and not by a client library. Nothing here
//! asserts a speed: it is a measurement, not a test.

use std::io;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use oneentry_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const AUTH: &str = "/api/content/users-auth-providers/marker/email/users/auth";
const ORDERS: &str = "/api/content/orders-storage/marker/orders/orders";
const SESSIONS: &str = "/api/content/payments/sessions";

/// Connections that send requests at the same time, each one request after the other.
const CONNECTIONS: usize = 4;
const ROUNDS: usize = 15;
/// Orders (each with one payment session) in the store for `getSessionByOrderId`.
const HISTORY: usize = 1_000;

#[allow(dead_code)] // `oneentry-tests/benches/table.rs` includes this file for `rates`.
fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    let quick = std::env::args().any(|arg| arg == "--quick");
    let rounds = if quick { 3 } else { ROUNDS };
    println!("emulator bench: {rounds} interleaved rounds, median; {CONNECTIONS} connections");
    let rates = runtime.block_on(rates(quick));
    print(&rates);
}

/// Requests/s of each side, medians of the rounds.
pub struct Rates {
    /// `getSessionByOrderId` on the emulator with its request log on.
    pub on: f64,
    /// The same answer from a bare axum handler.
    pub bare: f64,
    /// `getSessionByOrderId` on the emulator with its request log off.
    pub off: f64,
    /// A page of 30 orders of a user with 1k orders.
    pub page_1k: f64,
    /// The same with 10k orders.
    pub page_10k: f64,
}

/// Measures every side, rounds interleaved (3 short ones when `quick`).
pub async fn rates(quick: bool) -> Rates {
    let rounds = if quick { 3 } else { ROUNDS };
    let span = Duration::from_millis(if quick { 150 } else { 250 });

    // getSessionByOrderId: emulator (log on), emulator (log off), bare axum.
    let on = Target::start(Emulator::start().await.expect("emulator starts")).await;
    let off = Target::start(
        Emulator::builder()
            .request_log_capacity(0)
            .start()
            .await
            .expect("emulator starts"),
    )
    .await;
    // A store with some history, as after a scenario run: the answer must not cost more
    // because other orders and sessions exist.
    for target in [&on, &off] {
        for _ in 0..HISTORY {
            let order = target.create_orders(1).await;
            target.create_session(order).await;
        }
    }
    let session_path = format!("{SESSIONS}/order/{}", HISTORY / 2);
    let on_request = on.get(&session_path);
    let off_request = off.get(&session_path);
    let answer = fetch_body(on.emulator.addr(), &on_request).await;
    let bare = bare_server(answer).await;
    let bare_request = request_bytes("GET", &session_path, &[], None);

    // A page of orders with 1k and with 10k orders of the user.
    let orders_1k = Target::start(Emulator::start().await.expect("emulator starts")).await;
    let orders_10k = Target::start(Emulator::start().await.expect("emulator starts")).await;
    orders_1k.create_orders(1_000).await;
    orders_10k.create_orders(10_000).await;
    let page_path = format!("{ORDERS}?langCode=en_US&limit=30&offset=0");
    let page_1k = orders_1k.get(&page_path);
    let page_10k = orders_10k.get(&page_path);

    let mut samples: [Vec<f64>; 5] = Default::default();
    for _ in 0..rounds {
        samples[0].push(rate(on.emulator.addr(), &on_request, span).await);
        samples[1].push(rate(bare, &bare_request, span).await);
        samples[2].push(rate(off.emulator.addr(), &off_request, span).await);
        samples[3].push(rate(orders_1k.emulator.addr(), &page_1k, span).await);
        samples[4].push(rate(orders_10k.emulator.addr(), &page_10k, span).await);
    }
    let [on, bare, off, page_1k, page_10k] = samples.map(median);
    Rates {
        on,
        bare,
        off,
        page_1k,
        page_10k,
    }
}

fn print(rates: &Rates) {
    println!();
    println!(
        "| {:<44} | {:>12} | {:>12} | {:>7} | {:<8} |",
        "measure", "ours (req/s)", "ref (req/s)", "ratio", "goal"
    );
    println!(
        "|{:-<46}|{:->14}|{:->14}|{:->9}|{:-<10}|",
        "", "", "", "", ""
    );
    row(
        "getSessionByOrderId: emulator / bare axum",
        rates.on,
        rates.bare,
        rates.on / rates.bare,
        "≥ 0.80",
    );
    row(
        "page of 30 orders: 10k orders / 1k (cost)",
        rates.page_10k,
        rates.page_1k,
        rates.page_1k / rates.page_10k,
        "≤ 1.50",
    );
    row(
        "request log: on / off (cost)",
        rates.on,
        rates.off,
        rates.off / rates.on,
        "≤ 1.05",
    );
}

fn row(name: &str, ours: f64, reference: f64, ratio: f64, goal: &str) {
    println!("| {name:<44} | {ours:>12.0} | {reference:>12.0} | {ratio:>7.2} | {goal:<8} |");
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// An emulator with a signed-in demo user.
struct Target {
    emulator: Emulator,
    token: String,
}

impl Target {
    async fn start(emulator: Emulator) -> Target {
        let body = format!(
            r#"{{"authData":[{{"marker":"email_reg","value":"{}"}},{{"marker":"password_reg","value":"{}"}}]}}"#,
            emulator.user_email(),
            emulator.user_password()
        );
        let app = [("x-app-token", emulator.app_token().to_owned())];
        let request = request_bytes("POST", AUTH, &app, Some(&body));
        let answer = fetch_body(emulator.addr(), &request).await;
        let json: serde_json::Value = serde_json::from_slice(&answer).expect("sign-in answer");
        let token = json["accessToken"]
            .as_str()
            .expect("an access token")
            .to_owned();
        Target { emulator, token }
    }

    fn headers(&self) -> [(&'static str, String); 2] {
        [
            ("x-app-token", self.emulator.app_token().to_owned()),
            ("authorization", format!("Bearer {}", self.token)),
        ]
    }

    fn get(&self, path: &str) -> Vec<u8> {
        request_bytes("GET", path, &self.headers(), None)
    }

    /// Creates `count` orders over one connection; returns the id of the last one.
    async fn create_orders(&self, count: usize) -> i64 {
        let body = r#"{"formIdentifier":"order","paymentAccountIdentifier":"cash","formData":{"en_US":[{"type":"string","marker":"name","value":"Christina Thomas"}]},"products":[{"productId":1,"quantity":2}]}"#;
        let request = request_bytes("POST", ORDERS, &self.headers(), Some(body));
        let mut conn = Conn::open(self.emulator.addr()).await.expect("connects");
        let mut last = 0;
        for _ in 0..count {
            let (status, body) = conn.call(&request).await.expect("creates an order");
            assert_eq!(
                status,
                201,
                "create order: {}",
                String::from_utf8_lossy(&body)
            );
            let json: serde_json::Value = serde_json::from_slice(&body).expect("an order");
            last = json["id"].as_i64().expect("an order id");
        }
        last
    }

    async fn create_session(&self, order: i64) {
        let body = format!(r#"{{"orderId":{order},"type":"session","automaticTaxEnabled":false}}"#);
        let request = request_bytes("POST", SESSIONS, &self.headers(), Some(&body));
        let mut conn = Conn::open(self.emulator.addr()).await.expect("connects");
        let (status, _) = conn.call(&request).await.expect("creates a session");
        assert_eq!(status, 201, "create session");
    }
}

/// A bare axum handler that answers `body` as JSON on the route of `getSessionByOrderId`.
async fn bare_server(body: Vec<u8>) -> std::net::SocketAddr {
    let body = Bytes::from(body);
    let route = format!("{SESSIONS}/order/{{id}}");
    let app = Router::new().route(
        &route,
        get(move || {
            let body = body.clone();
            async move { ([(CONTENT_TYPE, "application/json; charset=utf-8")], body) }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    addr
}

fn request_bytes(
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: Option<&str>,
) -> Vec<u8> {
    let mut out =
        format!("{method} {path} HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: application/json\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        out.push_str(&format!(
            "content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        ));
    } else {
        out.push_str("\r\n");
    }
    out.into_bytes()
}

async fn fetch_body(addr: std::net::SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut conn = Conn::open(addr).await.expect("connects");
    let (status, body) = conn.call(request).await.expect("an answer");
    assert!(
        (200..300).contains(&status),
        "status {status}: {}",
        String::from_utf8_lossy(&body)
    );
    body
}

/// Requests per second over [`CONNECTIONS`] keep-alive connections for about `span`.
async fn rate(addr: std::net::SocketAddr, request: &[u8], span: Duration) -> f64 {
    let started = Instant::now();
    let until = started + span;
    let tasks: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let request = request.to_vec();
            tokio::spawn(async move {
                let mut conn = Conn::open(addr).await.expect("connects");
                let mut done = 0u64;
                while Instant::now() < until {
                    let (status, _) = conn.call(&request).await.expect("an answer");
                    assert_eq!(status, 200);
                    done += 1;
                }
                done
            })
        })
        .collect();
    let mut done = 0u64;
    for task in tasks {
        done += task.await.expect("the client task");
    }
    let elapsed = started.elapsed().max(Duration::from_nanos(1));
    done as f64 / elapsed.as_secs_f64()
}

/// One HTTP/1.1 keep-alive connection; answers must carry `content-length`.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(addr: std::net::SocketAddr) -> io::Result<Conn> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(16 * 1024),
        })
    }

    async fn call(&mut self, request: &[u8]) -> io::Result<(u16, Vec<u8>)> {
        self.stream.write_all(request).await?;
        let head_end = loop {
            if let Some(at) = find(&self.buf, b"\r\n\r\n") {
                break at + 4;
            }
            self.fill().await?;
        };
        let head = String::from_utf8_lossy(&self.buf[..head_end]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| io::Error::other("no status"))?;
        let length: usize = head
            .lines()
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse().ok())
            .ok_or_else(|| io::Error::other("no content-length"))?;
        while self.buf.len() < head_end + length {
            self.fill().await?;
        }
        let body = self.buf[head_end..head_end + length].to_vec();
        self.buf.drain(..head_end + length);
        Ok((status, body))
    }

    async fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 16 * 1024];
        let read = self.stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed"));
        }
        self.buf.extend_from_slice(&chunk[..read]);
        Ok(())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
