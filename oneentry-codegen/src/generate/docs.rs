//! The rustdoc of generated methods: everything a caller needs without opening the
//! spec, taken from the spec alone (its descriptions, method, path, parameters and
//! types), so a downstream spec's docs speak of that spec and nothing else.

use crate::ir::{
    ArrayStyle, Auth, Default, Endpoint, Ends, Module, Param, ParamLocation, SessionEffect, TypeRef,
};
use crate::naming;

/// How a type reads in prose: `Vec<Order>`, `BTreeMap<String, i64>`.
pub(super) fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Number => "f64".to_owned(),
        TypeRef::Numeric => "Numeric".to_owned(),
        TypeRef::Boolean => "bool".to_owned(),
        TypeRef::Secret => "Secret".to_owned(),
        TypeRef::Json => "JsonValue".to_owned(),
        TypeRef::Named(name) | TypeRef::Builtin(name) => name.clone(),
        TypeRef::Array(inner) => format!("Vec<{}>", type_text(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", type_text(inner)),
        TypeRef::OneOrMany(inner) => format!("OneOrMany<{}>", type_text(inner)),
    }
}

/// `query `langCode``: where a parameter goes on the wire.
fn wire_text(param: &Param) -> String {
    let wire = &param.wire;
    match (param.location, param.style) {
        (ParamLocation::Path, _) => format!("path `{{{wire}}}`"),
        (ParamLocation::Query, Some(ArrayStyle::Comma)) => {
            format!("query `{wire}`, the items comma-joined (`{wire}=a,b`)")
        }
        (ParamLocation::Query, Some(ArrayStyle::Repeat)) => {
            format!("query `{wire}`, once per item (`{wire}=a&{wire}=b`)")
        }
        (ParamLocation::Query, None) => format!("query `{wire}`"),
        (ParamLocation::Body, _) => format!("body key `{wire}`"),
        (ParamLocation::Header, _) => format!("header `{wire}`"),
    }
}

/// How a parameter's type reads where the caller passes it: an array query parameter takes
/// any iterator of its items.
fn argument_text(param: &Param) -> String {
    match (&param.ty, param.style) {
        (TypeRef::Array(item), Some(_)) => {
            format!("impl IntoIterator<Item = {}>", type_text(item))
        }
        (ty, _) => type_text(ty),
    }
}

/// What an omitted parameter becomes, in words.
pub(super) fn default_text(default: &Default) -> String {
    match default {
        Default::Integer(v) => format!("`{v}`"),
        Default::Boolean(v) => format!("`{v}`"),
        Default::String(v) => format!("`{v:?}`"),
        Default::Variant { wire, .. } => format!("`{wire:?}`"),
        Default::ClientLanguage => "the client's language".to_owned(),
        Default::SessionRefreshToken => "the refresh token of the client's session".to_owned(),
        Default::Param(other) => format!("the value of `{other}`"),
    }
}

/// One list item per parameter: its Rust name, type, wire place, and description.
fn param_line(param: &Param, name: &str) -> String {
    let mut line = format!(
        "\n- {name}: `{}`, {}",
        argument_text(param),
        wire_text(param)
    );
    if let Some(default) = &param.default {
        line.push_str(&format!("; defaults to {}", default_text(default)));
    } else if param.optional {
        line.push_str("; left out of the request unless set");
    }
    match &param.doc {
        Some(doc) => line.push_str(&format!(". {}", doc.replace('\n', " "))),
        None => line.push('.'),
    }
    line
}

