//! Self-referencing types (a category tree, a linked list, threaded comments): a value that
//! holds a value of its own type inline would have no finite size, so such fields are boxed.
//!
//! An array or a map already holds its items on the heap and breaks a cycle; a plain
//! reference, an optional one or a `oneOrMany` (whose `One` is inline) does not. A field or
//! union variant is boxed when the type it holds inline leads back to the type it is in.
//!
//! A cycle of fields that must all be present is still an error: every value would hold
//! another one, so no JSON value could ever decode.

use std::collections::{HashMap, HashSet};

use crate::ir::{TypeDef, TypeKind, TypeRef};

/// The named type a reference holds inline, if any.
fn inline(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::OneOrMany(inner) => inline(inner),
        _ => None,
    }
}

/// The types each type holds inline, through its fields or union variants.
fn inline_edges(types: &[TypeDef]) -> HashMap<String, Vec<String>> {
    types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Object(fields) => fields
                    .iter()
                    .filter_map(|f| inline(&f.ty))
                    .map(str::to_owned)
                    .collect(),
                TypeKind::Union(union) => union.variants.iter().map(|v| v.ty.clone()).collect(),
                _ => Vec::new(),
            };
            (t.name.clone(), targets)
        })
        .collect()
}

/// Whether `to` is reachable from `from` through inline edges (`from` itself included).
fn reaches(edges: &HashMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(next) = stack.pop() {
        if next == to {
            return true;
        }
        if seen.insert(next) {
            stack.extend(edges.get(next).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

/// The types that hold themselves through required plain references only (no optional,
/// nullable, array, map, `oneOrMany` or union on the way back): they have no finite value.
/// One type per such cycle.
pub(super) fn endless(types: &[TypeDef]) -> Vec<String> {
    let required: HashMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Object(fields) => fields
                    .iter()
                    .filter(|f| !f.has_default())
                    .filter_map(|f| match &f.ty {
                        TypeRef::Named(name) => Some(name.clone()),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let mut found: Vec<String> = Vec::new();
    for t in types {
        let on_cycle = required
            .get(&t.name)
            .into_iter()
            .flatten()
            .any(|to| reaches(&required, to, &t.name));
        // One cycle, one error: at its first type in spec order.
        let reported = found
            .iter()
            .any(|f| reaches(&required, f, &t.name) && reaches(&required, &t.name, f));
        if on_cycle && !reported {
            found.push(t.name.clone());
        }
    }
    found
}

/// Marks every field and union variant on a cycle of inline references as boxed.
pub(super) fn break_cycles(types: &mut [TypeDef]) {
    let edges = inline_edges(types);
    for t in types.iter_mut() {
        let name = t.name.as_str();
        match &mut t.kind {
            TypeKind::Object(fields) => {
                for field in fields {
                    field.boxed = inline(&field.ty).is_some_and(|to| reaches(&edges, to, name));
                }
            }
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = reaches(&edges, &variant.ty, name);
                }
            }
            _ => {}
        }
    }
}
