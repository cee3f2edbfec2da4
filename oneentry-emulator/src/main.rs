//! `oneentry-emulator`: runs the local OneEntry emulator until Ctrl-C.
//!
//! Arguments are parsed by hand to keep the dependency list to the workspace's own crates.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use oneentry_emulator::{DEFAULT_REFRESH_TOKEN_TTL, Emulator, Fixture};

const DEFAULT_ADDR: &str = "127.0.0.1:8080";

const USAGE: &str = "\
Runs a local OneEntry-compatible server (in memory) until Ctrl-C.

Usage: oneentry-emulator [OPTIONS]

Options:
  --addr <ADDR>                 Loopback address to listen on [default: 127.0.0.1:8080]
  --fixture <FILE>              Project to serve, as JSON (see FIXTURES.md) [default: the demo
                                project, fixtures/demo.json]
  --app-token <TOKEN>           App token clients must send as x-app-token [default: the
                                fixture's, demo-app-token]
  --user <EMAIL:PASSWORD>       Registered user of the fixture's first auth provider; repeat
                                for more users [default: the fixture's users,
                                your-user@email.com:123456]
  --access-token-ttl <SECONDS>  Lifetime of access tokens [default: 900]
  --refresh-token-ttl <SECONDS> Lifetime of refresh tokens (sign-in sessions)
                                [default: 2592000, 30 days]
  -h, --help                    Print this help
";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Command {
    Help,
    Run(Options),
}

