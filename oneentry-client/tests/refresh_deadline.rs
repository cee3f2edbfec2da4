//! A call's deadline must not cost the user their session. The server rotates the refresh
//! token as soon as a refresh request arrives; if the caller gives up before the answer,
//! the client must still receive and keep the new token, or the user is signed out for good
//! (the old token is dead on the server).

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use support::loopback;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use oneentry_client::{Client, Error};
use serde_json::json;

/// Generation `n` of the tokens: `a{n}` / `r{n}`; only the newest are valid.
type Generation = Arc<AtomicU64>;

async fn refresh(State(generation): State<Generation>, body: String) -> Response {
    let current = format!("r{}", generation.load(Ordering::SeqCst));
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if sent["refreshToken"] != current.as_str() {
        return loopback::unauthorized();
    }
    // Rotated on arrival, answered late: the caller's deadline passes in between.
    let n = generation.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(Duration::from_millis(600)).await;
    loopback::tokens(n)
}

async fn orders(State(generation): State<Generation>, headers: HeaderMap) -> Response {
    let current = format!("Bearer a{}", generation.load(Ordering::SeqCst));
    let sent = headers.get("authorization").and_then(|v| v.to_str().ok());
    if sent == Some(current.as_str()) {
        axum::Json(json!({"total": 0, "items": []})).into_response()
    } else {
        loopback::unauthorized()
    }
}

#[tokio::test]
async fn a_refresh_cut_short_by_the_deadline_still_keeps_the_rotated_token() {
    let generation = Generation::default();
    let app = Router::new()
        .route(
            "/api/content/users-auth-providers/marker/email/users/refresh",
            post(refresh),
        )
        .route(
            "/api/content/orders-storage/marker/orders/orders",
            get(orders),
        )
        .with_state(Arc::clone(&generation));
    let base = loopback::serve(app).await;

    // A restored session: only the refresh token, so the first call refreshes first.
    let client = Client::builder(base)
        .app_token("app")
        .session_tokens(None, Some("r0".into()))
        .deadline(Duration::from_millis(200))
        .build()
        .expect("config");
    let err = client
        .orders()
        .get_all_orders_by_marker("orders")
        .await
        .expect_err("the deadline passes during the refresh");
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");

    // The refresh goes on without the caller and stores what the server rotated to.
    for _ in 0..100 {
        if client
            .session()
            .refresh_token()
            .is_some_and(|t| t.expose() == "r1")
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(
        client
            .session()
            .refresh_token()
            .map(|t| t.expose().to_owned()),
        Some("r1".to_owned()),
        "the rotated refresh token was lost with the cancelled call"
    );
    let page = client.orders().get_all_orders_by_marker("orders").await;
    assert!(page.is_ok(), "the user is still signed in: {page:?}");
}
