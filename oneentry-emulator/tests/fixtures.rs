//! Fixtures: loading a project from JSON, and the errors of a broken one.

mod common;

use std::io::ErrorKind;
use std::path::PathBuf;

use common::{Api, assert_error};
use oneentry_emulator::{DEMO_FIXTURE_JSON, Emulator, Fixture, FixtureError};
use serde_json::{Value, json};

/// A small shop unlike the demo: other token, markers, prices and a provider without codes.
fn shop() -> Value {
    json!({
        "appToken": "shop-token",
        "currency": "EUR",
        "authProviders": [{
            "id": 7, "marker": "login", "title": "Login",
            "loginMarker": "login", "passwordMarker": "pass", "isCheckCode": false
        }],
        "users": [
            { "email": "owner@shop.test", "password": "pw" },
            { "email": "sleepy@shop.test", "password": "pw", "active": false }
        ],
        "products": [ { "id": 5, "title": "Pen", "price": 3.05, "sku": "PEN-5" } ],
        "paymentAccounts": [
            { "id": 9, "marker": "paypal", "type": "custom", "title": "PayPal",
              "checkoutUrl": "https://paypal.emulator.invalid/checkout/" }
        ],
        "orderStorages": [{
            "id": 3, "marker": "shop", "title": "Shop", "formIdentifier": "checkout",
            "paymentAccounts": ["paypal"],
            "statuses": [
                { "identifier": "new", "title": "New" },
                { "identifier": "open", "title": "Open", "default": true }
            ]
        }]
    })
}

/// Writes `text` to a file of its own in the temp directory.
fn temp_file(name: &str, text: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "oneentry-emulator-{}-{name}.json",
        std::process::id()
    ));
    std::fs::write(&path, text).expect("temp file written");
    path
}

fn load(name: &str, fixture: &Value) -> Result<Fixture, FixtureError> {
    let path = temp_file(name, &fixture.to_string());
    let result = Fixture::from_json_file(&path);
    let _ = std::fs::remove_file(&path);
    result
}

#[tokio::test]
async fn a_fixture_file_defines_the_project() {
    let fixture = load("shop", &shop()).expect("valid fixture");
    let emulator = Emulator::builder()
        .fixture(fixture)
        .start()
        .await
        .expect("starts");
    assert_eq!(emulator.app_token(), "shop-token");
    assert_eq!(emulator.user_email(), "owner@shop.test");
    assert_eq!(emulator.auth_provider_marker(), "login");
    let api = Api::with(emulator).await;

    let auth = "/api/content/users-auth-providers/marker/login/users/auth";
    let credentials = |email: &str| {
        json!({ "authData": [
        { "marker": "login", "value": email }, { "marker": "pass", "value": "pw" } ] })
    };
    let (status, tokens) = api.post(auth, None, credentials("owner@shop.test")).await;
    assert_eq!(status, 201, "{tokens}");
    let access = tokens["accessToken"].as_str().expect("access").to_owned();
    assert_error(
        api.post(auth, None, credentials("sleepy@shop.test")).await,
        403,
        "not activated",
    );
    // The demo's data is gone.
    assert_error(
        api.post(
            "/api/content/users-auth-providers/marker/email/users/auth",
            None,
            common::auth_body("your-user@email.com", "123456"),
        )
        .await,
        404,
        "`email` not found",
    );

    let orders = "/api/content/orders-storage/marker/shop/orders";
    let body = json!({
        "formIdentifier": "checkout", "paymentAccountIdentifier": "paypal",
        "formData": { "en_US": [] }, "products": [{ "productId": 5, "quantity": 3 }] });
    let (status, order) = api.post(orders, Some(&access), body).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["totalSum"], 9.15);
    assert_eq!(order["currency"], "EUR");
    assert_eq!(
        order["statusIdentifier"], "open",
        "the marked default status"
    );
    let (_, stored) = api.get(&format!("{orders}/1"), Some(&access)).await;
    assert_eq!(stored["totalSum"], "9.15");
    assert_eq!(stored["products"][0]["sku"], "PEN-5");
    let session = api.create_session(&access, 1).await;
    assert_eq!(session["paymentAccountId"], 9);
    assert_eq!(
        session["paymentUrl"],
        "https://paypal.emulator.invalid/checkout/1"
    );
    assert_error(
        api.post(
            common::SESSIONS,
            Some(&access),
            json!({ "orderId": 1, "type": "intent" }),
        )
        .await,
        400,
        "custom account",
    );

    // A provider without code checks activates signed-up users at once.
    let sign_up = json!({ "formIdentifier": "any", "authData": [
            { "marker": "login", "value": "new@shop.test" }, { "marker": "pass", "value": "x" } ],
        "formData": { "en_US": [] }, "notificationData": { "email": "new@shop.test", "phonePush": [] },
        "langCode": "en_US" });
    let (status, user) = api
        .post(
            "/api/content/users-auth-providers/marker/login/users/sign-up",
            None,
            sign_up,
        )
        .await;
    assert_eq!(status, 201, "{user}");
    assert_eq!(user["isActive"], true);
    assert_eq!(api.emulator.last_code("new@shop.test", "activate"), None);
}

