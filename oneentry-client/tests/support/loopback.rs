//! A well-behaved axum server on loopback, for tests that need a server to say something
//! particular (rotate tokens, redirect, never end a list) rather than to misbehave at the
//! connection level, which is `hostile.rs`'s job.

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::net::TcpListener;

/// Serves `app` on an ephemeral port of 127.0.0.1 until the test ends; returns its URL.
pub async fn serve(app: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// A sign-in or refresh answer for token generation `n`: `a{n}` and `r{n}`.
pub fn tokens(n: u64) -> Response {
    axum::Json(json!({
        "userIdentifier": "user@example.com",
        "authProviderIdentifier": "email",
        "accessToken": format!("a{n}"),
        "refreshToken": format!("r{n}"),
    }))
    .into_response()
}

/// A OneEntry-shaped 401.
pub fn unauthorized() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        axum::Json(json!({"statusCode": 401, "message": "Unauthorized"})),
    )
        .into_response()
}
