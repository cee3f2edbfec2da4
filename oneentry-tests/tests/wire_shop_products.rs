//! The 13 Products methods on the wire (docs/wire-shop.md#products): each request equals what
//! the official SDK 1.0.149 sends for the same arguments (tools/sdk-compat/record_shop.txt),
//! except for the SDK bugs the client does not copy (docs/wire-shop.md#sdk-differences), and
//! a realistic answer decodes into the spec's types.

mod shop_support;

use oneentry_client::Numeric;
use oneentry_client::api::{
    AttributeValue, ConditionMarker, EmptyPageRequest, ProductFilter, ProductSortKey, SortOrder,
};
use serde_json::json;
use shop_support::answers::{block, product, products_page};
use shop_support::{Recorder, sent};

const P: &str = "/api/content/products";

fn filter(marker: ConditionMarker, value: i64) -> ProductFilter {
    let mut filter = ProductFilter::new("price");
    filter.condition_marker = Some(marker);
    filter.condition_value = Some(json!(value));
    filter
}

fn kitchen(marker: ConditionMarker, value: i64) -> ProductFilter {
    let mut filter = filter(marker, value);
    filter.page_urls = Some(vec!["kitchen".into()]);
    filter.is_nested = Some(false);
    filter.title = Some(String::new());
    filter
}

fn text(n: &Option<Numeric>) -> Option<&str> {
    n.as_ref().and_then(Numeric::as_text)
}

