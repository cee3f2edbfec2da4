//! Phase 4, generate: from the checked [IR](crate::ir) to Rust items, which cannot fail.
//!
//! Generated code names the runtime only through absolute `::oneentry_client::`
//! paths, so it compiles the same inside `oneentry-client` and in any other crate.
//! `types` writes the models (`decode` their `Deserialize` impls, `enums` the enums and
//! tagged unions), `endpoints` the module handles, `builders` the request builders, `pages`
//! the list support, `client` the accessors on `Client`, `session` the session declarations,
//! `ops` the operations of a mock server (only with the client's `mock` feature).

mod builders;
mod client;
mod decode;
mod docs;
mod endpoints;
mod enums;
mod ops;
mod pages;
mod rust_type;
mod session;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::Accessors;
use crate::ir::Api;

/// Every item of the API: models, page impls, module handles and builders, accessors.
pub fn generate(api: &Api, accessors: &Accessors) -> TokenStream {
    let types = api.types.iter().map(types::type_def);
    let page_impls = pages::page_impls(api);
    let has_protocol = api.refresh_endpoint().is_some();
    let modules = api
        .modules
        .iter()
        .map(|module| endpoints::module(module, has_protocol));
    let protocol = session::protocol(api);
    let accessors = client::accessors(api, accessors);
    let endpoint_list = ops::endpoint_list(api);
    quote! {
        #(#types)*
        #(#page_impls)*
        #(#modules)*
        #protocol
        #accessors
        #endpoint_list
    }
}
