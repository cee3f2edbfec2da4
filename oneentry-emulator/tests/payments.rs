//! Payment sessions: creation, reading by order and by id, listing, privacy.

mod common;

use common::{Api, SESSIONS, assert_error};
use oneentry_client::OneOrMany;
use oneentry_client::api::{PaymentSession, SessionStatus, SessionsPage};
use serde_json::json;

#[tokio::test]
async fn create_session_errors() {
    let api = Api::start().await;
    let (access, _) = api.login().await;
    let token = Some(access.as_str());
    let body = |order: i64, kind: &str| json!({ "orderId": order, "type": kind, "automaticTaxEnabled": false });

    assert_error(
        api.post(SESSIONS, None, body(1, "session")).await,
        401,
        "unauthorized",
    );
    assert_error(
        api.post(SESSIONS, token, body(1, "session")).await,
        404,
        "order 1 not found",
    );
    api.create_order(&access, 15, 1).await;
    assert_error(
        api.post(SESSIONS, token, body(1, "bogus")).await,
        400,
        "`bogus`",
    );
    assert_error(
        api.post(SESSIONS, token, body(1, "intent")).await,
        400,
        "custom account",
    );
    assert_error(
        api.post(
            SESSIONS,
            token,
            json!({ "orderId": "1", "type": "session" }),
        )
        .await,
        400,
        "invalid type",
    );
    assert_error(
        api.post(SESSIONS, token, json!({ "type": "session" }))
            .await,
        400,
        "orderId",
    );
    // `type` and `automaticTaxEnabled` may be left out; `type` defaults to `session`.
    let (status, session) = api.post(SESSIONS, token, json!({ "orderId": 1 })).await;
    assert_eq!(status, 201, "{session}");
    assert_eq!(session["id"], 1, "failed attempts use no ids");
    assert_eq!(session["type"], "session");
}

#[tokio::test]
async fn sessions_by_order_are_an_array() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    api.create_order(&token, 15, 1).await;
    api.create_order(&token, 1, 1).await;

    let (status, empty) = api.get(&format!("{SESSIONS}/order/1"), Some(&token)).await;
    assert_eq!((status, empty), (200, json!([])));
    let first = api.create_session(&token, 1).await;
    let other = api.create_session(&token, 2).await;
    let second = api.create_session(&token, 1).await;
    assert_eq!(
        (
            first["id"].clone(),
            other["id"].clone(),
            second["id"].clone()
        ),
        (json!(1), json!(2), json!(3))
    );

    let (status, sessions) = api.get(&format!("{SESSIONS}/order/1"), Some(&token)).await;
    assert_eq!(status, 200);
    assert_eq!(sessions, json!([first, second]));
    let typed: OneOrMany<PaymentSession> =
        serde_json::from_value(sessions).expect("decodes as OneOrMany<PaymentSession>");
    assert_eq!(typed.len(), 2);
    assert_eq!(
        typed.first().map(|s| s.status.clone()),
        Some(SessionStatus::Waiting)
    );

    assert_error(
        api.get(&format!("{SESSIONS}/order/9"), Some(&token)).await,
        404,
        "order 9 not found",
    );
    assert_error(
        api.get(&format!("{SESSIONS}/order/x"), Some(&token)).await,
        400,
        "path parameter `id` is not valid",
    );
}

#[tokio::test]
async fn sessions_by_id_and_pages() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    api.create_order(&token, 15, 1).await;
    let sessions = [
        api.create_session(&token, 1).await,
        api.create_session(&token, 1).await,
        api.create_session(&token, 1).await,
    ];

    let (status, one) = api.get(&format!("{SESSIONS}/2"), Some(&token)).await;
    assert_eq!((status, &one), (200, &sessions[1]));
    assert_error(
        api.get(&format!("{SESSIONS}/7"), Some(&token)).await,
        404,
        "payment session 7 not found",
    );

    // The SDK's trailing-slash form and the plain form list the same sessions.
    for path in [
        format!("{SESSIONS}/?offset=0&limit=30"),
        SESSIONS.to_owned(),
    ] {
        let (status, page) = api.get(&path, Some(&token)).await;
        assert_eq!(status, 200, "{path}: {page}");
        assert_eq!(page, json!({ "total": 3, "items": sessions }), "{path}");
    }
    let (_, page) = api
        .get(&format!("{SESSIONS}/?offset=1&limit=1"), Some(&token))
        .await;
    assert_eq!(page, json!({ "total": 3, "items": [sessions[1]] }));
    let typed: SessionsPage = serde_json::from_value(page).expect("decodes as SessionsPage");
    assert_eq!(typed.items[0].id, 2);
    assert_error(
        api.get(&format!("{SESSIONS}/?offset=x"), Some(&token))
            .await,
        400,
        "offset",
    );
    assert_error(
        api.get(&format!("{SESSIONS}/?limit=-5"), Some(&token))
            .await,
        400,
        "limit",
    );
}

#[tokio::test]
async fn sessions_are_private_to_their_user() {
    let api = Api::two_users().await;
    let (a, _) = api.login_as("a@example.com", "pw-a").await;
    let (b, _) = api.login_as("b@example.com", "pw-b").await;
    api.create_order(&a, 15, 1).await;
    api.create_session(&a, 1).await;

    assert_error(
        api.post(SESSIONS, Some(&b), json!({ "orderId": 1 })).await,
        404,
        "order 1 not found",
    );
    assert_error(
        api.get(&format!("{SESSIONS}/order/1"), Some(&b)).await,
        404,
        "order 1",
    );
    assert_error(
        api.get(&format!("{SESSIONS}/1"), Some(&b)).await,
        404,
        "session 1",
    );
    let (status, page) = api.get(&format!("{SESSIONS}/"), Some(&b)).await;
    assert_eq!((status, page), (200, json!({ "total": 0, "items": [] })));
}

#[tokio::test]
async fn sessions_are_created_at_either_form_of_the_path() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    api.create_order(&token, 15, 1).await;
    let body = json!({ "orderId": 1, "type": "session", "automaticTaxEnabled": false });
    for path in [SESSIONS.to_owned(), format!("{SESSIONS}/")] {
        let (status, created) = api.post(&path, Some(&token), body.clone()).await;
        assert_eq!(status, 201, "{path}: {created}");
    }
    let (_, page) = api.get(&format!("{SESSIONS}/"), Some(&token)).await;
    assert_eq!(page["total"], json!(2), "{page}");
}
