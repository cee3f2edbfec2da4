//! The paid-order scenario: a registered user pays for an order.
//!
//! 1. Authorize the user with the `email` auth provider.
//! 2. Create an order in the storage `orders` (form `order`, payment account `cash`).
//! 3. Open a payment session for that order.
//! 4. Read the payment session back by the order's id.
//!
//! With no configuration it starts the built-in emulator on a loopback port and runs
//! against it. To run against a real OneEntry project, set `ONEENTRY_PROJECT_URL`,
//! `ONEENTRY_APP_TOKEN`, `ONEENTRY_EMAIL`, `ONEENTRY_PASSWORD` and optionally
//! `ONEENTRY_PRODUCT_ID` (default 15).
//!
//! It prints one line per step; `--verbose` adds every answer in full (tokens show as `***`).
//!
//! ```sh
//! cargo run --example pay_order
//! cargo run --example pay_order -- --verbose
//! ```

mod support;

use std::error::Error as StdError;
use std::process::ExitCode;

use oneentry_client::api::{AuthData, AuthRequest, FormField, OrderProduct, OrderRequest};
use support::dump;

#[tokio::main]
async fn main() -> ExitCode {
    support::main(
        "Runs the paid-order scenario.",
        "usage: pay_order [--verbose]",
        run,
    )
    .await
}

async fn run(verbose: bool) -> Result<(), Box<dyn StdError>> {
    let target = support::target().await?;
    let client = target.client()?;

    let credentials = AuthRequest::new(vec![
        AuthData::new("email_reg", target.email.as_str()),
        AuthData::new("password_reg", target.password.clone()),
    ]);
    let auth = client.auth_provider().auth("email", credentials).await?;
    println!(
        "1. Signed in as {} with the `{}` provider.",
        auth.user_identifier.as_deref().unwrap_or(&target.email),
        auth.auth_provider_identifier.as_deref().unwrap_or("email"),
    );
    dump(verbose, &auth);

    let order = OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(target.product_id, 1)],
    );
    let order = client.orders().create_order("orders", order).await?;
    println!(
        "2. Created order {} in storage `orders`: product {} x 1, total {}{}, status {}.",
        order.id,
        target.product_id,
        order.total_sum,
        if order.currency.is_empty() {
            String::new()
        } else {
            format!(" {}", order.currency)
        },
        order.status_identifier.as_deref().unwrap_or("(none)"),
    );
    dump(verbose, &order);

    let session = client.payments().create_session(order.id).await?;
    println!(
        "3. Opened payment session {} for order {}: status {}, {}.",
        session.id,
        order.id,
        session.status,
        match session.payment_url.as_deref() {
            Some(url) => format!("pay at {url}"),
            None => "no payment URL (cash account)".to_owned(),
        },
    );
    dump(verbose, &session);

    let sessions = client.payments().get_session_by_order_id(order.id).await?;
    let found: Vec<String> = sessions
        .iter()
        .map(|found| format!("session {} ({})", found.id, found.status))
        .collect();
    println!(
        "4. Read back by order id {}: {}.",
        order.id,
        if found.is_empty() {
            "no session".to_owned()
        } else {
            found.join(", ")
        }
    );
    dump(verbose, &sessions);
    if !verbose {
        println!("\nRun with --verbose to see every answer in full.");
    }
    Ok(())
}
