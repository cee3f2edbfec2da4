//! Client code: one handle struct per spec module, one request builder per endpoint.
//!
//! A method takes the required parameters and returns a builder; optional
//! parameters are setters on the builder, and awaiting the builder sends the
//! request. So `orders.get_all_orders_by_marker("orders").await` and
//! `.limit(10).await` both read naturally, and adding an optional parameter to
//! the spec never breaks a caller.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type::{argument_type, converts, doc_lines, ident, rust_type};
use crate::model::{
    Auth, Default, Endpoint, HttpMethod, Module, Paging, Param, ParamLocation, SessionEffect,
    TypeRef,
};
use crate::naming;

/// The handle struct, its methods, and the builders' module.
pub fn module(module: &Module) -> TokenStream {
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
    let builders = module.endpoints.iter().map(|e| builder(module, e));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug)]
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
            #[allow(unused_imports)]
            use super::*;

            #(#builders)*
        }
    }
}

/// Parameters that become positional arguments, in spec order.
fn required(endpoint: &Endpoint) -> impl Iterator<Item = &Param> {
    endpoint.params.iter().filter(|p| p.default.is_none())
}

fn method(module: &Module, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.rust);
    let builders_mod = ident(&module.rust);
    let builder = ident(&endpoint.builder);
    let mut args: Vec<TokenStream> = required(endpoint)
        .map(|p| {
            let name = ident(&p.rust);
            let ty = argument_type(&p.ty);
            quote!(#name: #ty)
        })
        .collect();
    let mut inits: Vec<TokenStream> = endpoint
        .params
        .iter()
        .map(|p| {
            let name = ident(&p.rust);
            match (&p.default, converts(&p.ty)) {
                (Some(_), _) => quote!(#name: None),
                (None, true) => quote!(#name: #name.into()),
                (None, false) => quote!(#name),
            }
        })
        .collect();
    if let Some(body) = &endpoint.body {
        let ty = rust_type(body);
        args.push(quote!(body: #ty));
        inits.push(quote!(body));
    }
    let doc = method_doc(module, endpoint);
    quote! {
        #doc
        pub fn #name(&self, #(#args),*) -> #builders_mod::#builder<'c> {
            #builders_mod::#builder {
                client: self.client,
                #(#inits,)*
            }
        }
    }
}

fn method_doc(module: &Module, endpoint: &Endpoint) -> TokenStream {
    let mut text = endpoint.doc.clone().unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "`{} {}` (`{}.{}` in the official SDK).",
        endpoint.method.as_str(),
        endpoint.path,
        module.name,
        endpoint.name
    ));
    if endpoint.auth == Auth::User {
        text.push_str(" Needs a signed-in user.");
    }
    match endpoint.session {
        SessionEffect::Store => {
            text.push_str(" Stores the returned tokens in the client's session.")
        }
        SessionEffect::Clear => text.push_str(" Clears the client's session when it succeeds."),
        SessionEffect::None => {}
    }
    let documented: Vec<&Param> = required(endpoint).filter(|p| p.doc.is_some()).collect();
    if !documented.is_empty() {
        text.push_str("\n\n# Arguments");
        for p in documented {
            text.push_str(&format!(
                "\n- `{}`: {}",
                p.rust,
                p.doc.as_deref().unwrap_or("")
            ));
        }
    }
    if endpoint.paging.is_some() {
        text.push_str(&format!(
            "\n\nA list: [`pages()`]({}::{}::pages) on the returned builder walks every page.",
            module.rust, endpoint.builder
        ));
    }
    if endpoint.params.iter().any(|p| p.default.is_some()) {
        text.push_str(&format!(
            "\n\nOptional parameters are set on the returned [`{}`]({}::{}).",
            endpoint.builder, module.rust, endpoint.builder
        ));
    }
    doc_lines(&text)
}

fn builder(module: &Module, endpoint: &Endpoint) -> TokenStream {
    let name = ident(&endpoint.builder);
    let endpoint_static = format_ident!("{}", naming::snake_case(&endpoint.name).to_uppercase());
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
        let ty = rust_type(&p.ty);
        if p.default.is_some() {
            quote!(pub(super) #name: Option<#ty>,)
        } else {
            quote!(pub(super) #name: #ty,)
        }
    });
    let body_field = endpoint.body.as_ref().map(|body| {
        let ty = rust_type(body);
        quote!(pub(super) body: #ty,)
    });
    let setters = endpoint
        .params
        .iter()
        .filter(|p| p.default.is_some())
        .map(setter);
    let response = rust_type(&endpoint.response);
    let endpoint_value = endpoint_descriptor(module, endpoint);
    let statements = send_statements(endpoint);
    let paging = endpoint
        .paging
        .as_ref()
        .map(|paging| paging_items(&name, &endpoint_static, &response, paging));
    let (pages_fn, paged_impl) = match paging {
        Some((pages_fn, paged_impl)) => (Some(pages_fn), Some(paged_impl)),
        None => (None, None),
    };
    quote! {
        static #endpoint_static: ::oneentry_client::__private::Endpoint = #endpoint_value;

        #[doc = #doc]
        #[must_use = "a request does nothing until it is awaited"]
        #[derive(Clone, Debug)]
        pub struct #name<'c> {
            pub(super) client: &'c ::oneentry_client::Client,
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
                self.client.execute(request).await
            }
        }

        impl<'c> ::core::future::IntoFuture for #name<'c> {
            type Output = ::oneentry_client::Result<#response>;
            type IntoFuture = ::core::pin::Pin<Box<dyn ::core::future::Future<Output = Self::Output> + Send + 'c>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }

        #paged_impl
    }
}

/// `.pages()` on the builder, and the trait that lets `Pages` re-send it per page.
fn paging_items(
    name: &proc_macro2::Ident,
    endpoint_static: &proc_macro2::Ident,
    response: &TokenStream,
    paging: &Paging,
) -> (TokenStream, TokenStream) {
    let offset = paging.default_offset;
    let limit = paging.default_limit;
    let pages_fn = quote! {
        /// Walks every page of the list from this request's offset, `limit` items per
        /// request: `.pages().next().await` for one page at a time, `.pages().all().await`
        /// for everything.
        pub fn pages(self) -> ::oneentry_client::Pages<Self> {
            ::oneentry_client::Pages::new(self)
        }
    };
    let paged_impl = quote! {
        impl<'c> ::oneentry_client::__private::PagedRequest for #name<'c> {
            type Page = #response;

            fn endpoint(&self) -> &'static str {
                #endpoint_static.id
            }

            fn window(&self) -> (i64, i64) {
                (self.offset.unwrap_or(#offset), self.limit.unwrap_or(#limit))
            }

            fn fetch(&self, offset: i64, limit: i64) -> ::oneentry_client::PageFuture<'_, Self::Page> {
                let mut next = self.clone();
                next.offset = Some(offset);
                next.limit = Some(limit);
                Box::pin(next.send())
            }
        }
    };
    (pages_fn, paged_impl)
}

fn endpoint_descriptor(module: &Module, endpoint: &Endpoint) -> TokenStream {
    let id = format!("{}.{}", module.name, endpoint.name);
    let path = &endpoint.path;
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
    let session = format_ident!(
        "{}",
        match endpoint.session {
            SessionEffect::None => "None",
            SessionEffect::Store => "Store",
            SessionEffect::Clear => "Clear",
        }
    );
    quote! {
        ::oneentry_client::__private::Endpoint {
            id: #id,
            method: ::oneentry_client::__private::Method::#method,
            path: #path,
            auth: ::oneentry_client::__private::Auth::#auth,
            session: ::oneentry_client::__private::SessionEffect::#session,
        }
    }
}

fn setter(param: &Param) -> TokenStream {
    let name = ident(&param.rust);
    let ty = argument_type(&param.ty);
    let value = if converts(&param.ty) {
        quote!(#name.into())
    } else {
        quote!(#name)
    };
    let mut text = param
        .doc
        .clone()
        .unwrap_or_else(|| format!("Sets `{}`.", param.wire));
    let default = match &param.default {
        Some(Default::Integer(v)) => format!("`{v}`"),
        Some(Default::Boolean(v)) => format!("`{v}`"),
        Some(Default::String(v)) => format!("`{v:?}`"),
        Some(Default::ClientLanguage) => "the client's language".to_owned(),
        Some(Default::SessionRefreshToken) => {
            "the refresh token of the client's session".to_owned()
        }
        Some(Default::Param(other)) => format!("the value of `{other}`"),
        None => String::new(),
    };
    if !text.contains("Defaults to") {
        text.push_str(&format!(" Defaults to {default}."));
    }
    let doc = doc_lines(&text);
    quote! {
        #doc
        pub fn #name(mut self, #name: #ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// The value of a parameter inside `send`, its default applied.
fn resolved(param: &Param, endpoint_static: &proc_macro2::Ident) -> TokenStream {
    let name = ident(&param.rust);
    match &param.default {
        None => quote!(self.#name),
        Some(Default::Integer(v)) => quote!(self.#name.unwrap_or(#v)),
        Some(Default::Boolean(v)) => quote!(self.#name.unwrap_or(#v)),
        Some(Default::String(v)) => match &param.ty {
            TypeRef::Named(ty) => {
                let ty = ident(ty);
                let variant = ident(&naming::pascal_case(v));
                quote!(self.#name.unwrap_or(#ty::#variant))
            }
            _ => quote!(self.#name.unwrap_or_else(|| #v.to_owned())),
        },
        Some(Default::ClientLanguage) => {
            quote!(self.#name.unwrap_or_else(|| self.client.language().to_owned()))
        }
        Some(Default::Param(other)) => {
            let other = ident(other);
            quote!(self.#name.unwrap_or_else(|| self.#other.clone()))
        }
        Some(Default::SessionRefreshToken) => quote! {
            match self.#name {
                Some(value) => value,
                None => ::oneentry_client::__private::session_refresh_token(self.client, &#endpoint_static)?,
            }
        },
    }
}

fn send_statements(endpoint: &Endpoint) -> Vec<TokenStream> {
    let endpoint_static = format_ident!("{}", naming::snake_case(&endpoint.name).to_uppercase());
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
        statements.push(quote!(request.body(self.client.language(), &self.body)?;));
    }
    for param in endpoint
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Body)
    {
        let wire = &param.wire;
        let value = resolved(param, &endpoint_static);
        statements.push(quote!(request.body_field(#wire, &#value)?;));
    }
    statements
}
