//! Lists: `impl Page` for `{total, items}` answers, and `.pages()` on list builders.

use proc_macro2::TokenStream;
use quote::quote;

use super::rust_type::{ident, rust_type};
use crate::ir::{Api, Paging};

/// `impl Page` for each `{total, items}` type a paginated endpoint answers, once per type.
pub(super) fn page_impls(api: &Api) -> Vec<TokenStream> {
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
        let item = rust_type(&paging.item);
        impls.push(quote! {
            impl ::oneentry_client::Page for #page {
                type Item = #item;

                fn into_items(self) -> ::std::vec::Vec<#item> {
                    self.items
                }

                fn total(&self) -> ::core::option::Option<u64> {
                    <u64 as ::core::convert::TryFrom<i64>>::try_from(self.total).ok()
                }
            }
        });
    }
    impls
}

/// `.pages()` on the builder, and the trait that lets `Pages` re-send it per page.
pub(super) fn paging_items(
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
                let mut next = ::core::clone::Clone::clone(self);
                next.offset = ::core::option::Option::Some(offset);
                next.limit = ::core::option::Option::Some(limit);
                ::std::boxed::Box::pin(next.send())
            }
        }
    };
    (pages_fn, paged_impl)
}
