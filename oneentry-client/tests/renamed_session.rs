//! A spec whose session protocol is not OneEntry's: other routes, other token fields (the
//! refresh token one level down in the answer), another provider. The runtime knows none of
//! these names; everything it needs comes from the spec's session declarations, so this API
//! signs in, refreshes once for many concurrent 401s, hands the rotated token to the hook,
//! resumes a saved session with the spec's default provider, and logs out with the token
//! rotated during the logout itself.

mod support;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use oneentry_client::{Client, Secret};
use serde_json::json;
use support::loopback;

mod account_api {
    oneentry_client::api!(
        spec = "tests/specs/renamed_session.json",
        client = trait AccountApi
    );
}

mod reports_api {
    oneentry_client::api!(
        spec = "tests/specs/renamed_reports.json",
        client = trait ReportsApi
    );
}

use account_api::{AccountApi, Credentials};
use reports_api::ReportsApi;

/// A token service that rotates on every renewal and revokes the older tokens.
#[derive(Default)]
struct Server {
    generation: AtomicU64,
    /// The current access token is refused until the next renewal.
    expired: AtomicBool,
    renewals: AtomicU64,
    /// `route provider` of each sign-in, renewal and logout, in order.
    log: Mutex<Vec<String>>,
}

type Shared = Arc<Server>;

impl Server {
    fn issue(&self) -> Response {
        let n = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        self.expired.store(false, Ordering::SeqCst);
        axum::Json(json!({
            "jwt": format!("jwt{n}"),
            "renewal": { "token": format!("ren{n}"), "ttl": 3600 },
        }))
        .into_response()
    }

    fn record(&self, entry: String) {
        if let Ok(mut log) = self.log.lock() {
            log.push(entry);
        }
    }

    fn bearer_ok(&self, headers: &HeaderMap) -> bool {
        let current = format!("Bearer jwt{}", self.generation.load(Ordering::SeqCst));
        !self.expired.load(Ordering::SeqCst)
            && headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(&current)
    }

    fn renewal_ok(&self, body: &str) -> bool {
        let sent: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
        let current = format!("ren{}", self.generation.load(Ordering::SeqCst));
        sent["renewalToken"] == current.as_str()
    }
}

async fn sign_in(State(server): State<Shared>, Path(provider): Path<String>) -> Response {
    server.record(format!("login {provider}"));
    server.issue()
}

async fn renew(
    State(server): State<Shared>,
    Path(provider): Path<String>,
    body: String,
) -> Response {
    // Slow enough that the concurrent calls all queue behind this one renewal.
    tokio::time::sleep(Duration::from_millis(50)).await;
    if !server.renewal_ok(&body) {
        return loopback::unauthorized();
    }
    server.renewals.fetch_add(1, Ordering::SeqCst);
    server.record(format!("renew {provider}"));
    server.issue()
}

async fn orders(State(server): State<Shared>, headers: HeaderMap) -> Response {
    if server.bearer_ok(&headers) {
        axum::Json(json!(["order"])).into_response()
    } else {
        loopback::unauthorized()
    }
}

async fn sign_out(
    State(server): State<Shared>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    if !server.bearer_ok(&headers) || !server.renewal_ok(&body) {
        return loopback::unauthorized();
    }
    server.record(format!("logout {provider}"));
    axum::Json(json!({})).into_response()
}

async fn start() -> (String, Shared) {
    let server = Shared::default();
    let app = Router::new()
        .route("/v2/account/{provider}/login", post(sign_in))
        .route("/v2/account/{provider}/renew", post(renew))
        .route("/v2/account/{provider}/logout", post(sign_out))
        .route("/v2/account/orders", get(orders))
        .route("/v2/reports/daily", get(orders))
        .with_state(Arc::clone(&server));
    (loopback::serve(app).await, server)
}

type Heard = Arc<Mutex<Vec<Option<String>>>>;

fn client_hearing(url: &str) -> (Client, Heard) {
    client_with(Client::builder(url))
}

fn client_with(builder: oneentry_client::ClientBuilder) -> (Client, Heard) {
    let heard = Heard::default();
    let sink = Arc::clone(&heard);
    let client = builder
        .on_refresh_token(move |token: Option<&Secret>| {
            if let Ok(mut heard) = sink.lock() {
                heard.push(token.map(|t| t.expose().to_owned()));
            }
        })
        .build()
        .expect("client");
    (client, heard)
}

