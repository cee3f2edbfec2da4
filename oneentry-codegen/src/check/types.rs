//! The `types` section: names, object fields, string enums, type references, recursion.

use super::objects::{Object, distinct};
use super::{Checker, Shape, recursion};
use crate::Accessors;
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, symbols};
use crate::naming;
use crate::read::{JsonPath, Member, Node, Value};

/// Built-in type names and what they mean, for references and error messages.
const PRIMITIVES: &[(&str, TypeRef)] = &[
    ("string", TypeRef::String),
    ("integer", TypeRef::Integer),
    ("number", TypeRef::Number),
    ("numeric", TypeRef::Numeric),
    ("boolean", TypeRef::Boolean),
    ("secret", TypeRef::Secret),
    ("json", TypeRef::Json),
];

/// The keys that say what kind of type a definition is; it has exactly one.
const KINDS: [&str; 4] = ["fields", "enum", "intEnum", "oneOf"];

/// Names the generated code itself uses next to the spec's names.
const RESERVED_FIELD: &str = symbols::EXTRA_FIELD;

impl Checker<'_> {
    /// Every definition of the `types` section, in spec order; broken ones as placeholders.
    pub(super) fn types(&mut self, section: Option<&Member>, path: &JsonPath) -> Vec<TypeDef> {
        let type_members = match section {
            Some(member) => self
                .object(&member.value, "the type definitions", None)
                .map(|o| o.members)
                .unwrap_or_default(),
            None => &[],
        };
        self.collect_type_names(type_members, path);
        let mut types: Vec<TypeDef> = Vec::new();
        for member in distinct(type_members) {
            if self.unusable_types.contains(&member.key) {
                continue; // an unusable name, already reported
            }
            types.push(self.type_def(member, &path.key(&member.key)));
        }
        self.check_unions(&types);
        for name in recursion::endless(&types) {
            if let Some(member) = type_members.iter().find(|m| m.key == name) {
                let message = format!(
                    "every `{name}` holds another `{name}` through fields that must be present, so no value of it is finite"
                );
                let hint = "make a field on the way back optional or nullable, or an `array`";
                self.error_with_hint(member.key_pos, &path.key(&name), message, hint);
            }
        }
        recursion::break_cycles(&mut types);
        types
    }

    /// Records every type name first, so definitions can refer to each other in any order.
    pub(super) fn collect_type_names(&mut self, members: &[Member], path: &JsonPath) {
        for member in distinct(members) {
            let type_path = path.key(&member.key);
            if !naming::is_type_name(&member.key) {
                let message = format!("`{}` is not a usable Rust type name", member.key);
                let hint = format!(
                    "use UpperCamelCase letters and digits, e.g. `{}`",
                    naming::pascal_case(&member.key)
                );
                self.error_with_hint(member.key_pos, &type_path, message, hint);
                self.unusable_types.insert(member.key.clone());
                continue;
            }
            if self.takes_trait_name(member, &type_path, "type") {
                self.unusable_types.insert(member.key.clone());
                continue;
            }
            // Built-in names are lower case and type names upper case, so `String` is a
            // model like any other: generated code names `::std::string::String` in full.
            let has = |key: &str| matches!(&member.value.value, Value::Object(m) if m.iter().any(|m| m.key == key));
            let shape = if has("fields") {
                Shape::Object
            } else if has("enum") {
                Shape::Enum
            } else if has("intEnum") {
                Shape::IntEnum
            } else if has("oneOf") {
                Shape::Union
            } else {
                Shape::Unknown
            };
            self.types.entry(member.key.clone()).or_insert(shape);
        }
    }

    pub(super) fn type_def(&mut self, member: &Member, path: &JsonPath) -> TypeDef {
        let name = member.key.clone();
        let allowed = ["description", "fields", "enum", "intEnum", "oneOf", "tag"];
        let placeholder = |doc| TypeDef {
            name: name.clone(),
            doc,
            kind: TypeKind::Placeholder,
        };
        let Some(object) = self.object(&member.value, "a type definition", Some(&allowed)) else {
            return placeholder(None);
        };
        let doc = self.description(&object);
        let tag = object.get("tag");
        let kinds: Vec<&Member> = KINDS.iter().filter_map(|k| object.get(k)).collect();
        let kind = match kinds.as_slice() {
            [one] => {
                let at = path.key(&one.key);
                match one.key.as_str() {
                    "fields" => self.fields(&one.value, &at),
                    "enum" => self.variants(&one.value, &at),
                    "intEnum" => self.int_variants(&one.value, &at),
                    _ => self.union(one, tag, &at),
                }
            }
            [] => {
                let message = "a type needs `fields` (an object type), `enum` (a string enum), `intEnum` (an integer enum) or `oneOf` (a tagged union)";
                self.error(member.value.pos, path, message);
                None
            }
            [_, second, ..] => {
                let message =
                    "a type has one of `fields`, `enum`, `intEnum` or `oneOf`, not several";
                self.error(second.key_pos, &path.key(&second.key), message);
                None
            }
        };
        if let Some(tag) = tag
            && object.get("oneOf").is_none()
        {
            let message = "`tag` names the discriminator of a `oneOf` union; this type has none";
            self.error(tag.key_pos, &path.key("tag"), message);
        }
        TypeDef {
            name: name.clone(),
            doc: doc.clone(),
            kind: kind.unwrap_or(TypeKind::Placeholder),
        }
    }

    pub(super) fn fields(&mut self, node: &Node, path: &JsonPath) -> Option<TypeKind> {
        let object = self.object(node, "the fields", None)?;
        let mut fields: Vec<Field> = Vec::new();
        for member in distinct(object.members) {
            let field_path = path.key(&member.key);
            let rust = symbols::field(&member.key);
            if !naming::is_identifier(&rust) {
                let message = format!("`{}` does not make a Rust field name", member.key);
                self.error(member.key_pos, &field_path, message);
                continue;
            }
            if rust == RESERVED_FIELD {
                let message = format!(
                    "a field named `{}` would clash with the generated `{RESERVED_FIELD}` map that keeps unknown fields",
                    member.key
                );
                self.error(member.key_pos, &field_path, message);
                continue;
            }
            if let Some(twin) = fields.iter().find(|f| f.rust == rust) {
                let message = format!(
                    "`{}` and `{}` both become the Rust field `{rust}`",
                    twin.wire, member.key
                );
                self.error(member.key_pos, &field_path, message);
                continue;
            }
            if let Some(field) = self.field(member, rust, &field_path) {
                fields.push(field);
            }
        }
        Some(TypeKind::Object(fields))
    }

    pub(super) fn field(
        &mut self,
        member: &Member,
        rust: String,
        path: &JsonPath,
    ) -> Option<Field> {
        // Shorthand: `"productId": "integer"`.
        if let Value::String(_) = member.value.value {
            let ty = self.type_ref(&member.value, path);
            return Some(Field {
                wire: member.key.clone(),
                rust,
                doc: None,
                ty,
                optional: false,
                nullable: false,
                localized: false,
                tristate: false,
                boxed: false,
            });
        }
        let allowed = [
            "type",
            "description",
            "optional",
            "nullable",
            "localized",
            "tristate",
        ];
        let object = self.object(&member.value, "a field", Some(&allowed))?;
        let ty = match object.get("type") {
            Some(ty) => self.type_ref(&ty.value, &path.key("type")),
            None => {
                self.error(member.value.pos, path, "a field needs a `type`");
                TypeRef::Json
            }
        };
        let tristate = self.boolean(&object, "tristate");
        let localized = self.boolean(&object, "localized");
        if tristate {
            self.tristate_conflicts(&object, localized);
        }
        Some(Field {
            wire: member.key.clone(),
            rust,
            doc: self.description(&object),
            ty,
            optional: tristate || self.boolean(&object, "optional"),
            nullable: tristate || self.boolean(&object, "nullable"),
            localized,
            tristate,
            boxed: false,
        })
    }

    /// A tristate field is optional and nullable by definition: saying otherwise is a
    /// contradiction, and a language map has no way to tell absent from `null`.
    fn tristate_conflicts(&mut self, object: &Object<'_>, localized: bool) {
        for key in ["optional", "nullable"] {
            if let Some(member) = object.get(key)
                && matches!(member.value.value, Value::Bool(false))
            {
                let message = format!(
                    "a `tristate` field may be absent and may be null; `{key}: false` contradicts it"
                );
                let hint = format!("remove `\"{key}\": false`");
                self.error_with_hint(member.value.pos, &object.path.key(key), message, hint);
            }
        }
        if localized && let Some(member) = object.get("tristate") {
            let message = "a `localized` field cannot be `tristate`";
            let hint = "send the language map whole, or make the field `optional` and `nullable`";
            self.error_with_hint(member.key_pos, &object.path.key("tristate"), message, hint);
        }
    }

    /// A type reference: a name, or `{"array": T}`, `{"map": T}`, `{"oneOrMany": T}`,
    /// `{"builtin": "Order"}`.
    pub(super) fn type_ref(&mut self, node: &Node, path: &JsonPath) -> TypeRef {
        match &node.value {
            Value::String(name) => {
                if let Some((_, ty)) = PRIMITIVES.iter().find(|(n, _)| n == name) {
                    return ty.clone();
                }
                if self.types.contains_key(name) {
                    return TypeRef::Named(name.clone());
                }
                if self.unusable_types.contains(name) {
                    return TypeRef::Json; // its definition is reported; uses are not
                }
                let known: Vec<&str> = PRIMITIVES
                    .iter()
                    .map(|(n, _)| *n)
                    .chain(self.types.keys().map(String::as_str))
                    .collect();
                let hint = match naming::closest(name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!(
                        "use a type defined under `types` or one of: {}",
                        PRIMITIVES
                            .iter()
                            .map(|(n, _)| *n)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                self.error_with_hint(node.pos, path, format!("unknown type `{name}`"), hint);
                TypeRef::Json
            }
            Value::Object(members) if distinct(members).count() == 1 => {
                let member = &members[0];
                let inner_path = path.key(&member.key);
                if member.key == "builtin" {
                    return self.builtin_ref(&member.value, &inner_path);
                }
                let wrap: fn(Box<TypeRef>) -> TypeRef = match member.key.as_str() {
                    "array" => TypeRef::Array,
                    "map" => TypeRef::Map,
                    "oneOrMany" => TypeRef::OneOrMany,
                    other => {
                        let message = format!("unknown type constructor `{other}`");
                        let hint = "expected `array`, `map`, `oneOrMany` or `builtin`";
                        self.error_with_hint(member.key_pos, &inner_path, message, hint);
                        return TypeRef::Json;
                    }
                };
                wrap(Box::new(self.type_ref(&member.value, &inner_path)))
            }
            other => {
                let found = other.kind();
                let message = format!(
                    "expected a type: a type name or an object with one key `array`, `map`, `oneOrMany` or `builtin`; found {found}"
                );
                self.error(node.pos, path, message);
                TypeRef::Json
            }
        }
    }

    /// `{"builtin": "Order"}`: a type of the built-in spec, from another spec.
    fn builtin_ref(&mut self, node: &Node, path: &JsonPath) -> TypeRef {
        let Value::String(name) = &node.value else {
            let found = node.value.kind();
            let message = format!("expected the name of a built-in type, found {found}");
            self.error(node.pos, path, message);
            return TypeRef::Json;
        };
        if matches!(self.accessors, Accessors::Inherent) {
            let message = "`builtin` names a type of the built-in spec from another spec";
            let hint = format!("this is the built-in spec: write `\"{name}\"`");
            self.error_with_hint(node.pos, path, message, hint);
            return TypeRef::Json;
        }
        if symbols::BUILT_IN_TYPES.iter().any(|(n, _)| n == name) {
            return TypeRef::Builtin(name.clone());
        }
        let known = symbols::BUILT_IN_TYPES.iter().map(|(n, _)| *n);
        let hint = match naming::closest(name, known) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "see the `types` of the built-in spec, `spec/oneentry.json`".to_owned(),
        };
        let message = format!("unknown built-in type `{name}`");
        self.error_with_hint(node.pos, path, message, hint);
        TypeRef::Json
    }

    /// Whether values of `ty` serialise to a JSON object (what a body must be).
    pub(super) fn is_object_type(&self, ty: &TypeRef) -> bool {
        match ty {
            // A union's variants are all objects; its tag is written first.
            TypeRef::Named(name) => {
                matches!(self.types.get(name), Some(Shape::Object | Shape::Union))
            }
            TypeRef::Builtin(name) => symbols::BUILT_IN_TYPES
                .iter()
                .any(|(n, shape)| n == name && *shape == symbols::BuiltInShape::Object),
            _ => false,
        }
    }
}
