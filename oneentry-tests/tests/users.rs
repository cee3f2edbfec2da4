//! Many users through one project client: `Client::for_user` makes a client per user that
//! shares the configuration and the connection pool, never the session or the device.

mod common;

use oneentry_client::{Client, Error};
use oneentry_emulator::{Emulator, RecordedRequest};

const ALICE: (&str, &str) = ("alice@example.com", "alice-password-1");
const BOB: (&str, &str) = ("bob@example.com", "bob-password-2");

async fn two_user_emulator() -> Emulator {
    Emulator::builder()
        .user(ALICE.0, ALICE.1)
        .user(BOB.0, BOB.1)
        .start()
        .await
        .expect("the emulator starts on loopback")
}

async fn signed_in_user(app: &Client, (email, password): (&str, &str)) -> Client {
    let user = app.for_user().build().expect("a user client");
    user.auth_provider()
        .auth("email", common::credentials(email, password))
        .await
        .expect("the user signs in");
    user
}

fn bearer_of(client: &Client) -> String {
    let token = client.session().access_token().expect("signed in");
    format!("Bearer {}", token.expose())
}

/// The recorded requests to `path`, in order.
fn sent_to<'r>(requests: &'r [RecordedRequest], path: &str) -> Vec<&'r RecordedRequest> {
    requests.iter().filter(|r| r.path == path).collect()
}

#[tokio::test]
async fn each_user_sends_their_own_token_and_device_and_a_clear_stays_theirs() {
    let emulator = two_user_emulator().await;
    let app = common::client(&emulator);
    let alice = signed_in_user(&app, ALICE).await;
    let bob = signed_in_user(&app, BOB).await;
    assert!(
        !app.session().is_signed_in(),
        "the project client stays signed out"
    );
    assert_ne!(bearer_of(&alice), bearer_of(&bob));

    emulator.clear_requests();
    let alices = common::create_order(&alice).await;
    let bobs = common::create_order(&bob).await;
    let seen_by_alice = alice
        .orders()
        .get_order_by_marker_and_id("orders", alices.id)
        .await
        .expect("alice reads her order");
    assert_eq!(seen_by_alice.id, alices.id);
    let not_bobs = bob
        .orders()
        .get_order_by_marker_and_id("orders", alices.id)
        .await;
    assert!(
        matches!(not_bobs, Err(Error::Api { status: 404, .. })),
        "bob cannot read alice's order: {not_bobs:?}"
    );

    let sent = emulator.requests();
    let posts = sent_to(&sent, "/api/content/orders-storage/marker/orders/orders");
    assert_eq!(posts.len(), 2, "{sent:?}");
    for (request, user) in posts.iter().zip([&alice, &bob]) {
        assert_eq!(
            request.header("authorization"),
            Some(bearer_of(user).as_str())
        );
        let device = serde_json::to_string(user.device_metadata()).expect("json");
        assert_eq!(request.header("x-device-metadata"), Some(device.as_str()));
        assert_eq!(request.header("x-app-token"), Some(emulator.app_token()));
    }
    let path = format!(
        "/api/content/orders-storage/marker/orders/orders/{}",
        alices.id
    );
    let reads: Vec<_> = sent_to(&sent, &path)
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(
        reads,
        [Some(bearer_of(&alice)), Some(bearer_of(&bob))],
        "each read carried its own user's token"
    );

    // Alice signs out locally; Bob carries on with his own session.
    alice.session().clear();
    let after_clear = alice.orders().get_all_orders_by_marker("orders").await;
    assert!(
        matches!(after_clear, Err(Error::NotSignedIn { .. })),
        "{after_clear:?}"
    );
    assert!(bob.session().is_signed_in());
    let bobs_page = bob
        .orders()
        .get_all_orders_by_marker("orders")
        .await
        .expect("bob still lists his orders");
    let ids: Vec<i64> = bobs_page.items.iter().map(|o| o.id).collect();
    assert_eq!(ids, [bobs.id], "only bob's order");
}

#[tokio::test]
async fn a_users_saved_session_resumes_on_a_fresh_user_client() {
    let emulator = two_user_emulator().await;
    let app = common::client(&emulator);
    let alice = signed_in_user(&app, ALICE).await;
    let bob = signed_in_user(&app, BOB).await;

    // What an app keeps per user: the refresh token and the device it is bound to.
    let resumed = app
        .for_user()
        .device_metadata(alice.device_metadata().clone())
        .session_tokens(None, alice.session().refresh_token())
        .build()
        .expect("a user client");
    emulator.clear_requests();
    resumed
        .orders()
        .get_all_orders_by_marker("orders")
        .await
        .expect("the refresh token buys a new access token first");
    let sent = emulator.requests();
    assert_eq!(sent.len(), 2, "refresh, then the call: {sent:?}");
    let device = serde_json::to_string(alice.device_metadata()).expect("json");
    assert_eq!(sent[0].header("x-device-metadata"), Some(device.as_str()));
    assert_eq!(
        sent[1].header("authorization"),
        Some(bearer_of(&resumed).as_str())
    );
    assert_ne!(bearer_of(&resumed), bearer_of(&bob));
    assert!(bob.session().is_signed_in(), "bob's session is untouched");
}
