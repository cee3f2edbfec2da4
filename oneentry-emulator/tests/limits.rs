//! Memory stays bounded: the request log by bytes, the token store under a sign-in soak.

mod common;

use std::time::Duration;

use common::{Api, REFRESH, assert_error};
use oneentry_emulator::{DEMO_APP_TOKEN, Emulator};

#[tokio::test]
async fn the_request_log_is_bounded_in_bytes() {
    let emulator = Emulator::builder()
        .request_log_max_bytes(8 * 1024)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let body = format!("\"{}\"", "x".repeat(2000));
    for n in 0..20 {
        api.http
            .post(api.url(&format!("/n/{n}")))
            .header("x-app-token", DEMO_APP_TOKEN)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .expect("sent");
    }
    let requests = api.emulator.requests();
    let bytes: usize = requests.iter().map(|r| r.size_bytes()).sum();
    assert!(bytes <= 8 * 1024, "{bytes} bytes in the log");
    assert!((2..20).contains(&requests.len()), "{}", requests.len());
    assert_eq!(requests.last().map(|r| r.path.as_str()), Some("/n/19"));

    // A request larger than the whole budget is still logged, alone.
    let api = Api::with(
        Emulator::builder()
            .request_log_max_bytes(100)
            .start()
            .await
            .expect("starts"),
    )
    .await;
    api.get("/small", None).await;
    api.post("/big", None, serde_json::json!("y".repeat(500)))
        .await;
    let paths: Vec<String> = api
        .emulator
        .requests()
        .into_iter()
        .map(|r| r.path)
        .collect();
    assert_eq!(paths, ["/big"]);
}

#[tokio::test]
async fn expired_tokens_are_forgotten_so_a_sign_in_soak_stays_flat() {
    let ttl = Duration::from_millis(5);
    let emulator = Emulator::builder()
        .access_token_ttl(ttl)
        .refresh_token_ttl(ttl)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let sign_ins = 400;
    let mut peak = 0;
    let mut first_refresh = None;
    for _ in 0..sign_ins {
        let (_, refresh) = api.login().await;
        first_refresh.get_or_insert(refresh);
        peak = peak.max(api.emulator.live_token_count());
    }
    // Each sign-in holds two entries (access token, session) while they live.
    assert!(
        peak < sign_ins,
        "{peak} tokens held at the peak of {sign_ins} sign-ins with a {ttl:?} TTL"
    );
    tokio::time::sleep(ttl * 10).await;
    api.login().await;
    assert_eq!(
        api.emulator.live_token_count(),
        2,
        "only the last sign-in is held"
    );
    // An expired refresh token no longer works.
    let expired = first_refresh.unwrap_or_default();
    assert_error(api.refresh(&expired).await, 401, "");
}

#[tokio::test]
async fn an_expired_access_token_is_reported_as_expired_for_a_while() {
    let emulator = Emulator::builder()
        .access_token_ttl(Duration::from_secs(60))
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let (access, refresh) = api.login().await;
    api.emulator.expire_access_tokens();
    // Another sign-in runs the eviction; the expired token is still recognised.
    api.login().await;
    assert_error(
        api.get("/api/content/payments/sessions", Some(&access))
            .await,
        401,
        "expired",
    );
    let (status, body) = api
        .post(
            REFRESH,
            None,
            serde_json::json!({ "refreshToken": refresh }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
}

/// Measures the process's resident memory before and after 100,000 sign-ins with short
/// TTLs (`SOAK_SIGN_INS`, `SOAK_TTL_MS` change them). Run by hand: `cargo test -p oneentry-emulator --release --test limits -- --ignored
/// --nocapture`.
#[tokio::test]
#[ignore = "a soak measurement, run by hand"]
async fn sign_in_soak_memory() {
    // `SOAK_TTL_MS=86400000` keeps every token, for comparison.
    let ttl = Duration::from_millis(env_number("SOAK_TTL_MS", 100));
    let emulator = Emulator::builder()
        .access_token_ttl(ttl)
        .refresh_token_ttl(ttl)
        .request_log_capacity(0)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let total = env_number("SOAK_SIGN_INS", 100_000);
    for _ in 0..1000 {
        api.login().await;
    }
    let before = rss_kib();
    let mut peak_tokens = 0;
    for _ in 0..total {
        api.login().await;
        peak_tokens = peak_tokens.max(api.emulator.live_token_count());
    }
    let after = rss_kib();
    println!(
        "{total} sign-ins, TTLs {ttl:?}: RSS {before} KiB -> {after} KiB; \
         peak tokens held {peak_tokens}, now {}",
        api.emulator.live_token_count()
    );
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmRSS:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}
