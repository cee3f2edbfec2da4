//! Collecting every problem of a spec, then reporting them all at once.
//!
//! Each problem renders as one line,
//! `spec/oneentry.json:12:5: at $.modules.Orders...: unknown type ...; did you mean ...?`,
//! so an editor's error list (the compiler's, or a terminal's) points straight into
//! the spec file. The macro turns each line into its own `compile_error!`.

use std::fmt;

use proc_macro2::{Span, TokenStream};
use quote::quote_spanned;

use crate::read::{JsonPath, Pos};

/// One problem in the spec: where it is, what is wrong, and how to fix it when that is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    file: String,
    pos: Pos,
    path: Option<JsonPath>,
    message: String,
    hint: Option<String>,
}

impl Diagnostic {
    /// The spec file as the user named it (`spec/oneentry.json`), not an absolute path,
    /// so messages stay short and the same on every machine.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line of the offending value or key.
    pub fn line(&self) -> usize {
        self.pos.line
    }

    /// The 1-based column, counted in characters as editors do.
    pub fn column(&self) -> usize {
        self.pos.column
    }

    /// Where the problem sits in the document; `None` when the text is not JSON at all.
    pub fn path(&self) -> Option<&JsonPath> {
        self.path.as_ref()
    }

    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// A likely fix (`did you mean `Order`?`), when there is one.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

/// `file:line:col: at $.path: message; hint` — the same text in the compiler and the terminal.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.file, self.pos)?;
        if let Some(path) = &self.path {
            write!(f, "at {path}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// The problems of one spec file, in the order they were found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    file: String,
    problems: Vec<Diagnostic>,
}

impl Diagnostics {
    /// `file` is the spec path as the user wrote it, so messages stay short and portable.
    pub(crate) fn new(file: impl Into<String>) -> Self {
        Diagnostics {
            file: file.into(),
            problems: Vec::new(),
        }
    }

    /// Records a problem at a JSON value or key.
    pub(crate) fn error(&mut self, pos: Pos, path: &JsonPath, message: impl Into<String>) {
        self.push(pos, Some(path.clone()), message.into(), None);
    }

    /// Records a problem together with the fix it most likely needs.
    pub(crate) fn error_with_hint(
        &mut self,
        pos: Pos,
        path: &JsonPath,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(pos, Some(path.clone()), message.into(), Some(hint.into()));
    }

    /// A problem with no JSON path, such as invalid JSON.
    pub(crate) fn error_at(&mut self, pos: Pos, message: impl Into<String>) {
        self.push(pos, None, message.into(), None);
    }

    fn push(&mut self, pos: Pos, path: Option<JsonPath>, message: String, hint: Option<String>) {
        self.problems.push(Diagnostic {
            file: self.file.clone(),
            pos,
            path,
            message,
            hint,
        });
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.problems.len()
    }

    /// Whether the spec had no problems.
    pub fn is_empty(&self) -> bool {
        self.problems.is_empty()
    }

    /// The problems in the order they were found, which is document order within each phase.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.problems.iter()
    }

    /// The problems rendered as lines, exactly as the compiler and the command line show them.
    pub fn messages(&self) -> Vec<String> {
        self.problems.iter().map(ToString::to_string).collect()
    }

    /// One `compile_error!` per problem, pointing at `span` (the macro's spec path literal).
    pub fn to_compile_errors(&self, span: Span) -> TokenStream {
        self.messages()
            .into_iter()
            .map(|message| quote_spanned!(span=> ::core::compile_error!(#message);))
            .collect()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// One problem per line.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_file_position_path_and_hint() {
        let mut diagnostics = Diagnostics::new("spec/api.json");
        let path = JsonPath::root().key("types").key("My Type").index(2);
        diagnostics.error(Pos { line: 3, column: 7 }, &path, "expected a string");
        diagnostics.error_at(Pos { line: 1, column: 1 }, "invalid JSON");
        let typo = JsonPath::root().key("modules");
        diagnostics.error_with_hint(
            Pos { line: 4, column: 2 },
            &typo,
            "unknown type `Ordr`",
            "did you mean `Order`?",
        );
        assert_eq!(
            diagnostics.messages(),
            [
                "spec/api.json:3:7: at $.types[\"My Type\"][2]: expected a string",
                "spec/api.json:1:1: invalid JSON",
                "spec/api.json:4:2: at $.modules: unknown type `Ordr`; did you mean `Order`?",
            ]
        );
        let typo = diagnostics.iter().nth(2).expect("three problems");
        assert_eq!(
            (typo.file(), typo.line(), typo.column()),
            ("spec/api.json", 4, 2)
        );
        assert_eq!(typo.path().map(JsonPath::as_str), Some("$.modules"));
        assert_eq!(typo.message(), "unknown type `Ordr`");
        assert_eq!(typo.hint(), Some("did you mean `Order`?"));
    }
}