#[tokio::test]
async fn product_lists() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let products = client.products();

    let call = products
        .get_products(vec![
            kitchen(ConditionMarker::Mth, 50),
            kitchen(ConditionMarker::Lth, 500),
        ])
        .limit(5)
        .offset(0)
        .sort_order(SortOrder::Asc)
        .sort_key(ProductSortKey::Price)
        .status_marker("in_stock")
        .lang_code("de_DE");
    let (seen, page) = rec.call(products_page(), call).await;
    sent(
        &seen,
        &format!(
            "POST {P}/all?limit=5&offset=0&sortOrder=ASC&sortKey=price&statusMarker=in_stock&langCode=de_DE"
        ),
        Some(
            r#"{"filter":[{"attributeMarker":"price","conditionMarker":"mth","conditionValue":50,"pageUrls":["kitchen"],"isNested":false,"title":""},{"attributeMarker":"price","conditionMarker":"lth","conditionValue":500,"pageUrls":["kitchen"],"isNested":false,"title":""}]}"#,
        ),
    );
    // Texts in the call's language; prices as a number and as a decimal string.
    assert_eq!(page.total, 2);
    let first = &page.items[0];
    assert_eq!(first.localize_infos.title.as_deref(), Some("Produkt 1"));
    assert_eq!(first.price.as_ref().map(Numeric::value), Some(120.0));
    assert_eq!(text(&page.items[1].price), Some("350.50"));
    assert_eq!(first.additional.prices.max.as_text(), Some("120.00"));
    assert_eq!(first.additional.prices.min.value(), 9.5);
    assert_eq!(
        first.status_localize_infos.title.as_deref(),
        Some("In stock")
    );

    // No arguments: the SDK sends only `langCode`; the client always sends the paging
    // (docs/wire-shop.md#sdk-differences).
    let (seen, _) = rec
        .call(products_page(), products.get_products(vec![]))
        .await;
    sent(
        &seen,
        &format!("POST {P}/all?limit=30&offset=0&langCode=en_US"),
        Some(r#"{"filter":[]}"#),
    );

    let groups = json!([{"attrValue": "black", "items": [product(1, json!(120))],
                         "productIds": ["1"], "total": 1}]);
    let (seen, groups) = rec
        .call(
            groups,
            products.get_products_empty_page(EmptyPageRequest::new()),
        )
        .await;
    sent(
        &seen,
        &format!("POST {P}/empty-page?langCode=en_US"),
        Some("{}"),
    );
    assert_eq!(groups[0].product_ids, ["1"]);
    assert_eq!(groups[0].items[0].id, 1);

    let call = products
        .get_products_by_page_id(2, vec![])
        .limit(2)
        .offset(1);
    let (seen, _) = rec.call(products_page(), call).await;
    sent(
        &seen,
        &format!("POST {P}/page/2?langCode=en_US&limit=2&offset=1"),
        Some(r#"{"filter":[]}"#),
    );

    let prices =
        json!({"items": [{"id": 1, "price": 120}, {"id": 14, "price": "350.50"}], "total": 2});
    let call = products.get_products_price_by_page_url("kitchen").limit(10);
    let (seen, prices) = rec.call(prices, call).await;
    sent(
        &seen,
        &format!("GET {P}/page/kitchen/prices?limit=10&offset=0&langCode=en_US"),
        None,
    );
    assert_eq!(prices.items[0].price.value(), 120.0);
    assert_eq!(prices.items[1].price.as_text(), Some("350.50"));

    // The SDK ends this query with a stray `&` and sends no paging; the client sends the
    // paging and no `&` (docs/wire-shop.md#sdk-differences).
    let call = products
        .get_products_by_page_url("bags-and-travel", vec![filter(ConditionMarker::Lth, 100)])
        .lang_code("de_DE");
    let (seen, _) = rec.call(products_page(), call).await;
    sent(
        &seen,
        &format!("POST {P}/page/url/bags-and-travel?langCode=de_DE&limit=30&offset=0"),
        Some(
            r#"{"filter":[{"attributeMarker":"price","conditionMarker":"lth","conditionValue":100}]}"#,
        ),
    );

    // The SDK sends the caller's keys in the caller's order; called in the documented order
    // with both paging keys, it sends this.
    let call = products
        .get_related_products_by_id(1)
        .limit(2)
        .sort_order(SortOrder::Desc)
        .sort_key(ProductSortKey::Id);
    let (seen, related) = rec.call(products_page(), call).await;
    sent(
        &seen,
        &format!("GET {P}/1/related?langCode=en_US&limit=2&offset=0&sortOrder=DESC&sortKey=id"),
        None,
    );
    assert_eq!(related.items[1].id, 14);
}

#[tokio::test]
async fn products_by_id() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let products = client.products();

    let answer = json!([
        product(1, json!(120)),
        product(14, json!("350.50")),
        product(15, json!(null))
    ]);
    let call = products
        .get_products_by_ids([1, 14, 15])
        .lang_code("de_DE")
        .sort_key(ProductSortKey::Price);
    let (seen, list) = rec.call(answer, call).await;
    sent(
        &seen,
        &format!("GET {P}/ids?ids=1,14,15&langCode=de_DE&sortKey=price"),
        None,
    );
    assert_eq!(list.len(), 3);
    assert_eq!(list[2].price, None);

    let (seen, one) = rec
        .call(product(15, json!(10)), products.get_product_by_id(15))
        .await;
    sent(&seen, &format!("GET {P}/15?langCode=en_US"), None);
    // Attribute values: keyed by language, decoded by their `type`.
    let values = &one.attribute_values;
    let Some(AttributeValue::String(color)) = values.get("color") else {
        panic!("color: {values:?}")
    };
    assert_eq!(color.value.as_deref(), Some("Black"));
    let Some(AttributeValue::Integer(volume)) = values.get("volume_ml") else {
        panic!("volume: {values:?}")
    };
    assert_eq!(text(&volume.value), Some("350"));
    assert_eq!(volume.value.as_ref().map(Numeric::value), Some(350.0));
    let Some(AttributeValue::Float(weight)) = values.get("weight_kg") else {
        panic!("weight: {values:?}")
    };
    assert_eq!(weight.value.as_ref().map(Numeric::value), Some(0.36));
    let Some(AttributeValue::Other(photo)) = values.get("photo") else {
        panic!("photo: {values:?}")
    };
    assert_eq!(photo["type"], "image");
    assert_eq!(one.related_ids.as_deref(), Some(&[14, 15][..]));

    let call = products
        .get_product_by_id(2)
        .lang_code("de_DE")
        .is_normalized(true);
    let (seen, _) = rec.call(product(2, json!("9.90")), call).await;
    sent(
        &seen,
        &format!("GET {P}/2?langCode=de_DE&isNormalized=true"),
        None,
    );

    let answer = json!([block("product_block_1", "product_block")]);
    let (seen, blocks) = rec.call(answer, products.get_product_block_by_id(1)).await;
    sent(&seen, &format!("GET {P}/1/blocks"), None);
    let settings = blocks[0].custom_settings.as_ref().expect("customSettings");
    let config = settings.product_config.as_ref().expect("productConfig");
    assert_eq!(config.quantity.as_text(), Some("4"));
    assert_eq!(config.count_elements_per_row.value(), 2.0);
}

