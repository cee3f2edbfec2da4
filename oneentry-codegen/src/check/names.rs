//! Names that are valid Rust but taken by the code generated around them: the
//! accessor trait, methods `Client` already has, the handles' and builders' own
//! methods. Each clash is reported where the spec writes the name, instead of
//! reaching rustc as an error inside the macro's expansion.

use super::Checker;
use crate::Accessors;
use crate::ir::symbols;
use crate::read::{JsonPath, Member, Value};

impl Checker<'_> {
    /// The name of the generated accessor trait, when there is one.
    fn trait_name(&self) -> Option<String> {
        match self.accessors {
            Accessors::Trait(name) => Some(name.to_string()),
            Accessors::Inherent => None,
        }
    }

    /// Whether a type or module name is the accessor trait's; reports it if so. A
    /// module's builders' module (`orders`) counts too, for a trait named in lower case.
    pub(super) fn takes_trait_name(
        &mut self,
        member: &Member,
        path: &JsonPath,
        what: &str,
    ) -> bool {
        let Some(trait_name) = self.trait_name() else {
            return false;
        };
        let builders = (what == "module").then(|| symbols::module_accessor(&member.key));
        if member.key != trait_name && builders.as_deref() != Some(trait_name.as_str()) {
            return false;
        }
        let message = format!(
            "the {what} `{}` would clash with `{trait_name}`, the generated trait that adds this spec's modules to `Client`",
            member.key
        );
        let hint = format!(
            "rename the {what}, or give the trait another name with `client = trait OtherName`"
        );
        self.error_with_hint(member.key_pos, path, message, hint);
        true
    }

    /// Whether `client.<accessor>()` is already a method of `Client`; reports it if so.
    pub(super) fn accessor_taken(
        &mut self,
        member: &Member,
        accessor: &str,
        path: &JsonPath,
    ) -> bool {
        let built_in = matches!(self.accessors, Accessors::Trait(_))
            && symbols::BUILT_IN_MODULES
                .iter()
                .find(|m| m.accessor == accessor)
                .is_some_and(|m| !copies(member, m));
        let message = if built_in {
            format!(
                "the module `{}` would be reached as `client.{accessor}()`, which already reaches the built-in module of that name and would hide this one",
                member.key
            )
        } else if symbols::CLIENT_METHODS.contains(&accessor) {
            format!(
                "the module `{}` would be reached as `client.{accessor}()`, which is already a method of `Client`",
                member.key
            )
        } else {
            return false;
        };
        let hint = format!(
            "rename the module, e.g. `My{}`; its path and endpoints stay the same",
            member.key
        );
        self.error_with_hint(member.key_pos, path, message, hint);
        true
    }
}

impl Checker<'_> {
    /// Whether the endpoint's mock operation or its request type has the name of another
    /// endpoint's (`createReviewRequest` next to `createReview`); reports it if so.
    pub(super) fn operation_taken(
        &mut self,
        member: &Member,
        earlier: &[crate::ir::Endpoint],
        path: &JsonPath,
    ) -> bool {
        let operation = symbols::operation(&member.key);
        let request = symbols::operation_request(&member.key);
        let Some((twin, name)) = earlier.iter().find_map(|e| {
            if e.operation_request == operation {
                Some((e, &operation))
            } else if e.operation == request {
                Some((e, &request))
            } else {
                None
            }
        }) else {
            return false;
        };
        let message = format!(
            "`{}` and `{}` both become the type `{}::{name}` of a mock server",
            twin.name,
            member.key,
            symbols::OPS_MODULE
        );
        let hint = format!(
            "rename one of them; the mock server names an endpoint's request `<Endpoint>{}`",
            symbols::OPERATION_REQUEST_SUFFIX
        );
        self.error_with_hint(member.key_pos, path, message, hint);
        true
    }
}

/// Whether a module is a copy of a built-in one: its path and only endpoints the
/// built-in module has (so the built-in accessor serves every call written for it).
fn copies(member: &Member, built_in: &symbols::BuiltInModule) -> bool {
    let Value::Object(keys) = &member.value.value else {
        return false;
    };
    let path = keys.iter().find(|k| k.key == "path");
    let same_path =
        matches!(path, Some(p) if matches!(&p.value.value, Value::String(s) if s == built_in.path));
    let endpoints = keys.iter().find(|k| k.key == "endpoints");
    let known = match endpoints.map(|e| &e.value.value) {
        Some(Value::Object(list)) => list
            .iter()
            .all(|e| built_in.endpoints.contains(&e.key.as_str())),
        _ => false,
    };
    same_path && known
}

impl Checker<'_> {
    /// Drops the parameter whose Rust name is `taken` (reporting it at its key),
    /// because the endpoint's generated code already uses that name for `why`.
    pub(super) fn drop_taken_param(
        &mut self,
        params_member: Option<&Member>,
        params: &mut Vec<crate::ir::Param>,
        taken: &str,
        why: &str,
        hint: &str,
    ) {
        let Some(index) = params.iter().position(|p| p.rust == taken) else {
            return;
        };
        let param = params.remove(index);
        let Some(member) = params_member else {
            return;
        };
        let key_pos = match &member.value.value {
            Value::Object(members) => members
                .iter()
                .find(|m| m.key == param.wire)
                .map_or(member.value.pos, |m| m.key_pos),
            _ => member.value.pos,
        };
        let path = member.value.path.key(&param.wire);
        let message = format!("a parameter named `{}` would clash with {why}", param.wire);
        self.error_with_hint(key_pos, &path, message, hint);
    }
}
