//! A bounded soak through a faulty network: the paid-order scenario, many times, through a
//! loopback proxy that answers 503, resets connections before forwarding, or forwards and
//! then resets (the server acted, the client never hears). The client must recover every GET
//! by itself and never send an order twice; an app that reconciles unknown outcomes (as
//! below) ends with exactly one order per scenario.

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use oneentry_client::api::{AuthData, AuthRequest, FormField, OrderProduct, OrderRequest};
use oneentry_client::{Client, Error, Secret};
use oneentry_emulator::Emulator;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const SCENARIOS: usize = 60;
const IN_FLIGHT: usize = 4;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Fault {
    None,
    /// `503` with `Retry-After: 0`, nothing forwarded.
    Unavailable,
    /// The connection is reset before anything is forwarded.
    ResetBefore,
    /// The request is forwarded and answered, then the connection is reset: the server
    /// acted, the client cannot know.
    ResetAfter,
}

/// Decides the fault of each request: about a quarter of them, from a fixed seed, but never
/// the same request twice in a row, so a single re-send always gets through (transient
/// faults, which is what a retry policy is for).
struct Plan {
    state: Mutex<PlanState>,
}

struct PlanState {
    seed: u64,
    faulted_last_time: HashSet<Vec<u8>>,
    counts: HashMap<Fault, usize>,
}

impl Plan {
    fn new(seed: u64) -> Self {
        Plan {
            state: Mutex::new(PlanState {
                seed,
                faulted_last_time: HashSet::new(),
                counts: HashMap::new(),
            }),
        }
    }

    fn decide(&self, request: &[u8]) -> Fault {
        let mut state = self.state.lock().expect("plan");
        // xorshift64: deterministic, no dependency.
        state.seed ^= state.seed << 13;
        state.seed ^= state.seed >> 7;
        state.seed ^= state.seed << 17;
        let roll = state.seed % 12;
        let fault = if state.faulted_last_time.remove(request) {
            Fault::None
        } else {
            match roll {
                0 => Fault::Unavailable,
                1 => Fault::ResetBefore,
                2 => Fault::ResetAfter,
                _ => Fault::None,
            }
        };
        if fault != Fault::None {
            state.faulted_last_time.insert(request.to_vec());
        }
        *state.counts.entry(fault).or_default() += 1;
        fault
    }
}

/// One HTTP/1.1 request per connection, read whole (head and `content-length` body).
async fn read_request(client: &mut TcpStream) -> Option<Vec<u8>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                buffer.truncate(end + 4 + length);
                return Some(buffer);
            }
        }
        if buffer.len() > 1 << 20 {
            return None;
        }
        let read = client.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// Sends `request` upstream on a connection of its own and returns the whole answer.
async fn forward(upstream: SocketAddr, request: &[u8]) -> Option<Vec<u8>> {
    let end = request.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&request[..end]);
    let mut rewritten = String::new();
    for line in head.split("\r\n") {
        if !line.to_ascii_lowercase().starts_with("connection:") {
            rewritten.push_str(line);
            rewritten.push_str("\r\n");
        }
    }
    rewritten.push_str("connection: close\r\n\r\n");
    let mut stream = TcpStream::connect(upstream).await.ok()?;
    stream.write_all(rewritten.as_bytes()).await.ok()?;
    stream.write_all(&request[end + 4..]).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    Some(answer)
}

/// Closes with a TCP reset (`SO_LINGER` 0) instead of an orderly shutdown.
fn reset(stream: TcpStream) {
    // Deprecated because a non-zero linger blocks the thread on drop; zero resets at once.
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    drop(stream);
}

async fn proxy(upstream: SocketAddr, plan: Arc<Plan>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let plan = Arc::clone(&plan);
            tokio::spawn(async move {
                let Some(request) = read_request(&mut client).await else {
                    return;
                };
                match plan.decide(&request) {
                    Fault::ResetBefore => reset(client),
                    Fault::Unavailable => {
                        let body = r#"{"statusCode":503,"message":"Service Unavailable"}"#;
                        let answer = format!(
                            "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                            body.len()
                        );
                        let _ = client.write_all(answer.as_bytes()).await;
                    }
                    Fault::ResetAfter => {
                        let _ = forward(upstream, &request).await;
                        reset(client);
                    }
                    Fault::None => {
                        if let Some(answer) = forward(upstream, &request).await {
                            let _ = client.write_all(&answer).await;
                        }
                    }
                }
            });
        }
    });
    addr
}

fn order(name: &str) -> OrderRequest {
    OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", name.into())],
        vec![OrderProduct::new(15, 1)],
    )
}

/// The demo user's sign-in.
fn credentials() -> AuthRequest {
    AuthRequest::new(vec![
        AuthData::new("email_reg", oneentry_emulator::DEMO_USER_EMAIL),
        AuthData::new(
            "password_reg",
            Secret::new(oneentry_emulator::DEMO_USER_PASSWORD),
        ),
    ])
}

