//! What the runtime knows about an endpoint: a plain description, filled in by generated code.
//!
//! Generated code emits one `static` [`Endpoint`] per endpoint of the spec. The runtime acts
//! only on what such a description says (how to build the URL, whether a user is needed,
//! whether a resend is safe, what a successful answer does to the session), so it never has
//! to know a route by heart or parse a path template at run time. The same descriptions let
//! other tools (a mock server, route tables, docs) walk an API without reading the spec.

use std::fmt;

/// Static description of one endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// `Module.endpoint`, e.g. `Orders.createOrder`: starts every error message, names the
    /// tracing span, so a failure points at the spec entry that describes it.
    pub id: &'static str,
    /// HTTP method.
    pub method: Method,
    /// The path relative to the project URL, already split into literal text and named
    /// placeholders, so building a URL is a walk over the parts, never a template parse.
    pub path: &'static [Segment],
    /// The same path as a template with `{name}` placeholders
    /// (`/api/content/orders-storage/marker/{marker}/orders`): for spans, logs and docs,
    /// where the filled-in path would leak user data (ids, markers).
    pub template: &'static str,
    /// Every parameter of the endpoint in spec order (the wire order of query parameters
    /// and body keys), with where it goes on the wire.
    pub params: &'static [Param],
    /// Whether the endpoint needs a signed-in user.
    pub auth: Auth,
    /// The request may be sent again when its outcome is unknown: the retry policy re-sends
    /// only idempotent requests. From the spec's `idempotent` (by default true for `GET`,
    /// false otherwise).
    pub idempotent: bool,
    /// A list endpoint whose request builder can walk every page (`offset`/`limit`).
    pub paginated: bool,
    /// What a 2xx answer does to the client's session.
    pub session: SessionEffect,
    /// After a 401 to this request, the client may refresh the tokens and send it again. The
    /// spec's `resendAfterRefresh`: true unless the endpoint opens or refreshes a session (a
    /// 401 there means bad credentials or a dead refresh token, and refreshing cannot help).
    pub resend_after_refresh: bool,
    /// How the API this endpoint belongs to refreshes a session, when its spec declares a
    /// refresh endpoint. It travels with every endpoint, so a client calling a downstream
    /// crate's API refreshes through that API's own route without being told about it.
    pub protocol: Option<&'static Protocol>,
}

impl Endpoint {
    /// Whether sending the request twice has the same effect as sending it once, which
    /// makes it safe to resend after an attempt whose outcome is unknown: the spec's
    /// `idempotent`, so a `PUT` that replaces a resource can be retried while a `POST` that
    /// creates one never is.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// The parameter sent under `name` (its wire name), if the endpoint has one.
    pub fn param(&self, name: &str) -> Option<&'static Param> {
        self.params.iter().find(|p| p.name == name)
    }
}

/// One part of an endpoint's path.
///
/// `/api/content/users-auth-providers/marker/{marker}/users/auth` is
/// `[Literal("/api/content/users-auth-providers/marker/"), Param("marker"), Literal("/users/auth")]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is (already valid in a URL path).
    Literal(&'static str),
    /// The value of the path parameter with this wire name, percent-encoded.
    Param(&'static str),
}

/// One parameter of an endpoint: the name it has on the wire and where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The wire name: the placeholder, query key, body key or header name.
    pub name: &'static str,
    /// Where the value is sent.
    pub location: Location,
    /// Whether the caller must give a value (a positional argument of the method); optional
    /// parameters have a default the generated code or the runtime fills in, or are left out
    /// of the request unless the caller sets them.
    pub required: bool,
    /// For an array query parameter, how its items are written; `None` for a single value.
    pub array: Option<ArrayStyle>,
}

/// How the items of an array query parameter are written into the query string, each
/// percent-encoded. An empty array is left out of the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `ids=1,2`: the key once, the items joined by a comma (not encoded, so a comma inside
    /// an item stays distinguishable as `%2C`).
    Comma,
    /// `ids=1&ids=2`: the key once per item.
    Repeat,
}

