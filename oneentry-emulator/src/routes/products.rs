//! `Products`: the catalog's lists, filters, counts and searches
//! (docs/wire-shop.md#products).

use oneentry_client::api::products::ops;

use super::shop::{
    decode, filters, page_by_id, page_by_url, page_of, product_by_id, product_query,
};
use super::{Answer, Call, Page, Routes};

pub(super) fn register(routes: &Routes<'_>) {
    routes.on(ops::GetProducts, all);
    routes.on(ops::GetProductsEmptyPage, empty_page);
    routes.on(ops::GetProductsByPageId, by_page_id);
    routes.on(ops::GetProductsPriceByPageUrl, prices);
    routes.on(ops::GetProductsByPageUrl, by_page_url);
    routes.on(ops::GetRelatedProductsById, related);
    routes.on(ops::GetProductsByIds, by_ids);
    routes.on(ops::GetProductById, by_id);
    routes.on(ops::GetProductBlockById, blocks);
    routes.on(ops::SearchProduct, search);
    routes.on(
        ops::GetProductsCount,
        |call, request: ops::GetProductsCountRequest| {
            decode(call.state.shop.counts(None, &filters(&request.body)))
        },
    );
    routes.on(
        ops::GetProductsCountByPageId,
        |call, request: ops::GetProductsCountByPageIdRequest| {
            let shop = &call.state.shop;
            let page = page_by_id(shop, request.id)?;
            decode(shop.counts(Some(&page.page_url), &filters(&request.body)))
        },
    );
    routes.on(
        ops::GetProductsCountByPageUrl,
        |call, request: ops::GetProductsCountByPageUrlRequest| {
            let shop = &call.state.shop;
            let page = page_by_url(shop, &request.url)?;
            decode(shop.counts(Some(&page.page_url), &filters(&request.body)))
        },
    );
}

/// POST /all: the whole catalog, filtered, one page.
fn all(call: &Call<'_>, request: ops::GetProductsRequest) -> Answer<ops::GetProducts> {
    let shop = &call.state.shop;
    let query = product_query!(request, Page::new(request.offset, request.limit)?);
    let list = shop.product_page(
        &shop.fixture.products,
        &filters(&request.filter),
        &query,
        call.language(),
    );
    decode(list)
}

/// POST /empty-page: the products on no page, as one group.
fn empty_page(
    call: &Call<'_>,
    request: ops::GetProductsEmptyPageRequest,
) -> Answer<ops::GetProductsEmptyPage> {
    let shop = &call.state.shop;
    let query = product_query!(request, page_of(request.offset, request.limit)?);
    let unplaced = shop.fixture.products.iter().filter(|p| p.pages.is_empty());
    let mut group = shop.product_page(unplaced, &[], &query, call.language());
    let ids: Vec<String> = group["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["id"].to_string())
        .collect();
    group["attrValue"] = "".into();
    group["productIds"] = ids.into();
    decode(serde_json::Value::Array(vec![group]))
}

/// POST /page/{id}: a page's products, filtered, one page.
fn by_page_id(
    call: &Call<'_>,
    request: ops::GetProductsByPageIdRequest,
) -> Answer<ops::GetProductsByPageId> {
    let shop = &call.state.shop;
    let page = page_by_id(shop, request.id)?;
    let query = product_query!(request, Page::new(request.offset, request.limit)?);
    let products = shop.on_page(&page.page_url, false);
    decode(shop.product_page(products, &filters(&request.filter), &query, call.language()))
}

/// POST /page/url/{url}: a page's products, filtered, one page.
fn by_page_url(
    call: &Call<'_>,
    request: ops::GetProductsByPageUrlRequest,
) -> Answer<ops::GetProductsByPageUrl> {
    let shop = &call.state.shop;
    let page = page_by_url(shop, &request.url)?;
    let query = product_query!(request, Page::new(request.offset, request.limit)?);
    let products = shop.on_page(&page.page_url, false);
    decode(shop.product_page(products, &filters(&request.filter), &query, call.language()))
}

/// GET /page/{url}/prices: ids and prices of a page's products.
fn prices(
    call: &Call<'_>,
    request: ops::GetProductsPriceByPageUrlRequest,
) -> Answer<ops::GetProductsPriceByPageUrl> {
    let shop = &call.state.shop;
    let page = page_by_url(shop, &request.url)?;
    let query = product_query!(request, Page::new(request.offset, request.limit)?);
    let mut list = shop.product_page(
        shop.on_page(&page.page_url, false),
        &[],
        &query,
        call.language(),
    );
    for item in list["items"].as_array_mut().into_iter().flatten() {
        *item = serde_json::json!({"id": item["id"], "price": item["price"]});
    }
    decode(list)
}

/// GET /{id}/related: the products a product names as related.
fn related(
    call: &Call<'_>,
    request: ops::GetRelatedProductsByIdRequest,
) -> Answer<ops::GetRelatedProductsById> {
    let shop = &call.state.shop;
    let product = product_by_id(shop, request.id)?;
    let related = product
        .related_ids
        .iter()
        .filter_map(|id| shop.product(*id));
    let query = product_query!(request, Page::new(request.offset, request.limit)?);
    decode(shop.product_page(related, &[], &query, call.language()))
}

/// GET /ids?ids=1,14,15: the products of the ids that exist, in the ids' order.
fn by_ids(call: &Call<'_>, request: ops::GetProductsByIdsRequest) -> Answer<ops::GetProductsByIds> {
    let shop = &call.state.shop;
    let products: Vec<_> = request
        .ids
        .iter()
        .filter_map(|id| shop.product(*id))
        .map(|p| shop.product_json(p, call.language()))
        .collect();
    decode(products.into())
}

/// GET /{id}: one product.
fn by_id(call: &Call<'_>, request: ops::GetProductByIdRequest) -> Answer<ops::GetProductById> {
    let shop = &call.state.shop;
    let product = product_by_id(shop, request.id)?;
    decode(shop.product_json(product, call.language()))
}

/// GET /{id}/blocks: the blocks shown with a product.
fn blocks(
    call: &Call<'_>,
    request: ops::GetProductBlockByIdRequest,
) -> Answer<ops::GetProductBlockById> {
    let shop = &call.state.shop;
    let product = product_by_id(shop, request.id)?;
    let blocks: Vec<_> = product
        .blocks
        .iter()
        .filter_map(|marker| shop.block(marker))
        .map(|b| shop.block_json(b, call.language()))
        .collect();
    decode(blocks.into())
}

/// GET /quick/search?langCode=&name=: products whose title contains the words.
fn search(call: &Call<'_>, request: ops::SearchProductRequest) -> Answer<ops::SearchProduct> {
    decode(
        call.state
            .shop
            .search_products(&request.name, call.language()),
    )
}