#[test]
fn the_demo_fixture_is_the_default_project() {
    let demo = Fixture::from_json_str(DEMO_FIXTURE_JSON).expect("valid demo fixture");
    assert_eq!(demo.app_token, oneentry_emulator::DEMO_APP_TOKEN);
    assert_eq!(demo.users[0].email, oneentry_emulator::DEMO_USER_EMAIL);
    let on_disk =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/demo.json"))
            .expect("fixtures/demo.json");
    assert_eq!(on_disk, DEMO_FIXTURE_JSON);
}

#[test]
fn malformed_fixtures_name_the_json_path() {
    let mut wrong_type = shop();
    wrong_type["products"][0]["price"] = json!("3.05");
    let mut unknown_field = shop();
    unknown_field["orderStorages"][0]["statuses"][1]["isDefault"] = json!(true);
    let mut bad_kind = shop();
    bad_kind["paymentAccounts"][0]["type"] = json!("bitcoin");
    for (fixture, path, fragment) in [
        (wrong_type, "products[0].price", "invalid type"),
        (
            unknown_field,
            "orderStorages[0].statuses[1].isDefault",
            "unknown field",
        ),
        (bad_kind, "paymentAccounts[0].type", "bitcoin"),
    ] {
        let err = load("malformed", &fixture).expect_err("refused");
        assert!(matches!(err, FixtureError::Json { .. }), "{err:?}");
        assert_eq!(err.path(), Some(path), "{err}");
        let message = err.to_string();
        assert!(
            message.contains(path) && message.contains(fragment),
            "{message}"
        );
    }
    let err = Fixture::from_json_str("{ not json").expect_err("refused");
    assert!(matches!(err, FixtureError::Json { .. }), "{err:?}");

    let missing = std::env::temp_dir().join("oneentry-emulator-no-such-fixture.json");
    let err = Fixture::from_json_file(&missing).expect_err("refused");
    assert!(matches!(err, FixtureError::Read { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-fixture"), "{err}");
}

#[test]
fn inconsistent_fixtures_name_the_json_path() {
    let edit = |f: fn(&mut Value)| {
        let mut fixture = shop();
        f(&mut fixture);
        fixture
    };
    let cases = [
        (
            edit(|f| f["orderStorages"][0]["paymentAccounts"] = json!(["paypal", "stripe"])),
            "orderStorages[0].paymentAccounts[1]",
            "unknown payment account `stripe`",
        ),
        (
            edit(|f| f["users"][0]["provider"] = json!("email")),
            "users[0].provider",
            "unknown auth provider `email`",
        ),
        (
            edit(|f| f["products"][0]["price"] = json!(1.234)),
            "products[0].price",
            "two decimals",
        ),
        (
            edit(|f| f["orderStorages"][0]["statuses"][0]["default"] = json!(true)),
            "orderStorages[0].statuses[1].default",
            "only one status",
        ),
        (
            edit(|f| f["orderStorages"][0]["statuses"] = json!([])),
            "orderStorages[0].statuses",
            "at least one status",
        ),
        (
            edit(|f| f["users"][1]["email"] = json!("owner@shop.test")),
            "users[1].email",
            "duplicate",
        ),
        (
            edit(|f| f["appToken"] = json!("")),
            "appToken",
            "must not be empty",
        ),
    ];
    for (fixture, path, fragment) in cases {
        let err = Fixture::from_json_str(&fixture.to_string()).expect_err("refused");
        assert!(matches!(err, FixtureError::Invalid { .. }), "{err:?}");
        assert_eq!(err.path(), Some(path), "{err}");
        assert!(err.to_string().contains(fragment), "{err}");
    }
    let mut stripe_without_url = shop();
    stripe_without_url["paymentAccounts"][0]["type"] = json!("stripe");
    stripe_without_url["paymentAccounts"][0]["checkoutUrl"] = json!(null);
    let err = Fixture::from_json_str(&stripe_without_url.to_string()).expect_err("refused");
    assert_eq!(err.path(), Some("paymentAccounts[0].checkoutUrl"), "{err}");
}

#[tokio::test]
async fn the_builder_refuses_an_invalid_fixture() {
    let mut fixture = Fixture::demo().expect("demo");
    fixture.order_storages[0]
        .payment_accounts
        .push("bank".to_owned());
    let err = Emulator::builder()
        .fixture(fixture)
        .start()
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(
        err.to_string().contains("unknown payment account `bank`"),
        "{err}"
    );

    // Builder settings override the fixture's.
    let emulator = Emulator::builder()
        .fixture(Fixture::demo().expect("demo"))
        .app_token("override")
        .user("x@y.z", "pw")
        .start()
        .await
        .expect("starts");
    assert_eq!(emulator.app_token(), "override");
    assert_eq!(emulator.user_email(), "x@y.z");
}
