//! Endpoint parameters: names, where they are sent, and which types fit there.

use super::objects::{Object, distinct};
use super::{Checker, Shape};
use crate::ir::{ArrayStyle, Param, ParamLocation, TypeRef, symbols};
use crate::naming;
use crate::read::{JsonPath, Member, Node};

/// Methods of every request builder, which a parameter's setter would clash with.
const RESERVED_SETTERS: &[&str] = symbols::BUILDER_METHODS;

impl Checker<'_> {
    pub(super) fn params(&mut self, node: &Node, path: &JsonPath) -> Vec<Param> {
        let Some(object) = self.object(node, "the parameters", None) else {
            return Vec::new();
        };
        let mut params: Vec<Param> = Vec::new();
        for member in distinct(object.members) {
            let param_path = path.key(&member.key);
            let rust = symbols::param(&member.key);
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

    pub(super) fn param(
        &mut self,
        member: &Member,
        rust: String,
        path: &JsonPath,
    ) -> Option<Param> {
        let allowed = ["in", "type", "description", "default", "optional", "style"];
        let object = self.object(&member.value, "a parameter", Some(&allowed))?;
        let location = self.choice(
            &object,
            "in",
            &[
                ("path", ParamLocation::Path),
                ("query", ParamLocation::Query),
                ("body", ParamLocation::Body),
                ("header", ParamLocation::Header),
            ],
            None,
        )?;
        if location == ParamLocation::Header {
            self.header_name(member, path);
        }
        let ty = match object.get("type") {
            Some(t) => self.type_ref(&t.value, &path.key("type")),
            None => {
                self.error(member.value.pos, path, "a parameter needs a `type`");
                TypeRef::Json
            }
        };
        self.param_type(location, &ty, member, path);
        let style = self.array_style(&object, location, &ty, path);
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
        let optional = self.optional_param(&object, location, default.is_some());
        Some(Param {
            wire: member.key.clone(),
            rust,
            doc: self.description(&object),
            location,
            ty,
            default,
            optional,
            style,
        })
    }

    /// Which types fit where: a path segment, query value or header holds one scalar; a query
    /// also takes an array of scalars, a header a secret (an API key, a token).
    fn param_type(
        &mut self,
        location: ParamLocation,
        ty: &TypeRef,
        member: &Member,
        path: &JsonPath,
    ) {
        let (fits, message) = match location {
            ParamLocation::Body => return,
            ParamLocation::Path => (
                self.is_scalar(ty),
                "a path parameter is a string, integer, number, boolean or enum",
            ),
            ParamLocation::Query => (
                self.is_scalar(ty) || matches!(ty, TypeRef::Array(item) if self.is_scalar(item)),
                "a query parameter is a string, integer, number, boolean or enum, or an array of one of those",
            ),
            ParamLocation::Header => (
                self.is_scalar(ty) || *ty == TypeRef::Secret,
                "a header parameter is a string, secret, integer, number, boolean or enum",
            ),
        };
        if !fits {
            self.error(member.value.pos, path, message);
        }
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        matches!(
            ty,
            TypeRef::String | TypeRef::Integer | TypeRef::Number | TypeRef::Boolean
        ) || matches!(ty, TypeRef::Named(n) if self.types.get(n) == Some(&Shape::Enum))
    }

    /// `style` of an array query parameter: `comma` (the default, as OneEntry's own lists
    /// take ids) or `repeat`; no other parameter has one.
    fn array_style(
        &mut self,
        object: &Object<'_>,
        location: ParamLocation,
        ty: &TypeRef,
        path: &JsonPath,
    ) -> Option<ArrayStyle> {
        let is_array_query = location == ParamLocation::Query && matches!(ty, TypeRef::Array(_));
        let options = [("comma", ArrayStyle::Comma), ("repeat", ArrayStyle::Repeat)];
        match object.get("style") {
            Some(member) if !is_array_query => {
                let message = "only an array query parameter has a `style`";
                let hint = "remove `style`, or make the parameter `in: query` with an `{\"array\": ...}` type";
                self.error_with_hint(member.key_pos, &path.key("style"), message, hint);
                None
            }
            _ if is_array_query => self.choice(object, "style", &options, Some(ArrayStyle::Comma)),
            _ => None,
        }
    }

    /// `optional: true`: no default, left out unless set. Rejected with a default (which is
    /// always sent) and on a path parameter (the path needs its segment).
    fn optional_param(
        &mut self,
        object: &Object<'_>,
        location: ParamLocation,
        has_default: bool,
    ) -> bool {
        let Some(member) = object.get("optional") else {
            return false;
        };
        if !self.boolean(object, "optional") {
            return false;
        }
        let at = object.path.key("optional");
        if location == ParamLocation::Path {
            let message = "a path parameter cannot be optional: the path needs its segment";
            self.error(member.key_pos, &at, message);
            return false;
        }
        if has_default {
            let message =
                "a parameter with a `default` is always sent, so it cannot also be `optional`";
            let hint = "keep `default` to send it always, or `optional` to leave it out unless set";
            self.error_with_hint(member.key_pos, &at, message, hint);
            return false;
        }
        true
    }

    /// A header parameter's name is an HTTP header name (a token) that the client does not
    /// set itself.
    fn header_name(&mut self, member: &Member, path: &JsonPath) {
        let name = member.key.as_str();
        let is_token_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || !name.chars().all(is_token_char) {
            let message = format!("`{name}` is not an HTTP header name");
            let hint = "use letters, digits and `-`, e.g. `x-request-id`";
            self.error_with_hint(member.key_pos, path, message, hint);
            return;
        }
        let lower = name.to_ascii_lowercase();
        if let Some(taken) = RESERVED_HEADERS.iter().find(|(h, _)| *h == lower) {
            let message = format!("the header `{name}` is set by {}", taken.1);
            let hint = "a header parameter cannot replace it; use another name";
            self.error_with_hint(member.key_pos, path, message, hint);
        }
    }
}

/// Headers the client or its HTTP stack writes on every request (docs/wire.md#headers), which
/// a header parameter would duplicate or contradict.
const RESERVED_HEADERS: &[(&str, &str)] = &[
    ("content-type", "the client (`application/json`)"),
    ("x-app-token", "the client (the project's app token)"),
    ("x-device-metadata", "the client (the device on every POST)"),
    ("authorization", "the client (the session's access token)"),
    ("content-length", "the HTTP stack"),
    ("transfer-encoding", "the HTTP stack"),
    ("host", "the HTTP stack"),
    ("connection", "the HTTP stack"),
    ("keep-alive", "the HTTP stack"),
    ("upgrade", "the HTTP stack"),
    ("te", "the HTTP stack"),
    ("trailer", "the HTTP stack"),
];
