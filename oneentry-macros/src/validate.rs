//! Checking a parsed spec and building the [`model`](crate::model) from it.
//!
//! Validation never stops at the first problem: each one is recorded in
//! [`Diagnostics`] and replaced by a harmless fallback (an unknown type becomes
//! free JSON, a broken type definition a placeholder), so that the user sees every
//! mistake in one build and the generated code does not add errors of its own.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostics, JsonPath};
use crate::json::{Member, Node, Pos, Value};
use crate::model::{
    Api, Auth, Default, Endpoint, Field, HttpMethod, Module, Paging, Param, ParamLocation,
    SessionEffect, TypeDef, TypeKind, TypeRef, Variant,
};
use crate::naming;

/// The spec format version this macro understands.
const FORMAT_VERSION: &str = "1";

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
const RESERVED_FIELD: &str = "extra";
const RESERVED_ENUM_VARIANT: &str = "Other";
const RESERVED_SETTERS: &[&str] = &["send", "into_future", "new"];

/// Validates the document and returns the model, recording every problem in `diagnostics`.
pub fn validate(root: &Node, diagnostics: &mut Diagnostics) -> Api {
    let mut validator = Validator {
        diagnostics,
        types: HashMap::new(),
        enum_values: HashMap::new(),
        unusable_types: HashSet::new(),
        page_objects: HashMap::new(),
    };
    validator.api(root)
}

/// What a named type is, as far as other definitions need to know.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Object,
    Enum,
    Unknown,
}

struct Validator<'d> {
    diagnostics: &'d mut Diagnostics,
    types: HashMap<String, Shape>,
    /// Wire values of each valid enum, for checking parameter defaults.
    enum_values: HashMap<String, Vec<String>>,
    /// Type names that cannot be Rust names: reported once where defined, no code generated.
    unusable_types: HashSet<String>,
    /// Object types shaped `{total: integer, items: [T]}`, with their item type `T`.
    page_objects: HashMap<String, TypeRef>,
}

/// An object node whose keys were checked against the allowed ones.
struct Object<'a> {
    members: &'a [Member],
    path: JsonPath,
}

impl<'a> Object<'a> {
    fn get(&self, key: &str) -> Option<&'a Member> {
        self.members.iter().find(|m| m.key == key)
    }
}

