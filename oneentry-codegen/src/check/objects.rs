//! The JSON shapes every rule builds on: objects with known keys, strings, booleans,
//! one-of-a-list choices. Each reports what it expected and what it found.

use std::collections::HashMap;

use super::Checker;
use crate::naming;
use crate::read::{JsonPath, Member, Node, Pos, Value};

/// An object node whose keys were checked against the allowed ones.
pub(super) struct Object<'a> {
    pub(super) members: &'a [Member],
    pub(super) path: JsonPath,
}

impl<'a> Object<'a> {
    pub(super) fn get(&self, key: &str) -> Option<&'a Member> {
        self.members.iter().find(|m| m.key == key)
    }
}

/// The members of an object without the repeats of a key, which
/// [`Checker::duplicate_keys`] reported: every rule sees each key once.
pub(super) fn distinct(members: &[Member]) -> impl Iterator<Item = &Member> {
    members
        .iter()
        .enumerate()
        .filter(|(i, m)| !members[..*i].iter().any(|earlier| earlier.key == m.key))
        .map(|(_, m)| m)
}

impl Checker<'_> {
    /// Reports every key that repeats an earlier key of its object, at the repeat,
    /// anywhere in the document (a `default` value included); the rules then read the
    /// first occurrence only, so one duplicate is one error. Walks with its own stack:
    /// the parser bounds nesting, but this needs no recursion at all.
    pub(super) fn duplicate_keys(&mut self, root: &Node) {
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Object(members) => {
                    let mut first: HashMap<&str, Pos> = HashMap::new();
                    for member in members {
                        if let Some(pos) = first.get(member.key.as_str()) {
                            let message = format!("duplicate key `{}`", member.key);
                            let hint = format!("it is already defined at {pos}; keep one of them");
                            let path = node.path.key(&member.key);
                            self.error_with_hint(member.key_pos, &path, message, hint);
                        } else {
                            first.insert(&member.key, member.key_pos);
                        }
                    }
                    stack.extend(members.iter().rev().map(|m| &m.value));
                }
                Value::Array(items) => stack.extend(items.iter().rev()),
                _ => {}
            }
        }
    }

    /// Checks that `node` is an object and, when `allowed` is given, has no keys other
    /// than those (so typos such as `descripton` are caught). Duplicate keys were
    /// reported for the whole document before (see [`Checker::duplicate_keys`]).
    pub(super) fn object<'a>(
        &mut self,
        node: &'a Node,
        what: &str,
        allowed: Option<&[&str]>,
    ) -> Option<Object<'a>> {
        let path = &node.path;
        let Value::Object(members) = &node.value else {
            let found = node.value.kind();
            self.error(
                node.pos,
                path,
                format!("expected {what} (an object), found {found}"),
            );
            return None;
        };
        for member in members {
            let member_path = path.key(&member.key);
            if let Some(allowed) = allowed
                && !allowed.contains(&member.key.as_str())
            {
                let hint = match naming::closest(&member.key, allowed.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("expected one of: {}", allowed.join(", ")),
                };
                let message = format!("unknown key `{}` in {what}", member.key);
                self.error_with_hint(member.key_pos, &member_path, message, hint);
            }
        }
        Some(Object {
            members,
            path: path.clone(),
        })
    }

    pub(super) fn string<'a>(&mut self, member: &'a Member, path: &JsonPath) -> Option<&'a str> {
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

    pub(super) fn boolean(&mut self, object: &Object<'_>, key: &str) -> bool {
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
    pub(super) fn description(&mut self, object: &Object<'_>) -> Option<String> {
        let member = object.get("description")?;
        let path = object.path.key("description");
        self.string(member, &path).map(str::to_owned)
    }

    /// A string that must be one of `options`; `fallback` is used when the key is absent
    /// (`None` makes the key required).
    pub(super) fn choice<T: Copy>(
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
                let hint = format!("expected one of {}", names());
                self.error_with_hint(pos, &object.path, format!("missing `{key}`"), hint);
            }
            return fallback;
        };
        let value = self.string(member, &path)?;
        match options.iter().find(|(n, _)| *n == value) {
            Some((_, v)) => Some(*v),
            None => {
                let message = format!("unknown {key} `{value}`");
                let hint = format!("expected one of {}", names());
                self.error_with_hint(member.value.pos, &path, message, hint);
                fallback
            }
        }
    }
}
