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
    /// An integer enum: known numbers with their Rust names, plus a catch-all for others.
    IntEnum(Vec<IntVariant>),
    /// One of several object types, chosen by the string at a tag key.
    Union(Union),
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
pub struct IntVariant {
    pub value: i64,
    pub rust: String,
}

#[derive(Debug)]
pub struct Union {
    /// The key whose string value chooses the variant (`kind`).
    pub tag: String,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug)]
pub struct UnionVariant {
    /// The tag's value for this variant (`card`).
    pub wire: String,
    /// The enum variant (`Card`).
    pub rust: String,
    /// The object type it holds.
    pub ty: String,
    /// Held in a `Box`: the variant's type contains the union again (see [`Field::boxed`]).
    pub boxed: bool,
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
    /// Absent, `null` and a value are three different things: `Patch<T>`.
    pub tristate: bool,
    /// The field's type contains this type again (directly or through others) without an
    /// array or map in between, so the value it holds inline is boxed.
    pub boxed: bool,
}

impl Field {
    /// Whether the Rust field is an `Option` (a tristate field is a `Patch` instead).
    pub fn is_option(&self) -> bool {
        (self.optional || self.nullable) && !self.tristate
    }

    /// Whether the field can be left out of `T::new(...)`.
    pub fn has_default(&self) -> bool {
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
    /// A type of the built-in OneEntry spec, used from another spec: `oneentry_client::api::Order`.
    Builtin(String),
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    /// A single value or an array of them.
    OneOrMany(Box<TypeRef>),
}
