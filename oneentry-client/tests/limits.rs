//! Response bodies are read with a cap: a huge body fails with a typed error instead of
//! being held in memory.

mod support;

use oneentry_client::{Client, DEFAULT_MAX_BODY_SIZE, Error};
use support::hostile::{Act, Hostile, script};

const MIB: u64 = 1024 * 1024;

async fn providers(client: &Client) -> Result<usize, Error> {
    client
        .auth_provider()
        .get_auth_providers()
        .await
        .map(|list| list.len())
}

#[tokio::test]
async fn an_announced_body_over_the_limit_is_refused_before_reading() {
    let huge = Act::Huge {
        len: 300 * MIB,
        content_length: true,
    };
    let server = Hostile::start(script(vec![], huge)).await;
    let client = Client::builder(server.url()).build().expect("config");
    let err = providers(&client).await.expect_err("too large");
    let Error::BodyTooLarge {
        endpoint,
        status,
        limit,
        declared,
    } = &err
    else {
        panic!("expected BodyTooLarge, got {err:?}");
    };
    assert_eq!(
        (*endpoint, *status, *limit, *declared),
        (
            "AuthProvider.getAuthProviders",
            200,
            DEFAULT_MAX_BODY_SIZE,
            Some(300 * MIB)
        )
    );
    assert_eq!(DEFAULT_MAX_BODY_SIZE, 32 * MIB);
    assert_eq!(
        err.to_string(),
        "AuthProvider.getAuthProviders: the response body (HTTP 200) is larger than the limit of 33554432 bytes (Content-Length 314572800)"
    );
    assert_eq!(
        server.count("/api/content/users-auth-providers"),
        1,
        "not retried"
    );
}

#[tokio::test]
async fn an_unannounced_body_stops_at_the_configured_limit() {
    let huge = Act::Huge {
        len: 10 * MIB,
        content_length: false,
    };
    let server = Hostile::start(script(vec![], huge)).await;
    let client = Client::builder(server.url())
        .max_body_size(MIB)
        .build()
        .expect("config");
    let err = providers(&client).await.expect_err("too large");
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                limit: MIB,
                declared: None,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_body_within_the_limit_is_read() {
    // A JSON string is not a list: the body was read whole and reached the decoder.
    let body = Act::Huge {
        len: MIB,
        content_length: false,
    };
    let server = Hostile::start(script(vec![], body)).await;
    let client = Client::builder(server.url())
        .max_body_size(MIB)
        .build()
        .expect("config");
    let err = providers(&client).await.expect_err("not a list");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}
