//! Phase 1, read: the spec's text as a tree of JSON values that know where they are.
//!
//! `serde_json` would parse the spec faster, but it forgets positions, and every
//! problem in a spec must be reported as `file:line:column` with its JSON path.
//! Object members keep their order (query parameters are sent in spec order), and
//! duplicate keys are kept too: JSON allows them, so the check phase reports them
//! together with every other problem instead of stopping here.

mod parser;
mod path;

#[cfg(test)]
pub use parser::parse;
pub use parser::parse_recovering;
pub use path::JsonPath;

use std::fmt;

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A parsed JSON value with the position of its first character and its JSON path.
#[derive(Clone, Debug)]
pub struct Node {
    pub pos: Pos,
    /// Where the value sits in the document (`$.modules.Orders`); for a duplicate key,
    /// every occurrence has the same path.
    pub path: JsonPath,
    pub value: Value,
}

/// An object member: the key's position is kept apart so errors about a key point at it.
#[derive(Clone, Debug)]
pub struct Member {
    pub key: String,
    pub key_pos: Pos,
    pub value: Node,
}

#[derive(Clone, Debug)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number's source text; the spec only needs integers, and the text lets
    /// defaults be re-emitted exactly as written.
    Number(String),
    String(String),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

impl Value {
    /// What a value is, in the words an error message uses.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// Why the text is not JSON, and where.
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}
