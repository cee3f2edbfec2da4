//! Types made of named alternatives: string enums, integer enums and tagged unions. Each
//! alternative becomes an enum variant, next to the generated `Other` that keeps what the
//! spec does not list.

use super::objects::distinct;
use super::{Checker, Shape};
use crate::ir::{IntVariant, TypeDef, TypeKind, TypeRef, Union, UnionVariant, Variant, symbols};
use crate::naming;
use crate::read::{JsonPath, Member, Node, Pos, Value};

/// A variant of a tagged union, remembered until every object type's fields are known.
pub(super) struct UnionUse {
    pos: Pos,
    path: JsonPath,
    ty: String,
    tag: String,
}

impl Checker<'_> {
    /// The Rust variant for `wire`, or an error when it makes no variant name, takes the
    /// generated `Other`, or repeats the name of an earlier variant.
    fn variant_name(
        &mut self,
        wire: &str,
        earlier: &[(String, String)],
        pos: Pos,
        path: &JsonPath,
    ) -> Option<String> {
        let rust = symbols::variant(wire);
        let other = symbols::OTHER_VARIANT;
        let message = if !naming::is_type_name(&rust) {
            format!("`{wire}` does not make a Rust variant name")
        } else if rust == other {
            format!(
                "`{wire}` would clash with the generated `{other}` variant that keeps unknown values"
            )
        } else if let Some((twin, _)) = earlier.iter().find(|(_, r)| *r == rust) {
            format!("`{twin}` and `{wire}` both become the variant `{rust}`")
        } else {
            return Some(rust);
        };
        self.error(pos, path, message);
        None
    }

    /// A string enum: `["waiting", "paid"]`.
    pub(super) fn variants(&mut self, node: &Node, path: &JsonPath) -> Option<TypeKind> {
        let Value::Array(items) = &node.value else {
            let found = node.value.kind();
            let message = format!("expected an array of strings, found {found}");
            self.error(node.pos, path, message);
            return None;
        };
        if items.is_empty() {
            self.error(node.pos, path, "an enum needs at least one value");
            return None;
        }
        let mut names: Vec<(String, String)> = Vec::new();
        let mut numbers_reported = false;
        for (i, item) in items.iter().enumerate() {
            let item_path = path.index(i);
            let Value::String(wire) = &item.value else {
                let found = item.value.kind();
                let message = format!("expected a string, found {found}");
                if let Value::Number(n) = &item.value {
                    // Numbers in a string enum are one mistake: reported at the first.
                    if numbers_reported {
                        continue;
                    }
                    numbers_reported = true;
                    let hint = format!(
                        "an integer enum is an `intEnum` of names to numbers, e.g. `{{\"Pending\": {n}}}`"
                    );
                    self.error_with_hint(item.pos, &item_path, message, hint);
                } else {
                    self.error(item.pos, &item_path, message);
                }
                continue;
            };
            if let Some(rust) = self.variant_name(wire, &names, item.pos, &item_path) {
                names.push((wire.clone(), rust));
            }
        }
        let variants = names
            .into_iter()
            .map(|(wire, rust)| Variant { wire, rust })
            .collect();
        Some(TypeKind::Enum(variants))
    }

    /// An integer enum: `{"Pending": 0, "Paid": 1}`, Rust names to wire numbers.
    pub(super) fn int_variants(&mut self, node: &Node, path: &JsonPath) -> Option<TypeKind> {
        let object = self.object(node, "an integer enum (names to numbers)", None)?;
        if object.members.is_empty() {
            self.error(node.pos, path, "an enum needs at least one value");
            return None;
        }
        let mut names: Vec<(String, String)> = Vec::new();
        let mut variants: Vec<IntVariant> = Vec::new();
        for member in distinct(object.members) {
            let at = path.key(&member.key);
            let value = match &member.value.value {
                Value::Number(n) => n.parse::<i64>().ok(),
                _ => None,
            };
            let Some(value) = value else {
                let found = member.value.value.kind();
                let message = format!("expected an integer (a 64-bit one), found {found}");
                self.error(member.value.pos, &at, message);
                continue;
            };
            let Some(rust) = self.variant_name(&member.key, &names, member.key_pos, &at) else {
                continue;
            };
            if let Some(twin) = variants.iter().find(|v| v.value == value) {
                let message = format!("`{}` and `{}` both have the value {value}", twin.rust, rust);
                self.error(member.value.pos, &at, message);
                continue;
            }
            names.push((member.key.clone(), rust.clone()));
            variants.push(IntVariant { value, rust });
        }
        Some(TypeKind::IntEnum(variants))
    }

    /// A tagged union: `"oneOf": {"card": "CardPayment", ...}` with `"tag": "kind"`.
    pub(super) fn union(
        &mut self,
        one_of: &Member,
        tag: Option<&Member>,
        path: &JsonPath,
    ) -> Option<TypeKind> {
        let object = self.object(&one_of.value, "the variants (tag values to types)", None)?;
        let tag = match tag {
            Some(member) => {
                let at = member.value.path.clone();
                let tag = self.string(member, &at)?;
                if tag.is_empty() {
                    self.error(member.value.pos, &at, "a tag is a non-empty key");
                    return None;
                }
                tag.to_owned()
            }
            None => {
                let message =
                    "a `oneOf` union needs a `tag`: the key whose value chooses the variant";
                let hint = "add e.g. `\"tag\": \"kind\"` next to `oneOf`";
                self.error_with_hint(one_of.key_pos, path, message, hint);
                return None;
            }
        };
        if object.members.is_empty() {
            self.error(one_of.value.pos, path, "a union needs at least one variant");
            return None;
        }
        let mut names: Vec<(String, String)> = Vec::new();
        let mut variants: Vec<UnionVariant> = Vec::new();
        for member in distinct(object.members) {
            let at = path.key(&member.key);
            let reported_before = self.diagnostics.len();
            let ty = self.type_ref(&member.value, &at);
            let ty = match ty {
                TypeRef::Named(name) if self.types.get(&name) == Some(&Shape::Object) => name,
                _ => {
                    if self.diagnostics.len() == reported_before {
                        let message = "a variant of a union is an object type of this spec (one with `fields`)";
                        self.error(member.value.pos, &at, message);
                    }
                    continue;
                }
            };
            let Some(rust) = self.variant_name(&member.key, &names, member.key_pos, &at) else {
                continue;
            };
            self.union_variants.push(UnionUse {
                pos: member.value.pos,
                path: at,
                ty: ty.clone(),
                tag: tag.clone(),
            });
            names.push((member.key.clone(), rust.clone()));
            variants.push(UnionVariant {
                wire: member.key.clone(),
                rust,
                ty,
                boxed: false,
            });
        }
        Some(TypeKind::Union(Union { tag, variants }))
    }

    /// The union writes and reads its tag itself, so a variant type must not have a field
    /// of that name: it would be sent twice, and could disagree with the variant.
    pub(super) fn check_unions(&mut self, types: &[TypeDef]) {
        for used in std::mem::take(&mut self.union_variants) {
            let fields = types.iter().find_map(|t| match &t.kind {
                TypeKind::Object(fields) if t.name == used.ty => Some(fields),
                _ => None,
            });
            if fields.is_some_and(|fields| fields.iter().any(|f| f.wire == used.tag)) {
                let message = format!(
                    "`{}` has a field `{}`, which is the union's tag",
                    used.ty, used.tag
                );
                let hint = "the union writes and reads the tag itself; remove the field from the variant type";
                self.error_with_hint(used.pos, &used.path, message, hint);
            }
        }
    }
}
