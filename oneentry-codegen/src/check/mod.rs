//! Phase 2, check: every rule of the spec format, building the [IR](crate::ir) as it goes.
//!
//! Checking never stops at the first problem: each one is recorded in
//! [`Diagnostics`] and replaced by a harmless fallback (an unknown type becomes
//! free JSON, a broken type definition a placeholder), so that the user sees every
//! mistake in one build and the generated code does not add errors of its own.
//!
//! One file per concern, all adding methods to the one [`Checker`]: `objects` (the
//! JSON shapes every rule builds on), `names` (clashes with generated names), `types`, `endpoints`, `params`, `defaults`,
//! `pagination`, `session`.

mod defaults;
mod endpoints;
mod names;
mod objects;
mod pagination;
mod params;
mod recursion;
mod session;
mod types;
mod variants;

use std::collections::{HashMap, HashSet};

use session::{FieldShape, SessionDecls};

use crate::Accessors;
use crate::diagnostics::Diagnostics;
use crate::ir::{Api, TypeRef};
use crate::read::{JsonPath, Member, Node, Pos, Value};

/// The spec format version this crate understands.
const FORMAT_VERSION: &str = "1";

/// Checks the document and returns the IR, recording every problem in `diagnostics`.
pub fn check(root: &Node, accessors: &Accessors, diagnostics: &mut Diagnostics) -> Api {
    let mut checker = Checker {
        diagnostics,
        accessors,
        types: HashMap::new(),
        enum_values: HashMap::new(),
        unusable_types: HashSet::new(),
        page_objects: HashMap::new(),
        object_fields: HashMap::new(),
        sessions: SessionDecls::default(),
        union_variants: Vec::new(),
    };
    checker.duplicate_keys(root);
    checker.api(root)
}

/// What a named type is, as far as other definitions need to know.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Object,
    Enum,
    IntEnum,
    Union,
    Unknown,
}

/// What the rules learn about the whole spec while walking it, plus the problems found.
struct Checker<'d> {
    diagnostics: &'d mut Diagnostics,
    /// How modules are reached, which decides the names the accessors take.
    accessors: &'d Accessors,
    types: HashMap<String, Shape>,
    /// Wire values of each valid enum, for checking parameter defaults.
    enum_values: HashMap<String, Vec<String>>,
    /// Type names that cannot be Rust names: reported once where defined, no code generated.
    unusable_types: HashSet<String>,
    /// Object types shaped `{total: integer, items: [T]}`, with their item type `T`.
    page_objects: HashMap<String, TypeRef>,
    /// The fields of each valid object type, for token pointers and body keys.
    object_fields: HashMap<String, Vec<FieldShape>>,
    /// The session declarations seen so far.
    sessions: SessionDecls,
    /// Each variant of each tagged union, checked against its type's fields once all are known.
    union_variants: Vec<variants::UnionUse>,
}

impl Checker<'_> {
    fn error(&mut self, pos: Pos, path: &JsonPath, message: impl Into<String>) {
        self.diagnostics.error(pos, path, message);
    }

    fn error_with_hint(
        &mut self,
        pos: Pos,
        path: &JsonPath,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.diagnostics.error_with_hint(pos, path, message, hint);
    }

    fn api(&mut self, root: &Node) -> Api {
        let path = JsonPath::root();
        let allowed = ["$schema", "version", "types", "modules"];
        let Some(object) = self.object(root, "the spec", Some(&allowed)) else {
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
                let hint = format!("this macro reads version {FORMAT_VERSION}");
                let version = path.key("version");
                self.error_with_hint(member.value.pos, &version, "unsupported spec version", hint);
            }
            None => {
                let hint = format!("add `\"version\": {FORMAT_VERSION}`");
                self.error_with_hint(root.pos, &path, "missing `version`", hint);
            }
        }

        let types = self.types(object.get("types"), &path.key("types"));
        self.collect_enum_values(&types);
        self.collect_page_objects(&types);
        self.collect_object_fields(&types);

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
        self.check_sessions();
        Api { types, modules }
    }
}
