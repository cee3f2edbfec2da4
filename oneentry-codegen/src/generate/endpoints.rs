//! Client code: one handle struct per spec module, one method per endpoint.
//!
//! A method takes the required parameters and returns a builder (see `builders`);
//! optional parameters are setters on the builder, and awaiting the builder sends
//! the request. So `orders.get_all_orders_by_marker("orders").await` and
//! `.limit(10).await` both read naturally, and adding an optional parameter to
//! the spec never breaks a caller.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{builder, param_argument, param_value, required};
use super::docs;
use super::ops::ops_module;
use super::rust_type::{Scope, doc_lines, ident, rust_type};
use crate::ir::{Endpoint, Module, TypeRef};

/// The handle struct, its methods, and the builders' module.
pub fn module(module: &Module, has_protocol: bool) -> TokenStream {
    let name = ident(&module.name);
    let builders_mod = ident(&module.rust);
    let doc = doc_lines(module.doc.as_deref().unwrap_or(""));
    let accessor_doc = format!(
        " Wraps a client; usually reached through `client.{}()`.",
        module.rust
    );
    let builders_doc = format!(
        " Request builders of [`{}`](super::{}).",
        module.name, module.name
    );
    let methods = module.endpoints.iter().map(|e| method(module, e));
    let builders = module
        .endpoints
        .iter()
        .map(|e| builder(module, e, has_protocol));
    let ops = ops_module(module);
    quote! {
        #doc
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        pub struct #name<'c> {
            client: &'c ::oneentry_client::Client,
        }

        impl<'c> #name<'c> {
            #[doc = #accessor_doc]
            pub fn new(client: &'c ::oneentry_client::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #[doc = #builders_doc]
        pub mod #builders_mod {
            #(#builders)*

            #ops
        }
    }
}

fn method(module: &Module, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.rust);
    let builders_mod = ident(&module.rust);
    let builder = ident(&endpoint.builder);
    let mut args: Vec<TokenStream> = required(endpoint)
        .map(|p| {
            let name = ident(&p.rust);
            let ty = param_argument(p, Scope::Items);
            quote!(#name: #ty)
        })
        .collect();
    let mut inits: Vec<TokenStream> = endpoint
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.rust);
            if p.is_required() {
                let value = param_value(p);
                if name == value.to_string() {
                    quote!(#name)
                } else {
                    quote!(#name: #value)
                }
            } else {
                quote!(#name: ::core::option::Option::None)
            }
        })
        .collect();
    match &endpoint.body {
        // An array body takes any iterator of its items, like an array query parameter.
        Some(TypeRef::Array(item)) => {
            let item = rust_type(item);
            args.push(quote!(body: impl ::core::iter::IntoIterator<Item = #item>));
            inits.push(quote!(body: ::core::iter::Iterator::collect(body.into_iter())));
        }
        Some(body) => {
            let ty = rust_type(body);
            args.push(quote!(body: #ty));
            inits.push(quote!(body));
        }
        None => {}
    }
    let doc = doc_lines(&docs::method_doc(module, endpoint));
    quote! {
        #doc
        pub fn #name(&self, #(#args),*) -> #builders_mod::#builder<'c> {
            #builders_mod::#builder {
                __client: self.client,
                #(#inits,)*
            }
        }
    }
}
