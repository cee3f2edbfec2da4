//! The failures a user meets, each as a typed error.

mod common;

use std::time::Duration;

use oneentry_client::{Client, Error};

#[tokio::test]
async fn wrong_password_is_an_api_error_and_no_session() {
    let emulator = common::emulator().await;
    let client = common::client(&emulator);
    let result = client
        .auth_provider()
        .auth("email", common::credentials(emulator.user_email(), "wrong"))
        .await;
    let Err(Error::Api {
        status,
        message,
        endpoint,
        ..
    }) = &result
    else {
        panic!("expected an API error, got {result:?}");
    };
    assert_eq!((*status, *endpoint), (401, "AuthProvider.auth"));
    assert!(!message.is_empty());
    assert!(!client.session().is_signed_in());
    // A failed sign-in is not retried through a token refresh.
    assert_eq!(emulator.requests().len(), 1);
}

#[tokio::test]
async fn missing_or_wrong_app_token_is_refused() {
    let emulator = common::emulator().await;
    let credentials = || common::credentials(emulator.user_email(), emulator.user_password());

    let anonymous = Client::builder(emulator.base_url())
        .build()
        .expect("config");
    let result = anonymous.auth_provider().auth("email", credentials()).await;
    assert!(
        matches!(result, Err(Error::Api { status: 403, .. })),
        "{result:?}"
    );
    let sent = emulator.requests();
    assert_eq!(
        sent[0].header("x-app-token"),
        None,
        "never the literal `undefined`"
    );

    let wrong = Client::builder(emulator.base_url())
        .app_token("nope")
        .build()
        .expect("config");
    let result = wrong.auth_provider().auth("email", credentials()).await;
    let Err(error) = result else {
        panic!("expected an error")
    };
    assert_eq!(error.status(), Some(403));
    assert!(
        !error.to_string().contains("nope"),
        "the token stays out of messages: {error}"
    );
}

#[tokio::test]
async fn authorized_endpoints_before_auth_fail_without_a_request() {
    let emulator = common::emulator().await;
    let client = common::client(&emulator);
    let result = client
        .orders()
        .create_order("orders", common::order(15, 1))
        .await;
    assert!(
        matches!(
            result,
            Err(Error::NotSignedIn {
                endpoint: "Orders.createOrder"
            })
        ),
        "{result:?}"
    );
    let result = client.payments().get_session_by_order_id(1).await;
    assert!(
        matches!(result, Err(Error::NotSignedIn { .. })),
        "{result:?}"
    );
    let result = client.auth_provider().logout("email").await;
    assert!(
        matches!(result, Err(Error::NotSignedIn { .. })),
        "{result:?}"
    );
    assert!(emulator.requests().is_empty());
}

