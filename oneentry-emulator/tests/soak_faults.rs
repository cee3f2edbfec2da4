//! A bounded soak of the paid-order scenario through a fault proxy on loopback that resets
//! connections and answers 503 for about a quarter of the requests.
//!
//! The client retries what is safe; the scenario does what an app must do with a POST whose
//! outcome is unknown: look before sending it again. The result must be exactly one order per
//! scenario, and every GET must recover.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use oneentry_client::api::{AuthData, AuthRequest, FormField, OrderProduct, OrderRequest};
use oneentry_client::{Client, Error, RetryPolicy, Secret};
use oneentry_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SCENARIOS: usize = 48;
const IN_FLIGHT: usize = 8;
/// App-level attempts of one step before the scenario gives up (a bound, never reached).
const STEP_ATTEMPTS: usize = 30;

/// What the proxy does with one request.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Reset the connection before forwarding: the server never sees the request.
    ResetBefore,
    /// Forward, then reset instead of answering: the server acted, the answer is lost.
    ResetAfter,
    /// Answer 503 without forwarding.
    Unavailable,
    Forward,
}

#[derive(Default)]
struct Counts {
    requests: AtomicUsize,
    reset_before: AtomicUsize,
    reset_after: AtomicUsize,
    unavailable: AtomicUsize,
}

/// Three faults in every twelve requests, spread by a multiplicative hash of the request
/// number so that retries of one request do not meet the same fault in lockstep.
fn fault(number: usize) -> Fault {
    match (number.wrapping_mul(2_654_435_761) >> 7) % 12 {
        0 => Fault::ResetBefore,
        1 => Fault::ResetAfter,
        2 => Fault::Unavailable,
        _ => Fault::Forward,
    }
}

async fn start_proxy(target: String, counts: Arc<Counts>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let upstream = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("upstream client");
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (target, counts, upstream) = (target.clone(), counts.clone(), upstream.clone());
            tokio::spawn(serve(stream, target, counts, upstream));
        }
    });
    addr
}

async fn serve(mut stream: TcpStream, target: String, counts: Arc<Counts>, up: reqwest::Client) {
    let mut buffer = Vec::new();
    while let Some((method, path, headers, body)) = read_request(&mut stream, &mut buffer).await {
        let number = counts.requests.fetch_add(1, Ordering::SeqCst);
        let fault = fault(number);
        if fault == Fault::ResetBefore {
            counts.reset_before.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_zero_linger();
            return;
        }
        if fault == Fault::Unavailable {
            counts.unavailable.fetch_add(1, Ordering::SeqCst);
            let body = br#"{"statusCode":503,"message":"injected"}"#;
            if !respond(&mut stream, 503, body).await {
                return;
            }
            continue;
        }
        let mut request = up.request(
            reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
            format!("{target}{path}"),
        );
        for (name, value) in &headers {
            if !matches!(name.as_str(), "host" | "content-length" | "connection") {
                request = request.header(name, value);
            }
        }
        let Ok(response) = request.body(body).send().await else {
            return;
        };
        let status = response.status().as_u16();
        let Ok(answer) = response.bytes().await else {
            return;
        };
        if fault == Fault::ResetAfter {
            counts.reset_after.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_zero_linger();
            return;
        }
        if !respond(&mut stream, status, &answer).await {
            return;
        }
    }
}

async fn respond(stream: &mut TcpStream, status: u16, body: &[u8]) -> bool {
    let head = format!(
        "HTTP/1.1 {status} Proxied\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream
        .write_all(&[head.as_bytes(), body].concat())
        .await
        .is_ok()
}

type Parsed = (String, String, Vec<(String, String)>, Vec<u8>);

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Parsed> {
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, path) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    buffer.drain(..end + 4);
    while buffer.len() < length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await.ok().filter(|n| *n > 0)?;
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer.drain(..length).collect();
    Some((method, path, headers, body))
}

fn tag(scenario: usize) -> String {
    format!("soak-{scenario}")
}

fn order(scenario: usize) -> OrderRequest {
    OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", tag(scenario).into())],
        vec![OrderProduct::new(15, 1)],
    )
}

/// Ids of the user's orders carrying `tag`, read through the (faulty) proxy.
async fn orders_tagged(client: &Client, tag: &str) -> Vec<i64> {
    let page = client
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(1000)
        .await
        .expect("a GET recovers through the faults");
    page.items
        .iter()
        .filter(|o| o.form_data.iter().any(|f| f.value.as_str() == Some(tag)))
        .map(|o| o.id)
        .collect()
}

/// What a scenario met.
#[derive(Default)]
struct Report {
    unknown_order_outcomes: usize,
    reconciled_orders: usize,
}