impl Validator<'_> {
    fn error(&mut self, pos: Pos, path: &JsonPath, message: impl Into<String>) {
        self.diagnostics.error(pos, path, message);
    }

    /// Checks that `node` is an object with no duplicate keys and, when `allowed` is
    /// given, no keys other than those (so typos such as `descripton` are caught).
    fn object<'a>(
        &mut self,
        node: &'a Node,
        path: &JsonPath,
        what: &str,
        allowed: Option<&[&str]>,
    ) -> Option<Object<'a>> {
        let Value::Object(members) = &node.value else {
            let found = node.value.kind();
            self.error(
                node.pos,
                path,
                format!("expected {what} (an object), found {found}"),
            );
            return None;
        };
        let mut seen = HashSet::new();
        for member in members {
            let member_path = path.key(&member.key);
            if !seen.insert(member.key.as_str()) {
                let message = format!("duplicate key `{}` in {what}", member.key);
                self.error(member.key_pos, &member_path, message);
            }
            if let Some(allowed) = allowed
                && !allowed.contains(&member.key.as_str())
            {
                let hint = match naming::closest(&member.key, allowed.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("expected one of: {}", allowed.join(", ")),
                };
                let message = format!("unknown key `{}` in {what}; {hint}", member.key);
                self.error(member.key_pos, &member_path, message);
            }
        }
        Some(Object {
            members,
            path: path.clone(),
        })
    }

    fn string<'a>(&mut self, member: &'a Member, path: &JsonPath) -> Option<&'a str> {
        match &member.value.value {
            Value::String(s) => Some(s),
            other => {
                let found = other.kind();
                self.error(
                    member.value.pos,
                    path,
                    format!("expected a string, found {found}"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, object: &Object<'_>, key: &str) -> bool {
        let Some(member) = object.get(key) else {
            return false;
        };
        match member.value.value {
            Value::Bool(b) => b,
            ref other => {
                let found = other.kind();
                let path = object.path.key(key);
                self.error(
                    member.value.pos,
                    &path,
                    format!("expected true or false, found {found}"),
                );
                false
            }
        }
    }

    /// An optional `description`, which becomes rustdoc.
    fn description(&mut self, object: &Object<'_>) -> Option<String> {
        let member = object.get("description")?;
        let path = object.path.key("description");
        self.string(member, &path).map(str::to_owned)
    }

    fn api(&mut self, root: &Node) -> Api {
        let path = JsonPath::root();
        let allowed = ["$schema", "version", "types", "modules"];
        let Some(object) = self.object(root, &path, "the spec", Some(&allowed)) else {
            return Api::default();
        };
        match object.get("version") {
            Some(Member {
                value:
                    Node {
                        value: Value::Number(n),
                        ..
                    },
                ..
            }) if n == FORMAT_VERSION => {}
            Some(member) => {
                let message =
                    format!("unsupported spec version; this macro reads version {FORMAT_VERSION}");
                self.error(member.value.pos, &path.key("version"), message);
            }
            None => {
                let message = format!("missing `version`; add `\"version\": {FORMAT_VERSION}`");
                self.error(root.pos, &path, message);
            }
        }

        let type_members = match object.get("types") {
            Some(member) => self
                .object(
                    &member.value,
                    &path.key("types"),
                    "the type definitions",
                    None,
                )
                .map(|o| o.members)
                .unwrap_or_default(),
            None => &[],
        };
        self.collect_type_names(type_members, &path.key("types"));
        let mut types: Vec<TypeDef> = Vec::new();
        for member in type_members {
            if types.iter().any(|t| t.name == member.key)
                || self.unusable_types.contains(&member.key)
            {
                continue; // a duplicate or an unusable name, already reported
            }
            types.push(self.type_def(member, &path.key("types").key(&member.key)));
        }
        self.check_recursion(&types, type_members, &path.key("types"));
        for t in &types {
            if let TypeKind::Object(fields) = &t.kind {
                let field = |name: &str| fields.iter().find(|f| f.wire == name && !f.is_option());
                if let (Some(total), Some(items)) = (field("total"), field("items"))
                    && total.ty == TypeRef::Integer
                    && let TypeRef::Array(item) = &items.ty
                {
                    self.page_objects.insert(t.name.clone(), (**item).clone());
                }
            }
            if let TypeKind::Enum(variants) = &t.kind {
                let values = variants.iter().map(|v| v.wire.clone()).collect();
                self.enum_values.insert(t.name.clone(), values);
            }
        }

        let modules = match object.get("modules") {
            Some(member) => self.modules(&member.value, &path.key("modules")),
            None => {
                self.error(
                    root.pos,
                    &path,
                    "missing `modules`: the spec defines no endpoints",
                );
                Vec::new()
            }
        };
        Api { types, modules }
    }

    /// Records every type name first, so definitions can refer to each other in any order.
    fn collect_type_names(&mut self, members: &[Member], path: &JsonPath) {
        for member in members {
            let type_path = path.key(&member.key);
            if !naming::is_type_name(&member.key) {
                let message = format!(
                    "`{}` is not a usable Rust type name; use UpperCamelCase letters and digits, e.g. `{}`",
                    member.key,
                    naming::pascal_case(&member.key)
                );
                self.error(member.key_pos, &type_path, message);
                self.unusable_types.insert(member.key.clone());
                continue;
            }
            if PRIMITIVES
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(&member.key))
            {
                let message = format!("`{}` is a built-in type name", member.key);
                self.error(member.key_pos, &type_path, message);
                self.unusable_types.insert(member.key.clone());
                continue;
            }
            let shape = match &member.value.value {
                Value::Object(m) if m.iter().any(|m| m.key == "fields") => Shape::Object,
                Value::Object(m) if m.iter().any(|m| m.key == "enum") => Shape::Enum,
                _ => Shape::Unknown,
            };
            self.types.entry(member.key.clone()).or_insert(shape);
        }
    }

    fn type_def(&mut self, member: &Member, path: &JsonPath) -> TypeDef {
        let name = member.key.clone();
        let allowed = ["description", "fields", "enum"];
        let placeholder = |doc| TypeDef {
            name: name.clone(),
            doc,
            kind: TypeKind::Placeholder,
        };
        let Some(object) = self.object(&member.value, path, "a type definition", Some(&allowed))
        else {
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

    fn fields(&mut self, node: &Node, path: &JsonPath) -> Option<TypeKind> {
        let object = self.object(node, path, "the fields", None)?;
        let mut fields: Vec<Field> = Vec::new();
        for member in object.members {
            let field_path = path.key(&member.key);
            let rust = naming::snake_case(&member.key);
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

    fn field(&mut self, member: &Member, rust: String, path: &JsonPath) -> Option<Field> {
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
        let object = self.object(&member.value, path, "a field", Some(&allowed))?;
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

    fn variants(&mut self, node: &Node, path: &JsonPath) -> Option<TypeKind> {
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
            let rust = naming::pascal_case(wire);
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
    fn type_ref(&mut self, node: &Node, path: &JsonPath) -> TypeRef {
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
                self.error(node.pos, path, format!("unknown type `{name}`; {hint}"));
                TypeRef::Json
            }
            Value::Object(members) if members.len() == 1 => {
                let member = &members[0];
                let inner_path = path.key(&member.key);
                let wrap: fn(Box<TypeRef>) -> TypeRef = match member.key.as_str() {
                    "array" => TypeRef::Array,
                    "map" => TypeRef::Map,
                    "oneOrMany" => TypeRef::OneOrMany,
                    other => {
                        let message = format!(
                            "unknown type constructor `{other}`; expected `array`, `map` or `oneOrMany`"
                        );
                        self.error(member.key_pos, &inner_path, message);
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
    fn check_recursion(&mut self, types: &[TypeDef], members: &[Member], path: &JsonPath) {
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
                        let message = format!(
                            "`{}` contains itself; put an `array` or `map` in between",
                            t.name
                        );
                        self.error(member.key_pos, &path.key(&t.name), message);
                    }
                    break;
                }
                if seen.insert(next) {
                    stack.extend(direct.get(next).into_iter().flatten());
                }
            }
        }
    }

    fn modules(&mut self, node: &Node, path: &JsonPath) -> Vec<Module> {
        let Some(object) = self.object(node, path, "the modules", None) else {
            return Vec::new();
        };
        let mut modules: Vec<Module> = Vec::new();
        for member in object.members {
            let module_path = path.key(&member.key);
            if !naming::is_type_name(&member.key) {
                let message = format!(
                    "`{}` is not a usable module name; use UpperCamelCase, e.g. `{}`",
                    member.key,
                    naming::pascal_case(&member.key)
                );
                self.error(member.key_pos, &module_path, message);
                continue;
            }
            if !naming::is_identifier(&naming::snake_case(&member.key)) {
                let message = format!(
                    "the module `{}` would be reached as `client.{}()`, which is not a usable method name",
                    member.key,
                    naming::snake_case(&member.key)
                );
                self.error(member.key_pos, &module_path, message);
                continue;
            }
            if self.types.contains_key(&member.key) {
                let message = format!(
                    "the module `{}` has the name of a type; the module's client struct would clash with it",
                    member.key
                );
                self.error(member.key_pos, &module_path, message);
                continue;
            }
            if modules.iter().any(|m| m.name == member.key) {
                continue; // duplicate key, already reported
            }
            if let Some(module) = self.module(member, &module_path) {
                modules.push(module);
            }
        }
        modules
    }

    fn module(&mut self, member: &Member, path: &JsonPath) -> Option<Module> {
        let allowed = ["description", "path", "endpoints"];
        let object = self.object(&member.value, path, "a module", Some(&allowed))?;
        let doc = self.description(&object);
        let base = match object.get("path") {
            Some(p) => {
                let base_path = path.key("path");
                let base = self.string(p, &base_path).unwrap_or_default().to_owned();
                self.check_base_path(&base, p.value.pos, &base_path);
                base
            }
            None => {
                self.error(
                    member.value.pos,
                    path,
                    "a module needs a `path`, e.g. `/api/content/orders-storage`",
                );
                String::new()
            }
        };
        let mut endpoints: Vec<Endpoint> = Vec::new();
        if let Some(list) = object.get("endpoints") {
            let list_path = path.key("endpoints");
            let list = self.object(
                &list.value,
                &list_path,
                "the endpoints of this module",
                None,
            );
            for entry in list.map(|l| l.members).unwrap_or_default() {
                let endpoint_path = list_path.key(&entry.key);
                let rust = naming::snake_case(&entry.key);
                if !naming::is_identifier(&rust) || naming::needs_raw(&rust) {
                    let message = format!("`{}` does not make a Rust method name", entry.key);
                    self.error(entry.key_pos, &endpoint_path, message);
                    continue;
                }
                if let Some(twin) = endpoints.iter().find(|e| e.rust == rust) {
                    // An exact duplicate key was reported by `object` already.
                    if twin.name != entry.key {
                        let message = format!(
                            "`{}` and `{}` both become the method `{rust}`",
                            twin.name, entry.key
                        );
                        self.error(entry.key_pos, &endpoint_path, message);
                    }
                    continue;
                }
                if let Some(endpoint) = self.endpoint(entry, &base, rust, &endpoint_path) {
                    endpoints.push(endpoint);
                }
            }
        } else {
            self.error(member.value.pos, path, "a module needs `endpoints`");
        }
        Some(Module {
            name: member.key.clone(),
            rust: naming::snake_case(&member.key),
            doc,
            endpoints,
        })
    }

    fn endpoint(
        &mut self,
        member: &Member,
        base: &str,
        rust: String,
        path: &JsonPath,
    ) -> Option<Endpoint> {
        let allowed = [
            "description",
            "method",
            "base",
            "path",
            "params",
            "body",
            "response",
            "auth",
            "session",
            "paginated",
        ];
        let object = self.object(&member.value, path, "an endpoint", Some(&allowed))?;
        let doc = self.description(&object);
        let method = self.choice(
            &object,
            "method",
            &[
                ("GET", HttpMethod::Get),
                ("POST", HttpMethod::Post),
                ("PUT", HttpMethod::Put),
                ("DELETE", HttpMethod::Delete),
            ],
            None,
        );
        let auth = self.choice(
            &object,
            "auth",
            &[("none", Auth::None), ("user", Auth::User)],
            Some(Auth::None),
        );
        let session = self.choice(
            &object,
            "session",
            &[
                ("none", SessionEffect::None),
                ("store", SessionEffect::Store),
                ("clear", SessionEffect::Clear),
            ],
            Some(SessionEffect::None),
        );
        let method = method.unwrap_or(HttpMethod::Get);

        let mut params = match object.get("params") {
            Some(p) => self.params(&p.value, &path.key("params")),
            None => Vec::new(),
        };

        // Most endpoints live under their module's path; a few (the refunds of Orders) under another.
        let base = match object.get("base") {
            Some(b) => {
                let base_path = path.key("base");
                let base = self.string(b, &base_path).unwrap_or_default();
                self.check_base_path(base, b.value.pos, &base_path);
                base
            }
            None => base,
        };
        let endpoint_path = match object.get("path") {
            Some(p) => {
                let suffix_path = path.key("path");
                let suffix = self.string(p, &suffix_path).unwrap_or_default();
                self.check_path_template(suffix, &mut params, p.value.pos, &suffix_path, path);
                format!("{base}{suffix}")
            }
            None => {
                self.error(
                    member.value.pos,
                    path,
                    "an endpoint needs a `path` (may be `\"\"`)",
                );
                base.to_owned()
            }
        };

        let body = object.get("body").map(|b| {
            let body_path = path.key("body");
            let reported_before = self.diagnostics.len();
            let ty = self.type_ref(&b.value, &body_path);
            let is_object =
                matches!(&ty, TypeRef::Named(n) if self.types.get(n) == Some(&Shape::Object));
            if !is_object && self.diagnostics.len() == reported_before {
                let message =
                    "a body must be a type with `fields`, so that it serialises to a JSON object";
                self.error(b.value.pos, &body_path, message);
            }
            ty
        });
        let has_body_params = params.iter().any(|p| p.location == ParamLocation::Body);
        if matches!(method, HttpMethod::Get | HttpMethod::Delete)
            && (body.is_some() || has_body_params)
        {
            let message = format!(
                "a {} request has no body; remove `body` and `in: body` parameters",
                method.as_str()
            );
            self.error(member.value.pos, path, message);
        }

        let response = match object.get("response") {
            Some(r) => self.type_ref(&r.value, &path.key("response")),
            None => {
                let message = "an endpoint needs a `response` type (use `\"json\"` when the shape is unknown)";
                self.error(member.value.pos, path, message);
                TypeRef::Json
            }
        };

        let paging = match object.get("paginated") {
            Some(_) if !self.boolean(&object, "paginated") => None,
            Some(flag) => self.paging(&params, &response, flag.value.pos, &path.key("paginated")),
            None => None,
        };

        Some(Endpoint {
            name: member.key.clone(),
            builder: naming::pascal_case(&member.key),
            rust,
            doc,
            method,
            path: endpoint_path,
            params,
            body,
            response,
            auth: auth.unwrap_or(Auth::None),
            session: session.unwrap_or(SessionEffect::None),
            paging,
        })
    }

    /// A paginated endpoint has integer `offset` and `limit` query parameters with defaults,
    /// and answers an array or a `{total, items}` object.
    fn paging(
        &mut self,
        params: &[Param],
        response: &TypeRef,
        pos: Pos,
        path: &JsonPath,
    ) -> Option<Paging> {
        let window = |name: &str| {
            params
                .iter()
                .find(|p| {
                    p.wire == name && p.location == ParamLocation::Query && p.ty == TypeRef::Integer
                })
                .and_then(|p| match p.default {
                    Some(Default::Integer(value)) => Some(value),
                    _ => None,
                })
        };
        let (Some(default_offset), Some(default_limit)) = (window("offset"), window("limit"))
        else {
            let message = "a paginated endpoint needs integer query parameters `offset` and `limit` with literal defaults";
            self.error(pos, path, message);
            return None;
        };
        let (item, page_object) = match response {
            TypeRef::Array(item) => ((**item).clone(), None),
            TypeRef::Named(name) if self.page_objects.contains_key(name) => {
                (self.page_objects[name].clone(), Some(name.clone()))
            }
            _ => {
                let message = "a paginated endpoint answers an array or a type with required fields `total` (integer) and `items` (array)";
                self.error(pos, path, message);
                return None;
            }
        };
        Some(Paging {
            item,
            page_object,
            default_offset,
            default_limit,
        })
    }

    /// A string that must be one of `options`; `fallback` is used when the key is absent
    /// (`None` makes the key required).
    fn choice<T: Copy>(
        &mut self,
        object: &Object<'_>,
        key: &str,
        options: &[(&str, T)],
        fallback: Option<T>,
    ) -> Option<T> {
        let names = || {
            options
                .iter()
                .map(|(n, _)| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let path = object.path.key(key);
        let Some(member) = object.get(key) else {
            if fallback.is_none() {
                let pos = object
                    .members
                    .first()
                    .map_or(Pos { line: 1, column: 1 }, |m| m.key_pos);
                self.error(
                    pos,
                    &object.path,
                    format!("missing `{key}`; expected one of {}", names()),
                );
            }
            return fallback;
        };
        let value = self.string(member, &path)?;
        match options.iter().find(|(n, _)| *n == value) {
            Some((_, v)) => Some(*v),
            None => {
                let message = format!("unknown {key} `{value}`; expected one of {}", names());
                self.error(member.value.pos, &path, message);
                fallback
            }
        }
    }

    fn check_base_path(&mut self, base: &str, pos: Pos, path: &JsonPath) {
        if !base.starts_with('/') || base.ends_with('/') || base.contains(['{', '}', '?', '#']) {
            let message = "a base path starts with `/`, does not end with `/` and has no parameters or query, e.g. `/api/content/orders-storage`";
            self.error(pos, path, message);
        }
    }

    /// Every `{name}` in the path needs a path parameter, and every path parameter a `{name}`.
    fn check_path_template(
        &mut self,
        suffix: &str,
        params: &mut [Param],
        pos: Pos,
        path: &JsonPath,
        endpoint_path: &JsonPath,
    ) {
        if !suffix.is_empty() && !suffix.starts_with('/') || suffix.contains(['?', '#']) {
            let message = "an endpoint path is empty or starts with `/`, and has no query string (use `in: query` parameters)";
            self.error(pos, path, message);
        }
        let mut names = Vec::new();
        let mut rest = suffix;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.error(pos, path, "unclosed `{` in the path");
                return;
            };
            names.push(&after[..close]);
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            self.error(pos, path, "unmatched `}` in the path");
        }
        for name in &names {
            match params.iter().find(|p| p.wire == *name) {
                Some(p) if p.location == ParamLocation::Path => {}
                Some(_) => {
                    let message =
                        format!("`{{{name}}}` is in the path but its parameter is not `in: path`");
                    self.error(pos, path, message);
                }
                None => {
                    let message = format!(
                        "missing path parameter `{name}`: the path has `{{{name}}}` but `params` does not define it"
                    );
                    self.error(pos, path, message);
                }
            }
        }
        for param in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !names.contains(&param.wire.as_str()) {
                let message = format!(
                    "the path parameter `{}` does not appear in the path; add `{{{}}}` to it",
                    param.wire, param.wire
                );
                self.error(pos, &endpoint_path.key("params").key(&param.wire), message);
            }
        }
    }

    fn params(&mut self, node: &Node, path: &JsonPath) -> Vec<Param> {
        let Some(object) = self.object(node, path, "the parameters", None) else {
            return Vec::new();
        };
        let mut params: Vec<Param> = Vec::new();
        for member in object.members {
            let param_path = path.key(&member.key);
            let rust = naming::snake_case(&member.key);
            if !naming::is_identifier(&rust) || RESERVED_SETTERS.contains(&rust.as_str()) {
                let message = format!(
                    "`{}` does not make a Rust parameter name (reserved: {})",
                    member.key,
                    RESERVED_SETTERS.join(", ")
                );
                self.error(member.key_pos, &param_path, message);
                continue;
            }
            if params.iter().any(|p| p.rust == rust) {
                let message = format!("two parameters become the Rust name `{rust}`");
                self.error(member.key_pos, &param_path, message);
                continue;
            }
            if let Some(param) = self.param(member, rust, &param_path) {
                params.push(param);
            }
        }
        self.resolve_param_defaults(&mut params, object.members, path);
        params
    }

    /// A `{"param": "other"}` default names a required parameter of the same type; it is
    /// stored by that parameter's Rust name, which is what the generated code reads.
    fn resolve_param_defaults(
        &mut self,
        params: &mut [Param],
        members: &[Member],
        path: &JsonPath,
    ) {
        for i in 0..params.len() {
            let Some(Default::Param(other)) = &params[i].default else {
                continue;
            };
            let target = params
                .iter()
                .find(|p| p.wire == *other)
                .map(|p| (p.rust.clone(), p.default.is_none(), p.ty == params[i].ty));
            let problem = match target {
                Some((rust, true, true)) => {
                    params[i].default = Some(Default::Param(rust));
                    continue;
                }
                Some((_, false, _)) => format!(
                    "`{other}` has a default itself; a default can only copy a required parameter"
                ),
                Some((_, _, false)) => {
                    format!("`{other}` has another type than `{}`", params[i].wire)
                }
                None => format!("there is no parameter `{other}` to copy the default from"),
            };
            params[i].default = None;
            let wire = params[i].wire.clone();
            let pos = members
                .iter()
                .find(|m| m.key == wire)
                .map_or(Pos { line: 1, column: 1 }, |m| m.value.pos);
            self.error(pos, &path.key(&wire).key("default"), problem);
        }
    }

    fn param(&mut self, member: &Member, rust: String, path: &JsonPath) -> Option<Param> {
        let allowed = ["in", "type", "description", "default"];
        let object = self.object(&member.value, path, "a parameter", Some(&allowed))?;
        let location = self.choice(
            &object,
            "in",
            &[
                ("path", ParamLocation::Path),
                ("query", ParamLocation::Query),
                ("body", ParamLocation::Body),
            ],
            None,
        )?;
        let ty = match object.get("type") {
            Some(t) => self.type_ref(&t.value, &path.key("type")),
            None => {
                self.error(member.value.pos, path, "a parameter needs a `type`");
                TypeRef::Json
            }
        };
        let scalar = matches!(
            &ty,
            TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean
        ) || matches!(&ty, TypeRef::Named(n) if self.types.get(n) == Some(&Shape::Enum));
        if location != ParamLocation::Body && !scalar {
            let message = "a path or query parameter is a string, integer, number, boolean or enum";
            self.error(member.value.pos, path, message);
        }
        let default = object
            .get("default")
            .and_then(|d| self.default(&d.value, &ty, &path.key("default")));
        if location == ParamLocation::Path && default.is_some() {
            self.error(
                member.value.pos,
                path,
                "a path parameter cannot have a default",
            );
        }
        Some(Param {
            wire: member.key.clone(),
            rust,
            doc: self.description(&object),
            location,
            ty,
            default,
        })
    }

    fn default(&mut self, node: &Node, ty: &TypeRef, path: &JsonPath) -> Option<Default> {
        let mismatch = |this: &mut Self| {
            let message = "the default does not fit the parameter's type; expected a literal of that type, `{\"client\": \"language\"}` (a string), `{\"session\": \"refreshToken\"}` (a secret) or `{\"param\": \"<other parameter>\"}`";
            this.error(node.pos, path, message);
            None
        };
        match (&node.value, ty) {
            (Value::Number(n), TypeRef::Integer) => match n.parse() {
                Ok(v) => Some(Default::Integer(v)),
                Err(_) => mismatch(self),
            },
            (Value::Bool(b), TypeRef::Boolean) => Some(Default::Boolean(*b)),
            (Value::String(s), TypeRef::String) => Some(Default::String(s.clone())),
            (Value::String(s), TypeRef::Named(name)) => {
                let values = self.enum_values.get(name)?; // not a valid enum: reported already
                if !values.contains(s) {
                    let message = format!(
                        "`{s}` is not a value of `{name}`; expected one of: {}",
                        values.join(", ")
                    );
                    self.error(node.pos, path, message);
                    return None;
                }
                Some(Default::String(s.clone()))
            }
            (Value::Object(members), _) if members.len() == 1 => {
                let m = &members[0];
                match (m.key.as_str(), &m.value.value, ty) {
                    ("client", Value::String(v), TypeRef::String) if v == "language" => {
                        Some(Default::ClientLanguage)
                    }
                    ("session", Value::String(v), TypeRef::Secret) if v == "refreshToken" => {
                        Some(Default::SessionRefreshToken)
                    }
                    // Checked against the other parameters once they are all known.
                    ("param", Value::String(other), _) => Some(Default::Param(other.clone())),
                    _ => mismatch(self),
                }
            }
            _ => mismatch(self),
        }
    }
}
