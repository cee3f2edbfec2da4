//! Session declarations: which endpoint signs in, refreshes or signs out, where the tokens sit
//! in the answers (JSON pointers checked against the response type), which parameter carries
//! the refresh token and which names the auth provider.

use std::collections::HashMap;

use super::Checker;
use super::objects::Object;
use crate::ir::{
    Ends, Grant, Param, ParamLocation, Refresh, SessionEffect, TypeDef, TypeKind, TypeRef,
};
use crate::read::{JsonPath, Member, Pos, Value};

/// What a pointer can walk through: the fields of an object type.
pub(super) struct FieldShape {
    pub(super) wire: String,
    pub(super) ty: TypeRef,
    /// Optional or nullable: the key may be missing or `null`.
    pub(super) maybe_absent: bool,
}

/// What the session declarations of the whole spec add up to, for the checks that need all
/// of them: one refresh endpoint, and sign-ins that name a provider only if it has one.
#[derive(Default)]
pub(super) struct SessionDecls {
    /// `Module.endpoint` of the refresh endpoint, and whether it names a provider.
    refresh: Option<(String, bool)>,
    /// Sign-ins that name a provider: where, for an error if no refresh takes one.
    opens_with_provider: Vec<(Pos, JsonPath)>,
}

/// Where the declaration is and what it may refer to.
pub(super) struct Context<'a> {
    pub(super) id: String,
    pub(super) params: &'a [Param],
    pub(super) response: &'a TypeRef,
    /// The path of the endpoint (`$.modules.M.endpoints.e`).
    pub(super) path: &'a JsonPath,
}

