//! Deadlines and timeouts against slow, stalling and trickling servers. Bounds are generous:
//! they check that a limit holds at all, not how fast anything is.

mod support;

use std::time::{Duration, Instant};

use oneentry_client::{CallOptions, Client, Delivery, Error, RetryPolicy, TimeoutKind};
use support::hostile::{Act, Hostile, Reply, Seen, script};

const REFUNDS: &str = "/api/content/orders/1/refund";
const REFRESH: &str = "/api/content/users-auth-providers/marker/email/users/refresh";
const GENERATE_CODE: &str = "/api/content/users-auth-providers/marker/email/users/generate-code";

fn slow(status: u16, body: &str, ms: u64) -> Act {
    Act::Reply(Reply::json(status, body).after(Duration::from_millis(ms)))
}

/// Every answer takes a second: a 401 for the old token, new tokens, then the list.
fn slow_refresh_server(seen: &Seen) -> Act {
    let path = seen.path.as_str();
    if path == REFRESH {
        return slow(
            200,
            r#"{"accessToken":"new-access","refreshToken":"new-refresh"}"#,
            1000,
        );
    }
    match seen.header("authorization") {
        Some("Bearer new-access") => slow(200, "[]", 1000),
        _ => slow(401, r#"{"statusCode":401,"message":"Unauthorized"}"#, 1000),
    }
}

#[tokio::test]
async fn a_deadline_covers_the_401_the_refresh_and_the_resend() {
    let server = Hostile::start(slow_refresh_server).await;
    let client = Client::builder(server.url())
        .app_token("app-secret-token")
        .session_tokens(Some("old-access".into()), Some("old-refresh".into()))
        .deadline(Duration::from_millis(1500))
        .build()
        .expect("config");

    let started = Instant::now();
    let result = client.orders().get_refunds(1).await;
    let elapsed = started.elapsed();
    println!("401 -> refresh -> resend with a 1.5 s deadline ended after {elapsed:?}");

    let err = result.expect_err("three 1 s answers do not fit in 1.5 s");
    let Error::Timeout {
        kind,
        elapsed: reported,
        ..
    } = &err
    else {
        panic!("expected a timeout, got {err:?}");
    };
    assert_eq!(*kind, TimeoutKind::Deadline);
    assert!(*reported >= Duration::from_millis(1500), "{reported:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
    assert_eq!(server.count(REFRESH), 1, "the refresh was under way");
    assert_eq!(server.count(REFUNDS), 1, "no resend started");
}

#[tokio::test]
async fn the_same_call_succeeds_when_the_deadline_allows_it() {
    let server = Hostile::start(slow_refresh_server).await;
    let client = Client::builder(server.url())
        .session_tokens(Some("old-access".into()), Some("old-refresh".into()))
        .deadline(Duration::from_millis(1500))
        .build()
        .expect("config");
    let patient = client.with_call_options(CallOptions::new().deadline(Duration::from_secs(20)));
    patient
        .orders()
        .get_refunds(1)
        .await
        .expect("401, refresh and resend fit in 20 s");
    assert_eq!(server.count(REFUNDS), 2);
}

#[tokio::test]
async fn a_trickling_body_counts_against_the_deadline() {
    let trickle = Act::Trickle {
        reply: Reply::json(200, &format!("[{}]", " ".repeat(200))),
        chunk: 1,
        every: Duration::from_millis(25),
    };
    let server = Hostile::start(script(vec![], trickle)).await;
    let client = Client::builder(server.url())
        .deadline(Duration::from_millis(800))
        .build()
        .expect("config");
    let started = Instant::now();
    let err = client
        .auth_provider()
        .get_auth_providers()
        .await
        .expect_err("5 s of body do not fit in 0.8 s");
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Deadline,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_stalled_attempt_times_out_and_only_a_get_is_retried() {
    let server = Hostile::start(script(vec![Act::Stall], Act::Reply(Reply::json(200, "[]")))).await;
    let client = Client::builder(server.url())
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::new().backoff(Duration::from_millis(10), Duration::from_millis(20)))
        .build()
        .expect("config");
    client
        .auth_provider()
        .get_auth_providers()
        .await
        .expect("the second attempt is answered");

    let server = Hostile::start(script(vec![Act::Stall], Act::Reply(Reply::json(200, "{}")))).await;
    let client = Client::builder(server.url())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("config");
    let err = client
        .auth_provider()
        .generate_code("email", "a@b.c", "reg")
        .await
        .expect_err("the POST is not resent");
    assert!(
        matches!(
            err,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                delivery: Delivery::OutcomeUnknown,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.count(GENERATE_CODE), 1);
}

#[tokio::test]
async fn a_deadline_that_passes_before_sending_says_nothing_was_sent() {
    // The proactive refresh stalls; the call's own request never leaves.
    let server = Hostile::start(|seen: &Seen| {
        if seen.path == REFRESH {
            Act::Stall
        } else {
            Act::Reply(Reply::json(200, "{}"))
        }
    })
    .await;
    let client = Client::builder(server.url())
        .session_tokens(None, Some("refresh".into()))
        .build()
        .expect("config");
    let err = client
        .with_call_options(CallOptions::new().deadline(Duration::from_millis(400)))
        .orders()
        .get_refunds(1)
        .await
        .expect_err("stalled refresh");
    assert_eq!(err.delivery(), Some(Delivery::NotSent), "{err:?}");
    assert!(err.is_timeout());
    assert_eq!(server.count(REFUNDS), 0);
}
