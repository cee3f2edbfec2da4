//! A session protocol whose refresh endpoint takes the refresh token in a header: the
//! automatic refresh after a 401, the one before a call made with a saved refresh token and an
//! explicit call of the refresh endpoint all send it there, and nowhere else; a logout that
//! takes it in a header reads it when each attempt is sent.

mod support;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use oneentry_client::{Client, Secret};
use serde_json::json;
use support::loopback;

mod gate_api {
    oneentry_client::api!(spec = "tests/specs/header_session.json", client = trait GateApi);
}

use gate_api::{Credentials, GateApi};

#[derive(Default)]
struct Server {
    generation: AtomicU64,
    /// The current access token is refused until the next renewal.
    expired: AtomicBool,
    /// Per renewal: the header's value, whether an access token came along, the body.
    renewals: Mutex<Vec<(Option<String>, bool, String)>>,
}

type Shared = Arc<Server>;

fn text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

impl Server {
    fn issue(&self) -> Response {
        let n = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.expired.store(false, Ordering::SeqCst);
        axum::Json(json!({"accessToken": format!("a{n}"), "refreshToken": format!("r{n}")}))
            .into_response()
    }
}

async fn sign_in(State(server): State<Shared>) -> Response {
    server.issue()
}

async fn renew(State(server): State<Shared>, headers: HeaderMap, body: String) -> Response {
    let token = text(&headers, "x-renewal-token");
    let bearer = headers.contains_key("authorization");
    if let Ok(mut renewals) = server.renewals.lock() {
        renewals.push((token.clone(), bearer, body));
    }
    let current = format!("r{}", server.generation.load(Ordering::SeqCst));
    if token.as_deref() != Some(current.as_str()) {
        return loopback::unauthorized();
    }
    server.issue()
}

async fn orders(State(server): State<Shared>, headers: HeaderMap) -> Response {
    let current = format!("Bearer a{}", server.generation.load(Ordering::SeqCst));
    if server.expired.load(Ordering::SeqCst) || text(&headers, "authorization") != Some(current) {
        return loopback::unauthorized();
    }
    axum::Json(json!(["order"])).into_response()
}

/// Needs the current access token and, in its header, the current refresh token.
async fn sign_out(State(server): State<Shared>, headers: HeaderMap) -> Response {
    let n = server.generation.load(Ordering::SeqCst);
    let bearer_ok = !server.expired.load(Ordering::SeqCst)
        && text(&headers, "authorization") == Some(format!("Bearer a{n}"));
    if !bearer_ok || text(&headers, "x-renewal-token") != Some(format!("r{n}")) {
        return loopback::unauthorized();
    }
    axum::Json(json!({})).into_response()
}

async fn start() -> (String, Shared) {
    let server = Shared::default();
    let app = Router::new()
        .route("/v3/gate/login", post(sign_in))
        .route("/v3/gate/renew", post(renew))
        .route("/v3/gate/logout", post(sign_out))
        .route("/v3/gate/orders", get(orders))
        .with_state(Arc::clone(&server));
    (loopback::serve(app).await, server)
}

fn renewals(server: &Server) -> Vec<(Option<String>, bool, String)> {
    server.renewals.lock().expect("renewals").clone()
}

/// A server and a client signed in to it (tokens `a1`, `r1`).
async fn signed_in() -> (Client, Shared) {
    let (url, server) = start().await;
    let client = Client::builder(url).build().expect("client");
    client
        .gate()
        .sign_in(Credentials::new("alice", Secret::from("pw")))
        .await
        .expect("sign-in");
    (client, server)
}

#[tokio::test]
async fn the_automatic_refresh_sends_the_token_in_its_header() {
    let (client, server) = signed_in().await;

    server.expired.store(true, Ordering::SeqCst);
    let answer = client
        .gate()
        .orders()
        .await
        .expect("orders after a renewal");
    assert_eq!(answer, json!(["order"]));
    assert_eq!(client.session().refresh_token(), Some(Secret::from("r2")));
    // In the header, without the stale access token, and not in a body.
    assert_eq!(
        renewals(&server),
        [(Some("r1".to_owned()), false, String::new())]
    );

    // Called explicitly, the endpoint sends the session's token there too.
    client.gate().renew().await.expect("explicit renewal");
    assert_eq!(client.session().access_token(), Some(Secret::from("a3")));
    assert_eq!(renewals(&server)[1].0.as_deref(), Some("r2"));
}

#[tokio::test]
async fn a_saved_refresh_token_is_renewed_through_the_header_first() {
    let (url, server) = start().await;
    server.generation.store(4, Ordering::SeqCst);
    let client = Client::builder(url)
        .session_tokens(None, Some(Secret::from("r4")))
        .build()
        .expect("client");
    let answer = client.gate().orders().await.expect("orders");
    assert_eq!(answer, json!(["order"]));
    assert_eq!(
        renewals(&server),
        [(Some("r4".to_owned()), false, String::new())]
    );
}

#[tokio::test]
async fn a_logout_resent_after_a_refresh_carries_the_rotated_token_in_its_header() {
    let (client, server) = signed_in().await;
    // The logout's 401 refreshes (r1 → r2); the resent logout must say r2, not r1.
    server.expired.store(true, Ordering::SeqCst);
    client
        .gate()
        .sign_out()
        .await
        .expect("logout after a renewal");
    assert!(!client.session().is_signed_in());
    assert_eq!(renewals(&server).len(), 1);

    // Without a session there is no token to put in the header.
    let err = client.gate().renew().await.expect_err("no refresh token");
    assert!(
        matches!(
            err,
            oneentry_client::Error::NotSignedIn {
                endpoint: "Gate.renew"
            }
        ),
        "{err:?}"
    );
}
