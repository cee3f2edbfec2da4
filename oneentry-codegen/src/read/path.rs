//! JSON paths, the second half of every position a diagnostic gives.

use std::fmt;

/// A JSON path such as `$.modules.Orders.endpoints.createOrder`.
///
/// Keys that are not plain words are quoted (`$.types["My Type"]`), so a path can be
/// read back unambiguously and pasted into a JSON path tool.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct JsonPath(String);

impl JsonPath {
    /// The whole document, `$`.
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

    /// The path as text, the way diagnostics print it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