#[derive(Debug, PartialEq)]
struct Options {
    addr: SocketAddr,
    fixture: Option<PathBuf>,
    app_token: Option<String>,
    users: Vec<(String, String)>,
    access_token_ttl: Duration,
    refresh_token_ttl: Duration,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut options = Options {
        addr: DEFAULT_ADDR
            .parse()
            .map_err(|err| format!("bad default address: {err}"))?,
        fixture: None,
        app_token: None,
        users: Vec::new(),
        access_token_ttl: Duration::from_secs(15 * 60),
        refresh_token_ttl: DEFAULT_REFRESH_TOKEN_TTL,
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // Accept both `--name value` and `--name=value`.
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if name == "-h" || name == "--help" {
            return Ok(Command::Help);
        }
        if !matches!(
            name.as_str(),
            "--addr"
                | "--fixture"
                | "--app-token"
                | "--user"
                | "--access-token-ttl"
                | "--refresh-token-ttl"
        ) {
            return Err(format!("unknown argument `{name}`"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(format!("{name} needs a value")),
        };
        match name.as_str() {
            "--addr" => {
                let addr: SocketAddr = value.parse().map_err(|_| {
                    format!("--addr: `{value}` is not an address such as 127.0.0.1:8080")
                })?;
                if !addr.ip().is_loopback() {
                    return Err(format!(
                        "--addr: `{value}` is not a loopback address; the emulator listens only on 127.0.0.1 or [::1]"
                    ));
                }
                options.addr = addr;
            }
            "--app-token" if value.is_empty() => {
                return Err("--app-token must not be empty".to_owned());
            }
            "--app-token" => options.app_token = Some(value),
            "--fixture" if value.is_empty() => {
                return Err("--fixture needs a file name".to_owned());
            }
            "--fixture" => options.fixture = Some(PathBuf::from(value)),
            "--user" => match value.split_once(':') {
                Some((email, password)) if !email.is_empty() && !password.is_empty() => {
                    options.users.push((email.to_owned(), password.to_owned()));
                }
                _ => return Err(format!("--user: expected EMAIL:PASSWORD, got `{value}`")),
            },
            "--refresh-token-ttl" => options.refresh_token_ttl = seconds(&name, &value)?,
            _ => options.access_token_ttl = seconds(&name, &value)?,
        }
    }
    Ok(Command::Run(options))
}

/// The value of a `--*-ttl` option.
fn seconds(name: &str, value: &str) -> Result<Duration, String> {
    value
        .parse()
        .map(Duration::from_secs)
        .map_err(|_| format!("{name}: `{value}` is not a number of seconds"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(options)) => options,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let fixture = match &options.fixture {
        Some(file) => Fixture::from_json_file(file),
        None => Fixture::demo(),
    };
    let fixture = match fixture {
        Ok(fixture) => fixture,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let mut users: Vec<(String, String, String)> = fixture
        .users
        .iter()
        .map(|user| {
            let provider = user
                .provider
                .clone()
                .or_else(|| fixture.auth_providers.first().map(|p| p.marker.clone()))
                .unwrap_or_default();
            let state = if user.active { "" } else { " (inactive)" };
            (
                user.email.clone(),
                format!("{}{state}", user.password),
                provider,
            )
        })
        .collect();
    let mut builder = Emulator::builder()
        .addr(options.addr)
        .print_codes(true)
        .access_token_ttl(options.access_token_ttl)
        .refresh_token_ttl(options.refresh_token_ttl);
    if !options.users.is_empty() {
        let provider = fixture
            .auth_providers
            .first()
            .map(|p| p.marker.clone())
            .unwrap_or_default();
        users = options
            .users
            .iter()
            .map(|(email, password)| (email.clone(), password.clone(), provider.clone()))
            .collect();
    }
    builder = builder.fixture(fixture);
    if let Some(token) = options.app_token {
        builder = builder.app_token(token);
    }
    for (email, password) in &options.users {
        builder = builder.user(email, password);
    }
    let emulator = match builder.start().await {
        Ok(emulator) => emulator,
        Err(err) => {
            eprintln!(
                "error: cannot start the emulator on {}: {err}",
                options.addr
            );
            return ExitCode::FAILURE;
        }
    };
    // A local test server: the credentials are printed because a client needs them.
    println!("OneEntry emulator listening on {}", emulator.base_url());
    println!("  app token (x-app-token): {}", emulator.app_token());
    for (email, password, provider) in &users {
        println!("  user (provider `{provider}`): {email} / {password}");
    }
    println!("One-time codes (sign-up activation, password change) are printed to stderr.");
    println!("Press Ctrl-C to stop.");
    if let Err(err) = tokio::signal::ctrl_c().await {
        eprintln!("error: cannot wait for Ctrl-C: {err}");
    }
    match emulator.shutdown().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(args.iter().map(|arg| (*arg).to_owned()))
    }

    #[test]
    fn defaults() {
        let Ok(Command::Run(options)) = parse(&[]) else {
            panic!("no arguments must run with defaults");
        };
        assert_eq!(options.addr.to_string(), DEFAULT_ADDR);
        assert_eq!(options.app_token, None);
        assert_eq!(options.fixture, None);
        assert!(options.users.is_empty());
    }

    #[test]
    fn all_options_in_both_forms() {
        let parsed = parse(&[
            "--addr",
            "127.0.0.1:9000",
            "--app-token=tok",
            "--user",
            "a@b.c:pw:with:colons",
            "--user=x@y.z:1",
            "--access-token-ttl",
            "5",
            "--refresh-token-ttl=60",
            "--fixture=shop.json",
        ]);
        let Ok(Command::Run(options)) = parsed else {
            panic!("valid arguments: {parsed:?}");
        };
        assert_eq!(options.addr.to_string(), "127.0.0.1:9000");
        assert_eq!(options.app_token.as_deref(), Some("tok"));
        assert_eq!(options.fixture, Some(PathBuf::from("shop.json")));
        assert_eq!(
            options.users,
            vec![
                ("a@b.c".to_owned(), "pw:with:colons".to_owned()),
                ("x@y.z".to_owned(), "1".to_owned())
            ]
        );
        assert_eq!(options.access_token_ttl, Duration::from_secs(5));
        assert_eq!(options.refresh_token_ttl, Duration::from_secs(60));
        assert_eq!(parse(&["--addr", "[::1]:0", "--help"]), Ok(Command::Help));
        assert_eq!(parse(&["-h"]), Ok(Command::Help));
    }

    #[test]
    fn bad_arguments_are_explained() {
        for (args, expected) in [
            (&["--port"][..], "unknown argument `--port`"),
            (&["--addr"], "--addr needs a value"),
            (&["--addr", "nope"], "is not an address"),
            (&["--addr", "0.0.0.0:8080"], "not a loopback address"),
            (&["--user", "no-colon"], "expected EMAIL:PASSWORD"),
            (&["--user", ":pw"], "expected EMAIL:PASSWORD"),
            (&["--app-token="], "must not be empty"),
            (&["--fixture"], "--fixture needs a value"),
            (&["--fixture="], "needs a file name"),
            (&["--access-token-ttl", "-1"], "not a number of seconds"),
            (
                &["--refresh-token-ttl=x"],
                "--refresh-token-ttl: `x` is not a number",
            ),
        ] {
            match parse(args) {
                Err(message) => assert!(message.contains(expected), "{args:?}: {message}"),
                Ok(command) => panic!("{args:?} must fail, got {command:?}"),
            }
        }
    }
}
