//! Compiles the README's first example and the emulator's start-up against the packaged
//! crates. Nothing here runs: `main` only builds the futures and drops them.

use oneentry_client::Client;
use oneentry_client::api::{AuthData, AuthRequest, FormField, OrderProduct, OrderRequest};

/// The first example of the README, verbatim inside an async fn.
#[allow(unused_variables)]
async fn readme_example() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder("https://your-project.oneentry.cloud")
        .app_token(std::env::var("ONEENTRY_APP_TOKEN")?)
        .build()?;

    client.auth_provider().auth("email", AuthRequest::new(vec![
        AuthData::new("email_reg", "your-user@email.com"),
        AuthData::new("password_reg", "123456"),
    ])).await?;

    let order = client.orders().create_order("orders", OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(15, 1)],
    )).await?;

    let session = client.payments().create_session(order.id).await?;
    let sessions = client.payments().get_session_by_order_id(order.id).await?;
    Ok(())
}

/// The emulator as the README shows it for tests.
async fn emulator_example() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = oneentry_emulator::Emulator::start().await?;
    let client = Client::builder(emulator.base_url()).app_token(emulator.app_token()).build()?;
    client.auth_provider().get_auth_providers().await?;
    Ok(())
}

/// Users spawn these futures on multi-threaded runtimes.
fn assert_send<F: std::future::Future + Send>(future: F) -> F {
    future
}

fn main() {
    drop(assert_send(readme_example()));
    drop(assert_send(emulator_example()));
}
