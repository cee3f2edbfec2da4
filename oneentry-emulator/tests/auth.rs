//! App token, sign-in, refresh rotation, expiry and sign-out.

mod common;

use std::time::Duration;

use common::{AUTH, Api, LOGOUT, ORDERS, REFRESH, assert_error, auth_body, read};
use oneentry_emulator::Emulator;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_request_needs_the_app_token() {
    let api = Api::start().await;
    let body = auth_body("your-user@email.com", "123456").to_string();
    let missing = api.http.post(api.url(AUTH)).body(body.clone()).send().await;
    assert_error(read(missing.expect("sent")).await, 403, "x-app-token");
    let wrong = api
        .http
        .post(api.url(AUTH))
        .header("x-app-token", "not-the-token")
        .body(body)
        .send()
        .await;
    assert_error(read(wrong.expect("sent")).await, 403, "invalid app token");
    // Also on routes that do not exist, and before the user token is looked at.
    let unknown = api.http.get(api.url("/nope")).send().await;
    assert_error(read(unknown.expect("sent")).await, 403, "x-app-token");
    let orders = api.http.get(api.url(ORDERS)).bearer_auth("x").send().await;
    assert_error(read(orders.expect("sent")).await, 403, "x-app-token");
}

#[tokio::test]
async fn sign_in_errors() {
    let api = Api::start().await;
    let good = auth_body("your-user@email.com", "123456");
    assert_error(
        api.post(
            "/api/content/users-auth-providers/marker/phone/users/auth",
            None,
            good,
        )
        .await,
        404,
        "auth provider `phone` not found",
    );
    assert_error(
        api.post(AUTH, None, auth_body("your-user@email.com", "654321"))
            .await,
        401,
        "wrong login or password",
    );
    assert_error(
        api.post(AUTH, None, auth_body("someone@else.com", "123456"))
            .await,
        401,
        "wrong login or password",
    );
    assert_error(
        api.post(
            AUTH,
            None,
            json!({ "authData": [{ "marker": "email_reg", "value": "a" }] }),
        )
        .await,
        400,
        "`password_reg`",
    );
    assert_error(
        api.post(AUTH, None, json!({})).await,
        400,
        "missing field `authData`",
    );
    assert_error(
        api.post(AUTH, None, json!({ "authData": "x" })).await,
        400,
        "invalid type",
    );
    let not_json = api
        .http
        .post(api.url(AUTH))
        .header("x-app-token", api.emulator.app_token())
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await;
    assert_error(
        read(not_json.expect("sent")).await,
        400,
        "request body is not valid",
    );
    assert_error(
        api.send(Method::POST, AUTH, None, None).await,
        400,
        "body is empty",
    );
}

#[tokio::test]
async fn protected_routes_need_a_valid_bearer_token() {
    let api = Api::start().await;
    assert_error(api.get(ORDERS, None).await, 401, "unauthorized");
    assert_error(
        api.get(ORDERS, Some("garbage")).await,
        401,
        "invalid access token",
    );
    let basic = api
        .http
        .get(api.url(ORDERS))
        .header("x-app-token", api.emulator.app_token())
        .header("authorization", "Basic dTpw")
        .send()
        .await;
    assert_error(read(basic.expect("sent")).await, 401, "unauthorized");
    let (access, _) = api.login().await;
    assert_eq!(api.get(ORDERS, Some(&access)).await.0, 200);
}

#[tokio::test]
async fn refresh_rotates_both_tokens() {
    let api = Api::start().await;
    let (access, refresh) = api.login().await;
    let (status, renewed) = api.refresh(&refresh).await;
    assert_eq!(status, 201, "{renewed}");
    assert_eq!(renewed["userIdentifier"], "your-user@email.com");
    assert_eq!(renewed["authProviderIdentifier"], "email");
    let new_access = renewed["accessToken"].as_str().expect("accessToken");
    let new_refresh = renewed["refreshToken"].as_str().expect("refreshToken");
    assert_ne!(new_access, access);
    assert_ne!(new_refresh, refresh);

    assert_eq!(api.get(ORDERS, Some(new_access)).await.0, 200);
    assert_error(
        api.get(ORDERS, Some(&access)).await,
        401,
        "invalid access token",
    );
    assert_error(api.refresh(&refresh).await, 401, "refresh token");
    assert_error(api.refresh("1-2-3").await, 401, "refresh token");
    assert_error(
        api.post(REFRESH, None, json!({})).await,
        400,
        "refreshToken",
    );
    assert_error(
        api.post(
            "/api/content/users-auth-providers/marker/phone/users/refresh",
            None,
            json!({ "refreshToken": new_refresh }),
        )
        .await,
        404,
        "not found",
    );
    // The failed attempts above did not burn the current refresh token.
    let (status, _) = api.refresh(new_refresh).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn expired_access_tokens_are_refused_until_refreshed() {
    let api = Api::start().await;
    let (access, refresh) = api.login().await;
    api.emulator.expire_access_tokens();
    assert_error(api.get(ORDERS, Some(&access)).await, 401, "expired");
    let (status, renewed) = api.refresh(&refresh).await;
    assert_eq!(status, 201, "{renewed}");
    let new_access = renewed["accessToken"].as_str().expect("accessToken");
    assert_eq!(api.get(ORDERS, Some(new_access)).await.0, 200);
}

#[tokio::test]
async fn the_access_token_ttl_is_configurable() {
    let emulator = Emulator::builder()
        .access_token_ttl(Duration::ZERO)
        .start()
        .await
        .expect("starts");
    let api = Api::with(emulator).await;
    let (access, _) = api.login().await;
    assert_error(api.get(ORDERS, Some(&access)).await, 401, "expired");
}

#[tokio::test]
async fn logout_ends_the_session() {
    let api = Api::start().await;
    let (access, refresh) = api.login().await;
    let (other_access, other_refresh) = api.login().await;
    let body = json!({ "refreshToken": refresh });
    assert_error(
        api.post(LOGOUT, None, body.clone()).await,
        401,
        "unauthorized",
    );
    assert_error(
        api.post(LOGOUT, Some(&access), json!({ "refreshToken": "1-2-3" }))
            .await,
        400,
        "refreshToken",
    );
    let (status, answer) = api.post(LOGOUT, Some(&access), body).await;
    assert_eq!((status, answer), (201, json!(true)));
    assert_error(
        api.get(ORDERS, Some(&access)).await,
        401,
        "invalid access token",
    );
    assert_error(api.refresh(&refresh).await, 401, "refresh token");
    // The user's other session is untouched.
    assert_eq!(api.get(ORDERS, Some(&other_access)).await.0, 200);
    let (status, _) = api.refresh(&other_refresh).await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn a_user_cannot_log_out_someone_elses_session() {
    let api = Api::two_users().await;
    let (_, refresh_a) = api.login_as("a@example.com", "pw-a").await;
    let (access_b, _) = api.login_as("b@example.com", "pw-b").await;
    assert_error(
        api.post(
            LOGOUT,
            Some(&access_b),
            json!({ "refreshToken": refresh_a }),
        )
        .await,
        400,
        "not a session of the signed-in user",
    );
    let (status, _) = api.refresh(&refresh_a).await;
    assert_eq!(status, 201);
    // The demo user is not registered when the builder names users.
    assert_error(
        api.post(AUTH, None, auth_body("your-user@email.com", "123456"))
            .await,
        401,
        "wrong login",
    );
}
