//! Sign-up, one-time codes, activation and password change.

mod common;

use common::{AUTH, Api, USERS, assert_error, auth_body, sign_up_body};
use oneentry_client::api::SignUpEntity;
use oneentry_client::localized;
use oneentry_emulator::ACTIVATION_EVENT;
use serde_json::json;

const NEW: &str = "new@example.com";

fn code_body(user: &str, event: &str, code: &str) -> serde_json::Value {
    json!({ "userIdentifier": user, "eventIdentifier": event, "code": code })
}

#[tokio::test]
async fn sign_up_then_activate_then_sign_in() {
    let api = Api::start().await;
    let (status, user) = api.sign_up(NEW, "secret-1").await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(user["identifier"], NEW);
    assert_eq!(user["isActive"], false);
    assert_eq!(user["id"], 2, "the demo user is user 1");
    assert_eq!(user["formData"]["en_US"][0]["value"], "Doe");
    assert_eq!(user["notificationData"]["email"], NEW);
    assert_eq!(user["locale"], "en_US");
    let typed: SignUpEntity = localized::with_language("en_US", || serde_json::from_value(user))
        .expect("decodes as SignUpEntity");
    assert_eq!(typed.form_data.map(|f| f.len()), Some(1));

    // Not active yet: the credentials are right, but auth refuses with a clear 403.
    assert_error(
        api.post(AUTH, None, auth_body(NEW, "secret-1")).await,
        403,
        "not activated",
    );
    // The same login cannot sign up twice.
    assert_error(api.sign_up(NEW, "other").await, 400, "already registered");

    let code = api
        .emulator
        .last_code(NEW, ACTIVATION_EVENT)
        .expect("sign-up sends an activation code");
    assert_eq!(code.len(), 6, "{code}");
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");

    let activate = format!("{USERS}/activate");
    assert_error(
        api.post(
            &activate,
            None,
            json!({ "userIdentifier": NEW, "code": "not-it" }),
        )
        .await,
        400,
        "wrong activation code",
    );
    assert_error(
        api.post(
            &activate,
            None,
            json!({ "userIdentifier": "ghost@example.com", "code": code }),
        )
        .await,
        404,
        "ghost@example.com",
    );
    let answer = api
        .post(
            &activate,
            None,
            json!({ "userIdentifier": NEW, "code": code }),
        )
        .await;
    assert_eq!(answer, (201, json!(true)));
    assert_eq!(
        api.emulator.last_code(NEW, ACTIVATION_EVENT),
        None,
        "activation uses the code up"
    );
    let (access, _) = api.login_as(NEW, "secret-1").await;
    assert_eq!(api.get(common::ORDERS, Some(&access)).await.0, 200);
}

#[tokio::test]
async fn generated_codes_are_checked_without_being_used_up() {
    let api = Api::start().await;
    let user = api.emulator.user_email().to_owned();
    let generate = format!("{USERS}/generate-code");
    let check = format!("{USERS}/check-code");

    assert_error(
        api.post(
            &generate,
            None,
            json!({ "userIdentifier": "ghost@example.com", "eventIdentifier": "reset" }),
        )
        .await,
        404,
        "ghost@example.com",
    );
    assert_error(
        api.post(&generate, None, json!({ "userIdentifier": user }))
            .await,
        400,
        "eventIdentifier",
    );
    assert_eq!(api.emulator.last_code(&user, "reset"), None);
    let (status, answer) = api
        .post(
            &generate,
            None,
            json!({ "userIdentifier": user, "eventIdentifier": "reset" }),
        )
        .await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["success"], true);
    let code = api.emulator.last_code(&user, "reset").expect("a code");

    for _ in 0..2 {
        let answer = api
            .post(&check, None, code_body(&user, "reset", &code))
            .await;
        assert_eq!(
            answer,
            (201, json!(true)),
            "checking does not use the code up"
        );
    }
    let answer = api
        .post(&check, None, code_body(&user, "reset", "000000x"))
        .await;
    assert_eq!(answer, (201, json!(false)));
    let answer = api
        .post(&check, None, code_body(&user, "other", &code))
        .await;
    assert_eq!(answer, (201, json!(false)), "codes belong to one event");
    assert_error(
        api.post(&check, None, code_body("ghost@example.com", "reset", &code))
            .await,
        404,
        "not found",
    );

    // A new code replaces the old one.
    api.post(
        &generate,
        None,
        json!({ "userIdentifier": user, "eventIdentifier": "reset" }),
    )
    .await;
    let newer = api.emulator.last_code(&user, "reset").expect("a code");
    if newer != code {
        let answer = api
            .post(&check, None, code_body(&user, "reset", &code))
            .await;
        assert_eq!(answer, (201, json!(false)));
    }
}

