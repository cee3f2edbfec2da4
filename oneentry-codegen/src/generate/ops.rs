//! Mock operations: per endpoint a zero-sized type implementing
//! `oneentry_client::mock::Operation` and the typed request a mock server's handler gets,
//! plus the spec's list of endpoints.
//!
//! Everything here carries `#[::oneentry_client::__private::mock_only]`, which keeps it only
//! when the client has its `mock` feature: a crate enables the feature for its tests and its
//! normal build compiles none of it.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::builders::{literal_default, response_type};
use super::docs;
use super::rust_type::{Scope, doc_lines, ident, rust_type_in};
use crate::ir::{
    Api, ArrayStyle, Default, Endpoint, Module, Param, ParamLocation, TypeRef, symbols,
};

/// `pub static ENDPOINTS`, next to the models.
pub(super) fn endpoint_list(api: &Api) -> TokenStream {
    let name = ident(symbols::ENDPOINTS_STATIC);
    let ops = ident(symbols::OPS_MODULE);
    let entries = api.modules.iter().flat_map(|module| {
        let builders = ident(&module.rust);
        let ops = ops.clone();
        module.endpoints.iter().map(move |endpoint| {
            let operation = ident(&endpoint.operation);
            quote!(<#builders::#ops::#operation as ::oneentry_client::mock::Operation>::ENDPOINT)
        })
    });
    quote! {
        /// Every endpoint of this spec, for `oneentry_client::mock::MockServer::start`: an
        /// endpoint without a handler answers `501` naming it instead of `404`.
        #[::oneentry_client::__private::mock_only]
        pub static #name: &[&::oneentry_client::endpoint::Endpoint] = &[#(#entries),*];
    }
}

/// `pub mod ops`, inside the module's builders (which hold the endpoint statics).
pub(super) fn ops_module(module: &Module) -> TokenStream {
    let ops = ident(symbols::OPS_MODULE);
    let doc = format!(
        " Mock server operations of `{}`: one type per endpoint for \
         `oneentry_client::mock::Router::on`, with the typed request its handler gets.",
        module.name
    );
    let items = module.endpoints.iter().map(|e| operation(module, e));
    quote! {
        #[doc = #doc]
        #[::oneentry_client::__private::mock_only]
        pub mod #ops {
            #(#items)*
        }
    }
}

