//! `paginated: true`: the offset and limit parameters and the shape of a page.

use super::Checker;
use crate::ir::{Default, Paging, Param, ParamLocation, TypeDef, TypeKind, TypeRef};
use crate::read::{JsonPath, Pos};

impl Checker<'_> {
    /// Remembers the object types shaped like a page, `{total: integer, items: [T]}`.
    pub(super) fn collect_page_objects(&mut self, types: &[TypeDef]) {
        for t in types {
            if let TypeKind::Object(fields) = &t.kind {
                let field = |name: &str| fields.iter().find(|f| f.wire == name && !f.has_default());
                if let (Some(total), Some(items)) = (field("total"), field("items"))
                    && total.ty == TypeRef::Integer
                    && let TypeRef::Array(item) = &items.ty
                {
                    self.page_objects.insert(t.name.clone(), (**item).clone());
                }
            }
        }
    }

    /// A paginated endpoint has integer `offset` and `limit` query parameters with defaults,
    /// and answers an array or a `{total, items}` object.
    pub(super) fn paging(
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
}
