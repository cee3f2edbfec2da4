//! [`Numeric`]: a number that OneEntry sends either as a JSON number or as a numeric string.
//!
//! The same field changes type between routes (`totalSum` is `300` after `createOrder` but
//! `"300.00"` when the order is read back, docs/wire.md#numeric), so the type accepts both and
//! remembers which one it got: writing a value back sends the server the form it produced.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A number that may arrive as a JSON number (`300`) or as a string holding one (`"300.00"`).
///
/// [`value`](Numeric::value) gives the number; serialising writes the original wire form back
/// (a string stays a string with its exact text, such as the trailing zeros of `"300.00"`).
/// Equality compares values, so `Numeric::from(300)` equals `Numeric::text("300.00")`.
#[derive(Clone)]
pub struct Numeric {
    value: f64,
    form: Form,
}

/// The wire form the value came in (or was built from).
#[derive(Clone, Debug)]
enum Form {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(String),
}

/// Error of [`Numeric::text`]: the string is not a finite decimal number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a number")]
pub struct ParseNumericError {
    text: String,
}

impl Numeric {
    /// A number in string form, as some routes send it (`"300.00"`).
    ///
    /// Fails when the text is not a finite number (`"abc"`, `""`, `"NaN"`), so a `Numeric`
    /// always has a meaningful [`value`](Numeric::value).
    pub fn text(text: impl Into<String>) -> Result<Self, ParseNumericError> {
        let text = text.into();
        match parse_finite(&text) {
            Some(value) => Ok(Self {
                value,
                form: Form::Text(text),
            }),
            None => Err(ParseNumericError { text }),
        }
    }

    /// The value as a float.
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The original text when the number arrived (or was built) as a string.
    pub fn as_text(&self) -> Option<&str> {
        match &self.form {
            Form::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// Parses decimal text; rejects infinities and NaN, which no JSON number can express.
fn parse_finite(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

impl From<f64> for Numeric {
    fn from(value: f64) -> Self {
        Self {
            value,
            form: Form::Float(value),
        }
    }
}

impl From<i64> for Numeric {
    fn from(value: i64) -> Self {
        Self {
            value: value as f64,
            form: Form::Signed(value),
        }
    }
}

impl From<i32> for Numeric {
    fn from(value: i32) -> Self {
        Self::from(i64::from(value))
    }
}

impl From<u64> for Numeric {
    fn from(value: u64) -> Self {
        Self {
            value: value as f64,
            form: Form::Unsigned(value),
        }
    }
}

impl PartialEq for Numeric {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// `Numeric(400)` or `Numeric("400.00")`: the value in its wire form, as a reader of a
/// printed order expects, rather than the internal representation.
impl fmt::Debug for Numeric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.form {
            Form::Text(text) => f.debug_tuple("Numeric").field(text).finish(),
            _ => write!(f, "Numeric({self})"),
        }
    }
}

impl fmt::Display for Numeric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.form {
            Form::Unsigned(v) => write!(f, "{v}"),
            Form::Signed(v) => write!(f, "{v}"),
            Form::Float(v) => write!(f, "{v}"),
            Form::Text(text) => f.write_str(text),
        }
    }
}

impl Serialize for Numeric {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.form {
            Form::Unsigned(v) => serializer.serialize_u64(*v),
            Form::Signed(v) => serializer.serialize_i64(*v),
            Form::Float(v) => serializer.serialize_f64(*v),
            Form::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Numeric {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any` rather than a typed hint: inside `#[serde(flatten)]` structs the
        // value is replayed from a buffer that only supports self-describing access.
        deserializer.deserialize_any(NumericVisitor)
    }
}

struct NumericVisitor;

impl Visitor<'_> for NumericVisitor {
    type Value = Numeric;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or a string holding a number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Numeric, E> {
        Ok(Numeric::from(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Numeric, E> {
        Ok(Numeric::from(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Numeric, E> {
        Ok(Numeric::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Numeric, E> {
        Numeric::text(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &"a string holding a number"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(json: &str) -> Result<Numeric, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn encode(n: &Numeric) -> String {
        serde_json::to_string(n).expect("serialise")
    }

    #[test]
    fn decodes_numbers_and_keeps_their_form() {
        for (json, value) in [("400", 400.0), ("-3", -3.0), ("12.5", 12.5)] {
            let n = decode(json).expect("number");
            assert_eq!(n.value(), value);
            assert_eq!(n.as_text(), None);
            assert_eq!(encode(&n), json);
        }
    }

    #[test]
    fn decodes_numeric_strings_and_keeps_their_text() {
        for (json, value) in [
            (r#""300.00""#, 300.0),
            (r#""400""#, 400.0),
            (r#""-1.5""#, -1.5),
        ] {
            let n = decode(json).expect("numeric string");
            assert_eq!(n.value(), value);
            assert_eq!(encode(&n), json);
        }
        let n = decode(r#""300.00""#).expect("numeric string");
        assert_eq!(n.as_text(), Some("300.00"));
        assert_eq!(n.to_string(), "300.00");
    }

    #[test]
    fn rejects_other_values_with_a_clear_message() {
        for json in [
            r#""abc""#, r#""""#, r#""NaN""#, r#""inf""#, "true", "null", "[]",
        ] {
            let err = decode(json).expect_err(json);
            let msg = err.to_string();
            assert!(msg.contains("number"), "{json}: {msg}");
        }
        let err = decode(r#""abc""#).expect_err("abc");
        assert!(
            err.to_string().contains("invalid value: string \"abc\""),
            "{err}"
        );
    }

    #[test]
    fn text_constructor_validates() {
        assert_eq!(Numeric::text("300.00").map(|n| n.value()), Ok(300.0));
        let err = Numeric::text("12a").expect_err("not a number");
        assert_eq!(err.to_string(), "`12a` is not a number");
    }

    #[test]
    fn equality_compares_values() {
        assert_eq!(
            Numeric::from(300_i64),
            Numeric::text("300.00").expect("text")
        );
        assert_eq!(Numeric::from(2.5), Numeric::text("2.50").expect("text"));
        assert_ne!(Numeric::from(1_i64), Numeric::from(2_i64));
    }

    #[test]
    fn display_follows_the_wire_form() {
        assert_eq!(Numeric::from(7_i64).to_string(), "7");
        assert_eq!(Numeric::from(7.25).to_string(), "7.25");
        assert_eq!(Numeric::text("7.50").expect("text").to_string(), "7.50");
    }

    #[test]
    fn works_inside_flattened_structs() {
        #[derive(Deserialize)]
        struct Inner {
            total: Numeric,
        }
        #[derive(Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Inner,
            #[serde(flatten)]
            rest: crate::JsonMap,
        }
        let outer: Outer =
            serde_json::from_str(r#"{"total":"12.00","extra":1}"#).expect("flattened string");
        assert_eq!(outer.inner.total.value(), 12.0);
        assert!(outer.rest.contains_key("extra"));
        let outer: Outer = serde_json::from_str(r#"{"total":12}"#).expect("flattened number");
        assert_eq!(outer.inner.total.value(), 12.0);
        let outer: Outer = serde_json::from_str(r#"{"total":-1.5}"#).expect("flattened float");
        assert_eq!(outer.inner.total.value(), -1.5);
    }

    #[test]
    fn debug_shows_the_wire_form() {
        assert_eq!(format!("{:?}", Numeric::from(400_i64)), "Numeric(400)");
        let text = Numeric::text("400.00").expect("a number");
        assert_eq!(format!("{text:?}"), "Numeric(\"400.00\")");
    }
}
