//! Shared set-up of the integration tests: an emulator on an ephemeral loopback port
//! and a client pointed at it.

#![allow(dead_code)] // each test binary uses a different subset

use oneentry_client::api::{
    AuthData, AuthRequest, FormField, Order, OrderProduct, OrderRequest, PaymentSession,
};
use oneentry_client::{Client, Secret};
use oneentry_emulator::Emulator;

pub async fn emulator() -> Emulator {
    Emulator::start()
        .await
        .expect("the emulator starts on loopback")
}

pub fn client(emulator: &Emulator) -> Client {
    Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()
        .expect("a valid configuration")
}

pub fn credentials(email: &str, password: &str) -> AuthRequest {
    AuthRequest::new(vec![
        AuthData::new("email_reg", email),
        AuthData::new("password_reg", Secret::new(password)),
    ])
}

/// Signs the emulator's demo user in on `client`, however the client was configured.
pub async fn sign_in(emulator: &Emulator, client: &Client) {
    client
        .auth_provider()
        .auth(
            "email",
            credentials(emulator.user_email(), emulator.user_password()),
        )
        .await
        .expect("the demo user signs in");
}

/// An emulator and a client whose user is signed in.
pub async fn signed_in() -> (Emulator, Client) {
    let emulator = emulator().await;
    let client = client(&emulator);
    sign_in(&emulator, &client).await;
    (emulator, client)
}

/// The scenario's order: one product for Christina Thomas, paid in cash.
pub fn order(product_id: i64, quantity: i64) -> OrderRequest {
    OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(product_id, quantity)],
    )
}

/// Creates the scenario's order for product 15 in the storage `orders`.
pub async fn create_order(client: &Client) -> Order {
    client
        .orders()
        .create_order("orders", order(15, 1))
        .await
        .expect("the order is created")
}

/// Creates an order and opens a cash payment session for it.
pub async fn create_paid_order(client: &Client) -> (Order, PaymentSession) {
    let order = create_order(client).await;
    let session = client
        .payments()
        .create_session(order.id)
        .await
        .expect("the session is opened");
    (order, session)
}
