//! Parameter defaults: literals of the parameter's type, enum values, the client's
//! language, the session's refresh token, or a copy of another parameter.

use super::Checker;
use crate::ir::{Default, Param, TypeDef, TypeKind, TypeRef, symbols};
use crate::read::{JsonPath, Member, Node, Pos, Value};

impl Checker<'_> {
    /// Remembers the values of every valid enum, which its parameters' defaults must be.
    pub(super) fn collect_enum_values(&mut self, types: &[TypeDef]) {
        for t in types {
            if let TypeKind::Enum(variants) = &t.kind {
                let values = variants.iter().map(|v| v.wire.clone()).collect();
                self.enum_values.insert(t.name.clone(), values);
            }
        }
    }

    /// A `{"param": "other"}` default names a required parameter of the same type; it is
    /// stored by that parameter's Rust name, which is what the generated code reads.
    pub(super) fn resolve_param_defaults(
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
                .map(|p| (p.rust.clone(), p.is_required(), p.ty == params[i].ty));
            let problem = match target {
                Some((rust, true, true)) => {
                    params[i].default = Some(Default::Param(rust));
                    continue;
                }
                Some((_, false, _)) => format!(
                    "`{other}` has a default itself or is optional; a default can only copy a required parameter"
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

    pub(super) fn default(
        &mut self,
        node: &Node,
        ty: &TypeRef,
        path: &JsonPath,
    ) -> Option<Default> {
        let mismatch = |this: &mut Self| {
            let message = "the default does not fit the parameter's type";
            let hint = "expected a literal of that type, `{\"client\": \"language\"}` (a string), `{\"session\": \"refreshToken\"}` (a secret) or `{\"param\": \"<other parameter>\"}`";
            this.error_with_hint(node.pos, path, message, hint);
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
                    let message = format!("`{s}` is not a value of `{name}`");
                    let hint = format!("expected one of: {}", values.join(", "));
                    self.error_with_hint(node.pos, path, message, hint);
                    return None;
                }
                Some(Default::Variant {
                    wire: s.clone(),
                    rust: symbols::variant(s),
                })
            }
            (Value::Object(members), _) if super::objects::distinct(members).count() == 1 => {
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
