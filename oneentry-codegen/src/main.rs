//! `oneentry-codegen SPEC [--client inherent | --client trait Name]`: prints the Rust
//! source generated from a spec, or every problem of the spec.
//!
//! For reviewing what the `api!` macro generates, or for checking the generated code
//! into a repository instead of generating it at build time.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use oneentry_codegen::{Accessors, Error, Options};

/// The usage line, shared by `--help` and the message for wrong arguments.
macro_rules! usage {
    () => {
        "Usage: oneentry-codegen SPEC [--client inherent | --client trait NAME]"
    };
}

const HELP: &str = concat!(
    "Prints the Rust source of the OneEntry API client generated from a JSON spec.\n\n",
    usage!(),
    "

Arguments:
  SPEC                  the spec file (JSON, format version 1)

Options:
  --client trait NAME   reach modules through the extension trait NAME (default: ApiExt)
  --client inherent     inherent methods on Client (only inside oneentry-client itself)
  -h, --help            print this help

Exit status: 0 success, 1 the spec cannot be read or the output cannot be written,
2 the spec has problems (each printed to stderr as file:line:col: at $.path: message),
64 wrong arguments.
"
);

/// What the command line asks for.
struct Args {
    spec: PathBuf,
    accessors: Accessors,
}

/// Reads the arguments by hand: two options do not justify an argument-parsing dependency.
fn parse_args(mut args: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let mut spec = None;
    let mut accessors = None;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(None),
            Some("--client") if accessors.is_some() => {
                return Err("`--client` is given twice".into());
            }
            Some("--client") => {
                let kind = args.next();
                accessors = Some(match kind.as_ref().and_then(|k| k.to_str()) {
                    Some("inherent") => Accessors::Inherent,
                    Some("trait") => {
                        let name = args.next().ok_or(
                            "`--client trait` needs a name, e.g. `--client trait ShopApi`",
                        )?;
                        let name = name.to_str().ok_or("the trait name is not UTF-8")?;
                        Accessors::trait_named(name).map_err(|e| e.to_string())?
                    }
                    _ => return Err("`--client` takes `inherent` or `trait NAME`".into()),
                });
            }
            Some(flag) if flag.starts_with('-') && flag.len() > 1 => {
                return Err(format!("unknown option `{flag}`"));
            }
            _ if spec.is_some() => return Err("only one SPEC file can be given".into()),
            _ => spec = Some(PathBuf::from(arg)),
        }
    }
    let spec = spec.ok_or("missing the SPEC file")?;
    Ok(Some(Args {
        spec,
        accessors: accessors.unwrap_or_default(),
    }))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => return write_stdout(HELP),
        Err(message) => {
            eprintln!(
                "oneentry-codegen: {message}\n{}\nRun with `--help` for more.",
                usage!()
            );
            return ExitCode::from(64);
        }
    };
    let options = Options::default().accessors(args.accessors);
    match oneentry_codegen::generate_file(&args.spec, &options) {
        Ok(source) => write_stdout(&source),
        Err(Error::Spec(failure)) => {
            for diagnostic in failure.diagnostics() {
                eprintln!("{diagnostic}");
            }
            let count = failure.diagnostics().len();
            let problems = if count == 1 { "problem" } else { "problems" };
            eprintln!(
                "oneentry-codegen: {count} {problems} in `{}`",
                args.spec.display()
            );
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("oneentry-codegen: {error}");
            ExitCode::from(1)
        }
    }
}

/// Writes the source; a closed pipe (`| head`) ends the program quietly instead of panicking.
fn write_stdout(source: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(source.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("oneentry-codegen: cannot write the output: {error}");
            ExitCode::from(1)
        }
    }
}
