//! `Pages`: pages, their children, blocks and layout (docs/wire-shop.md#pages), and the
//! templates the official SDK fetches for them on its own.

use oneentry_client::api::pages::ops;
use oneentry_client::api::templates::ops as template_ops;
use serde_json::Value;

use super::shop::{decode, not_found, page_by_id, page_by_url};
use super::{Call, Routes};
use crate::shop::PageFixture;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetRootPages, |call, _: ops::GetRootPagesRequest| {
        list(call, call.state.shop.children(None))
    });
    routes.on(ops::GetPages, |call, _: ops::GetPagesRequest| {
        list(call, call.state.shop.fixture.pages.iter().collect())
    });
    routes.on(
        ops::GetPageById,
        |call, request: ops::GetPageByIdRequest| {
            let shop = &call.state.shop;
            let page = page_by_id(shop, request.id)?;
            decode(shop.page_json(page, call.language()))
        },
    );
    routes.on(
        ops::GetPageByUrl,
        |call, request: ops::GetPageByUrlRequest| {
            let page = page_by_url(&call.state.shop, &request.url)?;
            decode(call.state.shop.page_json(page, call.language()))
        },
    );
    routes.on(
        ops::GetChildPagesByParentUrl,
        |call, request: ops::GetChildPagesByParentUrlRequest| {
            let page = page_by_url(&call.state.shop, &request.url)?;
            list(call, call.state.shop.children(Some(&page.page_url)))
        },
    );
    routes.on(
        ops::GetBlocksByPageUrl,
        |call, request: ops::GetBlocksByPageUrlRequest| {
            let shop = &call.state.shop;
            let page = page_by_url(&call.state.shop, &request.url)?;
            let blocks: Vec<Value> = page
                .blocks
                .iter()
                .filter_map(|marker| shop.block(marker))
                .map(|b| shop.block_json(b, call.language()))
                .collect();
            decode(blocks.into())
        },
    );
    routes.on(
        ops::GetConfigPageByUrl,
        |call, request: ops::GetConfigPageByUrlRequest| {
            let page = page_by_url(&call.state.shop, &request.url)?;
            decode(call.state.shop.page_config(page))
        },
    );
    routes.on(
        template_ops::GetTemplateByMarker,
        |call, request: template_ops::GetTemplateByMarkerRequest| {
            let shop = &call.state.shop;
            let template = shop
                .template(&request.marker)
                .ok_or_else(|| not_found(format_args!("Template `{}`", request.marker)))?;
            decode(shop.template_json(template))
        },
    );
    routes.on(ops::SearchPage, |call, request: ops::SearchPageRequest| {
        let hits =
            call.state
                .shop
                .search_pages(&request.name, request.url.as_deref(), call.language());
        decode(hits)
    });
}

fn list<T: serde::de::DeserializeOwned>(
    call: &Call<'_>,
    pages: Vec<&PageFixture>,
) -> Result<T, oneentry_client::mock::MockError> {
    let shop = &call.state.shop;
    let pages: Vec<Value> = pages
        .into_iter()
        .map(|p| shop.page_json(p, call.language()))
        .collect();
    decode(pages.into())
}
