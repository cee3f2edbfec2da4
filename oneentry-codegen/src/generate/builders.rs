//! Request builders: one per endpoint, holding its parameters until it is awaited,
//! plus the `static` that describes the endpoint to the runtime.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type::{Scope, argument_type, converts, doc_lines, ident, rust_type_in};
use super::{docs, pages, session};
use crate::ir::{Auth, Default, Endpoint, Module, Param, ParamLocation, Segment, TypeRef};

/// Parameters that become positional arguments, in spec order.
pub(super) fn required(endpoint: &Endpoint) -> impl Iterator<Item = &Param> {
    endpoint.params.iter().filter(|p| p.is_required())
}

/// The Rust type of an endpoint's answer: `()` when it has no body (`HEAD`).
pub(super) fn response_type(endpoint: &Endpoint, scope: Scope) -> TokenStream {
    match &endpoint.response {
        Some(ty) => rust_type_in(ty, scope),
        None => quote!(()),
    }
}

/// How a parameter is taken by the method or its setter: an array query parameter as any
/// iterator of its items (`[1, 2]`, a `Vec`, `ids.iter().copied()`), strings and secrets as
/// anything that converts.
pub(super) fn param_argument(param: &Param, scope: Scope) -> TokenStream {
    match (&param.ty, param.style) {
        (TypeRef::Array(item), Some(_)) => {
            let item = argument_type(item, scope);
            quote!(impl ::core::iter::IntoIterator<Item = #item>)
        }
        (ty, _) => argument_type(ty, scope),
    }
}

/// The stored value of an argument taken as [`param_argument`] says.
pub(super) fn param_value(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    match (&param.ty, param.style) {
        (TypeRef::Array(item), Some(_)) if converts(item) => quote! {
            ::core::iter::Iterator::collect(::core::iter::Iterator::map(
                ::core::iter::IntoIterator::into_iter(#name),
                ::core::convert::Into::into,
            ))
        },
        (TypeRef::Array(_), Some(_)) => quote! {
            ::core::iter::Iterator::collect(::core::iter::IntoIterator::into_iter(#name))
        },
        (ty, _) if converts(ty) => quote!(::core::convert::Into::into(#name)),
        _ => quote!(#name),
    }
}

pub(super) fn builder(module: &Module, endpoint: &Endpoint, has_protocol: bool) -> TokenStream {
    let name = ident(&endpoint.builder);
    let endpoint_static = ident(&endpoint.static_name);
    let how = if endpoint.params.iter().any(|p| !p.is_required()) {
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
        if !p.is_required() {
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
        .filter(|p| !p.is_required())
        .map(setter);
    let response = response_type(endpoint, Scope::Builders);
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
    let method = format_ident!("{}", endpoint.method.variant());
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
        let location = format_ident!("{}", param.location.variant());
        let required = param.is_required();
        let array = match param.style {
            Some(style) => {
                let style = format_ident!("{}", style.variant());
                quote!(::core::option::Option::Some(::oneentry_client::endpoint::ArrayStyle::#style))
            }
            None => quote!(::core::option::Option::None),
        };
        quote! {
            ::oneentry_client::endpoint::Param {
                name: #name,
                location: ::oneentry_client::endpoint::Location::#location,
                required: #required,
                array: #array,
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
    let ty = param_argument(param, Scope::Builders);
    let value = param_value(param);
    let mut text = param
        .doc
        .clone()
        .unwrap_or_else(|| format!("Sets `{}`.", param.wire));
    match &param.default {
        Some(default) if !text.contains("Defaults to") => {
            text.push_str(&format!(" Defaults to {}.", docs::default_text(default)));
        }
        Some(_) => {}
        None => text.push_str(" Left out of the request unless set."),
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
    // Body parameters go in after the body model, so they come last.
    let (body_params, others): (Vec<&Param>, Vec<&Param>) = endpoint
        .params
        .iter()
        .partition(|p| p.location == ParamLocation::Body);
    // The call's language (its `langCode`, else the client's) keys the localized fields of the
    // body and picks those of the answer (docs/wire-shop.md#sdk-differences).
    let language_param = endpoint
        .params
        .iter()
        .find(|p| p.default == Some(Default::ClientLanguage) && p.ty == TypeRef::String);
    let language = match language_param {
        Some(param) => {
            let name = ident(&param.rust);
            statements.push(quote! {
                let __language = match self.#name {
                    ::core::option::Option::Some(language) => language,
                    ::core::option::Option::None => ::std::string::String::from(self.__client.language()),
                };
                request.answer_language(&__language);
            });
            quote!(&__language)
        }
        None => quote!(self.__client.language()),
    };
    let put_param = |param: &Param| match language_param {
        Some(lang) if lang.rust == param.rust => put_value(param, language.clone()),
        _ => put(param, &endpoint_static),
    };
    statements.extend(others.into_iter().map(put_param));
    match &endpoint.body {
        Some(TypeRef::Array(_)) => {
            statements.push(quote!(request.array_body(#language, &self.body)?;));
        }
        Some(_) => statements.push(quote!(request.body(#language, &self.body)?;)),
        None => {}
    }
    statements.extend(body_params.into_iter().map(put_param));
    statements
}

/// The statement that puts one parameter where it goes; an optional parameter only when set.
fn put(param: &Param, endpoint_static: &proc_macro2::Ident) -> TokenStream {
    if param.default == Some(Default::SessionRefreshToken)
        && let Some(late) = late_bound(param)
    {
        return late;
    }
    if param.optional {
        let name = ident(&param.rust);
        let call = put_value(param, quote!(value));
        return quote! {
            if let ::core::option::Option::Some(value) = &self.#name {
                #call
            }
        };
    }
    let value = resolved(param, endpoint_static);
    put_value(param, quote!(&#value))
}

/// A body key or header that defaults to the session's refresh token, bound late: the runtime
/// reads the session's token each time it sends the request, so a resend after a refresh
/// carries the rotated one.
fn late_bound(param: &Param) -> Option<TokenStream> {
    let name = ident(&param.rust);
    let wire = &param.wire;
    let (given, late) = match param.location {
        ParamLocation::Body => (
            quote!(request.body_field(#wire, value)?),
            quote!(request.body_session_refresh_token(#wire);),
        ),
        ParamLocation::Header => (
            quote!(request.secret_header(#wire, value)?),
            quote!(request.header_session_refresh_token(#wire)?;),
        ),
        ParamLocation::Path | ParamLocation::Query => return None,
    };
    Some(quote! {
        match &self.#name {
            ::core::option::Option::Some(value) => #given,
            ::core::option::Option::None => {
                #late
            }
        }
    })
}

/// The `request` call for a reference to the parameter's value.
fn put_value(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire;
    match (param.location, param.style) {
        (ParamLocation::Path, _) => quote!(request.path_param(#wire, #value);),
        (ParamLocation::Query, Some(style)) => {
            let style = format_ident!("{}", style.variant());
            quote!(request.query_array(#wire, #value, ::oneentry_client::endpoint::ArrayStyle::#style);)
        }
        (ParamLocation::Query, None) => quote!(request.query(#wire, #value);),
        (ParamLocation::Header, _) if param.ty == TypeRef::Secret => {
            quote!(request.secret_header(#wire, #value)?;)
        }
        (ParamLocation::Header, _) => quote!(request.header(#wire, #value)?;),
        (ParamLocation::Body, _) => quote!(request.body_field(#wire, #value)?;),
    }
}
