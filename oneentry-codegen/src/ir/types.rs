//! The spec's named types and the references to them.

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
