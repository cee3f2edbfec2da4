//! How spec types are spelled in generated Rust.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::TypeRef;
use crate::naming;

/// An identifier for a spec-derived name, raw (`r#type`) where it is a keyword.
pub fn ident(name: &str) -> Ident {
    if naming::needs_raw(name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// Where generated code names a type from: the spec's own items, or the module of
/// request builders inside them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Next to the models.
    Items,
    /// Inside a module's builders, where a model is reached as `super::Name`: a builder
    /// may have the model's name (`CreateReview` for the endpoint `createReview` and
    /// its body model), so the builders' module imports nothing from its parent.
    Builders,
    /// Inside the mock operations of a module's builders (`orders::ops`), two levels below.
    Ops,
}

/// The Rust type of a spec type reference, as named next to the models.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    rust_type_in(ty, Scope::Items)
}

/// The Rust type of a spec type reference, as named from `scope`. Standard items
/// have full paths, so a model named `Option` or `String` changes nothing.
pub fn rust_type_in(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Numeric => quote!(::oneentry_client::Numeric),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Secret => quote!(::oneentry_client::Secret),
        TypeRef::Json => quote!(::oneentry_client::JsonValue),
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Items => quote!(#name),
                Scope::Builders => quote!(super::#name),
                Scope::Ops => quote!(super::super::#name),
            }
        }
        TypeRef::Builtin(name) => {
            let name = ident(name);
            quote!(::oneentry_client::api::#name)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type_in(inner, scope);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type_in(inner, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::OneOrMany(inner) => {
            let inner = rust_type_in(inner, scope);
            quote!(::oneentry_client::OneOrMany<#inner>)
        }
    }
}

/// The Rust type of a model's field or union variant: as [`rust_type`], with the value it
/// holds inline in a `Box` when `boxed` (a self-referencing type, see `check/recursion.rs`).
pub fn held_type(ty: &TypeRef, boxed: bool) -> TokenStream {
    match ty {
        TypeRef::Named(_) if boxed => {
            let inner = rust_type(ty);
            quote!(::std::boxed::Box<#inner>)
        }
        TypeRef::OneOrMany(inner) if boxed => {
            let inner = held_type(inner, boxed);
            quote!(::oneentry_client::OneOrMany<#inner>)
        }
        _ => rust_type(ty),
    }
}

/// How a value of this type is taken as an argument: strings and secrets accept
/// anything that converts, so callers can pass `"orders"` without `.to_owned()`.
pub fn argument_type(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Secret => {
            let ty = rust_type_in(ty, scope);
            quote!(impl ::core::convert::Into<#ty>)
        }
        _ => rust_type_in(ty, scope),
    }
}

/// Whether [`argument_type`] is an `impl Into<_>` that needs `.into()`.
pub fn converts(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Secret)
}

/// `#[doc]` attributes, one per line, so rustdoc and `cargo expand` show `///` lines.
pub fn doc_lines(text: &str) -> TokenStream {
    text.lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            quote!(#[doc = #line])
        })
        .collect()
}
