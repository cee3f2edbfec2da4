//! The validated API: what code generation works from.
//!
//! Everything here is already checked (names are valid Rust identifiers, type
//! references resolve, path templates match their parameters), so `expand` never
//! has to report an error and never sees JSON.

/// The whole spec.
#[derive(Debug, Default)]
pub struct Api {
    pub types: Vec<TypeDef>,
    pub modules: Vec<Module>,
}

/// A named type from the spec's `types` section.
#[derive(Debug)]
pub struct TypeDef {
    /// As written in the spec; already a valid Rust type name.
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
}

#[derive(Debug)]
pub enum TypeKind {
    Object(Vec<Field>),
    /// A string enum: known wire values, plus a catch-all for values this spec does not know.
    Enum(Vec<Variant>),
    /// Emitted in place of a type whose definition had errors, so that uses of the
    /// name do not produce a second wave of "cannot find type" errors.
    Placeholder,
}

#[derive(Debug)]
pub struct Variant {
    pub wire: String,
    pub rust: String,
}

#[derive(Debug)]
pub struct Field {
    pub wire: String,
    pub rust: String,
    pub doc: Option<String>,
    pub ty: TypeRef,
    /// The key may be absent.
    pub optional: bool,
    /// The key may hold `null`.
    pub nullable: bool,
    /// Sent as `{"<langCode>": value}`; may arrive keyed by language.
    pub localized: bool,
}

impl Field {
    /// Whether the Rust field is an `Option`.
    pub fn is_option(&self) -> bool {
        self.optional || self.nullable
    }
}

/// A use of a type.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    String,
    Integer,
    Number,
    /// A number that may arrive as a numeric string.
    Numeric,
    Boolean,
    Secret,
    /// Any JSON value.
    Json,
    Named(String),
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A single value or an array of them.
    OneOrMany(Box<TypeRef>),
}

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
    pub doc: Option<String>,
    pub method: HttpMethod,
    /// Module base path joined with the endpoint path: `/api/.../marker/{marker}/orders`.
    pub path: String,
    pub params: Vec<Param>,
    pub body: Option<TypeRef>,
    pub response: TypeRef,
    pub auth: Auth,
    pub session: SessionEffect,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Auth {
    None,
    User,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEffect {
    None,
    Store,
    Clear,
}

#[derive(Debug)]
pub struct Param {
    pub wire: String,
    pub rust: String,
    pub doc: Option<String>,
    pub location: ParamLocation,
    pub ty: TypeRef,
    /// `None`: a required positional argument of the method.
    pub default: Option<Default>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    /// A key of the JSON body, after the body model's own keys.
    Body,
}

/// What an omitted parameter becomes.
#[derive(Debug, PartialEq)]
pub enum Default {
    Integer(i64),
    Boolean(bool),
    /// A string, or the wire value of an enum.
    String(String),
    /// The client's language (`en_US` unless configured).
    ClientLanguage,
    /// The refresh token of the client's session.
    SessionRefreshToken,
    /// The value of another, required parameter: its Rust name.
    Param(String),
}
