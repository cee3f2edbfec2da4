//! Modules, their endpoints and the endpoints' parameters.

use super::TypeRef;

/// A group of endpoints sharing a base path, e.g. `Orders`.
#[derive(Debug)]
pub struct Module {
    /// As written in the spec (`AuthProvider`); the handle struct's name.
    pub name: String,
    /// Accessor on the client and name of the builders' module (`auth_provider`).
    pub rust: String,
    pub doc: Option<String>,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug)]
pub struct Endpoint {
    /// As written in the spec (`createOrder`).
    pub name: String,
    /// The method (`create_order`).
    pub rust: String,
    /// The request builder (`CreateOrder`).
    pub builder: String,
    /// The `static` describing the endpoint to the runtime (`CREATE_ORDER`).
    pub static_name: String,
    /// The mock server's operation type (`CreateOrder` in `orders::ops`).
    pub operation: String,
    /// The typed request of that operation (`CreateOrderRequest`).
    pub operation_request: String,
    pub doc: Option<String>,
    pub method: HttpMethod,
    /// Module base path joined with the endpoint path: `/api/.../marker/{marker}/orders`.
    pub path: String,
    /// `path` split into literal text and placeholders, as the runtime walks it.
    pub segments: Vec<Segment>,
    pub params: Vec<Param>,
    pub body: Option<TypeRef>,
    /// `None` for an answer without a body (`HEAD`): the method returns `()`.
    pub response: Option<TypeRef>,
    pub auth: Auth,
    pub session: SessionEffect,
    /// Whether a refresh may fix a 401 to this request, which is then sent again.
    pub resend_after_refresh: bool,
    /// Whether the request may be re-sent when its outcome is unknown.
    pub idempotent: bool,
    /// Set for list endpoints whose builder can walk every page.
    pub paging: Option<Paging>,
}

/// How a paginated endpoint's answer holds its items.
#[derive(Debug)]
pub struct Paging {
    /// The type of one item.
    pub item: TypeRef,
    /// A `{total, items}` object type that needs an `impl Page`; `None` for a plain array.
    pub page_object: Option<String>,
    pub default_offset: i64,
    pub default_limit: i64,
}

/// One part of an endpoint's path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// A placeholder: the wire name of a path parameter.
    Param(String),
}

/// Splits a path template at its `{name}` placeholders. A template the checks rejected
/// (an unclosed `{`) keeps the rest as literal text, so its fallback code still compiles.
pub fn segments(template: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        if open > 0 {
            segments.push(Segment::Literal(rest[..open].to_owned()));
        }
        segments.push(Segment::Param(after[..close].to_owned()));
        rest = &after[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Literal(rest.to_owned()));
    }
    segments
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
        }
    }

    /// The variant of `oneentry_client::endpoint::Method`.
    pub fn variant(self) -> &'static str {
        match self {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Patch => "Patch",
            HttpMethod::Delete => "Delete",
            HttpMethod::Head => "Head",
        }
    }

    /// Whether a request with this method carries a JSON body.
    pub fn has_body(self) -> bool {
        matches!(self, HttpMethod::Post | HttpMethod::Put | HttpMethod::Patch)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    None,
    User,
}

/// What a successful answer does to the client's session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionEffect {
    None,
    /// A sign-in.
    Opens(Grant),
    /// The refresh endpoint, which the client also calls by itself.
    Refreshes(Refresh),
    /// A sign-out.
    Ends(Ends),
}

impl SessionEffect {
    /// Where the tokens sit in the answer, for sign-in and refresh.
    pub fn grant(&self) -> Option<&Grant> {
        match self {
            SessionEffect::Opens(grant) => Some(grant),
            SessionEffect::Refreshes(refresh) => Some(&refresh.grant),
            SessionEffect::None | SessionEffect::Ends(_) => None,
        }
    }
}

/// Where a sign-in or refresh answer holds the tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// JSON pointer to the access token.
    pub access_token: String,
    /// JSON pointer to the refresh token.
    pub refresh_token: String,
    /// The wire name of the path or query parameter that names the auth provider.
    pub provider: Option<String>,
}

/// The refresh endpoint's declaration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refresh {
    pub grant: Grant,
    /// The wire name of the parameter that carries the refresh token.
    pub token_param: String,
    /// The provider before any sign-in names one; set exactly when `grant.provider` is.
    pub default_provider: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    ThisDevice,
    AllDevices,
}

#[derive(Debug)]
pub struct Param {
    pub wire: String,
    pub rust: String,
    pub doc: Option<String>,
    pub location: ParamLocation,
    pub ty: TypeRef,
    /// `None`: a required positional argument of the method, unless `optional`.
    pub default: Option<Default>,
    /// Without a default: a setter, and left out of the request unless the caller sets it.
    pub optional: bool,
    /// How the elements of an array query parameter go into the query; `Some` exactly for
    /// those.
    pub style: Option<ArrayStyle>,
}

impl Param {
    /// Whether the caller must give a value: a positional argument of the method. The
    /// others are setters on the request builder.
    pub fn is_required(&self) -> bool {
        self.default.is_none() && !self.optional
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    /// A key of the JSON body, after the body model's own keys.
    Body,
    /// A request header.
    Header,
}

impl ParamLocation {
    /// The variant of `oneentry_client::endpoint::Location`.
    pub fn variant(self) -> &'static str {
        match self {
            ParamLocation::Path => "Path",
            ParamLocation::Query => "Query",
            ParamLocation::Body => "Body",
            ParamLocation::Header => "Header",
        }
    }
}

/// How an array query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArrayStyle {
    /// `ids=1,2`: one key, the encoded elements joined by an unencoded comma.
    Comma,
    /// `ids=1&ids=2`: the key once per element.
    Repeat,
}

impl ArrayStyle {
    /// The variant of `oneentry_client::endpoint::ArrayStyle`.
    pub fn variant(self) -> &'static str {
        match self {
            ArrayStyle::Comma => "Comma",
            ArrayStyle::Repeat => "Repeat",
        }
    }
}

/// What an omitted parameter becomes.
#[derive(Debug, PartialEq)]
pub enum Default {
    Integer(i64),
    Boolean(bool),
    String(String),
    /// A value of the parameter's string enum.
    Variant {
        /// As the spec writes it (`session`).
        wire: String,
        /// The enum variant (`Session`).
        rust: String,
    },
    /// The client's language (`en_US` unless configured).
    ClientLanguage,
    /// The refresh token of the client's session.
    SessionRefreshToken,
    /// The value of another, required parameter: its Rust name.
    Param(String),
}

#[cfg(test)]
mod tests {
    use super::{Segment, segments};

    fn lit(text: &str) -> Segment {
        Segment::Literal(text.to_owned())
    }

    fn param(name: &str) -> Segment {
        Segment::Param(name.to_owned())
    }

    #[test]
    fn templates_split_into_literals_and_placeholders() {
        assert_eq!(
            segments("/api/marker/{marker}/orders/{id}"),
            [
                lit("/api/marker/"),
                param("marker"),
                lit("/orders/"),
                param("id")
            ]
        );
        assert_eq!(segments("{a}{b}"), [param("a"), param("b")]);
        assert_eq!(segments("/plain/"), [lit("/plain/")]);
        assert_eq!(segments(""), []);
        // Rejected by the checks; the fallback keeps the text.
        assert_eq!(
            segments("/x/{a}/{open"),
            [lit("/x/"), param("a"), lit("/{open")]
        );
    }
}
