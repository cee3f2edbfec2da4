//! What the client costs over hand-written code, side by side in one run:
//!
//! * a small call (`Payments.getSessionByOrderId`) and a list of 1,000 orders
//!   (`Orders.getAllOrdersByMarker`) through the generated client against the same request
//!   written by hand with reqwest and serde, decoded into the same type: CPU of the client's
//!   thread per call (sequential) and calls/s with 32 in flight;
//! * a client for one more user: a fresh reqwest client per user (what building a client
//!   did before the process-wide default HTTP client) against `Client::for_user`, alone and
//!   followed by a sign-in and one call.
//!
//! The emulator runs on its own runtime thread; the client runs on the caller's
//! current-thread runtime, so that thread's CPU time (`/proc/thread-self/schedstat`, else
//! wall time) is the client's. Cases are interleaved run by run and medians are reported,
//! so a slow moment of the machine hits both sides alike.

use std::future::Future;
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use oneentry_client::api::{AuthData, AuthRequest, OrdersPage, PaymentSession};
use oneentry_client::{Client, OneOrMany, http_client_builder, localized};
use oneentry_emulator::Emulator;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use super::table::{Goal, Row, median};

/// Orders in the list call, and the path it reads them from.
const LIST: i64 = 1000;
const ORDERS_PATH: &str = "/api/content/orders-storage/marker/orders/orders";
const LIST_CALLS: u32 = 10;
const SEQUENTIAL_CALLS: u32 = 400;
const IN_FLIGHT: usize = 32;
const CALLS_PER_TASK: u32 = 25;
const USERS: u32 = 40;
/// `for_user` is cheap enough to need many more repetitions to be timed.
const CHEAP_USERS: u32 = 4000;

