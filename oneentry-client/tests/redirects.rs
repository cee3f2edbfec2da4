//! Redirects are never followed: a 3xx answer becomes `Error::Redirect`, and nothing of the
//! request (app token, bearer token, password, refresh token) reaches the redirect target,
//! whether it is another origin or the same one.
//!
//! Two loopback servers: the API, which answers every call with a redirect, and a recorder
//! standing for the redirect target. The recorder must never see a request.

mod support;

use std::sync::{Arc, Mutex};

use support::loopback;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use oneentry_client::api::{AuthData, AuthRequest, FormField, OrderProduct, OrderRequest};
use oneentry_client::{Client, Error, Secret};

const APP_TOKEN: &str = "app-token-redirect-1";
const ACCESS: &str = "access-token-redirect-2";
const REFRESH: &str = "refresh-token-redirect-3";
const PASSWORD: &str = "password-redirect-4";
const SECRETS: [&str; 4] = [APP_TOKEN, ACCESS, REFRESH, PASSWORD];

/// Everything a server received, as text, one entry per request.
type Log = Arc<Mutex<Vec<String>>>;

async fn record(State(log): State<Log>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) {
    let mut entry = format!("{method} {uri}\n");
    for (name, value) in &headers {
        entry.push_str(&format!(
            "{name}: {}\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    entry.push_str(&String::from_utf8_lossy(&body));
    if let Ok(mut log) = log.lock() {
        log.push(entry);
    }
}

/// A server that records every request and answers 200 with a sign-in-shaped body.
async fn recorder() -> (String, Log) {
    let log = Log::default();
    let app = Router::new()
        .fallback(|state: State<Log>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes| async move {
            record(state, method, uri, headers, body).await;
            axum::Json(serde_json::json!({"accessToken": "x", "refreshToken": "y"}))
        })
        .with_state(Arc::clone(&log));
    (loopback::serve(app).await, log)
}

/// A server that answers every request under `/api` with `status` and a `Location` on
/// `target` (its own URL when `target` is `None`), and records whatever else it is asked.
async fn redirector(status: u16, target: Option<String>) -> (String, Log) {
    let log = Log::default();
    let own = Arc::new(Mutex::new(String::new()));
    let app = {
        let own = Arc::clone(&own);
        Router::new()
            .fallback(
                move |state: State<Log>,
                      method: Method,
                      uri: Uri,
                      headers: HeaderMap,
                      body: Bytes| {
                    let target = target
                        .clone()
                        .unwrap_or_else(|| own.lock().map(|s| s.clone()).unwrap_or_default());
                    async move {
                        if uri.path().starts_with("/api/") {
                            let location = format!("{target}/landed{}", uri.path());
                            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::FOUND);
                            return (status, [(header::LOCATION, location)]).into_response();
                        }
                        record(state, method, uri, headers, body).await;
                        Response::new(axum::body::Body::from("{}"))
                    }
                },
            )
            .with_state(Arc::clone(&log))
    };
    let url = loopback::serve(app).await;
    if let Ok(mut own) = own.lock() {
        own.clone_from(&url);
    }
    (url, log)
}

#[derive(Clone, Copy, Debug)]
enum Call {
    SignIn,
    Refresh,
    BearerGet,
    BearerPost,
}

async fn run(call: Call, client: &Client) -> Result<(), Error> {
    match call {
        Call::SignIn => client
            .auth_provider()
            .auth(
                "email",
                AuthRequest::new(vec![
                    AuthData::new("email_reg", "user@example.com"),
                    AuthData::new("password_reg", Secret::new(PASSWORD)),
                ]),
            )
            .await
            .map(drop),
        Call::Refresh => client.auth_provider().refresh("email").await.map(drop),
        Call::BearerGet => client
            .orders()
            .get_all_orders_by_marker("orders")
            .await
            .map(drop),
        Call::BearerPost => client
            .orders()
            .create_order(
                "orders",
                OrderRequest::new(
                    "order",
                    "cash",
                    vec![FormField::new("string", "name", "Christina Thomas".into())],
                    vec![OrderProduct::new(15, 1)],
                ),
            )
            .await
            .map(drop),
    }
}

fn client(base: &str) -> Client {
    Client::builder(base)
        .app_token(APP_TOKEN)
        .session_tokens(Some(ACCESS.into()), Some(REFRESH.into()))
        .build()
        .expect("config")
}

#[tokio::test]
async fn no_redirect_is_followed_and_no_secret_reaches_the_target() {
    let calls = [
        Call::SignIn,
        Call::Refresh,
        Call::BearerGet,
        Call::BearerPost,
    ];
    for status in [301, 302, 303, 307, 308] {
        for cross_origin in [true, false] {
            let (target, target_log) = recorder().await;
            let (api, api_log) = redirector(status, cross_origin.then(|| target.clone())).await;
            for call in calls {
                let client = client(&api);
                let err = run(call, &client)
                    .await
                    .expect_err("a redirect is an error");
                let case = format!("{call:?} {status} cross_origin={cross_origin}");
                match &err {
                    Error::Redirect {
                        status: got,
                        location,
                        ..
                    } => {
                        assert_eq!(*got, status, "{case}");
                        let location = location.as_deref().unwrap_or_default();
                        assert!(location.contains("/landed/api/"), "{case}: {location}");
                    }
                    other => panic!("{case}: expected Error::Redirect, got {other:?}"),
                }
                let text = format!("{err} {err:?}");
                for secret in SECRETS {
                    assert!(!text.contains(secret), "{case}: {text}");
                }
            }
            let leaked = target_log.lock().expect("log").clone();
            let landed = api_log.lock().expect("log").clone();
            assert!(
                leaked.is_empty(),
                "{status}: the other origin got {leaked:#?}"
            );
            assert!(
                landed.is_empty(),
                "{status}: the redirect was followed: {landed:#?}"
            );
        }
    }
}

/// A caller-supplied HTTP client may follow redirects by itself; the runtime notices that the
/// answer came from another URL and refuses it instead of decoding a stranger's answer.
#[tokio::test]
async fn a_redirect_followed_by_a_custom_http_client_is_reported() {
    let (target, _target_log) = recorder().await;
    let (api, _api_log) = redirector(307, Some(target)).await;
    let client = Client::builder(&api)
        .app_token(APP_TOKEN)
        .session_tokens(Some(ACCESS.into()), Some(REFRESH.into()))
        .http_client(
            oneentry_client::http_client_builder()
                .redirect(reqwest::redirect::Policy::default())
                .build()
                .expect("HTTP client"),
        )
        .build()
        .expect("config");
    let err = run(Call::BearerGet, &client)
        .await
        .expect_err("a followed redirect is an error");
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
}

/// The recommended builder for custom HTTP clients follows no redirect.
#[tokio::test]
async fn the_recommended_http_client_builder_follows_no_redirect() {
    let (target, target_log) = recorder().await;
    let (api, _api_log) = redirector(308, Some(target)).await;
    let http = oneentry_client::http_client_builder()
        .build()
        .expect("http client");
    let client = Client::builder(&api)
        .app_token(APP_TOKEN)
        .session_tokens(Some(ACCESS.into()), Some(REFRESH.into()))
        .http_client(http)
        .build()
        .expect("config");
    let err = run(Call::SignIn, &client).await.expect_err("redirect");
    assert!(
        matches!(err, Error::Redirect { status: 308, .. }),
        "{err:?}"
    );
    assert!(target_log.lock().expect("log").is_empty());
}