#[tokio::test]
async fn change_password_with_a_code() {
    let api = Api::start().await;
    let user = api.emulator.user_email().to_owned();
    let old = api.emulator.user_password().to_owned();
    let change = format!("{USERS}/change-password");
    api.post(
        &format!("{USERS}/generate-code"),
        None,
        json!({ "userIdentifier": user, "eventIdentifier": "reset_password" }),
    )
    .await;
    let code = api
        .emulator
        .last_code(&user, "reset_password")
        .expect("a code");
    let body = |code: &str, kind: i64, p1: &str, p2: &str| {
        json!({ "userIdentifier": user, "eventIdentifier": "reset_password", "code": code,
                "type": kind, "password1": p1, "password2": p2 })
    };

    assert_error(
        api.post(&change, None, body(&code, 1, "new-pw", "other"))
            .await,
        400,
        "do not match",
    );
    assert_error(
        api.post(&change, None, body(&code, 3, "new-pw", "new-pw"))
            .await,
        400,
        "type must be 1",
    );
    assert_error(
        api.post(&change, None, body("nope", 2, "new-pw", "new-pw"))
            .await,
        400,
        "wrong code",
    );
    assert_error(
        api.post(&change, None, body(&code, 1, "", "")).await,
        400,
        "password1 must not be empty",
    );
    let answer = api
        .post(&change, None, body(&code, 2, "new-pw", "new-pw"))
        .await;
    assert_eq!(answer, (201, json!(true)));

    assert_error(
        api.post(AUTH, None, auth_body(&user, &old)).await,
        401,
        "wrong login or password",
    );
    api.login_as(&user, "new-pw").await;
    // The code was used up.
    assert_error(
        api.post(&change, None, body(&code, 1, "third", "third"))
            .await,
        400,
        "wrong code",
    );
}

#[tokio::test]
async fn sign_up_errors() {
    let api = Api::start().await;
    let sign_up = format!("{USERS}/sign-up");
    let mut wrong_form = sign_up_body(NEW, "pw");
    wrong_form["formIdentifier"] = json!("order");
    assert_error(
        api.post(&sign_up, None, wrong_form).await,
        400,
        "formIdentifier `order`",
    );
    let mut no_password = sign_up_body(NEW, "pw");
    no_password["authData"] = json!([{ "marker": "email_reg", "value": NEW }]);
    assert_error(
        api.post(&sign_up, None, no_password).await,
        400,
        "password_reg",
    );
    assert_error(
        api.post(
            "/api/content/users-auth-providers/marker/phone/users/sign-up",
            None,
            sign_up_body(NEW, "pw"),
        )
        .await,
        404,
        "auth provider `phone` not found",
    );
    // The demo user exists already.
    assert_error(
        api.sign_up(api.emulator.user_email(), "pw").await,
        400,
        "already registered",
    );
    // The language of the body keys the answer's formData.
    let mut french = sign_up_body(NEW, "pw");
    french["formData"] =
        json!({ "fr_FR": [ { "marker": "last_name", "type": "string", "value": "Dupont" } ] });
    french["langCode"] = json!("fr_FR");
    let (status, user) = api.post(&sign_up, None, french).await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(user["formData"]["fr_FR"][0]["value"], "Dupont");
}

#[tokio::test]
async fn the_mailbox_shows_the_codes_sent_to_a_user() {
    let api = Api::start().await;
    let (status, _) = api.sign_up(NEW, "secret-1").await;
    assert_eq!(status, 201);
    let (status, mails) = api
        .get(&format!("/__emulator/mailbox?email={NEW}"), None)
        .await;
    assert_eq!(status, 200, "{mails}");
    assert_eq!(mails[0]["event"], ACTIVATION_EVENT);
    assert_eq!(mails[0]["provider"], "email");
    assert_eq!(
        mails[0]["code"].as_str(),
        api.emulator.last_code(NEW, ACTIVATION_EVENT).as_deref()
    );
    assert_error(
        api.get("/__emulator/mailbox", None).await,
        400,
        "`email` is required",
    );
}
