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
        // `deserialize_any`: with `deserialize_str`, serde_json refuses a number itself, quoting
        // it, before the visitor can refuse it by kind.
        deserializer.deserialize_any(SecretVisitor)
    }
}

/// Accepts a string; any other JSON type is refused by its kind alone. serde's default
/// refusal quotes the value (`invalid type: integer `123456`…`), and a numeric password or a
/// token sent as a number would then reach `Error::Decode`, logs and a mock's 400 answer.
struct SecretVisitor;

impl SecretVisitor {
    fn refuse<E: serde::de::Error>(kind: &str) -> E {
        E::custom(format_args!(
            "invalid type: {kind}, expected a string (a secret; its value is not shown)"
        ))
    }
}

impl serde::de::Visitor<'_> for SecretVisitor {
    type Value = Secret;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Secret, E> {
        Ok(Secret::from(value))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Secret, E> {
        Ok(Secret::from(value))
    }

    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Secret, E> {
        Err(Self::refuse("boolean"))
    }

    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Secret, E> {
        Err(Self::refuse("integer"))
    }

    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Secret, E> {
        Err(Self::refuse("integer"))
    }

    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<Secret, E> {
        Err(Self::refuse("integer"))
    }

    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<Secret, E> {
        Err(Self::refuse("integer"))
    }

    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
        Err(Self::refuse("number"))
    }

    fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Secret, E> {
        Err(Self::refuse("byte array"))
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

    /// A token or password of the wrong JSON type must not reach an error message: decode
    /// errors end up in `Error::Decode`, logs and a mock server's 400 answers.
    #[test]
    fn type_errors_do_not_show_the_value() {
        for wire in [
            "123456789",
            "-123456789",
            "1234.5678",
            "true",
            "[\"hunter2\"]",
        ] {
            let err = serde_json::from_str::<Secret>(wire).expect_err(wire);
            let message = err.to_string();
            for leak in ["123456789", "1234.5678", "true", "hunter2"] {
                assert!(!message.contains(leak), "{wire}: {message}");
            }
            assert!(message.contains("expected a string"), "{wire}: {message}");
            let via_value =
                serde_json::from_value::<Secret>(serde_json::from_str(wire).expect("JSON"))
                    .expect_err(wire)
                    .to_string();
            assert!(!via_value.contains("123456789"), "{wire}: {via_value}");
        }
    }
}
