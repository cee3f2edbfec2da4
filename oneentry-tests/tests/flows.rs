//! The flows of the 30 methods beyond the happy path, against the stateful emulator:
//! sign-up and activation, password recovery, reads of providers, storages, statuses and
//! accounts, order updates and previews, refunds, OAuth, and signing out everywhere.

mod common;

use std::collections::BTreeMap;

use oneentry_client::api::{
    AccountType, AuthData, FormField, NotificationData, OAuthRequest, OrderPreviewRequest,
    PreviewProduct, RefundQuantity, RefundRequestBody, SessionType, SignUpRequest,
};
use oneentry_client::{Client, Error, JsonValue};

fn sign_up_form(email: &str, password: &str) -> SignUpRequest {
    SignUpRequest::new(
        "reg",
        vec![
            AuthData::new("email_reg", email),
            AuthData::new("password_reg", password),
        ],
        vec![FormField::new("string", "name", "New User".into())],
        NotificationData::new(email, Vec::new()),
    )
}

#[tokio::test]
async fn sign_up_then_activate_then_sign_in() {
    let emulator = common::emulator().await;
    let client = common::client(&emulator);
    let auth = client.auth_provider();

    let user = auth
        .sign_up("email", sign_up_form("new@example.com", "s3cret!"))
        .await
        .expect("sign up");
    assert_eq!(user.identifier, "new@example.com");
    assert!(!user.is_active, "the email provider checks codes");

    let early = auth
        .auth("email", common::credentials("new@example.com", "s3cret!"))
        .await;
    assert!(early.is_err(), "an inactive user cannot sign in: {early:?}");

    let code = emulator
        .last_code("new@example.com", "activate")
        .expect("the activation code was sent");
    let wrong = auth
        .activate_user("email", "new@example.com", "000000")
        .await;
    assert!(
        matches!(wrong, Err(Error::Api { status: 400, .. })),
        "{wrong:?}"
    );
    auth.activate_user("email", "new@example.com", code)
        .await
        .expect("activate");

    auth.auth("email", common::credentials("new@example.com", "s3cret!"))
        .await
        .expect("signed in after activation");
    let again = auth
        .sign_up("email", sign_up_form("new@example.com", "x"))
        .await;
    assert!(
        matches!(again, Err(Error::Api { status: 400, .. })),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_recovered_password_replaces_the_old_one() {
    let emulator = common::emulator().await;
    let client = common::client(&emulator);
    let auth = client.auth_provider();
    let email = emulator.user_email().to_owned();
    let old = emulator.user_password().to_owned();

    auth.generate_code("email", email.as_str(), "password_recovery")
        .await
        .expect("code sent");
    let code = emulator
        .last_code(&email, "password_recovery")
        .expect("the code arrived");
    let checked = auth
        .check_code("email", email.as_str(), "password_recovery", code.as_str())
        .await
        .expect("check");
    assert_eq!(checked, JsonValue::Bool(true));
    let mismatch = auth
        .change_password(
            "email",
            email.as_str(),
            "password_recovery",
            code.as_str(),
            2,
            "new-pass",
        )
        .password2("other")
        .await;
    assert!(
        matches!(mismatch, Err(Error::Api { status: 400, .. })),
        "{mismatch:?}"
    );
    auth.change_password(
        "email",
        email.as_str(),
        "password_recovery",
        code.as_str(),
        2,
        "new-pass",
    )
    .await
    .expect("change password");

    let with_old = auth.auth("email", common::credentials(&email, &old)).await;
    assert!(
        matches!(with_old, Err(Error::Api { status: 401, .. })),
        "{with_old:?}"
    );
    auth.auth("email", common::credentials(&email, "new-pass"))
        .await
        .expect("the new password works");
}

#[tokio::test]
async fn providers_storages_statuses_and_accounts_read_back() {
    let (_emulator, client) = common::signed_in().await;

    let providers = client
        .auth_provider()
        .get_auth_providers()
        .await
        .expect("providers");
    assert!(
        providers.iter().any(|p| p.identifier == "email"),
        "{providers:?}"
    );
    let email = client
        .auth_provider()
        .get_auth_provider_by_marker("email")
        .await
        .expect("provider");
    assert!(email.is_check_code);
    assert!(
        email.localize_infos.and_then(|l| l.title).is_some(),
        "titles unwrap from the language map"
    );
    let missing = client
        .auth_provider()
        .get_auth_provider_by_marker("nope")
        .await;
    assert!(
        matches!(missing, Err(Error::Api { status: 404, .. })),
        "{missing:?}"
    );

    let sessions = client
        .auth_provider()
        .get_active_sessions_by_marker("email")
        .await
        .expect("sessions");
    assert_eq!(sessions.len(), 1);
    assert_eq!(
        sessions[0].device_info.browser.as_deref(),
        Some(client.device_metadata().browser.as_str()),
        "the device the client announced at sign-in"
    );

    let storages = client
        .orders()
        .get_all_orders_storage()
        .await
        .expect("storages");
    assert!(
        storages
            .iter()
            .any(|s| s.identifier.as_deref() == Some("orders"))
    );
    let storage = client
        .orders()
        .get_orders_storage_by_marker("orders")
        .await
        .expect("storage");
    assert_eq!(storage.form_identifier.as_deref(), Some("order"));

    let statuses = client
        .orders()
        .get_all_statuses_by_storage_marker("orders")
        .pages()
        .all()
        .await
        .expect("statuses");
    assert!(
        statuses
            .iter()
            .any(|s| s.identifier.as_deref() == Some("upcoming"))
    );

    let accounts = client.payments().get_accounts().await.expect("accounts");
    let stripe = accounts
        .iter()
        .find(|a| a.r#type == AccountType::Stripe)
        .expect("a Stripe-like account");
    let same = client
        .payments()
        .get_account_by_id(stripe.id)
        .await
        .expect("by id");
    assert_eq!(&same, stripe);
    assert!(accounts.iter().any(|a| a.identifier == "cash"));
}

#[tokio::test]
async fn updates_recompute_totals_and_previews_create_nothing() {
    let (_emulator, client) = common::signed_in().await;
    let order = common::create_order(&client).await;
    assert_eq!(order.total_sum.value(), 400.0);

    let updated = client
        .orders()
        .update_order_by_marker_and_id("orders", order.id, common::order(14, 2))
        .await
        .expect("update");
    assert_eq!(updated.total_sum.value(), 680.0);
    let stored = client
        .orders()
        .get_order_by_marker_and_id("orders", order.id)
        .await
        .expect("read back");
    assert_eq!(stored.total_sum.as_text(), Some("680.00"));

    let mut preview = OrderPreviewRequest::new();
    preview.products = Some(vec![PreviewProduct::new(15, 3)]);
    let preview = client
        .orders()
        .preview_order(preview)
        .await
        .expect("preview");
    assert_eq!(preview.total_sum.value(), 1200.0);
    let page = client
        .orders()
        .get_all_orders_by_marker("orders")
        .await
        .expect("list");
    assert_eq!(page.total, 1, "a preview creates no order");
}

#[tokio::test]
async fn a_refund_request_is_created_listed_and_cancelled() {
    let (_emulator, client) = common::signed_in().await;
    let order = common::create_order(&client).await;
    let orders = client.orders();

    let body = RefundRequestBody::new(BTreeMap::from([("15".to_owned(), RefundQuantity::new(1))]));
    orders
        .create_refund_request(order.id, body.clone())
        .await
        .expect("refund");
    let twice = orders.create_refund_request(order.id, body).await;
    assert!(
        matches!(twice, Err(Error::Api { status: 400, .. })),
        "one pending request: {twice:?}"
    );

    let refunds = orders.get_refunds(order.id).await.expect("refunds");
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].order_id, order.id);
    assert_eq!(refunds[0].products["15"].quantity, 1);

    orders
        .cancel_refund_request(order.id)
        .await
        .expect("cancel");
    let refunds = orders.get_refunds(order.id).await.expect("refunds");
    assert_eq!(refunds[0].status, "canceled");
    let none = orders.cancel_refund_request(order.id).await;
    assert!(
        matches!(none, Err(Error::Api { status: 404, .. })),
        "{none:?}"
    );

    let too_many =
        RefundRequestBody::new(BTreeMap::from([("15".to_owned(), RefundQuantity::new(5))]));
    let result = orders.create_refund_request(order.id, too_many).await;
    assert!(
        matches!(result, Err(Error::Api { status: 400, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_card_account_answers_a_payment_url() {
    let (_emulator, client) = common::signed_in().await;
    let mut request = common::order(15, 1);
    request.payment_account_identifier = "stripe".to_owned();
    let order = client
        .orders()
        .create_order("orders", request)
        .await
        .expect("order");
    let session = client
        .payments()
        .create_session(order.id)
        .await
        .expect("session");
    assert!(
        session
            .payment_url
            .is_some_and(|url| url.starts_with("https://"))
    );
    let intent = client
        .payments()
        .create_session(order.id)
        .r#type(SessionType::Intent)
        .await
        .expect("intent");
    assert!(
        intent.client_secret.is_some(),
        "a Stripe intent carries its client secret"
    );
}

#[tokio::test]
async fn oauth_signs_in_and_logout_all_ends_every_session() {
    let emulator = common::emulator().await;
    let email = emulator.user_email().to_owned();
    let first = common::client(&emulator);
    let oauth = OAuthRequest::new(
        "demo-client",
        "demo-secret",
        format!("demo-code:{email}"),
        "authorization_code",
        "https://app.example/callback",
    );
    first
        .auth_provider()
        .oauth("email", oauth)
        .await
        .expect("oauth");
    assert!(
        first.session().is_signed_in(),
        "unlike the SDK, oauth keeps the tokens"
    );

    let second = common::client(&emulator);
    common::sign_in(&emulator, &second).await;
    let second_refresh = second.session().refresh_token();

    first
        .auth_provider()
        .logout_all("email")
        .await
        .expect("logout all");
    assert!(!first.session().is_signed_in());

    let stale = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("config");
    let result = stale
        .auth_provider()
        .refresh("email")
        .refresh_token(second_refresh.expect("signed in"))
        .await;
    assert!(
        matches!(result, Err(Error::Api { status: 401, .. })),
        "every refresh token died: {result:?}"
    );
}
