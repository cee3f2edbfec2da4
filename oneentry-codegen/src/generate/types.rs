//! Models: one struct per object type, one enum per string enum. A struct derives
//! `Serialize`; its `Deserialize` is written out by [`super::decode`].

use proc_macro2::TokenStream;
use quote::quote;

use super::decode::deserialize_impl;
use super::rust_type::{Scope, argument_type, converts, doc_lines, ident, rust_type};
use crate::ir::{Field, TypeDef, TypeKind, Variant};

pub fn type_def(def: &TypeDef) -> TokenStream {
    let doc = doc_lines(def.doc.as_deref().unwrap_or(""));
    match &def.kind {
        TypeKind::Object(fields) => object(def, doc, fields),
        TypeKind::Enum(variants) => string_enum(def, doc, variants),
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
    let required: Vec<&Field> = fields.iter().filter(|f| !f.is_option()).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust);
        let ty = argument_type(&f.ty, Scope::Items);
        quote!(#name: #ty)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.rust);
        if f.is_option() {
            quote!(#name: ::core::option::Option::None)
        } else if converts(&f.ty) {
            quote!(#name: ::core::convert::Into::into(#name))
        } else {
            quote!(#name)
        }
    });
    let constructor_doc = if required.is_empty() {
        " An empty value; set the optional fields you need."
    } else if required.len() == fields.len() {
        " A value from all its fields."
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
            pub extra: ::oneentry_client::Extra,
        }

        impl #name {
            #[doc = #constructor_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    extra: ::oneentry_client::Extra::new(),
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
        (true, true) => text.push_str(" (may be absent or null)."),
        (true, false) => text.push_str(" (may be absent)."),
        (false, true) => text.push_str(" (may be null)."),
        (false, false) => text.push('.'),
    }
    if field.localized {
        text.push_str(" Keyed by language on the wire.");
    }
    let doc = doc_lines(&text);
    let name = ident(&field.rust);
    let inner = rust_type(&field.ty);
    let ty = if field.is_option() {
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
    if field.optional && !field.nullable {
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

fn string_enum(def: &TypeDef, doc: TokenStream, variants: &[Variant]) -> TokenStream {
    let name = ident(&def.name);
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let doc = format!(" `{}`", v.wire);
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let wire = &v.wire;
        quote!(Self::#variant => #wire,)
    });
    let from_str = variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let wire = &v.wire;
        quote!(#wire => Self::#variant,)
    });
    quote! {
        #doc
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        pub enum #name {
            #(#items)*
            /// A value this spec does not list, kept as it arrived.
            Other(::std::string::String),
        }

        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Other(::std::string::String::from(other)),
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::oneentry_client::__private::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::oneentry_client::__private::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::oneentry_client::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::oneentry_client::__private::serde::Deserializer<'de>,
            {
                // Borrowed from the input where it can be, so a known value allocates nothing.
                let value = <::oneentry_client::__private::Key<'de> as ::oneentry_client::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(<Self as ::core::convert::From<&str>>::from(value.as_str()))
            }
        }
    }
}