#[tokio::test]
async fn quick_search() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let answer = json!([{"id": 1, "title": "Ceramic mug", "statusIdentifier": "in_stock"}]);
    let (seen, hits) = rec
        .call(answer, client.products().search_product("ceramic mug"))
        .await;
    sent(
        &seen,
        &format!("GET {P}/quick/search?langCode=en_US&name=ceramic%20mug"),
        None,
    );
    assert_eq!(hits[0].id, 1);
    assert_eq!(hits[0].title.as_deref(), Some("Ceramic mug"));
    assert_eq!(hits[0].extra["statusIdentifier"], "in_stock");

    // The SDK sends `name=mug%20&%20cup%20` (the rest becomes another key and a fragment);
    // the client encodes every reserved byte.
    let (seen, _) = rec
        .call(
            json!([]),
            client.products().search_product("mug & cup #2+1"),
        )
        .await;
    sent(
        &seen,
        &format!("GET {P}/quick/search?langCode=en_US&name=mug%20%26%20cup%20%232%2B1"),
        None,
    );
}

#[tokio::test]
async fn counts_send_a_bare_array() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let products = client.products();
    let counts = json!({"totalAll": 6, "totalInCategory": 3, "totalInCategoryWithNested": 4});

    let (seen, count) = rec
        .call(counts.clone(), products.get_products_count(Vec::new()))
        .await;
    sent(&seen, &format!("POST {P}/all/counts"), Some("[]"));
    assert_eq!(
        (
            count.total_all,
            count.total_in_category,
            count.total_in_category_with_nested
        ),
        (6, 3, 4)
    );

    let mut in_stock = filter(ConditionMarker::Mth, 100);
    in_stock.status_marker = Some("in_stock".into());
    let call = products.get_products_count_by_page_id(2, [in_stock]);
    let (seen, _) = rec.call(counts.clone(), call).await;
    sent(
        &seen,
        &format!("POST {P}/page/2/counts"),
        Some(
            r#"[{"attributeMarker":"price","conditionMarker":"mth","conditionValue":100,"statusMarker":"in_stock"}]"#,
        ),
    );
    // The array's items in order, each with its keys in the SDK's order.
    assert_eq!(
        seen.body,
        r#"[{"attributeMarker":"price","conditionMarker":"mth","conditionValue":100,"statusMarker":"in_stock"}]"#
    );

    let call = products.get_products_count_by_page_url("catalog", std::iter::empty());
    let (seen, _) = rec.call(counts, call).await;
    sent(
        &seen,
        &format!("POST {P}/page/url/catalog/counts"),
        Some("[]"),
    );
}

/// The typed mock server reads an array body into the operation's `body: Vec<T>`, and a body
/// that is not an array is a 400 naming the body.
#[tokio::test]
async fn the_mock_server_reads_array_bodies() {
    use oneentry_client::api::{self, ProductsCount, products::ops::GetProductsCountByPageId};
    use oneentry_client::mock::MockServer;

    let mock = MockServer::start(api::ENDPOINTS).await.expect("start");
    mock.on(GetProductsCountByPageId, |req| async move {
        let n = i64::try_from(req.body.len()).unwrap_or(i64::MAX);
        Ok(ProductsCount::new(n, req.id, 0))
    });
    let client = oneentry_client::Client::builder(mock.url())
        .build()
        .expect("client");
    let count = client
        .products()
        .get_products_count_by_page_id(
            7,
            [
                filter(ConditionMarker::Eq, 1),
                filter(ConditionMarker::Neq, 2),
            ],
        )
        .await
        .expect("count");
    assert_eq!((count.total_all, count.total_in_category), (2, 7));
    let received = mock.received::<GetProductsCountByPageId>();
    assert_eq!(
        received[0].body[1].condition_marker,
        Some(ConditionMarker::Neq)
    );

    // The client crate's builder: with its `rustls` feature reqwest has no crypto provider
    // of its own.
    let response = oneentry_client::http_client_builder()
        .build()
        .expect("HTTP client")
        .post(format!("{}{P}/page/7/counts", mock.url()))
        .header("content-type", "application/json")
        .body(r#"{"filter":[]}"#)
        .send()
        .await
        .expect("answer");
    assert_eq!(response.status().as_u16(), 400);
}
