//! The `types` section: names, object fields, string enums, type references, recursion.

use std::collections::{HashMap, HashSet};

use super::objects::distinct;
use super::{Checker, Shape};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef, Variant, symbols};
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

/// Names the generated code itself uses next to the spec's names.
const RESERVED_FIELD: &str = symbols::EXTRA_FIELD;
const RESERVED_ENUM_VARIANT: &str = symbols::OTHER_VARIANT;

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
        self.check_recursion(&types, type_members, path);
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
            let shape = match &member.value.value {
                Value::Object(m) if m.iter().any(|m| m.key == "fields") => Shape::Object,
                Value::Object(m) if m.iter().any(|m| m.key == "enum") => Shape::Enum,
                _ => Shape::Unknown,
            };
            self.types.entry(member.key.clone()).or_insert(shape);
        }
    }

    pub(super) fn type_def(&mut self, member: &Member, path: &JsonPath) -> TypeDef {
        let name = member.key.clone();
        let allowed = ["description", "fields", "enum"];
        let placeholder = |doc| TypeDef {
            name: name.clone(),
            doc,
            kind: TypeKind::Placeholder,
        };
        let Some(object) = self.object(&member.value, "a type definition", Some(&allowed)) else {
            return placeholder(None);
        };
        let doc = self.description(&object);
        let kind = match (object.get("fields"), object.get("enum")) {
            (Some(fields), None) => self.fields(&fields.value, &path.key("fields")),
            (None, Some(values)) => self.variants(&values.value, &path.key("enum")),
            (Some(_), Some(_)) => {
                self.error(
                    member.value.pos,
                    path,
                    "a type has either `fields` or `enum`, not both",
                );
                None
            }
            (None, None) => {
                let message = "a type needs `fields` (an object type) or `enum` (a string enum)";
                self.error(member.value.pos, path, message);
                None
            }
        };
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
            });
        }
        let allowed = ["type", "description", "optional", "nullable", "localized"];
        let object = self.object(&member.value, "a field", Some(&allowed))?;
        let ty = match object.get("type") {
            Some(ty) => self.type_ref(&ty.value, &path.key("type")),
            None => {
                self.error(member.value.pos, path, "a field needs a `type`");
                TypeRef::Json
            }
        };
        Some(Field {
            wire: member.key.clone(),
            rust,
            doc: self.description(&object),
            ty,
            optional: self.boolean(&object, "optional"),
            nullable: self.boolean(&object, "nullable"),
            localized: self.boolean(&object, "localized"),
        })
    }

    pub(super) fn variants(&mut self, node: &Node, path: &JsonPath) -> Option<TypeKind> {
        let Value::Array(items) = &node.value else {
            let found = node.value.kind();
            self.error(
                node.pos,
                path,
                format!("expected an array of strings, found {found}"),
            );
            return None;
        };
        if items.is_empty() {
            self.error(node.pos, path, "an enum needs at least one value");
            return None;
        }
        let mut variants: Vec<Variant> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(i);
            let Value::String(wire) = &item.value else {
                let found = item.value.kind();
                self.error(
                    item.pos,
                    &item_path,
                    format!("expected a string, found {found}"),
                );
                continue;
            };
            let rust = symbols::variant(wire);
            if !naming::is_type_name(&rust) {
                let message = format!("`{wire}` does not make a Rust variant name");
                self.error(item.pos, &item_path, message);
            } else if rust == RESERVED_ENUM_VARIANT {
                let message = format!(
                    "`{wire}` would clash with the generated `{RESERVED_ENUM_VARIANT}` variant that keeps unknown values"
                );
                self.error(item.pos, &item_path, message);
            } else if let Some(twin) = variants.iter().find(|v| v.rust == rust) {
                let message = format!(
                    "`{}` and `{wire}` both become the variant `{rust}`",
                    twin.wire
                );
                self.error(item.pos, &item_path, message);
            } else {
                variants.push(Variant {
                    wire: wire.clone(),
                    rust,
                });
            }
        }
        Some(TypeKind::Enum(variants))
    }

    /// A type reference: a name, or `{"array": T}`, `{"map": T}`, `{"oneOrMany": T}`.
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
                let wrap: fn(Box<TypeRef>) -> TypeRef = match member.key.as_str() {
                    "array" => TypeRef::Array,
                    "map" => TypeRef::Map,
                    "oneOrMany" => TypeRef::OneOrMany,
                    other => {
                        let message = format!("unknown type constructor `{other}`");
                        let hint = "expected `array`, `map` or `oneOrMany`";
                        self.error_with_hint(member.key_pos, &inner_path, message, hint);
                        return TypeRef::Json;
                    }
                };
                wrap(Box::new(self.type_ref(&member.value, &inner_path)))
            }
            other => {
                let found = other.kind();
                let message = format!(
                    "expected a type: a type name or an object with one key `array`, `map` or `oneOrMany`; found {found}"
                );
                self.error(node.pos, path, message);
                TypeRef::Json
            }
        }
    }

    /// A type that contains itself without an array or map in between has no finite size.
    pub(super) fn check_recursion(
        &mut self,
        types: &[TypeDef],
        members: &[Member],
        path: &JsonPath,
    ) {
        let direct: HashMap<&str, Vec<&str>> = types
            .iter()
            .map(|t| {
                let refs = match &t.kind {
                    TypeKind::Object(fields) => fields
                        .iter()
                        .filter_map(|f| match &f.ty {
                            TypeRef::Named(n) => Some(n.as_str()),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                (t.name.as_str(), refs)
            })
            .collect();
        for t in types {
            let mut stack: Vec<&str> = direct.get(t.name.as_str()).cloned().unwrap_or_default();
            let mut seen = HashSet::new();
            while let Some(next) = stack.pop() {
                if next == t.name {
                    if let Some(member) = members.iter().find(|m| m.key == t.name) {
                        let message = format!("`{}` contains itself", t.name);
                        let hint = "put an `array` or `map` in between";
                        self.error_with_hint(member.key_pos, &path.key(&t.name), message, hint);
                    }
                    break;
                }
                if seen.insert(next) {
                    stack.extend(direct.get(next).into_iter().flatten());
                }
            }
        }
    }
}
