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

/// The Rust type of a spec type reference.
pub fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Integer => quote!(i64),
        TypeRef::Number => quote!(f64),
        TypeRef::Numeric => quote!(::oneentry_client::Numeric),
        TypeRef::Boolean => quote!(bool),
        TypeRef::Secret => quote!(::oneentry_client::Secret),
        TypeRef::Json => quote!(::oneentry_client::JsonValue),
        TypeRef::Named(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::OneOrMany(inner) => {
            let inner = rust_type(inner);
            quote!(::oneentry_client::OneOrMany<#inner>)
        }
    }
}

/// How a value of this type is taken as an argument: strings and secrets accept
/// anything that converts, so callers can pass `"orders"` without `.to_owned()`.
pub fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String | TypeRef::Secret => {
            let ty = rust_type(ty);
            quote!(impl Into<#ty>)
        }
        _ => rust_type(ty),
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