/// Fails on anything but a transient failure, which the app answers by trying again.
fn transient(err: Error, step: &str) {
    assert!(err.is_retryable(), "{step}: {err}");
}

async fn scenario(number: usize, url: String, emulator: Arc<Emulator>) -> Report {
    let mut report = Report::default();
    let client = Client::builder(url)
        .app_token(emulator.app_token())
        .retry(
            RetryPolicy::new()
                .max_attempts(8)
                .backoff(Duration::from_millis(5), Duration::from_millis(40)),
        )
        .build()
        .expect("config");
    let credentials = || {
        AuthRequest::new(vec![
            AuthData::new("email_reg", emulator.user_email()),
            AuthData::new("password_reg", Secret::new(emulator.user_password())),
        ])
    };

    // A repeated sign-in only opens another session: safe to send again.
    for attempt in 0.. {
        assert!(attempt < STEP_ATTEMPTS, "sign-in never succeeded");
        match client.auth_provider().auth("email", credentials()).await {
            Ok(_) => break,
            Err(err) => transient(err, "sign-in"),
        }
    }

    let tag = tag(number);
    let order_id = 'order: {
        for _ in 0..STEP_ATTEMPTS {
            match client.orders().create_order("orders", order(number)).await {
                Ok(order) => break 'order order.id,
                Err(err) => {
                    // The order may exist: look before creating it again.
                    report.unknown_order_outcomes += 1;
                    transient(err, "create order");
                    if let Some(id) = orders_tagged(&client, &tag).await.first() {
                        report.reconciled_orders += 1;
                        break 'order *id;
                    }
                }
            }
        }
        panic!("scenario {number}: the order was never created");
    };

    'session: {
        for _ in 0..STEP_ATTEMPTS {
            match client.payments().create_session(order_id).await {
                Ok(_) => break 'session,
                Err(err) => {
                    transient(err, "create session");
                    let existing = client
                        .payments()
                        .get_session_by_order_id(order_id)
                        .await
                        .map(|sessions| !sessions.into_vec().is_empty());
                    if matches!(existing, Ok(true)) {
                        break 'session;
                    }
                }
            }
        }
        panic!("scenario {number}: no payment session");
    }

    let sessions = client
        .payments()
        .get_session_by_order_id(order_id)
        .await
        .expect("a GET recovers through the faults");
    assert!(!sessions.into_vec().is_empty());
    report
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_order_per_scenario_through_resets_and_503s() {
    let emulator = Arc::new(Emulator::start().await.expect("emulator"));
    let counts = Arc::new(Counts::default());
    let proxy = start_proxy(emulator.base_url(), counts.clone()).await;
    let url = format!("http://{proxy}");

    let mut reports = Vec::new();
    let mut next = 0;
    while next < SCENARIOS {
        let batch: Vec<_> = (next..SCENARIOS.min(next + IN_FLIGHT))
            .map(|n| tokio::spawn(scenario(n, url.clone(), emulator.clone())))
            .collect();
        next += batch.len();
        for task in batch {
            reports.push(task.await.expect("scenario"));
        }
    }

    // Count orders straight at the emulator, past the proxy.
    let direct = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("config");
    direct
        .auth_provider()
        .auth(
            "email",
            AuthRequest::new(vec![
                AuthData::new("email_reg", emulator.user_email()),
                AuthData::new("password_reg", Secret::new(emulator.user_password())),
            ]),
        )
        .await
        .expect("direct sign-in");
    let mut duplicates = 0;
    for number in 0..SCENARIOS {
        let found = orders_tagged(&direct, &tag(number)).await.len();
        assert!(found >= 1, "scenario {number} has no order");
        duplicates += found - 1;
    }
    let unknown: usize = reports.iter().map(|r| r.unknown_order_outcomes).sum();
    let reconciled: usize = reports.iter().map(|r| r.reconciled_orders).sum();
    let total = counts.requests.load(Ordering::SeqCst);
    let faults = counts.reset_before.load(Ordering::SeqCst)
        + counts.reset_after.load(Ordering::SeqCst)
        + counts.unavailable.load(Ordering::SeqCst);
    println!(
        "{SCENARIOS} scenarios, {total} requests through the proxy, {faults} faults \
         ({} reset before, {} reset after, {} 503); {unknown} order POSTs failed, \
         {reconciled} of them had created the order; duplicate orders: {duplicates}",
        counts.reset_before.load(Ordering::SeqCst),
        counts.reset_after.load(Ordering::SeqCst),
        counts.unavailable.load(Ordering::SeqCst),
    );
    assert!(
        faults * 6 >= total,
        "the proxy injected too few faults: {faults}/{total}"
    );
    assert_eq!(duplicates, 0);
}