/// The doc of the method that starts a request: what it does, how it goes on the
/// wire, every parameter, what it answers and how it fails.
pub(super) fn method_doc(module: &Module, endpoint: &Endpoint) -> String {
    let mut text = endpoint.doc.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}` (`{}.{}` in the spec).",
        endpoint.method.as_str(),
        endpoint.path,
        module.name,
        endpoint.name
    ));
    if endpoint.auth == Auth::User {
        text.push_str(" Needs a signed-in user.");
    }
    match &endpoint.session {
        SessionEffect::Opens(_) => {
            text.push_str(" Stores the returned tokens in the client's session.")
        }
        SessionEffect::Refreshes(_) => text.push_str(
            " Replaces the session's tokens with the returned ones; the client also calls it by itself when a token expires.",
        ),
        SessionEffect::Ends(Ends::ThisDevice) => {
            text.push_str(" Clears the client's session when it succeeds.")
        }
        SessionEffect::Ends(Ends::AllDevices) => text.push_str(
            " Ends the user's sessions on every device, and clears the client's session when it succeeds.",
        ),
        SessionEffect::None => {}
    }

    let required: Vec<&Param> = endpoint.params.iter().filter(|p| p.is_required()).collect();
    if !required.is_empty() || endpoint.body.is_some() {
        text.push_str("\n\n# Arguments\n");
        for p in &required {
            text.push_str(&param_line(p, &format!("`{}`", p.rust)));
        }
        match &endpoint.body {
            Some(TypeRef::Array(item)) => text.push_str(&format!(
                "\n- `body`: the `{}` items (any iterator of them), sent as a bare JSON array.",
                type_text(item)
            )),
            Some(body) => text.push_str(&format!(
                "\n- `body`: `{}`, the JSON body.",
                type_text(body)
            )),
            None => {}
        }
    }
    let optional: Vec<&Param> = endpoint
        .params
        .iter()
        .filter(|p| !p.is_required())
        .collect();
    if !optional.is_empty() {
        text.push_str(&format!(
            "\n\n# Optional parameters\n\nSet on the returned [`{}`]({}::{}) before awaiting it:\n",
            endpoint.builder, module.rust, endpoint.builder
        ));
        for p in optional {
            let target = if naming::needs_raw(&p.rust) {
                format!("r#{}", p.rust)
            } else {
                p.rust.clone()
            };
            let link = format!(
                "[`{}`]({}::{}::{target})",
                p.rust, module.rust, endpoint.builder
            );
            text.push_str(&param_line(p, &link));
        }
    }

    text.push_str("\n\n# Returns\n\n");
    match &endpoint.response {
        Some(TypeRef::Named(name)) => text.push_str(&format!("A [`{name}`] when awaited.")),
        Some(TypeRef::Builtin(name)) => text.push_str(&format!(
            "A [`{name}`](::oneentry_client::api::{name}) (a type of the built-in spec) when awaited."
        )),
        Some(other) => text.push_str(&format!("A `{}` when awaited.", type_text(other))),
        None => text.push_str(
            "`()` when awaited: the answer to a `HEAD` has no body, its success is the answer.",
        ),
    }
    if endpoint.paging.is_some() {
        text.push_str(&format!(
            " A list: [`pages()`]({}::{}::pages) on the returned builder walks every page.",
            module.rust, endpoint.builder
        ));
    }

    text.push_str("\n\n# Errors\n\nAwaiting it fails with an [`Error`](::oneentry_client::Error):");
    if endpoint.auth == Auth::User {
        text.push_str("\n- `Error::NotSignedIn` without a session, before any request is sent;");
    }
    if endpoint
        .params
        .iter()
        .any(|p| p.default == Some(Default::SessionRefreshToken))
    {
        text.push_str("\n- `Error::NotSignedIn` when the session has no refresh token to send;");
    }
    let headers: Vec<String> = endpoint
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| format!("`{}`", p.wire))
        .collect();
    if !headers.is_empty() {
        text.push_str(&format!(
            "\n- `Error::Encode`, before any request, when the value of {} is not a valid HTTP header value (a line break, a control character);",
            headers.join(", ")
        ));
    }
    text.push_str(
        "\n- when the server answers with an error status, which the error carries with the server's message;\
         \n- when the server cannot be reached or the answer does not decode as the type above.",
    );
    text
}
