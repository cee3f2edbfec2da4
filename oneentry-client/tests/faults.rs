//! Retries against a hostile server: what is resent, what is not, how long the client waits.

mod support;

use std::time::{Duration, Instant};

use oneentry_client::{CallOptions, Client, ClientBuilder, Delivery, Error, RetryPolicy};
use support::hostile::{Act, Hostile, Reply, Seen, script};

const PROVIDERS: &str = "/api/content/users-auth-providers";
const GENERATE_CODE: &str = "/api/content/users-auth-providers/marker/email/users/generate-code";

fn ok(body: &str) -> Act {
    Act::Reply(Reply::json(200, body))
}

fn status(code: u16) -> Act {
    Act::Reply(Reply::json(
        code,
        r#"{"statusCode":0,"message":"scripted"}"#,
    ))
}

/// A client for `server` whose backoff is short, so the tests do not wait long.
fn builder(server: &Hostile) -> ClientBuilder {
    Client::builder(server.url())
        .app_token("app-secret-token")
        .retry(RetryPolicy::new().backoff(Duration::from_millis(20), Duration::from_millis(50)))
}

async fn generate_code(client: &Client) -> Result<oneentry_client::JsonValue, Error> {
    client
        .auth_provider()
        .generate_code("email", "a@b.c", "reg")
        .await
}

#[tokio::test]
async fn a_get_recovers_from_a_reset_and_a_503() {
    let server = Hostile::start(script(vec![Act::Reset, status(503)], ok("[]"))).await;
    let client = builder(&server).build().expect("config");
    let providers = client.auth_provider().get_auth_providers().await;
    assert_eq!(providers.expect("third attempt succeeds").len(), 0);
    assert_eq!(server.count(PROVIDERS), 3);
}

#[tokio::test]
async fn every_transient_status_of_a_get_is_retried_and_attempts_are_bounded() {
    for code in [408, 429, 502, 503, 504] {
        let server = Hostile::start(script(vec![], status(code))).await;
        let client = builder(&server).build().expect("config");
        let result = client.auth_provider().get_auth_providers().await;
        let err = result.expect_err("always failing");
        assert_eq!(err.status(), Some(code));
        assert!(err.is_retryable());
        assert_eq!(server.count(PROVIDERS), 3, "3 attempts in total for {code}");
    }
    for code in [400, 404, 500] {
        let server = Hostile::start(script(vec![], status(code))).await;
        let client = builder(&server).build().expect("config");
        let err = client
            .auth_provider()
            .get_auth_providers()
            .await
            .expect_err("failing");
        assert!(!err.is_retryable());
        assert_eq!(server.count(PROVIDERS), 1, "{code} is final");
    }
}

#[tokio::test]
async fn a_post_whose_outcome_is_unknown_is_never_resent() {
    for act in [Act::Reset, Act::Close, status(503), status(429)] {
        let server = Hostile::start(script(vec![act.clone()], ok("{}"))).await;
        let client = builder(&server).build().expect("config");
        let err = generate_code(&client)
            .await
            .expect_err("first attempt fails");
        assert_eq!(server.count(GENERATE_CODE), 1, "{act:?} was resent: {err}");
        if matches!(act, Act::Reset | Act::Close) {
            assert!(
                matches!(
                    err,
                    Error::Transport {
                        delivery: Delivery::OutcomeUnknown,
                        ..
                    }
                ),
                "{err:?}"
            );
            assert!(
                err.to_string().contains("may have reached the server"),
                "{err}"
            );
        }
    }
}

/// A `PUT` the spec marks idempotent (`updateOrderByMarkerAndId` replaces the order) is
/// retried like a GET; one it does not mark (`cancelRefundRequest`, a DELETE) is not.
#[tokio::test]
async fn the_spec_decides_which_writes_are_idempotent() {
    use oneentry_client::api::OrderRequest;
    const ORDER: &str = "/api/content/orders-storage/marker/orders/orders/7";
    const REFUND: &str = "/api/content/orders/7/refund";
    let order = r#"{"id":7,"formIdentifier":"order","paymentAccountIdentifier":"cash","totalSum":400,"currency":"USD","formData":[],"products":[]}"#;

    let server = Hostile::start(script(vec![Act::Reset, status(503)], ok(order))).await;
    let client = builder(&server)
        .session_tokens(Some("access".into()), Some("refresh".into()))
        .build()
        .expect("config");
    let updated = client
        .orders()
        .update_order_by_marker_and_id(
            "orders",
            7,
            OrderRequest::new("order", "cash", vec![], vec![]),
        )
        .await;
    assert!(updated.is_ok(), "{updated:?}");
    assert_eq!(server.count(ORDER), 3, "the idempotent PUT was retried");

    let server = Hostile::start(script(vec![Act::Reset], ok("{}"))).await;
    let client = builder(&server)
        .session_tokens(Some("access".into()), Some("refresh".into()))
        .build()
        .expect("config");
    let cancelled = client.orders().cancel_refund_request(7).await;
    assert!(cancelled.is_err(), "{cancelled:?}");
    assert_eq!(
        server.count(REFUND),
        1,
        "a DELETE not marked idempotent is sent once"
    );
}

