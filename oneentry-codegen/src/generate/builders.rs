//! Request builders: one per endpoint, holding its parameters until it is awaited,
//! plus the `static` that describes the endpoint to the runtime.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type::{Scope, argument_type, converts, doc_lines, ident, rust_type_in};
use super::{docs, pages, session};
use crate::ir::{Auth, Default, Endpoint, HttpMethod, Module, Param, ParamLocation, Segment};

/// Parameters that become positional arguments, in spec order.
pub(super) fn required(endpoint: &Endpoint) -> impl Iterator<Item = &Param> {
    endpoint.params.iter().filter(|p| p.default.is_none())
}

pub(super) fn builder(module: &Module, endpoint: &Endpoint, has_protocol: bool) -> TokenStream {
    let name = ident(&endpoint.builder);
    let endpoint_static = ident(&endpoint.static_name);
    let how = if endpoint.params.iter().any(|p| p.default.is_some()) {
        "set optional parameters, then `.await` it"
    } else {
        "`.await` it"
    };
    let doc = format!(
        " A pending `{}.{}` request: {how} (or call [`send`]({}::send)).",
        module.name, endpoint.name, endpoint.builder
    );
    let fields = endpoint.params.iter().map(|p| {
        let name = ident(&p.rust);
        let ty = rust_type_in(&p.ty, Scope::Builders);
        if p.default.is_some() {
            quote!(pub(super) #name: ::core::option::Option<#ty>,)
        } else {
            quote!(pub(super) #name: #ty,)
        }
    });
    let body_field = endpoint.body.as_ref().map(|body| {
        let ty = rust_type_in(body, Scope::Builders);
        quote!(pub(super) body: #ty,)
    });
    let setters = endpoint
        .params
        .iter()
        .filter(|p| p.default.is_some())
        .map(setter);
    let response = rust_type_in(&endpoint.response, Scope::Builders);
    let endpoint_value = endpoint_descriptor(module, endpoint, has_protocol);
    let static_doc = format!(
        " How `{}.{}` goes on the wire: what the client sends, and what tools that route or \
         mock the API read.",
        module.name, endpoint.name
    );
    let statements = send_statements(endpoint);
    let paging = endpoint
        .paging
        .as_ref()
        .map(|paging| pages::paging_items(&name, &endpoint_static, &response, paging));
    let (pages_fn, paged_impl) = match paging {
        Some((pages_fn, paged_impl)) => (Some(pages_fn), Some(paged_impl)),
        None => (None, None),
    };
    quote! {
        #[doc = #static_doc]
        pub static #endpoint_static: ::oneentry_client::endpoint::Endpoint = #endpoint_value;

        #[doc = #doc]
        #[must_use = "a request does nothing until it is awaited"]
        #[derive(::core::clone::Clone, ::core::fmt::Debug)]
        pub struct #name<'c> {
            pub(super) __client: &'c ::oneentry_client::Client,
            #(#fields)*
            #body_field
        }

        impl<'c> #name<'c> {
            #(#setters)*

            #pages_fn

            /// Sends the request and decodes the answer.
            pub async fn send(self) -> ::oneentry_client::Result<#response> {
                let mut request = ::oneentry_client::__private::Request::new(&#endpoint_static);
                #(#statements)*
                self.__client.execute(request).await
            }
        }

        impl<'c> ::core::future::IntoFuture for #name<'c> {
            type Output = ::oneentry_client::Result<#response>;
            type IntoFuture = ::core::pin::Pin<::std::boxed::Box<dyn ::core::future::Future<Output = Self::Output> + ::core::marker::Send + 'c>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        #paged_impl
    }
}

fn endpoint_descriptor(module: &Module, endpoint: &Endpoint, has_protocol: bool) -> TokenStream {
    let id = format!("{}.{}", module.name, endpoint.name);
    let template = &endpoint.path;
    let method = format_ident!(
        "{}",
        match endpoint.method {
            HttpMethod::Get => "Get",
            HttpMethod::Post => "Post",
            HttpMethod::Put => "Put",
            HttpMethod::Delete => "Delete",
        }
    );
    let auth = format_ident!(
        "{}",
        match endpoint.auth {
            Auth::None => "None",
            Auth::User => "User",
        }
    );
    let session = session::effect(&endpoint.session);
    let protocol = session::protocol_ref(has_protocol);
    let resend_after_refresh = endpoint.resend_after_refresh;
    let segments = endpoint.segments.iter().map(|segment| match segment {
        Segment::Literal(text) => quote!(::oneentry_client::endpoint::Segment::Literal(#text)),
        Segment::Param(name) => quote!(::oneentry_client::endpoint::Segment::Param(#name)),
    });
    let params = endpoint.params.iter().map(|param| {
        let name = &param.wire;
        let location = format_ident!(
            "{}",
            match param.location {
                ParamLocation::Path => "Path",
                ParamLocation::Query => "Query",
                ParamLocation::Body => "Body",
            }
        );
        let required = param.default.is_none();
        quote! {
            ::oneentry_client::endpoint::Param {
                name: #name,
                location: ::oneentry_client::endpoint::Location::#location,
                required: #required,
            }
        }
    });
    let idempotent = endpoint.idempotent;
    let paginated = endpoint.paging.is_some();
    quote! {
        ::oneentry_client::endpoint::Endpoint {
            id: #id,
            method: ::oneentry_client::endpoint::Method::#method,
            path: &[#(#segments),*],
            template: #template,
            params: &[#(#params),*],
            auth: ::oneentry_client::endpoint::Auth::#auth,
            idempotent: #idempotent,
            paginated: #paginated,
            session: #session,
            resend_after_refresh: #resend_after_refresh,
            protocol: #protocol,
        }
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    let ty = argument_type(&param.ty, Scope::Builders);
    let value = if converts(&param.ty) {
        quote!(::core::convert::Into::into(#name))
    } else {
        quote!(#name)
    };
    let mut text = param
        .doc
        .clone()
        .unwrap_or_else(|| format!("Sets `{}`.", param.wire));
    let default = param
        .default
        .as_ref()
        .map(docs::default_text)
        .unwrap_or_default();
    if !text.contains("Defaults to") {
        text.push_str(&format!(" Defaults to {default}."));
    }
    let doc = doc_lines(&text);
    quote! {
        #doc
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = ::core::option::Option::Some(#value);
            self
        }
    }
}

/// The value of a parameter inside `send`, its default applied.
fn resolved(param: &Param, endpoint_static: &proc_macro2::Ident) -> TokenStream {
    let name = ident(&param.rust);
    if let Some(value) = literal_default(quote!(self.#name), param, Scope::Builders) {
        return value;
    }
    match &param.default {
        // Literal defaults were applied above.
        None
        | Some(
            Default::Integer(_)
            | Default::Boolean(_)
            | Default::Variant { .. }
            | Default::String(_),
        ) => quote!(self.#name),
        Some(Default::ClientLanguage) => {
            quote!(self.#name.unwrap_or_else(|| ::std::string::String::from(self.__client.language())))
        }
        Some(Default::Param(other)) => {
            let other = ident(other);
            quote!(self.#name.unwrap_or_else(|| ::core::clone::Clone::clone(&self.#other)))
        }
        Some(Default::SessionRefreshToken) => quote! {
            match self.#name {
                ::core::option::Option::Some(value) => value,
                ::core::option::Option::None => ::oneentry_client::__private::session_refresh_token(self.__client, &#endpoint_static)?,
            }
        },
    }
}

/// `value` (an `Option`) with the parameter's default when that is a literal of its type
/// (`30`, `false`, `"x"`, an enum value); `None` for defaults that need a client or another
/// parameter.
pub(super) fn literal_default(
    value: TokenStream,
    param: &Param,
    scope: Scope,
) -> Option<TokenStream> {
    Some(match param.default.as_ref()? {
        Default::Integer(v) => quote!(#value.unwrap_or(#v)),
        Default::Boolean(v) => quote!(#value.unwrap_or(#v)),
        Default::Variant { rust, .. } => {
            let ty = rust_type_in(&param.ty, scope);
            let variant = ident(rust);
            quote!(#value.unwrap_or(#ty::#variant))
        }
        Default::String(v) => quote!(#value.unwrap_or_else(|| ::std::string::String::from(#v))),
        Default::ClientLanguage | Default::SessionRefreshToken | Default::Param(_) => return None,
    })
}

fn send_statements(endpoint: &Endpoint) -> Vec<TokenStream> {
    let endpoint_static = ident(&endpoint.static_name);
    let mut statements = Vec::new();
    for param in &endpoint.params {
        let wire = &param.wire;
        let value = resolved(param, &endpoint_static);
        statements.push(match param.location {
            ParamLocation::Path => quote!(request.path_param(#wire, &#value);),
            ParamLocation::Query => quote!(request.query(#wire, &#value);),
            // Body parameters go in after the body model, so they are collected first.
            ParamLocation::Body => continue,
        });
    }
    if endpoint.body.is_some() {
        statements.push(quote!(request.body(self.__client.language(), &self.body)?;));
    }
    for param in endpoint
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Body)
    {
        let wire = &param.wire;
        if param.default == Some(Default::SessionRefreshToken) {
            // Bound late: the runtime reads the session's token each time it sends the body.
            let name = ident(&param.rust);
            statements.push(quote! {
                match &self.#name {
                    ::core::option::Option::Some(value) => request.body_field(#wire, value)?,
                    ::core::option::Option::None => {
                        request.body_session_refresh_token(#wire);
                    }
                }
            });
            continue;
        }
        let value = resolved(param, &endpoint_static);
        statements.push(quote!(request.body_field(#wire, &#value)?;));
    }
    statements
}
