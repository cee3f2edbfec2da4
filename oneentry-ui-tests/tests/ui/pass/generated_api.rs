//! The generated API used as documented: builders, setters, models, fail-fast without a session.

use oneentry_client::api::{
    AuthData, AuthRequest, FormField, OrderProduct, OrderRequest, SessionStatus, SessionType,
    orders, payments,
};
use oneentry_client::{Client, Error, Secret};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::builder("http://127.0.0.1:9")
        .app_token("app-token")
        .build()
        .expect("a valid configuration");

    let _auth = client.auth_provider().auth(
        "email",
        AuthRequest::new(vec![
            AuthData::new("email_reg", "user@example.com"),
            AuthData::new("password_reg", Secret::new("123456")),
        ]),
    );
    let _refresh = client.auth_provider().refresh("email").refresh_token("a-token");
    let _page: orders::GetAllOrdersByMarker<'_> = client
        .orders()
        .get_all_orders_by_marker("orders")
        .lang_code("de_DE")
        .limit(10)
        .offset(20);
    let _session: payments::CreateSession<'_> = client
        .payments()
        .create_session(116)
        .r#type(SessionType::Intent)
        .automatic_tax_enabled(true);

    // Enums keep values this spec does not know.
    assert_eq!(SessionStatus::from("refunded"), SessionStatus::Other("refunded".to_owned()));
    assert_eq!(SessionType::Session.as_str(), "session");

    // Endpoints that need a user fail before any request without a session.
    let order = OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(15, 1)],
    );
    let result = client.orders().create_order("orders", order).await;
    assert!(
        matches!(result, Err(Error::NotSignedIn { endpoint: "Orders.createOrder" })),
        "{result:?}"
    );
}
