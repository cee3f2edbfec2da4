//! A request's JSON body: the model serialised once, then the body parameters, rendered to
//! bytes for each attempt.
//!
//! The model goes straight to bytes (no `serde_json::Value` in between). Body parameters are
//! appended after its keys, in spec order; a parameter that defaults to the session's refresh
//! token (a logout's) is *bound late*: its value is read from the session each time the body
//! is rendered, so a refresh that rotates the token during the call is picked up without
//! looking into the body.

use crate::Secret;

/// The body of a request, kept in parts until it is rendered.
#[derive(Default)]
pub(crate) struct Body {
    /// The model as a JSON object (`{...}`), serialised once.
    model: Option<Vec<u8>>,
    /// Top-level keys after the model's, in the order they were added.
    fields: Vec<(&'static str, Field)>,
    /// A bare JSON array (`[...]`), sent as it is; it has no keys to add fields to.
    array: Option<Vec<u8>>,
}

/// The value of one top-level body key.
enum Field {
    /// Serialised when the request was built.
    Json(Vec<u8>),
    /// The session's refresh token at the time the body is rendered.
    SessionRefreshToken,
}

/// Rendering needed the session's refresh token and the session has none.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NoRefreshToken;

impl Body {
    /// Sets the model; `json` must be a serialised JSON object.
    pub(crate) fn set_model(&mut self, json: Vec<u8>) {
        self.model = Some(json);
    }

    /// Sets the whole body to a serialised JSON array; keys set with [`Body::set_json`] are
    /// then not sent (the spec check rejects body parameters next to an array body).
    pub(crate) fn set_array(&mut self, json: Vec<u8>) {
        self.array = Some(json);
    }

    /// Appends a key whose value is already serialised, or replaces the value of a key added
    /// before (it keeps its position).
    pub(crate) fn set_json(&mut self, name: &'static str, json: Vec<u8>) {
        self.set(name, Field::Json(json));
    }

    /// Appends a key that takes the session's refresh token when the body is rendered.
    pub(crate) fn set_session_refresh_token(&mut self, name: &'static str) {
        self.set(name, Field::SessionRefreshToken);
    }

    fn set(&mut self, name: &'static str, field: Field) {
        match self.fields.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = field,
            None => self.fields.push((name, field)),
        }
    }

    /// Names of the keys after the model's, for `Debug` (values may be secrets).
    pub(crate) fn field_names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(n, _)| *n).collect()
    }

    /// The body's bytes, with `refresh` as the value of late-bound keys.
    pub(crate) fn render(&self, refresh: Option<&Secret>) -> Result<Vec<u8>, NoRefreshToken> {
        if let Some(array) = &self.array {
            return Ok(array.clone());
        }
        let model = self.model.as_deref().unwrap_or(b"{}");
        // The model is `{...}`; its keys are kept and the fields go before the closing brace.
        let open = model.strip_suffix(b"}").unwrap_or(b"{");
        let extra: usize = self.fields.iter().map(|(n, _)| n.len() + 48).sum();
        let mut out = Vec::with_capacity(model.len() + extra);
        out.extend_from_slice(open);
        let mut empty = open.iter().all(|b| *b == b'{' || b.is_ascii_whitespace());
        for (name, field) in &self.fields {
            if !empty {
                out.push(b',');
            }
            empty = false;
            push_string(&mut out, name);
            out.push(b':');
            match field {
                Field::Json(json) => out.extend_from_slice(json),
                Field::SessionRefreshToken => {
                    push_string(&mut out, refresh.ok_or(NoRefreshToken)?.expose());
                }
            }
        }
        out.push(b'}');
        Ok(out)
    }
}

/// Appends `text` as a JSON string.
fn push_string(out: &mut Vec<u8>, text: &str) {
    // Serialising a `str` into a `Vec` cannot fail.
    let _ = serde_json::to_writer(&mut *out, text);
}

/// What a serialised JSON value is, from its first byte, for error messages.
pub(crate) fn json_kind(json: &[u8]) -> &'static str {
    match json.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'"') => "a string",
        Some(b'n') => "null",
        Some(b't' | b'f') => "a boolean",
        _ => "a number",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(body: &Body, refresh: Option<&str>) -> String {
        let refresh = refresh.map(Secret::from);
        let bytes = body.render(refresh.as_ref()).expect("render");
        String::from_utf8(bytes).expect("utf-8")
    }

    #[test]
    fn fields_follow_the_model_in_order() {
        let mut body = Body::default();
        body.set_json("b", b"1".to_vec());
        body.set_model(br#"{"a":[1]}"#.to_vec());
        body.set_session_refresh_token("refreshToken");
        body.set_json("c", b"\"x\"".to_vec());
        assert_eq!(
            text(&body, Some("r\"1")),
            r#"{"a":[1],"b":1,"refreshToken":"r\"1","c":"x"}"#
        );
        body.set_json("b", b"2".to_vec());
        assert_eq!(
            text(&body, Some("r2")),
            r#"{"a":[1],"b":2,"refreshToken":"r2","c":"x"}"#
        );
    }

    #[test]
    fn an_array_body_is_sent_as_it_is() {
        let mut body = Body::default();
        body.set_array(br#"[{"a":1},{"b":2}]"#.to_vec());
        assert_eq!(text(&body, None), r#"[{"a":1},{"b":2}]"#);
        body.set_array(b"[]".to_vec());
        assert_eq!(text(&body, None), "[]");
    }

    #[test]
    fn empty_models_and_fields_alone() {
        let mut body = Body::default();
        assert_eq!(text(&body, None), "{}");
        body.set_model(b"{}".to_vec());
        assert_eq!(text(&body, None), "{}");
        body.set_session_refresh_token("t");
        assert_eq!(text(&body, Some("r")), r#"{"t":"r"}"#);
        assert_eq!(body.render(None), Err(NoRefreshToken));
        assert_eq!(body.field_names(), ["t"]);
    }

    #[test]
    fn kinds_of_values() {
        for (json, kind) in [
            (&b"[1]"[..], "an array"),
            (b" {}", "an object"),
            (b"\"s\"", "a string"),
            (b"null", "null"),
            (b"true", "a boolean"),
            (b"-1", "a number"),
        ] {
            assert_eq!(json_kind(json), kind);
        }
    }
}
