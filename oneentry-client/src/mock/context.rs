//! [`Ctx`]: what a handler may want besides the typed parameters.

use std::fmt;

use hyper::header::{AUTHORIZATION, HeaderMap};
use hyper::http::request;

use super::Method;
use crate::Secret;
use crate::endpoint::Endpoint;
use crate::localized::DEFAULT_LANGUAGE;

/// The header the client sends the app token in (`docs/wire.md#headers`).
pub(super) const APP_TOKEN_HEADER: &str = "x-app-token";

/// The request around the typed parameters: endpoint, headers, tokens, language. Given to
/// handlers registered with [`Router::on_with_context`](super::Router::on_with_context), so
/// that a stateful server can share its lookups (the signed-in user from the bearer token,
/// the language of the answer) across handlers.
pub struct Ctx {
    endpoint: &'static Endpoint,
    head: request::Parts,
    language: Option<String>,
}

impl Ctx {
    pub(super) fn new(
        endpoint: &'static Endpoint,
        head: request::Parts,
        language: Option<String>,
    ) -> Self {
        Self {
            endpoint,
            head,
            language,
        }
    }

    /// The endpoint the request was routed to.
    pub fn endpoint(&self) -> &'static Endpoint {
        self.endpoint
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.head.method
    }

    /// The path as sent, still percent-encoded.
    pub fn path(&self) -> &str {
        self.head.uri.path()
    }

    /// The query string as sent, if any.
    pub fn query(&self) -> Option<&str> {
        self.head.uri.query()
    }

    /// Every header of the request.
    pub fn headers(&self) -> &HeaderMap {
        &self.head.headers
    }

    /// The value of a header, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.headers.get(name)?.to_str().ok()
    }

    /// The token of `Authorization: Bearer <token>`, if the request has one.
    pub fn bearer(&self) -> Option<Secret> {
        let value = self.head.headers.get(AUTHORIZATION)?.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        let token = token.trim();
        (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| Secret::new(token))
    }

    /// The app token the request sent (`x-app-token`), if any.
    pub fn app_token(&self) -> Option<Secret> {
        self.header(APP_TOKEN_HEADER).map(Secret::new)
    }

    /// The language the request asked for: the value of the endpoint's language parameter
    /// ([`Operation::LANGUAGE`](super::Operation::LANGUAGE)), else `en_US`. `localized`
    /// fields of the answer are written in it.
    pub fn language(&self) -> &str {
        self.language.as_deref().unwrap_or(DEFAULT_LANGUAGE)
    }

    /// Whether the request named a language itself.
    pub fn has_language(&self) -> bool {
        self.language.is_some()
    }
}

/// Header values may hold tokens: only the endpoint, method and path are shown.
impl fmt::Debug for Ctx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ctx")
            .field("endpoint", &self.endpoint.id)
            .field("method", &self.head.method)
            .field("path", &self.path())
            .field("language", &self.language())
            .finish_non_exhaustive()
    }
}
