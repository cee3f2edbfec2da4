//! Auth providers, OAuth sign-in, open sessions and signing out everywhere.

mod common;

use common::{AUTH, Api, ORDERS, PROVIDERS, USERS, assert_error, auth_body, read};
use oneentry_client::api::{ActiveSession, AuthProviderEntity};
use oneentry_client::localized;
use serde_json::{Value, json};

#[tokio::test]
async fn providers_are_listed_and_read_by_marker() {
    let api = Api::start().await;
    let (status, list) = api
        .get(
            &format!("{PROVIDERS}?langCode=en_US&offset=0&limit=30"),
            None,
        )
        .await;
    assert_eq!(status, 200, "{list}");
    let providers = list.as_array().expect("an array");
    assert_eq!(providers.len(), 1);
    let email = &providers[0];
    assert_eq!(email["identifier"], "email");
    assert_eq!(email["type"], "email");
    assert_eq!(email["isCheckCode"], true);
    assert_eq!(email["isActive"], true);
    assert_eq!(email["formIdentifier"], "reg");
    assert_eq!(email["localizeInfos"]["en_US"]["title"], "Email");
    assert_eq!(email["config"]["accessTokenTtlSec"], "900");
    assert_eq!(email["config"]["systemCodeLength"], "6");
    let typed: Vec<AuthProviderEntity> =
        localized::with_language("en_US", || serde_json::from_value(list.clone()))
            .expect("decodes as AuthProviderEntity[]");
    assert!(typed[0].is_check_code);

    let (status, page) = api
        .get(&format!("{PROVIDERS}?offset=1&limit=30"), None)
        .await;
    assert_eq!((status, page), (200, json!([])));
    assert_error(
        api.get(&format!("{PROVIDERS}?limit=x"), None).await,
        400,
        "limit",
    );

    let (status, one) = api
        .get(&format!("{PROVIDERS}/marker/email?langCode=de_DE"), None)
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["localizeInfos"]["de_DE"]["title"], "Email");
    assert_error(
        api.get(&format!("{PROVIDERS}/marker/phone"), None).await,
        404,
        "auth provider `phone` not found",
    );
}

#[tokio::test]
async fn oauth_signs_in_a_registered_user() {
    let api = Api::start().await;
    let url = format!("{PROVIDERS}/marker/email/oauth");
    let user = api.emulator.user_email().to_owned();
    let body = |id: &str, secret: &str, code: &str, grant: &str| {
        json!({ "client_id": id, "client_secret": secret, "code": code,
                "grant_type": grant, "redirect_uri": "http://localhost/callback" })
    };
    let good_code = format!("demo-code:{user}");
    let (status, auth) = api
        .post(
            &url,
            None,
            body(
                "demo-client",
                "demo-secret",
                &good_code,
                "authorization_code",
            ),
        )
        .await;
    assert_eq!(status, 201, "{auth}");
    assert_eq!(auth["userIdentifier"], user.as_str());
    assert_eq!(auth["authProviderIdentifier"], "email");
    let access = auth["accessToken"].as_str().expect("accessToken");
    assert_eq!(api.get(ORDERS, Some(access)).await.0, 200);

    assert_error(
        api.post(
            &url,
            None,
            body("demo-client", "wrong", &good_code, "authorization_code"),
        )
        .await,
        401,
        "client_secret",
    );
    assert_error(
        api.post(
            &url,
            None,
            body("other", "demo-secret", &good_code, "authorization_code"),
        )
        .await,
        401,
        "client_id",
    );
    assert_error(
        api.post(
            &url,
            None,
            body("demo-client", "demo-secret", &good_code, "password"),
        )
        .await,
        400,
        "grant_type",
    );
    assert_error(
        api.post(
            &url,
            None,
            body("demo-client", "demo-secret", "abc", "authorization_code"),
        )
        .await,
        401,
        "demo-code:",
    );
    assert_error(
        api.post(
            &url,
            None,
            body(
                "demo-client",
                "demo-secret",
                "demo-code:ghost@example.com",
                "authorization_code",
            ),
        )
        .await,
        401,
        "no user `ghost@example.com`",
    );
    assert_error(
        api.post(&url, None, json!({ "client_id": "demo-client" }))
            .await,
        400,
        "client_secret",
    );
}

/// Signs in with an `x-device-metadata` header like the SDK's.
async fn login_from(api: &Api, os: &str) -> (String, String) {
    let metadata = json!({ "fingerprint": "UQ_x",
        "deviceInfo": { "os": os, "browser": "Node.js/abc", "location": "en-US" } });
    let response = api
        .http
        .post(api.url(AUTH))
        .header("content-type", "application/json")
        .header("x-app-token", api.emulator.app_token())
        .header("x-device-metadata", metadata.to_string())
        .body(auth_body(api.emulator.user_email(), api.emulator.user_password()).to_string())
        .send()
        .await
        .expect("reaches the emulator");
    let (status, body) = read(response).await;
    assert_eq!(status, 201, "{body}");
    (
        body["accessToken"].as_str().expect("access").to_owned(),
        body["refreshToken"].as_str().expect("refresh").to_owned(),
    )
}

#[tokio::test]
async fn active_sessions_show_the_device_of_each_sign_in() {
    let api = Api::start().await;
    let sessions = format!("{USERS}/sessions");
    assert_error(api.get(&sessions, None).await, 401, "unauthorized");
    let (access, _) = login_from(&api, "Linux").await;
    login_from(&api, "Windows").await;
    // Without the header the session has an empty deviceInfo.
    api.login().await;
    let (status, list) = api.get(&sessions, Some(&access)).await;
    assert_eq!(status, 200, "{list}");
    let typed: Vec<ActiveSession> = serde_json::from_value(list.clone()).expect("decodes");
    let oses: Vec<Option<String>> = typed.into_iter().map(|s| s.device_info.os).collect();
    assert_eq!(
        oses,
        [Some("Linux".to_owned()), Some("Windows".to_owned()), None]
    );
    assert_eq!(list[0]["deviceInfo"]["browser"], "Node.js/abc");
    assert_eq!(list[2], json!({ "deviceInfo": {} }));
}

#[tokio::test]
async fn logout_all_ends_every_session_of_the_user() {
    let api = Api::two_users().await;
    let (access_1, refresh_1) = api.login_as("a@example.com", "pw-a").await;
    let (access_2, refresh_2) = api.login_as("a@example.com", "pw-a").await;
    let (access_b, refresh_b) = api.login_as("b@example.com", "pw-b").await;
    let url = format!("{USERS}/logout-all");

    // The SDK sends no body at all (content-length 0).
    let send = |token: Option<String>| {
        let mut request = api
            .http
            .post(api.url(&url))
            .header("content-type", "application/json")
            .header("x-app-token", api.emulator.app_token());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { read(request.send().await.expect("reaches the emulator")).await }
    };
    assert_error(send(None).await, 401, "unauthorized");
    assert_eq!(send(Some(access_1.clone())).await, (201, json!(true)));

    for access in [&access_1, &access_2] {
        assert_error(
            api.get(ORDERS, Some(access)).await,
            401,
            "invalid access token",
        );
    }
    for refresh in [&refresh_1, &refresh_2] {
        assert_error(api.refresh(refresh).await, 401, "refresh token");
    }
    // Another user's sessions are untouched.
    assert_eq!(api.get(ORDERS, Some(&access_b)).await.0, 200);
    let (status, _): (u16, Value) = api.refresh(&refresh_b).await;
    assert_eq!(status, 201);
    // The user can sign in again.
    api.login_as("a@example.com", "pw-a").await;
}
