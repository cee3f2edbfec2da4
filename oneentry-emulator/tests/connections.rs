//! Connections on a hostile network: stalled and trickled heads, idle keep-alive
//! connections and more clients than the server will serve at once. Every test talks raw
//! HTTP/1.1 over loopback TCP and sets the timeouts short; waits are bounded by `PATIENCE`.

mod raw;

use std::time::Duration;

use oneentry_emulator::Emulator;
use raw::{PATIENCE, closed_within, connect, exchange, read_answer, request};
use tokio::io::AsyncWriteExt;
use tokio::task::JoinSet;

const SHORT: Duration = Duration::from_millis(300);
const AUTH: &str = "/api/content/users-auth-providers/marker/email/users/auth";

async fn emulator(builder: oneentry_emulator::EmulatorBuilder) -> Emulator {
    builder.start().await.expect("emulator starts")
}

fn providers_request(emulator: &Emulator) -> Vec<u8> {
    request(
        "GET",
        "/api/content/users-auth-providers",
        &[("x-app-token", emulator.app_token())],
        "",
    )
}

#[tokio::test]
async fn half_a_head_is_closed_after_the_header_read_timeout() {
    let emulator = emulator(Emulator::builder().header_read_timeout(SHORT)).await;
    let mut stream = connect(emulator.addr()).await;
    let half = format!("POST {AUTH} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-ty");
    stream.write_all(half.as_bytes()).await.expect("written");
    // The client is told why, as it would be by the API's own server, then disconnected.
    let answer = tokio::time::timeout(PATIENCE, raw::try_read_answer(&mut stream))
        .await
        .ok()
        .flatten();
    let Some(answer) = answer else {
        panic!("a half-sent head got no answer within {PATIENCE:?}");
    };
    assert_eq!(answer.status, 408, "{answer:?}");
    assert_eq!(answer.json()["statusCode"], 408, "{answer:?}");
    assert!(
        closed_within(&mut stream, PATIENCE).await,
        "a half-sent head still holds its connection after {PATIENCE:?}"
    );
}

#[tokio::test]
async fn a_trickled_head_is_closed_too() {
    // One byte every 50 ms keeps every single read short; the deadline covers the head.
    let emulator = emulator(Emulator::builder().header_read_timeout(SHORT)).await;
    let stream = connect(emulator.addr()).await;
    let (mut reader, mut writer) = stream.into_split();
    let trickle = tokio::spawn(async move {
        let head = format!("GET {AUTH} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-long: ");
        if writer.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..200 {
            if writer.write_all(b"a").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let closed = tokio::time::timeout(PATIENCE, async {
        let mut chunk = [0u8; 1024];
        loop {
            match tokio::io::AsyncReadExt::read(&mut reader, &mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await
    .is_ok();
    trickle.abort();
    assert!(
        closed,
        "a trickled head still holds its connection after {PATIENCE:?}"
    );
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_idle_timeout() {
    // The header-read timeout stays at its default (10 s, longer than `PATIENCE`): a
    // connection that never sends a byte is closed by the idle timeout.
    let emulator = emulator(Emulator::builder().idle_timeout(SHORT)).await;
    let mut tasks = JoinSet::new();
    for n in 0..20 {
        let addr = emulator.addr();
        let used = providers_request(&emulator);
        tasks.spawn(async move {
            let mut stream = connect(addr).await;
            if n % 2 == 0 {
                // A keep-alive connection after one answer.
                let answer = exchange(&mut stream, &used).await;
                assert_eq!(answer.status, 200, "{answer:?}");
            }
            closed_within(&mut stream, PATIENCE).await
        });
    }
    let mut open = 0;
    while let Some(closed) = tasks.join_next().await {
        if !closed.expect("task ran") {
            open += 1;
        }
    }
    assert_eq!(open, 0, "idle connections still open after {PATIENCE:?}");
}

#[tokio::test]
async fn a_connection_in_use_is_not_idle() {
    let emulator = emulator(Emulator::builder().idle_timeout(SHORT)).await;
    let mut stream = connect(emulator.addr()).await;
    let get = providers_request(&emulator);
    // Eight requests spread over about twice the idle timeout, on one connection.
    for n in 0..8 {
        let answer = exchange(&mut stream, &get).await;
        assert_eq!(answer.status, 200, "request {n}: {answer:?}");
        tokio::time::sleep(Duration::from_millis(80)).await;
    }
}

#[tokio::test]
async fn clients_beyond_the_connection_cap_wait_for_a_free_slot() {
    let emulator = emulator(Emulator::builder().max_connections(2)).await;
    let get = providers_request(&emulator);
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = connect(emulator.addr()).await;
        assert_eq!(exchange(&mut stream, &get).await.status, 200);
        held.push(stream);
    }
    let mut third = connect(emulator.addr()).await;
    third.write_all(&get).await.expect("written");
    let early = tokio::time::timeout(SHORT, raw::try_read_answer(&mut third)).await;
    assert!(
        early.is_err(),
        "a third connection was served while two held the cap: {early:?}"
    );
    drop(held.pop());
    assert_eq!(read_answer(&mut third).await.status, 200);
}

#[tokio::test]
async fn huge_timeouts_and_caps_mean_unbounded() {
    let emulator = emulator(
        Emulator::builder()
            .idle_timeout(Duration::MAX)
            .header_read_timeout(Duration::MAX)
            .body_read_timeout(Duration::MAX)
            .max_connections(usize::MAX),
    )
    .await;
    let mut stream = connect(emulator.addr()).await;
    let get = providers_request(&emulator);
    for _ in 0..2 {
        assert_eq!(exchange(&mut stream, &get).await.status, 200);
    }
}
