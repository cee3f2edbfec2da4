//! Compiles the README's first example and the emulator's start-up against the packaged
//! crates. Nothing here runs: `main` only builds the futures and drops them.
//!
//! `readme_example.rs` is not checked in: `.ci/run` writes it from the first `rust` block of
//! the README, wrapped in `pub async fn run()`, so the check follows the README as it is.

use oneentry_client::Client;

mod readme_example;

/// The emulator as the README shows it for tests.
async fn emulator_example() -> Result<(), Box<dyn std::error::Error>> {
    let emulator = oneentry_emulator::Emulator::start().await?;
    let client = Client::builder(emulator.base_url())
        .app_token(emulator.app_token())
        .build()?;
    client.auth_provider().get_auth_providers().await?;
    Ok(())
}

/// Users spawn these futures on multi-threaded runtimes.
fn assert_send<F: std::future::Future + Send>(future: F) -> F {
    future
}

fn main() {
    drop(assert_send(readme_example::run()));
    drop(assert_send(emulator_example()));
}