#[tokio::test]
async fn a_post_that_never_left_is_sent_once_the_server_is_up() {
    // A port nobody listens on yet: connecting is refused, so the request provably never left.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = probe.local_addr().expect("addr");
    drop(probe);
    let client = Client::builder(format!("http://{addr}"))
        .retry(RetryPolicy::new().backoff(Duration::from_millis(600), Duration::from_secs(1)))
        .build()
        .expect("config");
    let call = tokio::spawn(async move { generate_code(&client).await });
    tokio::time::sleep(Duration::from_millis(100)).await;
    let server = Hostile::start_on(addr, script(vec![], ok(r#"{"sent":true}"#))).await;
    let answer = call
        .await
        .expect("task")
        .expect("the retry reaches the server");
    assert_eq!(answer["sent"], true);
    assert_eq!(server.count(GENERATE_CODE), 1);
}

#[tokio::test]
async fn a_closed_port_is_not_sent_and_says_so() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = probe.local_addr().expect("addr");
    drop(probe);
    let client = Client::builder(format!("http://{addr}"))
        .retry(RetryPolicy::new().backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .expect("config");
    let err = generate_code(&client).await.expect_err("nobody listens");
    assert_eq!(err.delivery(), Some(Delivery::NotSent), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(
        err.to_string(),
        "AuthProvider.generateCode: could not connect to the server"
    );
}

#[tokio::test]
async fn retry_after_in_seconds_and_as_a_date_is_waited_for() {
    for as_date in [false, true] {
        // A date has a resolution of one second: 3 s from now is more than 2 s from now.
        let (value, at_least) = if as_date {
            (httpdate_in(3), 2_000)
        } else {
            ("1".to_owned(), 1_000)
        };
        let busy = Reply::json(429, "{}").header("retry-after", &value);
        let server = Hostile::start(script(vec![Act::Reply(busy)], ok("[]"))).await;
        let client = builder(&server).build().expect("config");
        client
            .auth_provider()
            .get_auth_providers()
            .await
            .expect("second attempt succeeds");
        let seen = server.seen();
        assert_eq!(seen.len(), 2);
        let waited = seen[1].at - seen[0].at;
        assert!(
            waited >= Duration::from_millis(at_least - 100),
            "Retry-After {value}: resent after {waited:?}"
        );
    }
}

#[tokio::test]
async fn a_retry_after_above_the_cap_is_returned_instead_of_waited_for() {
    let busy = Reply::json(503, r#"{"message":"maintenance"}"#)
        .header("retry-after", "120")
        .header("x-request-id", "req-42");
    let server = Hostile::start(script(vec![], Act::Reply(busy))).await;
    let client = builder(&server).build().expect("config");
    let started = Instant::now();
    let err = client
        .auth_provider()
        .get_auth_providers()
        .await
        .expect_err("unavailable");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(server.count(PROVIDERS), 1);
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.request_id(), Some("req-42"));
    assert_eq!(
        err.to_string(),
        "AuthProvider.getAuthProviders: HTTP 503: maintenance"
    );
}

#[tokio::test]
async fn the_retry_budget_stops_hammering_a_failing_server() {
    let server = Hostile::start(script(vec![], status(503))).await;
    // 10 tokens pay for two retries of 5.
    let client = builder(&server).retry_budget(10).build().expect("config");
    for _ in 0..5 {
        let _ = client.auth_provider().get_auth_providers().await;
    }
    assert_eq!(
        server.count(PROVIDERS),
        3 + 4,
        "one call retried twice, then none"
    );
}

#[tokio::test]
async fn retries_are_configured_per_client_and_per_call() {
    let server = Hostile::start(script(vec![], status(503))).await;
    let client = builder(&server).build().expect("config");
    let once = client.with_call_options(CallOptions::new().retry(RetryPolicy::none()));
    let _ = once.auth_provider().get_auth_providers().await;
    assert_eq!(server.count(PROVIDERS), 1, "per call: off");
    let _ = client
        .with_call_options(CallOptions::new().retry(RetryPolicy::new().max_attempts(5)))
        .auth_provider()
        .get_auth_providers()
        .await;
    assert_eq!(server.count(PROVIDERS), 1 + 5, "per call: 5 attempts");

    let off = builder(&server)
        .retry(RetryPolicy::none())
        .build()
        .expect("config");
    let _ = off.auth_provider().get_auth_providers().await;
    assert_eq!(server.count(PROVIDERS), 1 + 5 + 1, "per client: off");
}

#[tokio::test]
async fn error_answers_carry_headers_and_a_bounded_raw_body() {
    let big = format!(r#"{{"message":"{}"}}"#, "x".repeat(200_000));
    let reply = Reply::json(404, &big)
        .header("x-correlation-id", "corr-7")
        .header("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT");
    let server = Hostile::start(script(vec![], Act::Reply(reply))).await;
    let client = builder(&server).build().expect("config");
    let err = client
        .auth_provider()
        .get_auth_providers()
        .await
        .expect_err("not found");
    let Error::Api {
        status, details, ..
    } = &err
    else {
        panic!("not Api: {err:?}");
    };
    assert_eq!(*status, 404);
    assert_eq!(details.request_id.as_deref(), Some("corr-7"));
    assert_eq!(details.retry_after, Some(Duration::ZERO), "a past date");
    assert_eq!(
        details.raw_body.len(),
        oneentry_client::ApiDetails::MAX_RAW_BODY
    );
    assert!(details.truncated);
    assert!(details.raw_body.starts_with(br#"{"message":"xxx"#));
}

#[tokio::test]
async fn a_stale_keep_alive_connection_does_not_fail_a_post() {
    // The server forgets connections idle for 300 ms; reusing one gets a reset.
    let server = Hostile::start_with(Some(Duration::from_millis(300)), |seen: &Seen| {
        ok(if seen.method == "GET" { "[]" } else { "{}" })
    })
    .await;

    // A pool that keeps idle connections longer than the server reuses a dead one: the POST
    // fails with an unknown outcome, and is not resent.
    let long_pool = builder(&server)
        .pool_idle_timeout(Duration::from_secs(60))
        .build()
        .expect("config");
    generate_code(&long_pool).await.expect("fresh connection");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let err = generate_code(&long_pool)
        .await
        .expect_err("stale connection");
    assert_eq!(err.delivery(), Some(Delivery::OutcomeUnknown), "{err:?}");
    assert_eq!(server.stale(), 1);
    // A GET on a stale connection is simply retried.
    long_pool
        .auth_provider()
        .get_auth_providers()
        .await
        .expect("warm the pool");
    tokio::time::sleep(Duration::from_millis(500)).await;
    long_pool
        .auth_provider()
        .get_auth_providers()
        .await
        .expect("retried on a new connection");
    assert_eq!(server.stale(), 2);

    // A pool idle timeout below the server's keep-alive never reuses such a connection.
    let short_pool = builder(&server)
        .pool_idle_timeout(Duration::from_millis(150))
        .build()
        .expect("config");
    for _ in 0..3 {
        generate_code(&short_pool).await.expect("POST succeeds");
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(server.stale(), 2, "no new stale reuse");
}

/// An IMF-fixdate `seconds` from now.
fn httpdate_in(seconds: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs()
        + seconds;
    let days = secs / 86_400;
    let (mut year, mut day_of_year) = (1970u64, days);
    loop {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let len = if leap { 366 } else { 365 };
        if day_of_year < len {
            break;
        }
        day_of_year -= len;
        year += 1;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut month = 0;
    while day_of_year >= lengths[month] {
        day_of_year -= lengths[month];
        month += 1;
    }
    let rest = secs % 86_400;
    format!(
        "{}, {:02} {} {} {:02}:{:02}:{:02} GMT",
        DAYS[(days % 7) as usize],
        day_of_year + 1,
        MONTHS[month],
        year,
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}
