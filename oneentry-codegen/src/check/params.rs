//! Endpoint parameters: names, where they are sent, and which types fit there.

use super::objects::distinct;
use super::{Checker, Shape};
use crate::ir::{Param, ParamLocation, TypeRef, symbols};
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
        let allowed = ["in", "type", "description", "default"];
        let object = self.object(&member.value, "a parameter", Some(&allowed))?;
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
}