fn operation(module: &Module, endpoint: &Endpoint) -> TokenStream {
    let operation = ident(&endpoint.operation);
    let request = ident(&endpoint.operation_request);
    let endpoint_static = ident(&endpoint.static_name);
    let response = response_type(endpoint, Scope::Ops);
    let id = format!("{}.{}", module.name, endpoint.name);
    let operation_doc = format!(
        " `{id}`: `{} {}`; its handler gets [`{}`] and answers `{}`.",
        endpoint.method.as_str(),
        endpoint.path,
        endpoint.operation_request,
        endpoint
            .response
            .as_ref()
            .map_or_else(|| "()".to_owned(), docs::type_text),
    );
    let request_doc = format!(" Parameters of `{id}`, as a server reads them from a request.");
    let language = match endpoint
        .params
        .iter()
        .find(|p| p.default == Some(Default::ClientLanguage))
    {
        Some(param) => {
            let wire = &param.wire;
            quote!(::core::option::Option::Some(#wire))
        }
        None => quote!(::core::option::Option::None),
    };
    let fields = endpoint.params.iter().map(field);
    let body_field = endpoint.body.as_ref().map(|body| {
        let ty = rust_type_in(body, Scope::Ops);
        let doc = match body {
            TypeRef::Array(_) => " The items of the body, a bare JSON array.",
            _ => " The body model, from the keys no body parameter took.",
        };
        quote!(#[doc = #doc] pub body: #ty,)
    });
    let parts = parts_argument(endpoint);
    let statements = read_statements(endpoint, &parts);
    let mut names: Vec<_> = endpoint.params.iter().map(|p| ident(&p.rust)).collect();
    if endpoint.body.is_some() {
        names.push(ident(symbols::BODY_ARGUMENT));
    }
    quote! {
        #[doc = #operation_doc]
        #[derive(::core::clone::Clone, ::core::marker::Copy, ::core::fmt::Debug)]
        pub struct #operation;

        impl ::oneentry_client::mock::Operation for #operation {
            const ENDPOINT: &'static ::oneentry_client::endpoint::Endpoint = &super::#endpoint_static;
            const LANGUAGE: ::core::option::Option<&'static str> = #language;
            type Request = #request;
            type Response = #response;
        }

        #[doc = #request_doc]
        #[derive(::core::clone::Clone, ::core::fmt::Debug, ::core::cmp::PartialEq)]
        pub struct #request {
            #(#fields)*
            #body_field
        }

        impl ::oneentry_client::mock::FromParts for #request {
            fn from_parts(
                #parts: &mut ::oneentry_client::mock::Parts<'_>,
            ) -> ::core::result::Result<Self, ::oneentry_client::mock::ParamError> {
                #(#statements)*
                ::core::result::Result::Ok(Self { #(#names),* })
            }
        }
    }
}

/// A field of the request: the parameter's type, or an `Option` of it when the parameter is
/// optional or the spec's default is the client's language (the server cannot know it).
fn field(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    let ty = rust_type_in(&param.ty, Scope::Ops);
    let place = match (param.location, param.style) {
        (ParamLocation::Path, _) => "a path parameter",
        (ParamLocation::Query, Some(ArrayStyle::Comma)) => "a query parameter, comma-joined",
        (ParamLocation::Query, Some(ArrayStyle::Repeat)) => "a query parameter, once per item",
        (ParamLocation::Query, None) => "a query parameter",
        (ParamLocation::Header, _) => "a header",
        (ParamLocation::Body, _) => "a body key",
    };
    let (ty, absent) = match &param.default {
        None if param.optional => (
            quote!(::core::option::Option<#ty>),
            "; `None` when absent".to_owned(),
        ),
        None if param.style.is_some() => (ty, "; empty when absent".to_owned()),
        None | Some(Default::SessionRefreshToken) => (ty, String::new()),
        Some(Default::ClientLanguage) => (
            quote!(::core::option::Option<#ty>),
            "; `None` when absent".to_owned(),
        ),
        Some(Default::Param(other)) => (ty, format!("; the value of `{other}` when absent")),
        Some(default) => (ty, format!("; {} when absent", docs::default_text(default))),
    };
    let mut text = format!("`{}`, {place}{absent}.", param.wire);
    if let Some(doc) = &param.doc {
        text.push(' ');
        text.push_str(doc);
    }
    let doc = doc_lines(&text);
    quote!(#doc pub #name: #ty,)
}

/// The name of `from_parts`' argument: `parts`, unless a parameter's local variable would
/// shadow it (a parameter called `parts`), then with as many `_` appended as it takes.
fn parts_argument(endpoint: &Endpoint) -> Ident {
    let mut name = String::from(symbols::PARTS_ARGUMENT);
    while endpoint.params.iter().any(|p| p.rust == name) {
        name.push('_');
    }
    ident(&name)
}

/// `let name = parts.query("name")?...;` per parameter, then the body model: body keys are
/// taken out before the model reads the rest, and a default copied from another parameter
/// comes after that parameter.
fn read_statements(endpoint: &Endpoint, parts: &Ident) -> Vec<TokenStream> {
    let (copies, direct): (Vec<&Param>, Vec<&Param>) = endpoint
        .params
        .iter()
        .partition(|p| matches!(p.default, Some(Default::Param(_))));
    let mut statements: Vec<TokenStream> = direct
        .into_iter()
        .chain(copies)
        .map(|param| read(param, parts))
        .collect();
    if let Some(ty) = &endpoint.body {
        let body = ident(symbols::BODY_ARGUMENT);
        let read = match ty {
            TypeRef::Array(_) => quote!(array_body),
            _ => quote!(body),
        };
        statements.push(quote!(let #body = #parts.#read()?;));
    }
    statements
}

fn read(param: &Param, parts: &Ident) -> TokenStream {
    let name = ident(&param.rust);
    let wire = &param.wire;
    let required = param.is_required() || param.default == Some(Default::SessionRefreshToken);
    let value = match (param.location, required) {
        (ParamLocation::Path, _) => quote!(#parts.path(#wire)?),
        // The client leaves an empty array out, so absent is empty.
        (ParamLocation::Query, required) if param.style.is_some() => {
            let style = format_ident!("{}", param.style.map_or("Comma", ArrayStyle::variant));
            let items =
                quote!(#parts.query_array(#wire, ::oneentry_client::endpoint::ArrayStyle::#style)?);
            if required {
                quote!(#items.unwrap_or_default())
            } else {
                items
            }
        }
        (ParamLocation::Header, true) => quote!(#parts.required_header(#wire)?),
        (ParamLocation::Header, false) => quote!(#parts.header(#wire)?),
        (ParamLocation::Query, true) => quote!(#parts.required_query(#wire)?),
        (ParamLocation::Query, false) => quote!(#parts.query(#wire)?),
        (ParamLocation::Body, true) => quote!(#parts.required_body_field(#wire)?),
        (ParamLocation::Body, false) => quote!(#parts.body_field(#wire)?),
    };
    let value = match &param.default {
        Some(Default::Param(other)) => {
            let other = ident(other);
            quote!(#value.unwrap_or_else(|| ::core::clone::Clone::clone(&#other)))
        }
        _ => literal_default(value.clone(), param, Scope::Ops).unwrap_or(value),
    };
    quote!(let #name = #value;)
}
