mod snapshot;
mod validate;

use proc_macro2::Span;

use crate::diagnostics::Diagnostics;
use crate::expand::Accessors;

/// Runs parse and validate, returning the rendered problems.
fn problems(text: &str) -> Vec<String> {
    let mut diagnostics = Diagnostics::new("spec.json");
    match crate::json::parse(text) {
        Ok(root) => {
            crate::validate::validate(&root, &mut diagnostics);
        }
        Err(e) => diagnostics.error_at(e.pos, format!("invalid JSON: {}", e.message)),
    }
    diagnostics.messages()
}

/// The generated code for a spec, as one string of tokens.
fn generated(text: &str) -> String {
    crate::generate(
        text,
        "spec.json",
        None,
        &Accessors::Inherent,
        Span::call_site(),
    )
    .to_string()
}
mod readme;
