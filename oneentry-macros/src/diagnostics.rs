//! Collecting every problem of a spec, then reporting them all at once.
//!
//! Each problem becomes its own `compile_error!` that reads
//! `spec/oneentry.json:12:5: at $.modules.Orders...: unknown type ...`, so an
//! editor's error list points straight into the spec file.

use std::fmt;

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

use crate::json::Pos;

/// A JSON path such as `$.modules.Orders.endpoints.createOrder`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonPath(String);

impl JsonPath {
    pub fn root() -> Self {
        JsonPath("$".to_owned())
    }

    /// The path of an object member.
    pub fn key(&self, key: &str) -> Self {
        let plain = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_');
        if plain {
            JsonPath(format!("{}.{key}", self.0))
        } else {
            JsonPath(format!("{}[{key:?}]", self.0))
        }
    }

    /// The path of an array element.
    pub fn index(&self, index: usize) -> Self {
        JsonPath(format!("{}[{index}]", self.0))
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One problem in the spec.
#[derive(Debug)]
pub struct Problem {
    pub pos: Pos,
    pub path: Option<JsonPath>,
    pub message: String,
}

/// Problems of one spec file, in the order they were found.
#[derive(Debug)]
pub struct Diagnostics {
    file: String,
    problems: Vec<Problem>,
}

impl Diagnostics {
    /// `file` is the spec path as the user wrote it, so messages stay short and portable.
    pub fn new(file: impl Into<String>) -> Self {
        Diagnostics {
            file: file.into(),
            problems: Vec::new(),
        }
    }

    pub fn error(&mut self, pos: Pos, path: &JsonPath, message: impl Into<String>) {
        self.problems.push(Problem {
            pos,
            path: Some(path.clone()),
            message: message.into(),
        });
    }

    /// A problem with no JSON path, such as invalid JSON.
    pub fn error_at(&mut self, pos: Pos, message: impl Into<String>) {
        self.problems.push(Problem {
            pos,
            path: None,
            message: message.into(),
        });
    }

    pub fn len(&self) -> usize {
        self.problems.len()
    }

    /// The problems rendered as messages, for tests and for `compile_error!`.
    pub fn messages(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| match &p.path {
                Some(path) => format!("{}:{}: at {path}: {}", self.file, p.pos, p.message),
                None => format!("{}:{}: {}", self.file, p.pos, p.message),
            })
            .collect()
    }

    /// One `compile_error!` per problem, pointing at `span` (the spec path literal).
    pub fn to_compile_errors(&self, span: Span) -> TokenStream {
        self.messages()
            .into_iter()
            .map(|message| quote_spanned!(span=> ::core::compile_error!(#message);))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_position_and_path() {
        let mut diagnostics = Diagnostics::new("spec/api.json");
        let path = JsonPath::root().key("types").key("My Type").index(2);
        diagnostics.error(Pos { line: 3, column: 7 }, &path, "expected a string");
        diagnostics.error_at(Pos { line: 1, column: 1 }, "invalid JSON");
        assert_eq!(
            diagnostics.messages(),
            [
                "spec/api.json:3:7: at $.types[\"My Type\"][2]: expected a string",
                "spec/api.json:1:1: invalid JSON",
            ]
        );
    }
}
