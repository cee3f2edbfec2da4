//! A model's `Deserialize` impl: one pass over the object's keys.
//!
//! serde's derive with `#[serde(flatten)] extra` would buffer every key and value of every
//! object before matching them; this impl matches each key by its wire name as it arrives
//! and moves the others into `extra`, at the cost of a derive without `extra`. It reads as
//! the derive would, in a form short enough for `cargo expand`: the runtime's `Slot` holds
//! a field until the end and gives serde's `missing field` / `duplicate field` errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::ir::Field;

pub fn deserialize_impl(name: &str, fields: &[Field]) -> TokenStream {
    let model = ident(name);
    let expecting = format!("struct {name}");
    let slots = fields.iter().map(|f| {
        let local = ident(&f.rust);
        let wire = &f.wire;
        quote!(let mut #local = ::oneentry_client::__private::Slot::new(#wire);)
    });
    let arms = fields.iter().map(|f| {
        let local = ident(&f.rust);
        let wire = &f.wire;
        if f.localized {
            quote!(#wire => #local.read_localized(&mut __map)?,)
        } else {
            quote!(#wire => #local.read(&mut __map)?,)
        }
    });
    let values = fields.iter().map(|f| {
        let local = ident(&f.rust);
        // A localized field that may be null but not absent must be present, as with the
        // derive's `with` (which has no implicit default).
        let absent_is_none = f.is_option() && (f.optional || !f.localized);
        if f.tristate {
            quote!(#local: #local.or_absent(),)
        } else if absent_is_none {
            quote!(#local: #local.or_none(),)
        } else {
            quote!(#local: #local.required()?,)
        }
    });
    quote! {
        impl<'de> ::oneentry_client::__private::serde::Deserialize<'de> for #model {
            fn deserialize<D>(deserializer: D) -> ::core::result::Result<Self, D::Error>
            where
                D: ::oneentry_client::__private::serde::Deserializer<'de>,
            {
                struct __Visitor;
                impl<'de> ::oneentry_client::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = #model;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A>(self, mut __map: A) -> ::core::result::Result<#model, A::Error>
                    where
                        A: ::oneentry_client::__private::serde::de::MapAccess<'de>,
                    {
                        #(#slots)*
                        let mut __extra = ::oneentry_client::JsonMap::new();
                        while let ::core::option::Option::Some(__key) =
                            __map.next_key::<::oneentry_client::__private::Key<'de>>()?
                        {
                            match __key.as_str() {
                                #(#arms)*
                                _ => __key.keep(&mut __extra, &mut __map)?,
                            }
                        }
                        ::core::result::Result::Ok(#model {
                            #(#values)*
                            extra: __extra,
                        })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}
