//! Payment accounts and the Stripe-like demo account's sessions.

mod common;

use common::{ACCOUNTS, Api, ORDERS, SESSIONS, assert_error, order_body};
use oneentry_client::api::{AccountType, PaymentAccount, PaymentSession};
use oneentry_client::localized;
use serde_json::json;

#[tokio::test]
async fn accounts_are_listed_and_read_by_id() {
    let api = Api::start().await;
    assert_error(api.get(ACCOUNTS, None).await, 401, "unauthorized");
    let (access, _) = api.login().await;
    let token = Some(access.as_str());

    let (status, list) = api.get(ACCOUNTS, token).await;
    assert_eq!(status, 200, "{list}");
    let typed: Vec<PaymentAccount> =
        localized::with_language("en_US", || serde_json::from_value(list.clone()))
            .expect("decodes as PaymentAccount[]");
    let kinds: Vec<(i64, &str, AccountType)> = typed
        .iter()
        .map(|a| (a.id, a.identifier.as_str(), a.r#type.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (1, "cash", AccountType::Custom),
            (2, "stripe", AccountType::Stripe)
        ]
    );
    assert_eq!(list[1]["localizeInfos"]["en_US"]["title"], "Stripe");
    assert_eq!(list[1]["isVisible"], true);

    let (status, one) = api.get(&format!("{ACCOUNTS}/2"), token).await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one, list[1]);
    assert_error(
        api.get(&format!("{ACCOUNTS}/9"), token).await,
        404,
        "payment account 9 not found",
    );
    assert_error(
        api.get(&format!("{ACCOUNTS}/abc"), token).await,
        400,
        "path parameter `id` is not valid",
    );
}

#[tokio::test]
async fn stripe_sessions_have_a_payment_url_and_intents_a_client_secret() {
    let api = Api::start().await;
    let (access, _) = api.login().await;
    let token = Some(access.as_str());
    let mut body = order_body(json!([{ "productId": 15, "quantity": 1 }]));
    body["paymentAccountIdentifier"] = json!("stripe");
    let (status, order) = api.post(ORDERS, token, body).await;
    assert_eq!(status, 201, "{order}");

    let session = api.create_session(&access, 1).await;
    assert_eq!(session["paymentAccountId"], 2);
    assert_eq!(
        session["paymentUrl"],
        "https://checkout.emulator.invalid/pay/1"
    );
    assert!(session.get("clientSecret").is_none(), "{session}");

    let (status, intent) = api
        .post(
            SESSIONS,
            token,
            json!({ "orderId": 1, "type": "intent", "automaticTaxEnabled": false }),
        )
        .await;
    assert_eq!(status, 201, "{intent}");
    assert_eq!(intent["type"], "intent");
    let secret = intent["clientSecret"].as_str().expect("clientSecret");
    assert!(
        secret.starts_with("pi_") && secret.contains("_secret_"),
        "{secret}"
    );
    let typed: PaymentSession = serde_json::from_value(intent.clone()).expect("decodes");
    assert_eq!(typed.payment_account_id, 2);
    let (status, read) = api.get(&format!("{SESSIONS}/2"), token).await;
    assert_eq!((status, read), (200, intent));
}
