//! Code generation: from the validated [`Api`] to Rust items.
//!
//! Generated code names the runtime only through absolute `::oneentry_client::`
//! paths, so it compiles the same inside `oneentry-client` and in any other crate.

mod modules;
mod rust_type;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Api;
use rust_type::ident;

/// How the module handles are reached from a `Client`.
#[derive(Debug)]
pub enum Accessors {
    /// Inherent methods on `Client`; only possible inside `oneentry-client` itself.
    Inherent,
    /// An extension trait with this name, implemented for `Client`.
    Trait(proc_macro2::Ident),
}

/// Everything the macro emits for a spec. `spec_file` is the absolute path that
/// `include_bytes!` makes cargo watch, so editing the spec rebuilds the crate.
pub fn expand(api: &Api, spec_file: Option<&str>, accessors: &Accessors) -> TokenStream {
    let track = spec_file.map(|file| {
        quote! {
            // Makes cargo rebuild this crate whenever the spec changes.
            const _: &[u8] = include_bytes!(#file);
        }
    });
    let types = api.types.iter().map(types::type_def);
    let page_impls = page_impls(api);
    let modules = api.modules.iter().map(modules::module);
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
    let accessors = match accessors {
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
    };
    quote! {
        #track
        #(#types)*
        #(#page_impls)*
        #(#modules)*
        #accessors
    }
}

/// `impl Page` for each `{total, items}` type a paginated endpoint answers, once per type.
fn page_impls(api: &Api) -> Vec<TokenStream> {
    let mut seen = Vec::new();
    let mut impls = Vec::new();
    for paging in api
        .modules
        .iter()
        .flat_map(|m| &m.endpoints)
        .filter_map(|e| e.paging.as_ref())
    {
        let Some(page) = &paging.page_object else {
            continue;
        };
        if seen.contains(&page) {
            continue;
        }
        seen.push(page);
        let page = ident(page);
        let item = rust_type::rust_type(&paging.item);
        impls.push(quote! {
            impl ::oneentry_client::Page for #page {
                type Item = #item;

                fn into_items(self) -> Vec<#item> {
                    self.items
                }

                fn total(&self) -> Option<u64> {
                    u64::try_from(self.total).ok()
                }
            }
        });
    }
    impls
}
