//! What the examples share: where they run (the built-in emulator, or a real project named
//! by environment variables), their command line and how they report an error.

use std::error::Error as StdError;
use std::process::ExitCode;

use oneentry_client::{Client, Secret};
use oneentry_emulator::Emulator;

/// Where an example runs, and as whom.
pub struct Target {
    pub project_url: String,
    pub app_token: Secret,
    pub email: String,
    pub password: Secret,
    /// The product to order (`ONEENTRY_PRODUCT_ID`, default 15).
    pub product_id: i64,
    /// Keeps the in-process emulator running while the example uses it.
    _emulator: Option<Emulator>,
}

impl Target {
    /// A client of the project.
    pub fn client(&self) -> Result<Client, Box<dyn StdError>> {
        Ok(Client::builder(self.project_url.as_str())
            .app_token(self.app_token.clone())
            .build()?)
    }
}

pub const ENV_VARS: [&str; 4] = [
    "ONEENTRY_PROJECT_URL",
    "ONEENTRY_APP_TOKEN",
    "ONEENTRY_EMAIL",
    "ONEENTRY_PASSWORD",
];

/// Runs `run` with `--verbose` from the command line; prints the usage for `--help` and an
/// error with its causes.
pub async fn main<F, Fut>(about: &str, usage: &str, run: F) -> ExitCode
where
    F: FnOnce(bool) -> Fut,
    Fut: Future<Output = Result<(), Box<dyn StdError>>>,
{
    let verbose = match parse_args(std::env::args().skip(1)) {
        Ok(Some(verbose)) => verbose,
        Ok(None) => {
            println!("{about}\n{usage}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("{message}\n{usage}");
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
pub fn dump(verbose: bool, value: &dyn std::fmt::Debug) {
    if verbose {
        println!("{value:#?}\n");
    }
}

/// The project from the environment, or the built-in emulator when none is configured.
pub async fn target() -> Result<Target, Box<dyn StdError>> {
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
