//! Parameter text as it arrives: percent-decoding and parsing into the spec's scalar types.

use std::borrow::Cow;

use serde::de::DeserializeOwned;

use crate::JsonValue;

/// Percent-decodes `raw`; in a query (`plus_is_space`) `+` is a space too, as HTML forms send
/// it. A `%` not followed by two hex digits is kept as it is, like browsers do. `None` when the
/// decoded bytes are not UTF-8.
pub(super) fn percent_decode(raw: &str, plus_is_space: bool) -> Option<Cow<'_, str>> {
    if !raw
        .bytes()
        .any(|b| b == b'%' || (plus_is_space && b == b'+'))
    {
        return Some(Cow::Borrowed(raw));
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => match (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

fn hex(byte: Option<&u8>) -> Option<u8> {
    let digit = char::from(*byte?).to_digit(16)?;
    u8::try_from(digit).ok()
}

/// The `name=value` pairs of a query string, decoded, in order. A pair that does not decode
/// to UTF-8 is kept with `None` as its value, so asking for it is an error naming it.
pub(super) fn query_pairs(query: &str) -> Vec<(Cow<'_, str>, Option<Cow<'_, str>>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = percent_decode(name, true)?;
            Some((name, percent_decode(value, true)))
        })
        .collect()
}

/// A path or query value as the spec's type: text for strings, secrets and enums, a literal
/// for numbers and booleans. The error is serde's, which names what was expected.
pub(super) fn parse_text<T: DeserializeOwned>(raw: &str) -> Result<T, String> {
    match serde_json::from_value::<T>(JsonValue::String(raw.to_owned())) {
        Ok(value) => Ok(value),
        Err(as_text) => {
            // Only plain literals: JSON would also accept ` 1`, `[1]` or `{}`.
            let literal = raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'));
            match literal.then(|| serde_json::from_str::<T>(raw)) {
                Some(Ok(value)) => Ok(value),
                _ => Err(as_text.to_string()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_and_plus() {
        assert_eq!(percent_decode("a%20b+c", true).as_deref(), Some("a b c"));
        assert_eq!(percent_decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(percent_decode("100%", false).as_deref(), Some("100%"));
        assert_eq!(percent_decode("%2Fx%zz", false).as_deref(), Some("/x%zz"));
        assert_eq!(percent_decode("%FF", false), None);
    }

    #[test]
    fn splits_queries() {
        let pairs = query_pairs("a=1&b=x%26y&&c&d=%FF");
        let pairs: Vec<_> = pairs
            .iter()
            .map(|(n, v)| (n.as_ref(), v.as_deref()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("a", Some("1")),
                ("b", Some("x&y")),
                ("c", Some("")),
                ("d", None)
            ]
        );
    }

    #[test]
    fn parses_scalars() {
        assert_eq!(parse_text::<i64>("42"), Ok(42));
        assert_eq!(parse_text::<String>("42"), Ok("42".to_owned()));
        assert_eq!(parse_text::<bool>("true"), Ok(true));
        assert_eq!(parse_text::<f64>("1.5"), Ok(1.5));
        let err = parse_text::<i64>("abc").expect_err("not a number");
        assert!(err.contains("expected i64"), "{err}");
        assert!(parse_text::<i64>(" 1").is_err());
        assert!(parse_text::<i64>("[1]").is_err());
    }
}
