//! The session declarations as the runtime reads them: each endpoint's effect, and the one
//! `SESSION_PROTOCOL` static that tells the client how to refresh by itself.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::ident;
use crate::ir::{Api, Ends, Grant, SessionEffect, symbols};

/// `pub static SESSION_PROTOCOL`, when the spec declares a refresh endpoint. Every endpoint
/// static points at it, so any call can refresh through its own API's route.
pub(super) fn protocol(api: &Api) -> TokenStream {
    let Some((module, endpoint, refresh)) = api.refresh_endpoint() else {
        return TokenStream::new();
    };
    let name = ident(symbols::SESSION_PROTOCOL);
    let builders = ident(&module.rust);
    let refresh_static = ident(&endpoint.static_name);
    let token_param = &refresh.token_param;
    let provider = match (&refresh.grant.provider, &refresh.default_provider) {
        (Some(param), Some(default)) => quote! {
            ::core::option::Option::Some(::oneentry_client::endpoint::Provider {
                param: #param,
                default: #default,
            })
        },
        _ => quote!(::core::option::Option::None),
    };
    let doc = format!(
        " How this API refreshes a session: through `{}.{}`. Every endpoint description \
         points here, so the client refreshes by itself with no configuration.",
        module.name, endpoint.name
    );
    quote! {
        #[doc = #doc]
        pub static #name: ::oneentry_client::endpoint::Protocol = ::oneentry_client::endpoint::Protocol {
            refresh: &#builders::#refresh_static,
            token_param: #token_param,
            provider: #provider,
        };
    }
}

/// The `protocol` field of an endpoint static, which sits in a module below the protocol's.
pub(super) fn protocol_ref(api_has_protocol: bool) -> TokenStream {
    if api_has_protocol {
        let name = ident(symbols::SESSION_PROTOCOL);
        quote!(::core::option::Option::Some(&super::#name))
    } else {
        quote!(::core::option::Option::None)
    }
}

/// The `session` field of an endpoint static.
pub(super) fn effect(session: &SessionEffect) -> TokenStream {
    let path = quote!(::oneentry_client::endpoint::SessionEffect);
    match session {
        SessionEffect::None => quote!(#path::None),
        SessionEffect::Opens(grant) => {
            let grant = grant_value(grant);
            quote!(#path::Opens(#grant))
        }
        SessionEffect::Refreshes(refresh) => {
            let grant = grant_value(&refresh.grant);
            quote!(#path::Refreshes(#grant))
        }
        SessionEffect::Ends(ends) => {
            let ends = match ends {
                Ends::ThisDevice => quote!(ThisDevice),
                Ends::AllDevices => quote!(AllDevices),
            };
            quote!(#path::Ends(::oneentry_client::endpoint::Ends::#ends))
        }
    }
}

fn grant_value(grant: &Grant) -> TokenStream {
    let access = &grant.access_token;
    let refresh = &grant.refresh_token;
    let provider = match &grant.provider {
        Some(param) => quote!(::core::option::Option::Some(#param)),
        None => quote!(::core::option::Option::None),
    };
    quote! {
        ::oneentry_client::endpoint::Grant {
            access_token: #access,
            refresh_token: #refresh,
            provider: #provider,
        }
    }
}
