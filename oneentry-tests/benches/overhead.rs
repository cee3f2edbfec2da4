//! What the client costs over hand-written code, side by side in one run:
//!
//! * a small call (`Payments.getSessionByOrderId`) through the generated client against the
//!   same request written by hand with reqwest and serde, decoded into the same type: CPU of
//!   the client's thread per call (sequential) and calls/s with 32 in flight;
//! * a client for one more user: a fresh reqwest client per user (what building a client
//!   did before the process-wide default HTTP client) against `Client::for_user`, alone and
//!   followed by a sign-in and one call.
//!
//! `cargo bench -p oneentry-tests --bench overhead` prints one table. The emulator runs on
//! its own runtime thread; the client runs on the main thread's current-thread runtime, so
//! the main thread's CPU time (`/proc/thread-self/schedstat`, else wall time) is the
//! client's. Cases are interleaved run by run and medians are reported, so a slow moment of
//! the machine hits both sides alike.

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use oneentry_client::api::{AuthData, AuthRequest, PaymentSession};
use oneentry_client::{Client, OneOrMany, http_client_builder, localized};
use oneentry_emulator::Emulator;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

const RUNS: usize = 9;
const SEQUENTIAL_CALLS: u32 = 400;
const IN_FLIGHT: usize = 32;
const CALLS_PER_TASK: u32 = 25;
const USERS: u32 = 40;
/// `for_user` is cheap enough to need many more repetitions to be timed.
const CHEAP_USERS: u32 = 4000;

/// CPU time this thread has used: exact on Linux, wall time elsewhere (then the figures
/// include waiting for the emulator).
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<u64>().ok())
        .map(Duration::from_nanos)
        .unwrap_or_else(|| START.with(|start| start.elapsed()))
}

thread_local! {
    static START: Instant = Instant::now();
}

/// Per-operation CPU and wall time of one batch of `ops` operations.
#[derive(Clone, Copy)]
struct Sample {
    cpu: Duration,
    wall: Duration,
}

