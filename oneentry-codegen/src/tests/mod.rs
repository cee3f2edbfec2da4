//! The checks and the generator on small specs, through the same path the macro takes.

mod check;
mod constructs;
mod docs;
mod kinds;
mod names;
mod readme;
mod session;

use proc_macro2::{Span, TokenStream};

use crate::{Accessors, Options};

fn options() -> Options {
    Options::default()
        .file("spec.json")
        .accessors(Accessors::Inherent)
}

/// Runs read and check, returning the rendered problems.
fn problems(text: &str) -> Vec<String> {
    problems_with(text, &options())
}

/// Runs read and check with these options, returning the rendered problems.
fn problems_with(text: &str, options: &Options) -> Vec<String> {
    match crate::generate(text, options) {
        Ok(_) => Vec::new(),
        Err(failure) => failure.diagnostics().messages(),
    }
}

/// Fails unless one of the rendered problems contains `expected`.
fn assert_reported(found: &[String], expected: &str) {
    assert!(
        found.iter().any(|p| p.contains(expected)),
        "expected a problem containing\n  {expected}\nfound\n  {}",
        found.join("\n  ")
    );
}

/// What the macro emits for a spec (errors first, then the items), as one string of tokens.
fn generated(text: &str) -> String {
    match crate::generate(text, &options()) {
        Ok(generated) => generated.into_tokens().to_string(),
        Err(failure) => {
            let mut tokens: TokenStream =
                failure.diagnostics().to_compile_errors(Span::call_site());
            tokens.extend(failure.fallback().cloned());
            tokens.to_string()
        }
    }
}
