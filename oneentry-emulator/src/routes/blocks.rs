//! `Blocks`: content blocks and the products they show (docs/wire-shop.md#blocks).

use oneentry_client::api::blocks::ops;
use serde_json::{Value, json};

use super::shop::{decode, not_found};
use super::{Answer, Call, Page, Routes};
use crate::shop::BlockFixture;

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetBlocks, list);
    routes.on(
        ops::GetBlockByMarker,
        |call, request: ops::GetBlockByMarkerRequest| {
            let block = by_marker(call, &request.marker)?;
            decode(call.state.shop.block_json(block, call.language()))
        },
    );
    routes.on(
        ops::GetFrequentlyOrderedProducts,
        |call, request: ops::GetFrequentlyOrderedProductsRequest| {
            let shop = &call.state.shop;
            let block = by_marker(call, &request.marker)?;
            let products = shop.frequently_ordered(block, request.product_id);
            let query = crate::shop::catalog::ProductQuery {
                limit: usize::MAX,
                ..Default::default()
            };
            decode(shop.product_page(products, &[], &query, call.language()))
        },
    );
    routes.on(
        ops::GetBlockProducts,
        |call, request: ops::GetBlockProductsRequest| {
            let page = Page::new(request.offset, request.limit)?;
            shown_products(call, &request.marker, page)
        },
    );
    routes.on(
        ops::GetSimilarProducts,
        |call, request: ops::GetSimilarProductsRequest| {
            let page = Page::new(request.offset, request.limit)?;
            shown_products(call, &request.marker, page)
        },
    );
    routes.on(
        ops::SearchBlock,
        |call, request: ops::SearchBlockRequest| {
            decode(
                call.state
                    .shop
                    .search_blocks(&request.name, call.language()),
            )
        },
    );
}

fn by_marker<'a>(
    call: &Call<'a>,
    marker: &str,
) -> Result<&'a BlockFixture, oneentry_client::mock::MockError> {
    call.state
        .shop
        .block(marker)
        .ok_or_else(|| not_found(format_args!("Block `{marker}`")))
}

/// `{items, total}` of the products the block of `marker` shows (a product block's list, a
/// similar-products block's matches).
fn shown_products<T: serde::de::DeserializeOwned>(
    call: &Call<'_>,
    marker: &str,
    page: Page,
) -> Result<T, oneentry_client::mock::MockError> {
    let shop = &call.state.shop;
    let block = by_marker(call, marker)?;
    let query = crate::shop::catalog::ProductQuery {
        offset: page.offset,
        limit: page.limit,
        ..Default::default()
    };
    decode(shop.product_page(shop.block_products(block), &[], &query, call.language()))
}

/// POST ?langCode=&type=&offset=&limit=: `{items, total}` of the blocks of `type` (all for
/// an empty one).
fn list(call: &Call<'_>, request: ops::GetBlocksRequest) -> Answer<ops::GetBlocks> {
    let shop = &call.state.shop;
    let page = Page::new(request.offset, request.limit)?;
    let matching = shop.blocks_of(&request.r#type);
    let total = matching.len();
    let items: Vec<Value> = page
        .of(matching.into_iter())
        .map(|b| shop.block_json(b, call.language()))
        .collect();
    decode(json!({"items": items, "total": total}))
}
