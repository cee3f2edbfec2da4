//! [`Secret`]: a string that never shows up in logs, panics or error messages.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A sensitive string: an app token, an access or refresh token, a password.
///
/// `Debug` prints `Secret(***)` and `Display` prints `***`, so a secret can sit inside any
/// struct that derives `Debug` (models, the client, errors) without leaking when that struct
/// is logged. Serialisation is transparent and writes the real value, because secrets have to
/// reach the wire; call [`Secret::expose`] when you need the value yourself.
///
/// Cloning is a reference-count increment: every call reads the session's tokens, and
/// copying them each time would cost an allocation per token per call.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(Arc<str>);

impl Secret {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Arc::from(value.into()))
    }

    /// The real value. Named loudly so that leaks are easy to find in review.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the value is the empty string (an empty token is as good as none).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(Arc::from(value))
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(Arc::from(value))
    }
}

impl From<&String> for Secret {
    fn from(value: &String) -> Self {
        Self(Arc::from(value.as_str()))
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_are_redacted() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(format!("{s}"), "***");
        assert_eq!(format!("{:?}", Some(s.clone())), "Some(Secret(***))");
        assert_eq!(s.expose(), "hunter2");
    }

    #[test]
    fn serde_is_transparent() {
        let s = Secret::from("tok");
        assert_eq!(serde_json::to_string(&s).expect("serialise"), "\"tok\"");
        let back: Secret = serde_json::from_str("\"tok\"").expect("deserialise");
        assert_eq!(back, s);
    }
}
