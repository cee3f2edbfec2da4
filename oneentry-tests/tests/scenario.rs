//! The paid-order scenario (docs/wire.md#scenario) and the reads around it, against the emulator.

mod common;

use oneentry_client::api::{SessionStatus, SessionType};
use oneentry_client::{Error, OneOrMany};

#[tokio::test]
async fn a_registered_user_pays_for_an_order() {
    let emulator = common::emulator().await;
    let client = common::client(&emulator);

    let auth = client
        .auth_provider()
        .auth(
            "email",
            common::credentials("your-user@email.com", "123456"),
        )
        .await
        .expect("auth");
    assert_eq!(auth.user_identifier.as_deref(), Some("your-user@email.com"));
    assert_eq!(auth.auth_provider_identifier.as_deref(), Some("email"));
    assert!(client.session().is_signed_in());
    assert_eq!(
        client.session().access_token(),
        Some(auth.access_token.clone())
    );
    assert_eq!(
        client.session().refresh_token(),
        Some(auth.refresh_token.clone())
    );

    let order = client
        .orders()
        .create_order("orders", common::order(15, 1))
        .await
        .expect("create order");
    assert_eq!(order.total_sum.value(), 400.0);
    assert_eq!(order.currency, "USD");
    assert_eq!(order.form_identifier, "order");
    assert_eq!(order.payment_account_identifier, "cash");
    assert_eq!(order.products.len(), 1);
    assert_eq!(order.form_data[0].value, "Christina Thomas");
    assert_eq!(order.status_identifier.as_deref(), Some("upcoming"));

    let session = client
        .payments()
        .create_session(order.id)
        .await
        .expect("create session");
    assert_eq!(session.order_id, order.id);
    assert_eq!(session.r#type, SessionType::Session);
    assert_eq!(session.status, SessionStatus::Waiting);
    assert_eq!(
        session.payment_url, None,
        "a cash account has no payment URL"
    );

    let found = client
        .payments()
        .get_session_by_order_id(order.id)
        .await
        .expect("sessions by order id");
    assert!(
        matches!(found, OneOrMany::Many(_)),
        "the emulator answers an array"
    );
    assert_eq!(found.into_vec(), vec![session]);
}

#[tokio::test]
async fn totals_come_from_product_prices() {
    let (_emulator, client) = common::signed_in().await;
    let order = client
        .orders()
        .create_order("orders", common::order(14, 3))
        .await
        .expect("create order");
    assert_eq!(order.total_sum.value(), 3.0 * 340.0);
}

#[tokio::test]
async fn orders_read_back_with_string_totals_and_pages() {
    let (_emulator, client) = common::signed_in().await;
    let mut ids = Vec::new();
    for product in [1, 14, 15] {
        let order = client
            .orders()
            .create_order("orders", common::order(product, 1))
            .await
            .expect("create order");
        ids.push(order.id);
    }

    let stored = client
        .orders()
        .get_order_by_marker_and_id("orders", ids[2])
        .await
        .expect("get order");
    assert_eq!(stored.id, ids[2]);
    assert_eq!(stored.total_sum.value(), 400.0);
    assert_eq!(
        stored.total_sum.as_text(),
        Some("400.00"),
        "the wire form is kept"
    );
    assert_eq!(stored.products[0].id, 15);
    assert_eq!(stored.form_data[0].marker, "name");

    let page = client
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(2)
        .offset(1)
        .await
        .expect("list orders");
    assert_eq!(page.total, 3);
    let listed: Vec<i64> = page.items.iter().map(|o| o.id).collect();
    assert_eq!(listed, ids[1..]);

    let all = client
        .orders()
        .get_all_orders_by_marker("orders")
        .await
        .expect("defaults");
    assert_eq!(all.items.len(), 3);
}

#[tokio::test]
async fn sessions_read_back_by_id_and_by_page() {
    let (_emulator, client) = common::signed_in().await;
    let (order, first) = common::create_paid_order(&client).await;
    let second = client
        .payments()
        .create_session(order.id)
        .automatic_tax_enabled(true)
        .await
        .expect("second session");
    // A cash account has no card provider to hold a payment intent.
    let intent = client
        .payments()
        .create_session(order.id)
        .r#type(SessionType::Intent)
        .await;
    assert!(
        matches!(intent, Err(Error::Api { status: 400, .. })),
        "{intent:?}"
    );

    let by_id = client
        .payments()
        .get_session_by_id(first.id)
        .await
        .expect("by id");
    assert_eq!(by_id, first);

    let page = client
        .payments()
        .get_sessions()
        .limit(1)
        .offset(1)
        .await
        .expect("page");
    assert_eq!(page.total, 2);
    assert_eq!(page.items, vec![second]);
}

#[tokio::test]
async fn refresh_rotates_and_logout_ends_the_session() {
    let (_emulator, client) = common::signed_in().await;
    let before = client.session().refresh_token().expect("signed in");

    let refreshed = client
        .auth_provider()
        .refresh("email")
        .await
        .expect("refresh");
    assert_ne!(refreshed.refresh_token, before, "refresh tokens rotate");
    assert_eq!(
        client.session().refresh_token(),
        Some(refreshed.refresh_token.clone())
    );

    // The old refresh token is dead.
    let stale = client
        .auth_provider()
        .refresh("email")
        .refresh_token(before)
        .await;
    assert!(
        matches!(stale, Err(Error::Api { status: 401, .. })),
        "{stale:?}"
    );

    client
        .auth_provider()
        .logout("email")
        .await
        .expect("logout");
    assert!(!client.session().is_signed_in());
    let after = client.orders().get_all_orders_by_marker("orders").await;
    assert!(matches!(after, Err(Error::NotSignedIn { .. })), "{after:?}");

    // The server forgot the session too: the refresh token it had is refused.
    let revived = client
        .auth_provider()
        .refresh("email")
        .refresh_token(refreshed.refresh_token)
        .await;
    assert!(
        matches!(revived, Err(Error::Api { status: 401, .. })),
        "{revived:?}"
    );
}
