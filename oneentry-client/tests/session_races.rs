//! The session under concurrency: a local clear wins over every sign-in or refresh in flight,
//! the rotation hook hears rotations in order and its last word is the current token, and
//! calls survive refresh tokens being rotated under their feet.
//!
//! The server is a small token service on loopback that behaves like a strict OneEntry
//! project: each sign-in or refresh issues generation `n` (`a{n}` / `r{n}`) and revokes every
//! older token, so a request carrying a rotated-away token gets a 401.

mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use support::loopback;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use oneentry_client::api::{AuthData, AuthRequest};
use oneentry_client::{Client, Secret};
use serde_json::json;

#[derive(Default)]
struct Tokens {
    generation: AtomicU64,
    /// How long sign-in and refresh take, in milliseconds.
    issue_delay_ms: AtomicU64,
    /// How long an order list takes, in milliseconds.
    call_delay_ms: AtomicU64,
    /// Sign-ins and refreshes that reached the handler (before the delay).
    issue_started: AtomicU64,
}

type Shared = Arc<Tokens>;

fn issue(tokens: &Tokens) -> Response {
    loopback::tokens(tokens.generation.fetch_add(1, Ordering::SeqCst) + 1)
}

async fn sign_in(State(tokens): State<Shared>) -> Response {
    tokens.issue_started.fetch_add(1, Ordering::SeqCst);
    sleep_ms(tokens.issue_delay_ms.load(Ordering::SeqCst)).await;
    issue(&tokens)
}

async fn refresh(State(tokens): State<Shared>, body: String) -> Response {
    tokens.issue_started.fetch_add(1, Ordering::SeqCst);
    sleep_ms(tokens.issue_delay_ms.load(Ordering::SeqCst)).await;
    let current = format!("r{}", tokens.generation.load(Ordering::SeqCst));
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if sent["refreshToken"] == current.as_str() {
        issue(&tokens)
    } else {
        loopback::unauthorized()
    }
}

async fn orders(State(tokens): State<Shared>, headers: HeaderMap) -> Response {
    let sent = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    sleep_ms(tokens.call_delay_ms.load(Ordering::SeqCst)).await;
    // Checked after the work, as a server that validates late would: a rotation during the
    // call revokes the token it came with.
    let current = format!("Bearer a{}", tokens.generation.load(Ordering::SeqCst));
    if sent == current {
        axum::Json(json!({"total": 0, "items": []})).into_response()
    } else {
        loopback::unauthorized()
    }
}