impl Checker<'_> {
    /// Remembers the fields of every object type, which token pointers walk through.
    pub(super) fn collect_object_fields(&mut self, types: &[TypeDef]) {
        let mut fields = HashMap::new();
        for t in types {
            if let TypeKind::Object(list) = &t.kind {
                let shapes = list
                    .iter()
                    .map(|f| FieldShape {
                        wire: f.wire.clone(),
                        ty: f.ty.clone(),
                        maybe_absent: f.has_default(),
                    })
                    .collect();
                fields.insert(t.name.clone(), shapes);
            }
        }
        self.object_fields = fields;
    }

    /// The endpoint's `session`: absent or `"none"`, `"logout"`, `"logoutAll"`,
    /// `{"opens": {...}}` or `{"refreshes": {...}}`.
    pub(super) fn session_effect(
        &mut self,
        member: Option<&Member>,
        cx: &Context<'_>,
    ) -> SessionEffect {
        let Some(member) = member else {
            return SessionEffect::None;
        };
        let path = cx.path.key("session");
        match &member.value.value {
            Value::String(s) => match s.as_str() {
                "none" => SessionEffect::None,
                "logout" => SessionEffect::Ends(Ends::ThisDevice),
                "logoutAll" => SessionEffect::Ends(Ends::AllDevices),
                other => {
                    let message = format!("unknown session `{other}`");
                    let hint = match other {
                        "store" => {
                            "a sign-in says where its tokens are: `{\"opens\": {\"accessToken\": \"/accessToken\", \"refreshToken\": \"/refreshToken\"}}`"
                        }
                        "clear" => {
                            "a sign-out is `\"logout\"` (this device) or `\"logoutAll\"` (every device)"
                        }
                        _ => {
                            "expected `\"none\"`, `\"logout\"`, `\"logoutAll\"`, `{\"opens\": ...}` or `{\"refreshes\": ...}`"
                        }
                    };
                    self.error_with_hint(member.value.pos, &path, message, hint);
                    SessionEffect::None
                }
            },
            Value::Object(_) => self.session_object(member, cx, &path),
            other => {
                let message = format!("expected a session declaration, found {}", other.kind());
                let hint =
                    "`\"logout\"`, `\"logoutAll\"`, `{\"opens\": ...}` or `{\"refreshes\": ...}`";
                self.error_with_hint(member.value.pos, &path, message, hint);
                SessionEffect::None
            }
        }
    }

    fn session_object(
        &mut self,
        member: &Member,
        cx: &Context<'_>,
        path: &JsonPath,
    ) -> SessionEffect {
        let what = "a session declaration";
        let Some(object) = self.object(&member.value, what, Some(&["opens", "refreshes"])) else {
            return SessionEffect::None;
        };
        match (object.get("opens"), object.get("refreshes")) {
            (Some(opens), None) => {
                let allowed = ["accessToken", "refreshToken", "provider"];
                let Some(decl) = self.object(&opens.value, "`opens`", Some(&allowed)) else {
                    return SessionEffect::None;
                };
                match self.grant(&decl, opens.value.pos, cx) {
                    Some(grant) => {
                        if grant.provider.is_some()
                            && let Some(m) = decl.get("provider")
                        {
                            let at = (m.value.pos, decl.path.key("provider"));
                            self.sessions.opens_with_provider.push(at);
                        }
                        SessionEffect::Opens(grant)
                    }
                    None => SessionEffect::None,
                }
            }
            (None, Some(refreshes)) => self.refreshes(refreshes, cx),
            (Some(_), Some(_)) => {
                let message = "an endpoint either opens a session or refreshes it, not both";
                self.error(member.value.pos, path, message);
                SessionEffect::None
            }
            (None, None) => {
                let hint = "add `opens` (a sign-in) or `refreshes` (the refresh endpoint)";
                self.error_with_hint(member.value.pos, path, "an empty session declaration", hint);
                SessionEffect::None
            }
        }
    }

    fn refreshes(&mut self, member: &Member, cx: &Context<'_>) -> SessionEffect {
        let allowed = [
            "accessToken",
            "refreshToken",
            "tokenParam",
            "provider",
            "defaultProvider",
        ];
        let Some(decl) = self.object(&member.value, "`refreshes`", Some(&allowed)) else {
            return SessionEffect::None;
        };
        if let Some((first, _)) = &self.sessions.refresh {
            let message = format!("a second refresh endpoint: `{first}` refreshes already");
            let hint = "a spec declares one refresh endpoint, which the client calls by itself";
            self.error_with_hint(member.key_pos, &decl.path, message, hint);
            return SessionEffect::None;
        }
        let grant = self.grant(&decl, member.value.pos, cx);
        let token_param = self.token_param(&decl, member.value.pos, cx);
        let default_provider = match (decl.get("defaultProvider"), grant.as_ref()) {
            (Some(m), Some(g)) if g.provider.is_some() => {
                let at = decl.path.key("defaultProvider");
                match self.string(m, &at) {
                    Some("") => {
                        self.error(m.value.pos, &at, "the default provider is empty");
                        None
                    }
                    value => value.map(str::to_owned),
                }
            }
            (Some(m), _) => {
                let message = "`defaultProvider` without a `provider` parameter to send it in";
                self.error(m.value.pos, &decl.path.key("defaultProvider"), message);
                None
            }
            (None, Some(g)) if g.provider.is_some() => {
                let message = "a refresh that sends a provider needs a `defaultProvider`, used before any sign-in names one";
                self.error(member.value.pos, &decl.path, message);
                None
            }
            (None, _) => None,
        };
        let (Some(grant), Some(token_param)) = (grant, token_param) else {
            return SessionEffect::None;
        };
        if grant.provider.is_some() && default_provider.is_none() {
            return SessionEffect::None;
        }
        self.sessions.refresh = Some((cx.id.clone(), grant.provider.is_some()));
        SessionEffect::Refreshes(Refresh {
            grant,
            token_param,
            default_provider,
        })
    }

    /// The token pointers and the provider parameter shared by `opens` and `refreshes`.
    fn grant(&mut self, decl: &Object<'_>, pos: Pos, cx: &Context<'_>) -> Option<Grant> {
        if *cx.response == TypeRef::Json {
            let message = "the answer holds the session's tokens, so the endpoint needs a `response` type that has them, not `json`";
            self.error(pos, &cx.path.key("response"), message);
            return None;
        }
        let access_token = self.pointer(decl, "accessToken", pos, cx);
        let refresh_token = self.pointer(decl, "refreshToken", pos, cx);
        let provider = match decl.get("provider") {
            None => Some(None),
            Some(m) => {
                let at = decl.path.key("provider");
                let fits = |p: &Param| {
                    matches!(p.location, ParamLocation::Path | ParamLocation::Query)
                        && p.ty == TypeRef::String
                };
                self.param_ref(m, &at, cx, "a `string` path or query parameter", fits)
                    .map(Some)
            }
        };
        Some(Grant {
            access_token: access_token?,
            refresh_token: refresh_token?,
            provider: provider?,
        })
    }

    fn token_param(&mut self, decl: &Object<'_>, pos: Pos, cx: &Context<'_>) -> Option<String> {
        let Some(m) = decl.get("tokenParam") else {
            let hint = "name the parameter that carries the refresh token, e.g. `\"tokenParam\": \"refreshToken\"`";
            self.error_with_hint(pos, &decl.path, "missing `tokenParam`", hint);
            return None;
        };
        let fits = |p: &Param| matches!(p.ty, TypeRef::Secret | TypeRef::String);
        let at = decl.path.key("tokenParam");
        self.param_ref(m, &at, cx, "a `secret` or `string` parameter", fits)
    }

    /// A string naming a parameter of the endpoint that `fits`.
    fn param_ref(
        &mut self,
        member: &Member,
        at: &JsonPath,
        cx: &Context<'_>,
        expected: &str,
        fits: impl Fn(&Param) -> bool,
    ) -> Option<String> {
        let name = self.string(member, at)?;
        let found = cx.params.iter().find(|p| p.wire == name);
        match found {
            Some(p) if fits(p) => Some(name.to_owned()),
            Some(_) => {
                let message = format!("the parameter `{name}` is not {expected}");
                self.error(member.value.pos, at, message);
                None
            }
            None => {
                let known: Vec<&str> = cx.params.iter().map(|p| p.wire.as_str()).collect();
                let message = format!("`{name}` is not a parameter of `{}`", cx.id);
                let hint = match crate::naming::closest(name, known.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("expected {expected}"),
                };
                self.error_with_hint(member.value.pos, at, message, hint);
                None
            }
        }
    }

    /// A required JSON pointer to a token string in the answer.
    fn pointer(
        &mut self,
        decl: &Object<'_>,
        key: &str,
        pos: Pos,
        cx: &Context<'_>,
    ) -> Option<String> {
        let at = decl.path.key(key);
        let Some(m) = decl.get(key) else {
            let hint = format!("a JSON pointer into the answer, e.g. `\"{key}\": \"/{key}\"`");
            self.error_with_hint(pos, &decl.path, format!("missing `{key}`"), hint);
            return None;
        };
        let pointer = self.string(m, &at)?;
        match self.resolve(cx.response, pointer) {
            Ok(()) => Some(pointer.to_owned()),
            Err(problem) => {
                self.error(m.value.pos, &at, problem);
                None
            }
        }
    }

    /// Walks `pointer` through `ty`; the target must be a token (a `secret` or `string`
    /// that is always there).
    fn resolve(&self, ty: &TypeRef, pointer: &str) -> Result<(), String> {
        let Some(rest) = pointer.strip_prefix('/') else {
            return Err(format!(
                "`{pointer}` is not a JSON pointer; it starts with `/`, e.g. `/accessToken`"
            ));
        };
        let mut current = ty.clone();
        for raw in rest.split('/') {
            let key = raw.replace("~1", "/").replace("~0", "~");
            current = match current {
                TypeRef::Named(name) => {
                    let Some(fields) = self.object_fields.get(&name) else {
                        // An enum, or a type whose definition was reported already.
                        return Err(format!("`{name}` has no fields to find `{key}` in"));
                    };
                    let Some(field) = fields.iter().find(|f| f.wire == key) else {
                        let close =
                            crate::naming::closest(&key, fields.iter().map(|f| f.wire.as_str()));
                        let guess = close
                            .map(|c| format!("; did you mean `{c}`?"))
                            .unwrap_or_default();
                        return Err(format!(
                            "`{pointer}` is not in the answer: `{name}` has no field `{key}`{guess}"
                        ));
                    };
                    if field.maybe_absent {
                        return Err(format!(
                            "`{pointer}` may be missing from the answer: `{name}.{key}` is optional or nullable"
                        ));
                    }
                    field.ty.clone()
                }
                TypeRef::Map(inner) => *inner,
                TypeRef::Array(inner) if key.parse::<usize>().is_ok() => *inner,
                // Free JSON: nothing more to check.
                TypeRef::Json => return Ok(()),
                _ => {
                    return Err(format!("`{pointer}` goes into a value that has no `{key}`"));
                }
            };
        }
        match current {
            TypeRef::Secret | TypeRef::String | TypeRef::Json => Ok(()),
            _ => Err(format!(
                "`{pointer}` is not a token: tokens are `secret` (or `string`) fields"
            )),
        }
    }

    /// Checks that need every declaration: a sign-in that names a provider needs a refresh
    /// that sends one.
    pub(super) fn check_sessions(&mut self) {
        let refresh_takes_provider = matches!(self.sessions.refresh, Some((_, true)));
        if refresh_takes_provider {
            return;
        }
        let places = std::mem::take(&mut self.sessions.opens_with_provider);
        for (pos, path) in places {
            let message = match &self.sessions.refresh {
                Some((id, _)) => format!(
                    "the sign-in names a provider, but the refresh endpoint `{id}` declares no `provider` to send it back in"
                ),
                None => {
                    "the sign-in names a provider, but no endpoint declares `refreshes` to use it"
                        .to_owned()
                }
            };
            self.error(pos, &path, message);
        }
    }
}