async fn sample<F: Future<Output = ()>>(ops: u32, batch: F) -> Sample {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    batch.await;
    Sample {
        cpu: (thread_cpu() - cpu) / ops,
        wall: wall.elapsed() / ops,
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

/// One row: a measure for ours and for the reference, lower is better unless `per_second`.
struct Row {
    name: &'static str,
    ours: f64,
    reference: f64,
    unit: &'static str,
    per_second: bool,
}

impl Row {
    fn time(name: &'static str, ours: Duration, reference: Duration) -> Self {
        Self {
            name,
            ours: ours.as_secs_f64() * 1e6,
            reference: reference.as_secs_f64() * 1e6,
            unit: "µs",
            per_second: false,
        }
    }

    fn rate(name: &'static str, ours: Duration, reference: Duration) -> Self {
        Self {
            name,
            ours: 1.0 / ours.as_secs_f64(),
            reference: 1.0 / reference.as_secs_f64(),
            unit: "/s",
            per_second: true,
        }
    }
}

fn print(rows: &[Row]) {
    println!(
        "{:<52} {:>12} {:>12} {:>7}",
        "measure", "ours", "reference", "ratio"
    );
    for row in rows {
        let note = if row.per_second {
            "(higher is better)"
        } else {
            ""
        };
        println!(
            "{:<52} {:>10.1}{:<2} {:>10.1}{:<2} {:>6.2}x {note}",
            row.name,
            row.ours,
            row.unit,
            row.reference,
            row.unit,
            row.ours / row.reference
        );
    }
}

/// The hand-written call a careful engineer would make: headers built once, the path
/// formatted, the body decoded straight from the bytes into the same type.
struct HandWritten {
    http: reqwest::Client,
    base: String,
    headers: HeaderMap,
    /// reqwest's per-request timeout, as careful code would set (a tokio timer per call).
    timeout: Option<Duration>,
}

impl HandWritten {
    fn new(base: String, app_token: &str, access: &str) -> Option<Self> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(
            HeaderName::from_static("x-app-token"),
            HeaderValue::from_str(app_token).ok()?,
        );
        headers.insert(
            AUTHORIZATION,
            HeaderValue::from_str(&format!("Bearer {access}")).ok()?,
        );
        let http = http_client_builder().build().ok()?;
        Some(Self {
            http,
            base,
            headers,
            timeout: None,
        })
    }

    async fn session_by_order(&self, order_id: i64) -> Option<OneOrMany<PaymentSession>> {
        let url = format!(
            "{}/api/content/payments/sessions/order/{order_id}",
            self.base
        );
        let mut request = self.http.get(url).headers(self.headers.clone());
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        let response = request.send().await.ok()?;
        if !response.status().is_success() {
            return None;
        }
        let bytes = response.bytes().await.ok()?;
        localized::with_language("en_US", || serde_json::from_slice(&bytes)).ok()
    }
}

async fn sequential_calls(client: &Client, order_id: i64) {
    for _ in 0..SEQUENTIAL_CALLS {
        let found = client.payments().get_session_by_order_id(order_id).await;
        assert!(found.is_ok(), "{found:?}");
    }
}

async fn sequential_reference(reference: &HandWritten, order_id: i64) {
    for _ in 0..SEQUENTIAL_CALLS {
        assert!(reference.session_by_order(order_id).await.is_some());
    }
}

async fn in_flight_calls(client: &Client, order_id: i64) {
    join_all((0..IN_FLIGHT).map(|_| async {
        for _ in 0..CALLS_PER_TASK {
            let found = client.payments().get_session_by_order_id(order_id).await;
            assert!(found.is_ok(), "{found:?}");
        }
    }))
    .await;
}

async fn in_flight_reference(reference: &HandWritten, order_id: i64) {
    join_all((0..IN_FLIGHT).map(|_| async {
        for _ in 0..CALLS_PER_TASK {
            assert!(reference.session_by_order(order_id).await.is_some());
        }
    }))
    .await;
}

fn credentials(emulator: &Emulator) -> AuthRequest {
    AuthRequest::new(vec![
        AuthData::new("email_reg", emulator.user_email()),
        AuthData::new("password_reg", emulator.user_password()),
    ])
}

/// A client for one more user the way it was done before: a new reqwest client each.
fn user_with_own_http_client(emulator: &Emulator) -> Client {
    let http = http_client_builder().build().expect("an HTTP client");
    Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .http_client(http)
        .build()
        .expect("a client")
}

async fn one_user_scenario(user: Client, emulator: &Emulator, order_id: i64) {
    let signed_in = user
        .auth_provider()
        .auth("email", credentials(emulator))
        .await;
    assert!(signed_in.is_ok(), "{signed_in:?}");
    let found = user.payments().get_session_by_order_id(order_id).await;
    assert!(found.is_ok(), "{found:?}");
}

async fn bench(emulator: &Emulator) -> Vec<Row> {
    let app = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("a client");
    let signed_in = app
        .auth_provider()
        .auth("email", credentials(emulator))
        .await;
    assert!(signed_in.is_ok(), "{signed_in:?}");
    let order = oneentry_client::api::OrderRequest::new(
        "order",
        "cash",
        vec![oneentry_client::api::FormField::new(
            "string",
            "name",
            "Christina Thomas".into(),
        )],
        vec![oneentry_client::api::OrderProduct::new(15, 1)],
    );
    let order = app
        .orders()
        .create_order("orders", order)
        .await
        .expect("an order");
    app.payments()
        .create_session(order.id)
        .await
        .expect("a payment session");
    let access = app.session().access_token().expect("signed in");
    let reference = HandWritten::new(emulator.base_url(), emulator.app_token(), access.expose())
        .expect("the reference client");
    let timed = HandWritten {
        timeout: Some(Duration::from_secs(30)),
        ..HandWritten::new(emulator.base_url(), emulator.app_token(), access.expose())
            .expect("the reference client")
    };

    // `OVERHEAD_PROFILE=ours` (or `reference`) only repeats that side's sequential calls,
    // for a profiler.
    if let Ok(side) = std::env::var("OVERHEAD_PROFILE") {
        for _ in 0..50 {
            match side.as_str() {
                "reference" => sequential_reference(&reference, order.id).await,
                "timed" => sequential_reference(&timed, order.id).await,
                _ => sequential_calls(&app, order.id).await,
            }
        }
        return Vec::new();
    }

    // Warm both pools and both code paths.
    sequential_calls(&app, order.id).await;
    sequential_reference(&reference, order.id).await;

    let mut seq = (Vec::new(), Vec::new(), Vec::new());
    let mut par = (Vec::new(), Vec::new());
    let mut build = (Vec::new(), Vec::new(), Vec::new());
    let mut scenario = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        seq.0
            .push(sample(SEQUENTIAL_CALLS, sequential_calls(&app, order.id)).await);
        seq.1
            .push(sample(SEQUENTIAL_CALLS, sequential_reference(&reference, order.id)).await);
        seq.2
            .push(sample(SEQUENTIAL_CALLS, sequential_reference(&timed, order.id)).await);
        let total = (IN_FLIGHT as u32) * CALLS_PER_TASK;
        par.0
            .push(sample(total, in_flight_calls(&app, order.id)).await);
        par.1
            .push(sample(total, in_flight_reference(&reference, order.id)).await);

        build.0.push(
            sample(CHEAP_USERS, async {
                for _ in 0..CHEAP_USERS {
                    std::hint::black_box(app.for_user().build().expect("a user client"));
                }
            })
            .await,
        );
        build.1.push(
            sample(CHEAP_USERS, async {
                for _ in 0..CHEAP_USERS {
                    let client = Client::builder(emulator.base_url())
                        .app_token(emulator.app_token())
                        .build()
                        .expect("a client");
                    std::hint::black_box(client);
                }
            })
            .await,
        );
        build.2.push(
            sample(USERS, async {
                for _ in 0..USERS {
                    std::hint::black_box(user_with_own_http_client(emulator));
                }
            })
            .await,
        );
        scenario.0.push(
            sample(USERS, async {
                for _ in 0..USERS {
                    let user = app.for_user().build().expect("a user client");
                    one_user_scenario(user, emulator, order.id).await;
                }
            })
            .await,
        );
        scenario.1.push(
            sample(USERS, async {
                for _ in 0..USERS {
                    one_user_scenario(user_with_own_http_client(emulator), emulator, order.id)
                        .await;
                }
            })
            .await,
        );
    }
    let cpu = |samples: &Vec<Sample>| median(samples.iter().map(|s| s.cpu).collect());
    let wall = |samples: &Vec<Sample>| median(samples.iter().map(|s| s.wall).collect());
    vec![
        Row::time(
            "small call, client CPU per call (sequential)",
            cpu(&seq.0),
            cpu(&seq.1),
        ),
        Row::rate("small call, calls/s sequential", wall(&seq.0), wall(&seq.1)),
        Row::time(
            "small call, CPU/call vs reference with a timeout",
            cpu(&seq.0),
            cpu(&seq.2),
        ),
        Row::time(
            "small call, client CPU per call (32 in flight)",
            cpu(&par.0),
            cpu(&par.1),
        ),
        Row::rate(
            "small call, calls/s at 32 in flight",
            wall(&par.0),
            wall(&par.1),
        ),
        // No I/O in these two: wall time is CPU time, and finer-grained than the
        // scheduler's accounting of a thread that never sleeps.
        Row::time(
            "client per user: for_user vs own HTTP client",
            wall(&build.0),
            wall(&build.2),
        ),
        Row::time(
            "client per user: builder, shared default vs own",
            wall(&build.1),
            wall(&build.2),
        ),
        Row::time(
            "user: build, sign in, 1 call; for_user vs own, CPU",
            cpu(&scenario.0),
            cpu(&scenario.1),
        ),
        Row::time(
            "user: build, sign in, 1 call; for_user vs own, wall",
            wall(&scenario.0),
            wall(&scenario.1),
        ),
    ]
}

fn main() {
    // `cargo test --benches` runs bench targets with `--test`; stay quick there.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("the emulator's runtime");
    let emulator = server
        .block_on(Emulator::start())
        .expect("the emulator starts on loopback");
    let client = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client's runtime");
    println!(
        "median of {RUNS} interleaved runs; reference = hand-written reqwest + serde_json::from_slice \
         into the same type (rows 1-4), a new reqwest client per user (rows 5-8)\n"
    );
    let rows = client.block_on(bench(&emulator));
    print(&rows);
}
