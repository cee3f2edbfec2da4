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
//! ```sh
//! cargo run --example pay_order
//! ```

use std::error::Error as StdError;
use std::process::ExitCode;

use oneentry_client::api::{AuthData, AuthRequest, FormField, OrderProduct, OrderRequest};
use oneentry_client::{Client, Secret};
use oneentry_emulator::Emulator;

/// Where the scenario runs, and as whom.
struct Target {
    project_url: String,
    app_token: Secret,
    email: String,
    password: Secret,
    product_id: i64,
    /// Keeps the in-process emulator running while the scenario uses it.
    _emulator: Option<Emulator>,
}

const ENV_VARS: [&str; 4] = [
    "ONEENTRY_PROJECT_URL",
    "ONEENTRY_APP_TOKEN",
    "ONEENTRY_EMAIL",
    "ONEENTRY_PASSWORD",
];

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = error.source();
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn StdError>> {
    let target = target().await?;
    let client = Client::builder(target.project_url.as_str())
        .app_token(target.app_token.clone())
        .build()?;

    println!("1. Authorize the user with the `email` provider");
    let credentials = AuthRequest::new(vec![
        AuthData::new("email_reg", target.email.as_str()),
        AuthData::new("password_reg", target.password.clone()),
    ]);
    let auth = client.auth_provider().auth("email", credentials).await?;
    println!(
        "   signed in as {} (provider {})",
        auth.user_identifier.as_deref().unwrap_or(&target.email),
        auth.auth_provider_identifier.as_deref().unwrap_or("email"),
    );
    println!("{auth:#?}\n");

    println!("2. Create an order in the storage `orders`");
    let order = OrderRequest::new(
        "order",
        "cash",
        vec![FormField::new("string", "name", "Christina Thomas".into())],
        vec![OrderProduct::new(target.product_id, 1)],
    );
    let order = client.orders().create_order("orders", order).await?;
    println!(
        "   order {}: product {} x 1, totalSum {} {}, status {}",
        order.id,
        target.product_id,
        order.total_sum,
        order.currency,
        order.status_identifier.as_deref().unwrap_or("(none)"),
    );
    println!("{order:#?}\n");

    println!("3. Open a payment session for order {}", order.id);
    let session = client.payments().create_session(order.id).await?;
    println!(
        "   session {}: type {}, status {}, payment URL {}",
        session.id,
        session.r#type,
        session.status,
        session
            .payment_url
            .as_deref()
            .unwrap_or("(none: cash account)"),
    );
    println!("{session:#?}\n");

    println!("4. Read the payment session back by order id {}", order.id);
    let sessions = client.payments().get_session_by_order_id(order.id).await?;
    for found in &sessions {
        println!(
            "   session {}: type {}, status {}",
            found.id, found.r#type, found.status
        );
    }
    println!("{sessions:#?}");
    Ok(())
}

/// The project from the environment, or the built-in emulator when none is configured.
async fn target() -> Result<Target, Box<dyn StdError>> {
    let values: Vec<Option<String>> = ENV_VARS
        .iter()
        .map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .collect();
    let product_id = match std::env::var("ONEENTRY_PRODUCT_ID") {
        Ok(id) => id
            .parse()
            .map_err(|_| format!("ONEENTRY_PRODUCT_ID must be an integer, got `{id}`"))?,
        Err(_) => 15,
    };
    if let [Some(url), Some(token), Some(email), Some(password)] = values.as_slice() {
        println!("Running against {url}\n");
        return Ok(Target {
            project_url: url.clone(),
            app_token: Secret::new(token.as_str()),
            email: email.clone(),
            password: Secret::new(password.as_str()),
            product_id,
            _emulator: None,
        });
    }
    if values.iter().any(Option::is_some) {
        let missing: Vec<&str> = ENV_VARS
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        return Err(format!(
            "to run against a real project set all of {}; missing: {}",
            ENV_VARS.join(", "),
            missing.join(", ")
        )
        .into());
    }
    let emulator = Emulator::start().await?;
    println!(
        "No ONEENTRY_PROJECT_URL set: running against the built-in emulator at {}\n",
        emulator.base_url()
    );
    Ok(Target {
        project_url: emulator.base_url(),
        app_token: Secret::new(emulator.app_token()),
        email: emulator.user_email().to_owned(),
        password: Secret::new(emulator.user_password()),
        product_id,
        _emulator: Some(emulator),
    })
}