fn heard(heard: &Heard) -> Vec<Option<String>> {
    heard.lock().expect("hook log").clone()
}

fn log(server: &Server) -> Vec<String> {
    server.log.lock().expect("server log").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_renamed_protocol_signs_in_refreshes_once_and_logs_out() {
    let (url, server) = start().await;
    let (client, hook) = client_hearing(&url);

    let grant = client
        .account()
        .sign_in("staff", Credentials::new("alice", Secret::from("pw")))
        .await
        .expect("sign-in");
    assert_eq!(grant.renewal.token.expose(), "ren1");
    assert_eq!(client.session().access_token(), Some(Secret::from("jwt1")));
    assert_eq!(client.session().refresh_token(), Some(Secret::from("ren1")));

    // Every call answers 401 until one renewal; 32 calls share that one renewal.
    server.expired.store(true, Ordering::SeqCst);
    let calls = (0..32).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.account().orders().await })
    });
    for call in futures_util::future::join_all(calls).await {
        let answer = call.expect("task").expect("orders after a renewal");
        assert_eq!(answer, json!(["order"]));
    }
    assert_eq!(server.renewals.load(Ordering::SeqCst), 1);
    assert_eq!(client.session().refresh_token(), Some(Secret::from("ren2")));

    // The logout's own 401 renews, and the resent logout carries the rotated token.
    server.expired.store(true, Ordering::SeqCst);
    client
        .account()
        .sign_out("staff")
        .await
        .expect("logout after a renewal");
    assert!(!client.session().is_signed_in());

    assert_eq!(
        log(&server),
        ["login staff", "renew staff", "renew staff", "logout staff"]
    );
    assert_eq!(
        heard(&hook),
        [
            Some("ren1".to_owned()),
            Some("ren2".to_owned()),
            Some("ren3".to_owned()),
            None
        ]
    );
}

#[tokio::test]
async fn a_saved_session_refreshes_with_the_specs_default_provider() {
    let (url, server) = start().await;
    // A token saved by an earlier process: generation 1 is current on the server.
    server.generation.store(1, Ordering::SeqCst);
    let (client, hook) = client_hearing(&url);
    client
        .session()
        .set_tokens(None, Some(Secret::from("ren1")));

    let answer = client.account().orders().await.expect("orders");
    assert_eq!(answer, json!(["order"]));
    assert_eq!(log(&server), ["renew main"]);
    assert_eq!(heard(&hook), [Some("ren2".to_owned())]);
}

#[tokio::test]
async fn another_spec_without_a_refresh_uses_the_protocol_that_signed_in() {
    let (url, server) = start().await;
    let (client, hook) = client_hearing(&url);
    client
        .account()
        .sign_in("staff", Credentials::new("alice", Secret::from("pw")))
        .await
        .expect("sign-in");
    server.expired.store(true, Ordering::SeqCst);
    let answer = client
        .reports()
        .daily()
        .await
        .expect("report after a renewal");
    assert_eq!(answer, json!(["order"]));
    assert_eq!(log(&server), ["login staff", "renew staff"]);
    assert_eq!(
        heard(&hook),
        [Some("ren1".to_owned()), Some("ren2".to_owned())]
    );
}

#[tokio::test]
async fn a_saved_session_calling_another_spec_first_needs_its_protocol_configured() {
    let (url, server) = start().await;
    server.generation.store(1, Ordering::SeqCst);
    let saved = || Some(Secret::from("ren1"));

    let (client, _) = client_hearing(&url);
    client.session().set_tokens(None, saved());
    let err = client
        .reports()
        .daily()
        .await
        .expect_err("no way to refresh");
    assert!(
        matches!(
            err,
            oneentry_client::Error::NotSignedIn {
                endpoint: "Reports.daily"
            }
        ),
        "{err:?}"
    );
    assert!(log(&server).is_empty(), "nothing was sent");

    let builder = Client::builder(&url)
        .session_protocol(&account_api::SESSION_PROTOCOL)
        .session_tokens(None, saved());
    let (client, hook) = client_with(builder);
    let answer = client.reports().daily().await.expect("report");
    assert_eq!(answer, json!(["order"]));
    assert_eq!(log(&server), ["renew main"]);
    assert_eq!(heard(&hook), [Some("ren2".to_owned())]);
}
