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

const USAGE: &str = "usage: pay_order [--verbose]";

#[tokio::main]
async fn main() -> ExitCode {
    let verbose = match parse_args(std::env::args().skip(1)) {
        Ok(Some(verbose)) => verbose,
        Ok(None) => {
            println!("Runs the paid-order scenario.\n{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(verbose).await {
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

/// `--verbose` (or `-v`) is the only option; `None` asks for the usage.
fn parse_args(args: impl Iterator<Item = String>) -> Result<Option<bool>, String> {
    let mut verbose = false;
    for arg in args {
        match arg.as_str() {
            "--verbose" | "-v" => verbose = true,
            "--help" | "-h" => return Ok(None),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(verbose))
}

/// Prints a value's full `Debug` form under `--verbose`; `Secret`s in it print as `***`.
fn dump(verbose: bool, value: &dyn std::fmt::Debug) {
    if verbose {
        println!("{value:#?}\n");
    }
}

async fn run(verbose: bool) -> Result<(), Box<dyn StdError>> {
    let target = target().await?;
    let client = Client::builder(target.project_url.as_str())
        .app_token(target.app_token.clone())
        .build()?;

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
        println!("Running against {url}.\n");
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
        "Running against the built-in emulator at {} (set {} to use a real project).\n",
        emulator.base_url(),
        ENV_VARS.join(", ")
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
