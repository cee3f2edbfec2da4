//! Enums: string enums and integer enums (known values plus `Other` for the rest), and
//! tagged unions (one object type per tag value, plus `Other` keeping the object whole).

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::{held_type, ident};
use crate::ir::{IntVariant, TypeDef, TypeRef, Union, Variant};

pub fn string_enum(def: &TypeDef, doc: TokenStream, variants: &[Variant]) -> TokenStream {
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

pub fn int_enum(def: &TypeDef, doc: TokenStream, variants: &[IntVariant]) -> TokenStream {
    let name = ident(&def.name);
    let items = variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let doc = format!(" `{}`", v.value);
        quote!(#[doc = #doc] #variant,)
    });
    let to_number = variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let value = v.value;
        quote!(Self::#variant => #value,)
    });
    let from_number = variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let value = v.value;
        quote!(#value => Self::#variant,)
    });
    quote! {
        #doc
        #[doc = ""]
        #[doc = " An integer enum: sent and received as the number."]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        pub enum #name {
            #(#items)*
            /// A number this spec does not list, kept as it arrived.
            Other(i64),
        }

        impl #name {
            /// The number sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #(#to_number)*
                    Self::Other(value) => *value,
                }
            }
        }

        impl ::core::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_number)*
                    other => Self::Other(other),
                }
            }
        }

        impl ::core::convert::From<#name> for i64 {
            fn from(value: #name) -> Self {
                value.as_i64()
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.as_i64(), f)
            }
        }

        impl ::oneentry_client::__private::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::oneentry_client::__private::serde::Serializer,
            {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl<'de> ::oneentry_client::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::oneentry_client::__private::serde::Deserializer<'de>,
            {
                let value = <i64 as ::oneentry_client::__private::serde::Deserialize>::deserialize(deserializer)?;
                ::core::result::Result::Ok(<Self as ::core::convert::From<i64>>::from(value))
            }
        }
    }
}

pub fn tagged_union(def: &TypeDef, doc: TokenStream, union: &Union) -> TokenStream {
    let name = ident(&def.name);
    let tag = &union.tag;
    let summary = format!(
        " A tagged union: the string at `\"{tag}\"` says which object this is. The tag is \
         written before the variant's fields and is not one of them; an object with an \
         unknown, missing or non-string tag decodes as `Other`, whole."
    );
    let items = union.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let ty = held_type(&TypeRef::Named(v.ty.clone()), v.boxed);
        let doc = format!(" `\"{tag}\": \"{}\"`", v.wire);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let tags = union.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let wire = &v.wire;
        quote!(Self::#variant(_) => ::core::option::Option::Some(#wire),)
    });
    let writes = union.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let wire = &v.wire;
        quote!(Self::#variant(value) => ::oneentry_client::__private::tagged::serialize(serializer, #tag, #wire, value),)
    });
    let reads = union.variants.iter().map(|v| {
        let variant = ident(&v.rust);
        let wire = &v.wire;
        quote!(::core::option::Option::Some(#wire) => ::oneentry_client::__private::tagged::variant::<_, D::Error>(fields, #tag).map(Self::#variant),)
    });
    quote! {
        #doc
        #[doc = ""]
        #[doc = #summary]
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        pub enum #name {
            #(#items)*
            /// An object whose tag this spec does not list (or that has none), kept whole.
            Other(::oneentry_client::JsonValue),
        }

        impl #name {
            /// The tag's value: the variant's, or the one `Other` arrived with.
            pub fn tag(&self) -> ::core::option::Option<&str> {
                match self {
                    #(#tags)*
                    Self::Other(value) => value.get(#tag).and_then(::oneentry_client::JsonValue::as_str),
                }
            }
        }

        impl ::oneentry_client::__private::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error>
            where
                S: ::oneentry_client::__private::serde::Serializer,
            {
                match self {
                    #(#writes)*
                    Self::Other(value) => ::oneentry_client::__private::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::oneentry_client::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::oneentry_client::__private::serde::Deserializer<'de>,
            {
                let (tag, fields) = ::oneentry_client::__private::tagged::read(deserializer, #tag)?;
                match tag.as_deref() {
                    #(#reads)*
                    _ => ::core::result::Result::Ok(Self::Other(::oneentry_client::JsonValue::Object(fields))),
                }
            }
        }
    }
}
