//! Models: one struct per object type, one enum per string enum. A struct derives
//! `Serialize`; its `Deserialize` is written out by [`super::decode`].

use proc_macro2::TokenStream;
use quote::quote;

use super::decode::deserialize_impl;
use super::enums::{int_enum, string_enum, tagged_union};
use super::rust_type::{Scope, argument_type, converts, doc_lines, held_type, ident, rust_type};
use crate::ir::{Field, TypeDef, TypeKind, TypeRef};

pub fn type_def(def: &TypeDef) -> TokenStream {
    let doc = doc_lines(def.doc.as_deref().unwrap_or(""));
    match &def.kind {
        TypeKind::Object(fields) => object(def, doc, fields),
        TypeKind::Enum(variants) => string_enum(def, doc, variants),
        TypeKind::IntEnum(variants) => int_enum(def, doc, variants),
        TypeKind::Union(union) => tagged_union(def, doc, union),
        TypeKind::Placeholder => {
            let name = ident(&def.name);
            quote! {
                #doc
                #[doc = ""]
                #[doc = " The spec's definition of this type has errors; it stands as free JSON until they are fixed."]
                pub type #name = ::oneentry_client::JsonValue;
            }
        }
    }
}

/// serde's `camelCase` spelling of a snake_case field, to know when `rename` is needed.
fn serde_camel_case(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn object(def: &TypeDef, doc: TokenStream, fields: &[Field]) -> TokenStream {
    let name = ident(&def.name);
    let field_items = fields.iter().map(field);
    let required: Vec<&Field> = fields.iter().filter(|f| !f.has_default()).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust);
        let ty = if boxes_argument(f) {
            let inner = rust_type(&f.ty);
            quote!(impl ::core::convert::Into<::std::boxed::Box<#inner>>)
        } else {
            argument_type(&f.ty, Scope::Items)
        };
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.rust);
        if f.tristate {
            quote!(#name: ::oneentry_client::Patch::Absent)
        } else if f.is_option() {
            quote!(#name: ::core::option::Option::None)
        } else if converts(&f.ty) || boxes_argument(f) {
            quote!(#name: ::core::convert::Into::into(#name))
        } else {
            quote!(#name)
        }
    });
    let constructor_doc = if required.is_empty() {
        " An empty value; set the optional fields you need."
    } else if required.len() == fields.len() {
        " A value from all its fields."
    } else if fields.iter().any(|f| f.tristate) {
        " A value with the required fields; the optional ones start as `None` (`Patch::Absent`)."
    } else {
        " A value with the required fields; the optional ones start as `None`."
    };
    // A type whose fields are all optional can start empty.
    let default = required
        .is_empty()
        .then(|| quote!(::core::default::Default,));
    let deserialize = deserialize_impl(&def.name, fields);
    quote! {
        #doc
        #[derive(::core::clone::Clone, ::core::fmt::Debug, #default ::core::cmp::PartialEq, ::oneentry_client::__private::serde::Serialize)]
        #[serde(crate = "::oneentry_client::__private::serde", rename_all = "camelCase")]
        pub struct #name {
            #(#field_items)*
            /// Fields the spec does not name, kept as they arrived so no data is lost.
            #[serde(flatten)]
            pub extra: ::oneentry_client::JsonMap,
        }

        impl #name {
            #[doc = #constructor_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    extra: ::oneentry_client::JsonMap::new(),
                }
            }
        }

        #deserialize
    }
}

fn field(field: &Field) -> TokenStream {
    // Every public field gets a doc line, so rustdoc shows the wire name and
    // `missing_docs` stays quiet even where the spec has no description.
    let mut text = field.doc.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!("Wire name: `{}`", field.wire));
    match (field.optional, field.nullable) {
        _ if field.tristate => text.push_str(
            " (may be absent or null, which differ: [`Patch::Absent`](::oneentry_client::Patch::Absent) leaves the key out, `Patch::Null` sends `null`).",
        ),
        (true, true) => text.push_str(" (may be absent or null)."),
        (true, false) => text.push_str(" (may be absent)."),
        (false, true) => text.push_str(" (may be null)."),
        (false, false) => text.push('.'),
    }
    if field.localized {
        text.push_str(" Keyed by language on the wire.");
    }
    if field.boxed {
        text.push_str(" Boxed: the type contains itself through this field.");
    }
    let doc = doc_lines(&text);
    let name = ident(&field.rust);
    let inner = held_type(&field.ty, field.boxed);
    let ty = if field.tristate {
        quote!(::oneentry_client::Patch<#inner>)
    } else if field.is_option() {
        quote!(::core::option::Option<#inner>)
    } else {
        inner
    };
    let mut serde = Vec::new();
    if serde_camel_case(&field.rust) != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    // A nullable field writes `None` as `null`: a server (the emulator) must be able to
    // send the explicit `null` that clients such as the official SDK require.
    if field.tristate {
        serde.push(quote!(
            skip_serializing_if = "::oneentry_client::Patch::is_absent"
        ));
    } else if field.optional && !field.nullable {
        serde.push(quote!(
            skip_serializing_if = "::core::option::Option::is_none"
        ));
    }
    if field.localized {
        serde.push(quote!(
            serialize_with = "::oneentry_client::__private::localized::serialize"
        ));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #serde
        pub #name: #ty,
    }
}

/// Whether `T::new` takes this field as `impl Into<Box<T>>`, so callers pass the value itself.
fn boxes_argument(field: &Field) -> bool {
    field.boxed && matches!(field.ty, TypeRef::Named(_))
}
