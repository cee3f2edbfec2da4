//! Decoding a 2xx body: straight from the bytes, with the JSON path only when that fails.
//!
//! Building a `serde_json::Value` tree and tracking the path of every value costs more than
//! decoding itself, and almost every answer decodes. So the body is first decoded directly;
//! only a body that does not decode is read again as a `Value` and through
//! `serde_path_to_error`, whose error names where the answer went wrong.

use serde::de::DeserializeOwned;

use crate::endpoint::Endpoint;
use crate::{Error, JsonValue, Result, localized};

/// Longest decoder message kept in [`Error::Decode`]: serde quotes the offending value, which
/// can be a whole (huge) body.
const MAX_DECODE_MESSAGE: usize = 300;

/// Decodes `body` as `T`, with `language` as the key of localized fields.
pub(crate) fn decode<T: DeserializeOwned>(
    endpoint: &'static Endpoint,
    status: u16,
    language: &str,
    body: &[u8],
) -> Result<T> {
    if !is_blank(body)
        && let Ok(decoded) = localized::with_language(language, || serde_json::from_slice(body))
    {
        return Ok(decoded);
    }
    // The error path: read again, slowly, to say where.
    decode_value(
        endpoint,
        status,
        language,
        parse_body(endpoint, status, body)?,
    )
}

/// Decodes an already parsed body as `T`; a failure names the JSON path.
pub(crate) fn decode_value<T: DeserializeOwned>(
    endpoint: &'static Endpoint,
    status: u16,
    language: &str,
    value: JsonValue,
) -> Result<T> {
    localized::with_language(language, || serde_path_to_error::deserialize::<_, T>(value)).map_err(
        |err| Error::Decode {
            endpoint: endpoint.id,
            status,
            path: err.path().to_string(),
            message: crate::error::truncate(&err.into_inner().to_string(), MAX_DECODE_MESSAGE),
        },
    )
}

/// The 2xx body as JSON; an empty body is `null`, invalid JSON a decode error at `.`.
pub(crate) fn parse_body(
    endpoint: &'static Endpoint,
    status: u16,
    body: &[u8],
) -> Result<JsonValue> {
    if is_blank(body) {
        return Ok(JsonValue::Null);
    }
    serde_json::from_slice(body).map_err(|err| Error::Decode {
        endpoint: endpoint.id,
        status,
        path: ".".to_owned(),
        message: format!("the body is not valid JSON: {err}"),
    })
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::{Auth, Method, Segment, SessionEffect};

    static ENDPOINT: Endpoint = Endpoint {
        id: "X.get",
        method: Method::Get,
        path: &[Segment::Literal("/x")],
        template: "/x",
        params: &[],
        auth: Auth::None,
        idempotent: true,
        paginated: false,
        session: SessionEffect::None,
        resend_after_refresh: true,
        protocol: None,
    };

    #[derive(Debug, serde::Deserialize)]
    struct Item {
        #[allow(dead_code)]
        id: i64,
    }

    #[test]
    fn empty_and_invalid_bodies() {
        assert_eq!(parse_body(&ENDPOINT, 200, b"").ok(), Some(JsonValue::Null));
        assert_eq!(
            parse_body(&ENDPOINT, 204, b" \n").ok(),
            Some(JsonValue::Null)
        );
        let err = parse_body(&ENDPOINT, 200, b"<html>").expect_err("not JSON");
        assert!(
            err.to_string().starts_with(
                "X.get: unexpected response (HTTP 200) at `.`: the body is not valid JSON"
            ),
            "{err}"
        );
        let unit: Option<Item> = decode(&ENDPOINT, 204, "en_US", b"").expect("null");
        assert!(unit.is_none());
    }

    #[test]
    fn a_body_that_does_not_decode_names_the_path() {
        let ok: Vec<Item> = decode(&ENDPOINT, 200, "en_US", br#"[{"id":1}]"#).expect("items");
        assert_eq!(ok.len(), 1);
        let err = decode::<Vec<Item>>(&ENDPOINT, 200, "en_US", br#"[{"id":1},{"id":"x"}]"#)
            .expect_err("a string id");
        let Error::Decode { path, message, .. } = &err else {
            panic!("not a decode error: {err:?}");
        };
        assert_eq!(path, "[1].id");
        assert!(message.contains("invalid type"), "{message}");
    }
}
