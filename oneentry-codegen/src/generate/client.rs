//! How the module handles are reached from a `Client`: inherent methods, or a trait.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::Accessors;
use crate::ir::Api;

/// `client.orders()` and its siblings, one accessor per module.
pub(super) fn accessors(api: &Api, accessors: &Accessors) -> TokenStream {
    // Trait items take no visibility, inherent ones need `pub`.
    let accessor_fns = |vis: TokenStream| -> Vec<TokenStream> {
        api.modules
            .iter()
            .map(|m| {
                let name = ident(&m.name);
                let method = ident(&m.rust);
                let doc = format!(" The `{}` endpoints.", m.name);
                quote! {
                    #[doc = #doc]
                    #vis fn #method(&self) -> #name<'_> {
                        #name::new(self)
                    }
                }
            })
            .collect()
    };
    match accessors {
        Accessors::Inherent => {
            let fns = accessor_fns(quote!(pub));
            quote! {
                impl ::oneentry_client::Client {
                    #(#fns)*
                }
            }
        }
        Accessors::Trait(trait_name) => {
            let signatures = api.modules.iter().map(|m| {
                let name = ident(&m.name);
                let method = ident(&m.rust);
                let doc = format!(" The `{}` endpoints.", m.name);
                quote!(#[doc = #doc] fn #method(&self) -> #name<'_>;)
            });
            let fns = accessor_fns(TokenStream::new());
            quote! {
                /// Reaches this spec's modules from a [`Client`](::oneentry_client::Client).
                pub trait #trait_name {
                    #(#signatures)*
                }

                impl #trait_name for ::oneentry_client::Client {
                    #(#fns)*
                }
            }
        }
    }
}