/// Counts of what went wrong, for the assertions and for the report.
#[derive(Default, Debug)]
struct Tally {
    get_failures: Vec<String>,
    unknown_outcomes: usize,
    recreated: usize,
}

/// Ids of the orders named `name`, read through the (faulty) proxy with a GET.
async fn orders_named(client: &Client, name: &str, tally: &Mutex<Tally>) -> Option<Vec<i64>> {
    match client
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(100)
        .pages()
        .all()
        .await
    {
        Ok(orders) => Some(
            orders
                .iter()
                .filter(|o| o.form_data.iter().any(|f| f.value == name))
                .map(|o| o.id)
                .collect(),
        ),
        Err(err) => {
            tally
                .lock()
                .expect("tally")
                .get_failures
                .push(err.to_string());
            None
        }
    }
}

/// The scenario as an app that reconciles would write it: sign in, create the order unless
/// it exists, open a payment session, read it back by order id.
async fn scenario(base: String, app_token: String, i: usize, tally: Arc<Mutex<Tally>>) {
    let client = Client::builder(base)
        .app_token(app_token)
        .build()
        .expect("config");
    // Signing in again is harmless: try until it works.
    for _ in 0..5 {
        if client
            .auth_provider()
            .auth("email", credentials())
            .await
            .is_ok()
        {
            break;
        }
    }
    let name = format!("soak-{i}");
    let mut order_id = None;
    for _ in 0..5 {
        match client.orders().create_order("orders", order(&name)).await {
            Ok(order) => {
                order_id = Some(order.id);
                break;
            }
            Err(err) => {
                if matches!(err, Error::Transport { .. }) {
                    tally.lock().expect("tally").unknown_outcomes += 1;
                }
                // The order may exist now: look before creating it again (and keep looking
                // while the lookup itself fails: creating blindly is how duplicates happen).
                let mut found = None;
                for _ in 0..5 {
                    if let Some(ids) = orders_named(&client, &name, &tally).await {
                        found = Some(ids);
                        break;
                    }
                }
                let found = found.expect("the lookup succeeds within five tries");
                if let Some(&id) = found.first() {
                    order_id = Some(id);
                    break;
                }
                tally.lock().expect("tally").recreated += 1;
            }
        }
    }
    let order_id = order_id.expect("the order exists after reconciling");
    for _ in 0..5 {
        if client.payments().create_session(order_id).await.is_ok() {
            break;
        }
    }
    if let Err(err) = client.payments().get_session_by_order_id(order_id).await {
        tally
            .lock()
            .expect("tally")
            .get_failures
            .push(err.to_string());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_cost_no_duplicate_orders_and_every_get_recovers() {
    let emulator = Emulator::start().await.expect("emulator");
    let upstream: SocketAddr = emulator
        .base_url()
        .trim_start_matches("http://")
        .parse()
        .expect("emulator address");
    let plan = Arc::new(Plan::new(0x5eed_f00d_fa17));
    let proxy = proxy(upstream, Arc::clone(&plan)).await;
    let base = format!("http://{proxy}");
    let tally = Arc::new(Mutex::new(Tally::default()));

    let soak = async {
        for batch in (0..SCENARIOS).collect::<Vec<_>>().chunks(IN_FLIGHT) {
            let mut tasks = Vec::new();
            for &i in batch {
                tasks.push(tokio::spawn(scenario(
                    base.clone(),
                    emulator.app_token().to_owned(),
                    i,
                    Arc::clone(&tally),
                )));
            }
            for task in tasks {
                task.await.expect("scenario");
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(120), soak)
        .await
        .expect("the soak ends within its time bound");

    // Count the orders straight from the emulator, past the proxy.
    let direct = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("config");
    direct
        .auth_provider()
        .auth("email", credentials())
        .await
        .expect("sign-in");
    let orders = direct
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(100)
        .pages()
        .max_pages(100)
        .all()
        .await
        .expect("orders");
    let mut per_name: HashMap<String, usize> = HashMap::new();
    for order in &orders {
        for field in &order.form_data {
            if let Some(name) = field.value.as_str().filter(|n| n.starts_with("soak-")) {
                *per_name.entry(name.to_owned()).or_default() += 1;
            }
        }
    }
    let duplicates: Vec<_> = per_name.iter().filter(|(_, n)| **n > 1).collect();
    let tally = tally.lock().expect("tally");
    let counts = plan.state.lock().expect("plan").counts.clone();
    eprintln!("faults injected: {counts:?}; {tally:?}");
    assert!(
        counts.get(&Fault::ResetAfter).copied().unwrap_or(0) > 0
            && counts.get(&Fault::Unavailable).copied().unwrap_or(0) > 0,
        "the plan injected too few faults to mean anything: {counts:?}"
    );
    assert_eq!(per_name.len(), SCENARIOS, "every scenario has its order");
    assert!(duplicates.is_empty(), "duplicate orders: {duplicates:?}");
    assert!(
        tally.get_failures.is_empty(),
        "{} GETs did not recover: {:?}",
        tally.get_failures.len(),
        &tally.get_failures[..tally.get_failures.len().min(5)]
    );
}
