//! A request's header parameters: checked when set, applied to each attempt after the client's
//! own headers.
//!
//! A header that defaults to the session's refresh token is *bound late*, as the body key of
//! the same kind is (`request_body.rs`): its value is read from the session for each attempt,
//! so a request resent after a refresh that rotated the token carries the new one.

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::Secret;

/// The header parameters of one request, in the order they were set.
#[derive(Default)]
pub(crate) struct HeaderParams(Vec<(HeaderName, Part)>);

enum Part {
    Value(HeaderValue),
    /// The session's refresh token when the attempt is sent.
    SessionRefreshToken,
}

/// Why the header parameters could not be applied to an attempt.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Unsendable {
    /// A late-bound refresh token, and the session has none.
    NoRefreshToken,
    /// The session's refresh token cannot be a header value; the header's name.
    InvalidToken(String),
}

impl HeaderParams {
    /// Sets `name` (replacing an earlier value, which keeps its position).
    pub(crate) fn set(&mut self, name: HeaderName, value: HeaderValue) {
        self.put(name, Part::Value(value));
    }

    /// Sets `name` to the session's refresh token as it is when each attempt is sent.
    pub(crate) fn set_session_refresh_token(&mut self, name: HeaderName) {
        self.put(name, Part::SessionRefreshToken);
    }

    fn put(&mut self, name: HeaderName, part: Part) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = part,
            None => self.0.push((name, part)),
        }
    }

    /// Names only: values may be secrets.
    pub(crate) fn names(&self) -> Vec<&str> {
        self.0.iter().map(|(n, _)| n.as_str()).collect()
    }

    /// Adds every header to `headers`, with `refresh` as the value of late-bound ones.
    pub(crate) fn apply(
        &self,
        headers: &mut HeaderMap,
        refresh: Option<&Secret>,
    ) -> Result<(), Unsendable> {
        for (name, part) in &self.0 {
            let value = match part {
                Part::Value(value) => value.clone(),
                Part::SessionRefreshToken => {
                    let token = refresh.ok_or(Unsendable::NoRefreshToken)?;
                    let mut value = HeaderValue::from_str(token.expose())
                        .map_err(|_| Unsendable::InvalidToken(name.as_str().to_owned()))?;
                    value.set_sensitive(true);
                    value
                }
            };
            headers.insert(name.clone(), value);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &'static str) -> HeaderName {
        HeaderName::from_static(text)
    }

    #[test]
    fn values_and_late_bound_tokens_in_order() {
        let mut params = HeaderParams::default();
        params.set(name("x-a"), HeaderValue::from_static("1"));
        params.set_session_refresh_token(name("x-token"));
        params.set(name("x-a"), HeaderValue::from_static("2"));
        assert_eq!(params.names(), ["x-a", "x-token"]);

        let mut headers = HeaderMap::new();
        params
            .apply(&mut headers, Some(&Secret::from("r2")))
            .expect("apply");
        assert_eq!(headers["x-a"], "2");
        assert_eq!(headers["x-token"], "r2");
        assert!(headers["x-token"].is_sensitive());

        let mut headers = HeaderMap::new();
        assert_eq!(
            params.apply(&mut headers, None),
            Err(Unsendable::NoRefreshToken)
        );
        assert_eq!(
            params.apply(&mut headers, Some(&Secret::from("bad\ntoken"))),
            Err(Unsendable::InvalidToken("x-token".to_owned()))
        );
    }
}