/// CPU time this thread has used: exact on Linux, wall time elsewhere (then the figures
/// include waiting for the emulator).
pub fn thread_cpu() -> Duration {
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
pub struct Sample {
    pub cpu: Duration,
    pub wall: Duration,
}

pub async fn sample<F: Future<Output = ()>>(ops: u32, batch: F) -> Sample {
    let (cpu, wall) = (thread_cpu(), Instant::now());
    batch.await;
    Sample {
        cpu: (thread_cpu() - cpu) / ops,
        wall: wall.elapsed() / ops,
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

    async fn get<T: serde::de::DeserializeOwned>(&self, path_and_query: &str) -> Option<T> {
        let mut request = self
            .http
            .get(format!("{}{path_and_query}", self.base))
            .headers(self.headers.clone());
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

    async fn session_by_order(&self, order_id: i64) -> Option<OneOrMany<PaymentSession>> {
        self.get(&format!("/api/content/payments/sessions/order/{order_id}"))
            .await
    }

    async fn orders(&self) -> Option<OrdersPage> {
        self.get(&format!(
            "{ORDERS_PATH}?langCode=en_US&limit={LIST}&offset=0"
        ))
        .await
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

pub fn credentials(emulator: &Emulator) -> AuthRequest {
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

async fn list_calls(client: &Client) {
    for _ in 0..LIST_CALLS {
        let page = client
            .orders()
            .get_all_orders_by_marker("orders")
            .limit(LIST)
            .offset(0)
            .await;
        assert!(
            matches!(&page, Ok(p) if p.items.len() == LIST as usize),
            "{page:?}"
        );
    }
}

async fn list_reference(reference: &HandWritten) {
    for _ in 0..LIST_CALLS {
        let page = reference.orders().await;
        assert!(matches!(&page, Some(p) if p.items.len() == LIST as usize));
    }
}

/// Interleaved samples of each case, one `Vec` per case.
#[derive(Default)]
struct Samples {
    seq: (Vec<Sample>, Vec<Sample>, Vec<Sample>),
    list: (Vec<Sample>, Vec<Sample>),
    par: (Vec<Sample>, Vec<Sample>),
    build: (Vec<Sample>, Vec<Sample>, Vec<Sample>),
    scenario: (Vec<Sample>, Vec<Sample>),
}

/// The rows of the client against hand-written code, from `rounds` interleaved rounds.
pub async fn rows(emulator: &Emulator, rounds: usize) -> Vec<Row> {
    let app = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("a client");
    let signed_in = app
        .auth_provider()
        .auth("email", credentials(emulator))
        .await;
    assert!(signed_in.is_ok(), "{signed_in:?}");
    let new_order = || {
        oneentry_client::api::OrderRequest::new(
            "order",
            "cash",
            vec![oneentry_client::api::FormField::new(
                "string",
                "name",
                "Christina Thomas".into(),
            )],
            vec![oneentry_client::api::OrderProduct::new(15, 1)],
        )
    };
    let order = app
        .orders()
        .create_order("orders", new_order())
        .await
        .expect("an order");
    app.payments()
        .create_session(order.id)
        .await
        .expect("a payment session");
    for _ in 1..LIST {
        app.orders()
            .create_order("orders", new_order())
            .await
            .expect("an order");
    }
    let access = app.session().access_token().expect("signed in");
    let reference = HandWritten::new(emulator.base_url(), emulator.app_token(), access.expose())
        .expect("the reference client");
    let timed = HandWritten {
        timeout: Some(Duration::from_secs(30)),
        ..HandWritten::new(emulator.base_url(), emulator.app_token(), access.expose())
            .expect("the reference client")
    };

    // `OVERHEAD_PROFILE=ours` (or `reference`, `timed`) only repeats that side's sequential
    // calls, for a profiler.
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

    let mut s = Samples::default();
    for _ in 0..rounds {
        s.seq
            .0
            .push(sample(SEQUENTIAL_CALLS, sequential_calls(&app, order.id)).await);
        s.seq
            .1
            .push(sample(SEQUENTIAL_CALLS, sequential_reference(&reference, order.id)).await);
        s.seq
            .2
            .push(sample(SEQUENTIAL_CALLS, sequential_reference(&timed, order.id)).await);
        s.list.0.push(sample(LIST_CALLS, list_calls(&app)).await);
        s.list
            .1
            .push(sample(LIST_CALLS, list_reference(&reference)).await);
        let total = (IN_FLIGHT as u32) * CALLS_PER_TASK;
        s.par
            .0
            .push(sample(total, in_flight_calls(&app, order.id)).await);
        s.par
            .1
            .push(sample(total, in_flight_reference(&reference, order.id)).await);

        s.build.0.push(
            sample(CHEAP_USERS, async {
                for _ in 0..CHEAP_USERS {
                    std::hint::black_box(app.for_user().build().expect("a user client"));
                }
            })
            .await,
        );
        s.build.1.push(
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
        s.build.2.push(
            sample(USERS, async {
                for _ in 0..USERS {
                    std::hint::black_box(user_with_own_http_client(emulator));
                }
            })
            .await,
        );
        s.scenario.0.push(
            sample(USERS, async {
                for _ in 0..USERS {
                    let user = app.for_user().build().expect("a user client");
                    one_user_scenario(user, emulator, order.id).await;
                }
            })
            .await,
        );
        s.scenario.1.push(
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
        Row::micros(
            "client CPU per call: small call vs reqwest + serde by hand",
            cpu(&s.seq.0),
            cpu(&s.seq.1),
            Goal::AtMost(1.05),
        ),
        Row::micros(
            "client CPU per call: the same, hand-written with a timeout",
            cpu(&s.seq.0),
            cpu(&s.seq.2),
            Goal::None,
        ),
        Row::micros(
            "client CPU per call: 1,000-order list vs by hand",
            cpu(&s.list.0),
            cpu(&s.list.1),
            Goal::AtMost(1.10),
        ),
        Row::per_second(
            "calls/s, small call, sequential",
            wall(&s.seq.0),
            wall(&s.seq.1),
            Goal::None,
        ),
        Row::per_second(
            "calls/s, small call, 32 in flight",
            wall(&s.par.0),
            wall(&s.par.1),
            Goal::AtLeast(0.95),
        ),
        // No I/O in these two: wall time is CPU time, and finer-grained than the
        // scheduler's accounting of a thread that never sleeps.
        Row::micros(
            "a client per user: for_user vs a new reqwest client",
            wall(&s.build.0),
            wall(&s.build.2),
            Goal::AtMost(0.01),
        ),
        Row::micros(
            "a client per user: builder (shared HTTP client) vs new reqwest client",
            wall(&s.build.1),
            wall(&s.build.2),
            Goal::None,
        ),
        Row::micros(
            "new user, sign-in + 1 call, CPU: for_user vs own reqwest client",
            cpu(&s.scenario.0),
            cpu(&s.scenario.1),
            Goal::None,
        ),
    ]
}