/// Where a parameter's value goes on the wire.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// A percent-encoded path segment.
    Path,
    /// `name=value` in the query string, percent-encoded.
    Query,
    /// A top-level key of the JSON body, after the body model's own keys.
    Body,
    /// A request header, after the ones the client sets (docs/wire.md#headers). Its value
    /// must be a valid header value, else the call fails with `Error::Encode` naming it.
    Header,
}

/// HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST` (the only method that carries `x-device-metadata`, like the official SDK)
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`: its answer has no body.
    Head,
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
            Self::Patch => "PATCH",
            Self::Delete => "DELETE",
            Self::Head => "HEAD",
        }
    }

    /// Whether a request with this method may carry a body (a JSON body is sent only then).
    pub fn has_body(self) -> bool {
        matches!(self, Self::Post | Self::Put | Self::Patch)
    }
}

/// Authentication an endpoint needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    /// Only the app token. The access token is still sent when the session has one.
    None,
    /// A signed-in user: without any token the call fails fast with `Error::NotSignedIn`.
    User,
}

/// Effect of a successful (2xx) answer on the client's session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEffect {
    /// None.
    None,
    /// A sign-in: the answer's tokens become the session.
    Opens(Grant),
    /// The refresh endpoint (also called by the client itself, see [`Protocol`]): the answer's
    /// tokens replace the session's.
    Refreshes(Grant),
    /// A sign-out: a 2xx answer ends the session (after a failed one the server still knows
    /// it, and the app can retry).
    Ends(Ends),
}

impl SessionEffect {
    /// Where the tokens sit in the answer, for the effects that store tokens.
    pub fn grant(&self) -> Option<&Grant> {
        match self {
            Self::Opens(grant) | Self::Refreshes(grant) => Some(grant),
            Self::None | Self::Ends(_) => None,
        }
    }
}

/// Where a sign-in or refresh answer holds the new tokens, and what to remember of the request.
///
/// The pointers are JSON pointers (RFC 6901) into the answer, checked against the response
/// type when the spec is compiled, so an API may name and nest its tokens as it likes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grant {
    /// The access token, e.g. `/accessToken`.
    pub access_token: &'static str,
    /// The refresh token, e.g. `/refreshToken`.
    pub refresh_token: &'static str,
    /// The parameter (path or query) whose value names the auth provider that issued the
    /// tokens; the session remembers it, and automatic refresh sends it back (see
    /// [`Provider`]).
    pub provider: Option<&'static str>,
}

/// Which sessions a sign-out ends on the server. The client forgets its own tokens either way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// This device's session.
    ThisDevice,
    /// Every session of the user.
    AllDevices,
}

/// How an API refreshes a session: what the client needs to buy new tokens by itself, after a
/// 401 or before a user call made with only a refresh token.
///
/// Generated code emits one `static` per spec that declares a refresh endpoint; every endpoint
/// of that spec points at it ([`Endpoint::protocol`]).
#[derive(Clone, Copy)]
pub struct Protocol {
    /// The refresh endpoint; its [`SessionEffect::Refreshes`] says where the new tokens sit.
    pub refresh: &'static Endpoint,
    /// The parameter of `refresh` that carries the session's refresh token.
    pub token_param: &'static str,
    /// The parameter of `refresh` that names the auth provider, if the API has providers.
    pub provider: Option<Provider>,
}

impl Protocol {
    /// Where the refresh answer holds the new tokens.
    pub fn grant(&self) -> Option<&Grant> {
        self.refresh.session.grant()
    }
}

/// The refresh endpoint's `refresh` shows only its id: it points back at this protocol.
impl fmt::Debug for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Protocol")
            .field("refresh", &self.refresh.id)
            .field("token_param", &self.token_param)
            .field("provider", &self.provider)
            .finish()
    }
}

/// Compares the refresh endpoint by address: it points back at this protocol, so comparing it
/// by value would never end.
impl PartialEq for Protocol {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.refresh, other.refresh)
            && self.token_param == other.token_param
            && self.provider == other.provider
    }
}

impl Eq for Protocol {}

/// The refresh endpoint's provider parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provider {
    /// Its wire name.
    pub param: &'static str,
    /// The provider used until a sign-in names one (a session restored from a saved refresh
    /// token), unless the client was configured with another.
    pub default: &'static str,
}