#[tokio::test]
async fn unknown_storage_and_unknown_order_are_not_found() {
    let (_emulator, client) = common::signed_in().await;
    let result = client
        .orders()
        .create_order("no-such-storage", common::order(15, 1))
        .await;
    assert!(
        matches!(result, Err(Error::Api { status: 404, .. })),
        "{result:?}"
    );

    let result = client
        .orders()
        .get_order_by_marker_and_id("orders", 999_999)
        .await;
    assert!(
        matches!(result, Err(Error::Api { status: 404, .. })),
        "{result:?}"
    );

    let result = client.payments().create_session(999_999).await;
    assert!(
        matches!(result, Err(Error::Api { status: 404, .. })),
        "{result:?}"
    );

    let result = client.payments().get_session_by_order_id(999_999).await;
    assert!(
        matches!(result, Err(Error::Api { status: 404, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn invalid_orders_are_bad_requests() {
    let (_emulator, client) = common::signed_in().await;
    let unknown_product = client
        .orders()
        .create_order("orders", common::order(424_242, 1))
        .await;
    assert!(unknown_product.is_err(), "{unknown_product:?}");
    let zero = client
        .orders()
        .create_order("orders", common::order(15, 0))
        .await;
    assert!(
        matches!(zero, Err(Error::Api { status: 400, .. })),
        "{zero:?}"
    );
    let mut wrong_form = common::order(15, 1);
    wrong_form.form_identifier = "not-the-order-form".to_owned();
    let result = client.orders().create_order("orders", wrong_form).await;
    assert!(
        matches!(result, Err(Error::Api { status: 400, .. })),
        "{result:?}"
    );
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_and_the_call_retried() {
    let (emulator, client) = common::signed_in().await;
    let old_access = client.session().access_token();
    emulator.expire_access_tokens();
    emulator.clear_requests();

    let order = client
        .orders()
        .create_order("orders", common::order(15, 1))
        .await;
    assert!(order.is_ok(), "{order:?}");
    assert_ne!(client.session().access_token(), old_access);

    let sent: Vec<String> = emulator
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        sent,
        [
            "POST /api/content/orders-storage/marker/orders/orders",
            "POST /api/content/users-auth-providers/marker/email/users/refresh",
            "POST /api/content/orders-storage/marker/orders/orders",
        ]
    );
    let requests = emulator.requests();
    assert_eq!(
        requests[1].header("authorization"),
        None,
        "refresh never carries the stale token"
    );
    assert_eq!(
        requests[0].body, requests[2].body,
        "the retry resends the same body"
    );
}

#[tokio::test]
async fn concurrent_calls_share_one_refresh() {
    let (emulator, client) = common::signed_in().await;
    let order = common::create_order(&client).await;
    emulator.expire_access_tokens();
    emulator.clear_requests();

    let calls = (0..5).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.payments().get_session_by_order_id(order.id).await })
    });
    for call in calls {
        let result = call.await.expect("the task completes");
        assert!(result.is_ok(), "{result:?}");
    }
    let refreshes = emulator
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/users/refresh"))
        .count();
    assert_eq!(refreshes, 1);
}

#[tokio::test]
async fn a_session_that_cannot_be_refreshed_reports_the_original_401() {
    let (emulator, client) = common::signed_in().await;
    // Logging out on the server side through a second client kills the shared refresh token.
    let refresh = client.session().refresh_token().expect("signed in");
    let other = common::client(&emulator);
    other
        .session()
        .set_tokens(client.session().access_token(), Some(refresh));
    other.auth_provider().logout("email").await.expect("logout");

    let result = client.orders().get_all_orders_by_marker("orders").await;
    assert!(
        matches!(
            result,
            Err(Error::Api {
                status: 401,
                endpoint: "Orders.getAllOrdersByMarker",
                ..
            })
        ),
        "{result:?}"
    );
    assert!(
        !client.session().is_signed_in(),
        "a refused refresh ends the session"
    );
}

#[tokio::test]
async fn a_closed_port_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let client = Client::builder(format!("http://{addr}"))
        .app_token("t")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("config");
    let result = client
        .auth_provider()
        .auth("email", common::credentials("a@b.c", "x"))
        .await;
    assert!(
        matches!(
            result,
            Err(Error::Transport {
                endpoint: "AuthProvider.auth",
                ..
            })
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_response_of_the_wrong_shape_names_the_json_path() {
    use axum::routing::get;
    // A real server on loopback that answers a list whose second item has a bad total.
    let app = axum::Router::new().route(
        "/api/content/payments/sessions/",
        get(|| async {
            axum::Json(serde_json::json!({
                "total": 1,
                "items": [{
                    "id": 1, "createdDate": "d", "updatedDate": "d", "type": "session",
                    "status": "waiting", "paymentAccountId": 1, "orderId": "one",
                    "paymentUrl": null
                }]
            }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let client = Client::builder(format!("http://{addr}"))
        .build()
        .expect("config");
    client.session().set_tokens(Some("access".into()), None);
    let result = client.payments().get_sessions().await;
    let Err(Error::Decode {
        path,
        status,
        endpoint,
        ..
    }) = &result
    else {
        panic!("expected a decode error, got {result:?}");
    };
    assert_eq!(
        (path.as_str(), *status, *endpoint),
        ("items[0].orderId", 200, "Payments.getSessions")
    );
    server.abort();
}
