//! The `modules` section: module and endpoint names, methods, paths and their templates,
//! bodies, responses, auth and session effects.

use super::Checker;
use super::objects::{Object, distinct};
use crate::ir::{
    Auth, Endpoint, HttpMethod, Module, Param, ParamLocation, SessionEffect, TypeRef, segments,
    symbols,
};
use crate::naming;
use crate::read::{JsonPath, Member, Node, Pos, Value};

impl Checker<'_> {
    pub(super) fn modules(&mut self, node: &Node, path: &JsonPath) -> Vec<Module> {
        let Some(object) = self.object(node, "the modules", None) else {
            return Vec::new();
        };
        let mut modules: Vec<Module> = Vec::new();
        for member in distinct(object.members) {
            let module_path = path.key(&member.key);
            if !naming::is_type_name(&member.key) {
                let message = format!("`{}` is not a usable module name", member.key);
                let hint = format!(
                    "use UpperCamelCase, e.g. `{}`",
                    naming::pascal_case(&member.key)
                );
                self.error_with_hint(member.key_pos, &module_path, message, hint);
                continue;
            }
            let accessor = symbols::module_accessor(&member.key);
            if !naming::is_identifier(&accessor) {
                let message = format!(
                    "the module `{}` would be reached as `client.{accessor}()`, which is not a usable method name",
                    member.key,
                );
                self.error(member.key_pos, &module_path, message);
                continue;
            }
            if self.accessor_taken(member, &accessor, &module_path)
                || self.takes_trait_name(member, &module_path, "module")
            {
                continue;
            }
            if let Some(twin) = modules
                .iter()
                .find(|m| m.rust == accessor && m.name != member.key)
            {
                let message = format!(
                    "`{}` and `{}` both become the accessor `client.{accessor}()`",
                    twin.name, member.key
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
            if let Some(module) = self.module(member, &module_path) {
                modules.push(module);
            }
        }
        modules
    }

    pub(super) fn module(&mut self, member: &Member, path: &JsonPath) -> Option<Module> {
        let allowed = ["description", "path", "endpoints"];
        let object = self.object(&member.value, "a module", Some(&allowed))?;
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
            let list = self.object(&list.value, "the endpoints of this module", None);
            for entry in distinct(list.map(|l| l.members).unwrap_or_default()) {
                let endpoint_path = list_path.key(&entry.key);
                let rust = symbols::method(&entry.key);
                if !naming::is_identifier(&rust) || naming::needs_raw(&rust) {
                    let message = format!("`{}` does not make a Rust method name", entry.key);
                    self.error(entry.key_pos, &endpoint_path, message);
                    continue;
                }
                if symbols::HANDLE_METHODS.contains(&rust.as_str()) {
                    let message = format!(
                        "the endpoint `{}` would become the method `{rust}`, which every module handle has already",
                        entry.key
                    );
                    let hint = "rename the endpoint; its path and method stay the same";
                    self.error_with_hint(entry.key_pos, &endpoint_path, message, hint);
                    continue;
                }
                if let Some(twin) = endpoints.iter().find(|e| e.rust == rust) {
                    let message = format!(
                        "`{}` and `{}` both become the method `{rust}`",
                        twin.name, entry.key
                    );
                    self.error(entry.key_pos, &endpoint_path, message);
                    continue;
                }
                if self.operation_taken(entry, &endpoints, &endpoint_path) {
                    continue;
                }
                let at = (member.key.as_str(), endpoint_path.clone());
                if let Some(endpoint) = self.endpoint(entry, &base, rust, at) {
                    endpoints.push(endpoint);
                }
            }
        } else {
            self.error(member.value.pos, path, "a module needs `endpoints`");
        }
        Some(Module {
            name: member.key.clone(),
            rust: symbols::module_accessor(&member.key),
            doc,
            endpoints,
        })
    }

    pub(super) fn endpoint(
        &mut self,
        member: &Member,
        base: &str,
        rust: String,
        (module, path): (&str, JsonPath),
    ) -> Option<Endpoint> {
        let path = &path;
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
            "resendAfterRefresh",
            "paginated",
            "idempotent",
        ];
        let object = self.object(&member.value, "an endpoint", Some(&allowed))?;
        let doc = self.description(&object);
        let method = self.choice(
            &object,
            "method",
            &[
                ("GET", HttpMethod::Get),
                ("POST", HttpMethod::Post),
                ("PUT", HttpMethod::Put),
                ("PATCH", HttpMethod::Patch),
                ("DELETE", HttpMethod::Delete),
                ("HEAD", HttpMethod::Head),
            ],
            None,
        );
        let auth = self.choice(
            &object,
            "auth",
            &[("none", Auth::None), ("user", Auth::User)],
            Some(Auth::None),
        );
        // An unknown method was reported; its checks below are skipped rather than guessed.
        let known_method = method.is_some();
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
            // A bare JSON array of objects is a body too (the product counts send `[...]`).
            let is_object = match &ty {
                TypeRef::Array(item) => self.is_object_type(item),
                other => self.is_object_type(other),
            };
            // A type whose name was unusable is reported where it is defined, not here.
            let unusable =
                matches!(&b.value.value, Value::String(n) if self.unusable_types.contains(n));
            if !is_object && !unusable && self.diagnostics.len() == reported_before {
                let message =
                    "a body must be a type with `fields`, or an `array` of one, so that it \
                     serialises to a JSON object or an array of objects";
                self.error(b.value.pos, &body_path, message);
            }
            ty
        });
        let has_body_params = params.iter().any(|p| p.location == ParamLocation::Body);
        if has_body_params && matches!(body, Some(TypeRef::Array(_))) {
            let message = "an array body has no keys for `in: body` parameters";
            let hint = "make the body an object type, or move the parameters to the query";
            self.error_with_hint(member.value.pos, path, message, hint);
        }
        if known_method && !method.has_body() && (body.is_some() || has_body_params) {
            let message = format!("a {} request has no body", method.as_str());
            let hint = "remove `body` and `in: body` parameters";
            self.error_with_hint(member.value.pos, path, message, hint);
        }

        let response = self.response(&object, known_method.then_some(method), member, path);

        // Repeating a read is harmless; anything else only when the spec says so.
        let idempotent = match object.get("idempotent") {
            Some(_) => self.boolean(&object, "idempotent"),
            None => matches!(method, HttpMethod::Get | HttpMethod::Head),
        };

        let paging = match object.get("paginated") {
            Some(_) if !self.boolean(&object, "paginated") => None,
            Some(flag) => {
                let response = response.as_ref().unwrap_or(&TypeRef::Json);
                self.paging(&params, response, flag.value.pos, &path.key("paginated"))
            }
            None => None,
        };

        if body.is_some() {
            let why = "the method's argument that takes the `body` model";
            let hint = "make it a field of the body model instead";
            let taken = symbols::BODY_ARGUMENT;
            self.drop_taken_param(object.get("params"), &mut params, taken, why, hint);
        }
        if paging.is_some() {
            let why = "the request builder's `pages()`, which walks the list";
            let hint = "drop `paginated` to set it on the builder, or walk the pages by hand";
            let taken = symbols::PAGES_METHOD;
            self.drop_taken_param(object.get("params"), &mut params, taken, why, hint);
        }

        if let Some(TypeRef::Named(model)) = &body {
            self.body_keys_sent_once(model, &params, object.get("params"), path);
        }

        let cx = super::session::Context {
            id: format!("{module}.{}", member.key),
            params: &params,
            response: response.as_ref().unwrap_or(&TypeRef::Json),
            path,
        };
        let session = self.session_effect(object.get("session"), &cx);
        let resend_after_refresh = self.resend_after_refresh(&object, &session, path);

        Some(Endpoint {
            name: member.key.clone(),
            builder: symbols::builder(&member.key),
            static_name: symbols::endpoint_static(&member.key),
            operation: symbols::operation(&member.key),
            operation_request: symbols::operation_request(&member.key),
            rust,
            doc,
            method,
            segments: segments(&endpoint_path),
            path: endpoint_path,
            params,
            body,
            response,
            auth: auth.unwrap_or(Auth::None),
            session,
            resend_after_refresh,
            idempotent,
            paging,
        })
    }

    /// The type of a successful answer; `None` for `HEAD`, whose answer has no body.
    fn response(
        &mut self,
        object: &Object<'_>,
        method: Option<HttpMethod>,
        member: &Member,
        path: &JsonPath,
    ) -> Option<TypeRef> {
        match (object.get("response"), method) {
            (Some(r), Some(HttpMethod::Head)) => {
                let message = "a HEAD answer has no body, so the endpoint has no `response`";
                let hint = "remove `response`; the method returns `()`";
                self.error_with_hint(r.key_pos, &path.key("response"), message, hint);
                None
            }
            (Some(r), _) => Some(self.type_ref(&r.value, &path.key("response"))),
            (None, Some(HttpMethod::Head)) => None,
            // An unknown method (reported) may have been a `HEAD`.
            (None, None) => Some(TypeRef::Json),
            (None, Some(_)) => {
                let message = "an endpoint needs a `response` type (use `\"json\"` when the shape is unknown)";
                self.error(member.value.pos, path, message);
                Some(TypeRef::Json)
            }
        }
    }

    /// Whether a refresh may fix a 401: by default yes, except for the endpoints that sign in
    /// or refresh, whose 401 means bad credentials or a dead refresh token.
    fn resend_after_refresh(
        &mut self,
        object: &Object<'_>,
        session: &SessionEffect,
        path: &JsonPath,
    ) -> bool {
        let issues_tokens = session.grant().is_some();
        let Some(member) = object.get("resendAfterRefresh") else {
            return !issues_tokens;
        };
        let resend = self.boolean(object, "resendAfterRefresh");
        if resend && issues_tokens {
            let message = "an endpoint that signs in or refreshes cannot be resent after a refresh: its 401 means bad credentials or a dead refresh token";
            self.error(member.value.pos, &path.key("resendAfterRefresh"), message);
            return false;
        }
        resend
    }

    /// A body parameter with the name of a field of the body model would send that key twice.
    fn body_keys_sent_once(
        &mut self,
        model: &str,
        params: &[Param],
        declared: Option<&Member>,
        path: &JsonPath,
    ) {
        let Some(fields) = self.object_fields.get(model) else {
            return;
        };
        let twice: Vec<String> = params
            .iter()
            .filter(|p| p.location == ParamLocation::Body)
            .filter(|p| fields.iter().any(|f| f.wire == p.wire))
            .map(|p| p.wire.clone())
            .collect();
        for wire in twice {
            let pos = declared
                .and_then(|d| match &d.value.value {
                    Value::Object(members) => members.iter().find(|m| m.key == wire),
                    _ => None,
                })
                .map_or(Pos { line: 1, column: 1 }, |m| m.key_pos);
            let message = format!(
                "the body parameter `{wire}` is also a field of the body model `{model}`; the key would be sent twice"
            );
            let hint = "keep one of them";
            self.error_with_hint(pos, &path.key("params").key(&wire), message, hint);
        }
    }

    pub(super) fn check_base_path(&mut self, base: &str, pos: Pos, path: &JsonPath) {
        if !base.starts_with('/') || base.ends_with('/') || base.contains(['{', '}', '?', '#']) {
            let message = "a base path starts with `/`, does not end with `/` and has no parameters or query, e.g. `/api/content/orders-storage`";
            self.error(pos, path, message);
        }
    }

    /// Every `{name}` in the path needs a path parameter, and every path parameter a `{name}`.
    pub(super) fn check_path_template(
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
                    "the path parameter `{}` does not appear in the path",
                    param.wire
                );
                let hint = format!("add `{{{}}}` to it", param.wire);
                let param_path = endpoint_path.key("params").key(&param.wire);
                self.error_with_hint(pos, &param_path, message, hint);
            }
        }
    }
}