async fn sleep_ms(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

async fn server() -> (String, Shared) {
    let tokens = Shared::default();
    let app = Router::new()
        .route(
            "/api/content/users-auth-providers/marker/email/users/auth",
            post(sign_in),
        )
        .route(
            "/api/content/users-auth-providers/marker/email/users/refresh",
            post(refresh),
        )
        .route(
            "/api/content/orders-storage/marker/orders/orders",
            get(orders),
        )
        .with_state(Arc::clone(&tokens));
    (loopback::serve(app).await, tokens)
}

fn credentials() -> AuthRequest {
    AuthRequest::new(vec![
        AuthData::new("email_reg", "user@example.com"),
        AuthData::new("password_reg", Secret::new("pw")),
    ])
}

type Saves = Arc<Mutex<Vec<Option<String>>>>;

fn client_with_hook(base: &str) -> (Client, Saves) {
    client_with_slow_hook(base, Duration::ZERO)
}

/// A hook that takes `pause` per call, as one that writes to disk does; a slow hook widens
/// every window in which two notifications could overtake each other.
fn client_with_slow_hook(base: &str, pause: Duration) -> (Client, Saves) {
    let saves = Saves::default();
    let sink = Arc::clone(&saves);
    let client = Client::builder(base)
        .app_token("app")
        .on_refresh_token(move |token: Option<&Secret>| {
            let token = token.map(|t| t.expose().to_owned());
            std::thread::sleep(pause);
            if let Ok(mut saves) = sink.lock() {
                saves.push(token);
            }
        })
        .build()
        .expect("config");
    (client, saves)
}

/// The clear stood: the session is empty, and the hook's last word was `None`, which is
/// what an app that saves whatever it heard last has on disk.
fn assert_signed_out(client: &Client, saves: &Saves) {
    assert!(!client.session().is_signed_in(), "the logout was undone");
    let saves = saves.lock().expect("saves").clone();
    assert_eq!(saves.last(), Some(&None), "the hook's last word: {saves:?}");
}

/// Waits until the server has started handling `count` sign-ins or refreshes in total.
async fn issue_started(tokens: &Tokens, count: u64) {
    for _ in 0..5000 {
        if tokens.issue_started.load(Ordering::SeqCst) >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("the server never saw {count} sign-ins or refreshes");
}

#[tokio::test]
async fn a_local_clear_wins_over_a_sign_in_in_flight() {
    let (base, tokens) = server().await;
    tokens.issue_delay_ms.store(200, Ordering::SeqCst);
    let (client, saves) = client_with_hook(&base);

    let signing_in = {
        let client = client.clone();
        tokio::spawn(async move { client.auth_provider().auth("email", credentials()).await })
    };
    issue_started(&tokens, 1).await;
    client.session().clear();
    let answer = signing_in.await.expect("task");
    assert!(answer.is_ok(), "{answer:?}");

    assert_signed_out(&client, &saves);
}

#[tokio::test]
async fn a_local_clear_wins_over_a_refresh_in_flight() {
    let (base, tokens) = server().await;
    let (client, saves) = client_with_hook(&base);
    client
        .auth_provider()
        .auth("email", credentials())
        .await
        .expect("sign-in");
    tokens.issue_delay_ms.store(200, Ordering::SeqCst);

    let refreshing = {
        let client = client.clone();
        tokio::spawn(async move { client.auth_provider().refresh("email").await })
    };
    issue_started(&tokens, 2).await;
    client.session().clear();
    let _ = refreshing.await.expect("task");

    assert_signed_out(&client, &saves);
}

/// The app persists whatever the hook said last, so a clear must be heard after the sign-in
/// it overtook, even while that sign-in's hook call is still running.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clear_during_the_hook_of_a_sign_in_is_the_last_word() {
    use std::sync::mpsc;
    let (base, _tokens) = server().await;
    let saves = Saves::default();
    let (entered_tx, entered_rx) = mpsc::channel::<()>();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (entered_tx, release_rx) = (Mutex::new(entered_tx), Mutex::new(release_rx));
    let sink = Arc::clone(&saves);
    let client = Client::builder(&base)
        .app_token("app")
        .on_refresh_token(move |token: Option<&Secret>| {
            let token = token.map(|t| t.expose().to_owned());
            if token.is_some() {
                // Hold the first save until the clear has been made (or 300 ms have passed).
                if let Ok(tx) = entered_tx.lock() {
                    let _ = tx.send(());
                }
                if let Ok(rx) = release_rx.lock() {
                    let _ = rx.recv_timeout(Duration::from_millis(300));
                }
            }
            if let Ok(mut saves) = sink.lock() {
                saves.push(token);
            }
        })
        .build()
        .expect("config");

    let signing_in = {
        let client = client.clone();
        tokio::spawn(async move { client.auth_provider().auth("email", credentials()).await })
    };
    let clearing = {
        let client = client.clone();
        tokio::task::spawn_blocking(move || {
            entered_rx
                .recv_timeout(Duration::from_secs(5))
                .expect("the hook was called");
            client.session().clear();
            let _ = release_tx.send(());
        })
    };
    clearing.await.expect("clear");
    signing_in.await.expect("task").expect("sign-in");

    assert_signed_out(&client, &saves);
}

/// 256 concurrent calls and rotations, with local clears and sign-ins mixed in: no session is
/// resurrected after a clear, and the hook never reports a token older than one it already
/// reported; its last word is the session's current token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotations_and_clears_under_concurrency_keep_the_hook_in_order() {
    let (base, tokens) = server().await;
    tokens.issue_delay_ms.store(2, Ordering::SeqCst);
    let (client, saves) = client_with_slow_hook(&base, Duration::from_micros(300));
    client
        .auth_provider()
        .auth("email", credentials())
        .await
        .expect("sign-in");

    let mut tasks = Vec::new();
    for i in 0..256 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            match i % 8 {
                0 => drop(client.auth_provider().refresh("email").await),
                1 if i % 16 == 1 => client.session().clear(),
                1 => drop(client.auth_provider().auth("email", credentials()).await),
                _ => drop(client.orders().get_all_orders_by_marker("orders").await),
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    let saves_now = saves.lock().expect("saves").clone();
    let generation = |token: &str| token[1..].parse::<u64>().expect("rN");
    let mut newest = 0;
    let mut stale = 0;
    for token in saves_now.iter().flatten() {
        let n = generation(token);
        if n < newest {
            stale += 1;
        }
        newest = newest.max(n);
    }
    assert_eq!(stale, 0, "stale saves in {saves_now:?}");
    let current = client.session().refresh_token();
    assert_eq!(
        saves_now.last().cloned().flatten(),
        current.map(|t| t.expose().to_owned()),
        "the hook's last word is not the session's token"
    );
}

/// Explicit refreshes beside ordinary calls: every call that lost its token to somebody
/// else's rotation is re-sent with the new one, and none fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_survive_rotations_by_explicit_refreshes() {
    let (base, tokens) = server().await;
    let (client, _saves) = client_with_hook(&base);
    client
        .auth_provider()
        .auth("email", credentials())
        .await
        .expect("sign-in");
    tokens.call_delay_ms.store(30, Ordering::SeqCst);

    let mut calls = Vec::new();
    for _ in 0..250 {
        let client = client.clone();
        calls.push(tokio::spawn(async move {
            client.orders().get_all_orders_by_marker("orders").await
        }));
    }
    // Three rotations while the calls are in flight, each revoking the tokens they carry.
    for _ in 0..3 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        client
            .auth_provider()
            .refresh("email")
            .await
            .expect("explicit refresh");
    }
    let mut failed = Vec::new();
    for call in calls {
        if let Err(err) = call.await.expect("task") {
            failed.push(err.to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{} calls failed: {:?}",
        failed.len(),
        &failed[..failed.len().min(3)]
    );
}

/// 20 rounds of: sign in, 256 concurrent refreshes and calls, a local clear in the middle of
/// them. Nothing but a sign-in may bring a cleared session back, and none is started after
/// the clear, so every round must end signed out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_session_is_resurrected_by_refreshes_in_flight() {
    let (base, tokens) = server().await;
    tokens.issue_delay_ms.store(1, Ordering::SeqCst);
    tokens.call_delay_ms.store(1, Ordering::SeqCst);
    let mut resurrected = 0;
    for round in 0..20u64 {
        let (client, saves) = client_with_hook(&base);
        client
            .auth_provider()
            .auth("email", credentials())
            .await
            .expect("sign-in");
        let mut tasks = Vec::new();
        for i in 0..256 {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                if i % 4 == 0 {
                    drop(client.auth_provider().refresh("email").await);
                } else {
                    drop(client.orders().get_all_orders_by_marker("orders").await);
                }
            }));
        }
        tokio::time::sleep(Duration::from_millis(round % 5)).await;
        client.session().clear();
        for task in tasks {
            task.await.expect("task");
        }
        let last = saves.lock().expect("saves").last().cloned();
        if client.session().is_signed_in() || last != Some(None) {
            resurrected += 1;
        }
    }
    assert_eq!(resurrected, 0, "sessions resurrected after a clear");
}
