//! Pages (8), Blocks (4) and Forms (2) on the wire (docs/wire-shop.md#pages, #blocks, #forms):
//! each request equals what the official SDK 1.0.149 sends for the same arguments
//! (tools/sdk-compat/record_shop.txt) but for the SDK bugs listed in
//! docs/wire-shop.md#sdk-differences, and a realistic answer decodes into the spec's types.
//! None of these needs a user; the SDK's extra requests (templates, block products) are not
//! made (docs/wire-shop.md#extra-requests).

mod shop_support;

use oneentry_client::api::{AttributeValue, BlockType, FormType};
use serde_json::json;
use shop_support::answers::{block, form, page, products_page};
use shop_support::{Recorder, sent};

#[tokio::test]
async fn pages() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let pages = client.pages();
    let list = json!([
        page(1, "catalog", json!(null)),
        page(2, "kitchen", json!(1))
    ]);

    let (seen, roots) = rec.call(list.clone(), pages.get_root_pages()).await;
    sent(&seen, "GET /api/content/pages/root?langCode=en_US", None);
    assert!(!seen.bearer);
    assert_eq!(roots[0].parent_id, None);
    assert_eq!(roots[1].parent_id, Some(1));
    assert_eq!(roots[1].r#type, BlockType::CatalogPage);
    assert_eq!(
        roots[1].localize_infos.plain_content.as_deref(),
        Some("Cups")
    );
    assert_eq!(
        roots[1].children_count.as_ref().and_then(|n| n.as_text()),
        Some("0")
    );

    let (seen, _) = rec
        .call(list.clone(), pages.get_pages().lang_code("de_DE"))
        .await;
    sent(&seen, "GET /api/content/pages?langCode=de_DE", None);

    let (seen, one) = rec
        .call(page(2, "kitchen", json!(1)), pages.get_page_by_id(2))
        .await;
    sent(&seen, "GET /api/content/pages/2?langCode=en_US", None);
    let config = one.config.as_ref().expect("config");
    assert_eq!(config["productsPerRow"].value(), 3.0);

    let (seen, _) = rec
        .call(
            page(2, "kitchen", json!(1)),
            pages.get_page_by_url("kitchen"),
        )
        .await;
    sent(
        &seen,
        "GET /api/content/pages/url/kitchen?langCode=en_US",
        None,
    );

    // The SDK puts the url in the path unencoded: `catalog/kitchen?x` became another path and
    // a query. The client encodes it as one segment.
    let (seen, _) = rec
        .call(
            page(2, "kitchen", json!(1)),
            pages.get_page_by_url("catalog/kitchen?x"),
        )
        .await;
    sent(
        &seen,
        "GET /api/content/pages/url/catalog%2Fkitchen%3Fx?langCode=en_US",
        None,
    );

    let (seen, _) = rec
        .call(list, pages.get_child_pages_by_parent_url("catalog"))
        .await;
    sent(
        &seen,
        "GET /api/content/pages/catalog/children?langCode=en_US",
        None,
    );

    let blocks = json!([
        block("bestsellers", "product_block"),
        block("similar", "similar_products_block")
    ]);
    let (seen, blocks) = rec
        .call(blocks, pages.get_blocks_by_page_url("catalog"))
        .await;
    sent(
        &seen,
        "GET /api/content/pages/catalog/blocks?langCode=en_US",
        None,
    );
    assert_eq!(blocks[1].r#type, BlockType::SimilarProductsBlock);
    assert_eq!(
        blocks[0].product_page_urls.as_deref(),
        Some(&["catalog".to_owned()][..])
    );

    let answer = json!({"rowsPerPage": 2, "productsPerRow": null});
    let (seen, config) = rec
        .call(answer, pages.get_config_page_by_url("kitchen"))
        .await;
    sent(&seen, "GET /api/content/pages/kitchen/config", None);
    assert_eq!(
        (config.rows_per_page, config.products_per_row),
        (Some(2), None)
    );
}

#[tokio::test]
async fn page_search() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let hits = json!([{"id": 2, "title": "Kitchen"}]);
    let call = client.pages().search_page("kitchen").url("catalog");
    let (seen, found) = rec.call(hits.clone(), call).await;
    sent(
        &seen,
        "GET /api/content/pages/quick/search?url=catalog&lang=en_US&name=kitchen",
        None,
    );
    assert_eq!(found[0].id, 2);
    assert_eq!(found[0].title.as_deref(), Some("Kitchen"));

    // Without a url the SDK sends `?undefined&lang=…`; the client leaves `url` out.
    let (seen, _) = rec.call(hits, client.pages().search_page("about")).await;
    sent(
        &seen,
        "GET /api/content/pages/quick/search?lang=en_US&name=about",
        None,
    );
}

#[tokio::test]
async fn blocks() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let blocks = client.blocks();
    let page_of = json!({"items": [block("bestsellers", "product_block")], "total": 1});

    // A POST without a body.
    let call = blocks.get_blocks().r#type("product_block").limit(10);
    let (seen, list) = rec.call(page_of.clone(), call).await;
    sent(
        &seen,
        "POST /api/content/blocks?langCode=en_US&type=product_block&offset=0&limit=10",
        None,
    );
    assert_eq!(list.total, 1);
    assert_eq!(list.items[0].r#type, BlockType::ProductBlock);

    // `type` is always sent, empty by default.
    let (seen, _) = rec.call(page_of, blocks.get_blocks()).await;
    sent(
        &seen,
        "POST /api/content/blocks?langCode=en_US&type=&offset=0&limit=30",
        None,
    );

    // The call's language picks the texts (the SDK uses the client's).
    let call = blocks.get_block_by_marker("bestsellers").lang_code("de_DE");
    let (seen, one) = rec.call(block("bestsellers", "product_block"), call).await;
    sent(
        &seen,
        "GET /api/content/blocks/marker/bestsellers?langCode=de_DE",
        None,
    );
    assert_eq!(one.localize_infos.title.as_deref(), Some("Bestseller"));
    assert!(matches!(
        one.attribute_values.get("volume_ml"),
        Some(AttributeValue::Integer(_))
    ));
    let rules = one
        .custom_settings
        .as_ref()
        .and_then(|s| s.similar_product_rules.as_ref())
        .expect("rules");
    assert_eq!(rules[0].keywords, "mug");

    // Product id first, block marker second: the reverse of the path.
    let call = blocks
        .get_frequently_ordered_products(15, "often_bought")
        .sign_price("orders");
    let (seen, often) = rec.call(products_page(), call).await;
    sent(
        &seen,
        "GET /api/content/blocks/often_bought/products/15/frequently-ordered?langCode=en_US&signPrice=orders",
        None,
    );
    assert_eq!(often.items.len(), 2);

    let hits = json!([{"id": 3, "identifier": "bestsellers", "name": "Bestsellers"}]);
    let (seen, hits) = rec.call(hits, blocks.search_block("best")).await;
    sent(
        &seen,
        "GET /api/content/blocks/quick/search?langCode=en_US&name=best",
        None,
    );
    assert_eq!(
        (
            hits[0].id,
            hits[0].identifier.as_str(),
            hits[0].name.as_str()
        ),
        (3, "bestsellers", "Bestsellers")
    );
}

#[tokio::test]
async fn forms() {
    let rec = Recorder::start().await;
    let client = rec.client(false);
    let forms = client.forms();

    let answer = json!({"total": 1, "items": [form()]});
    let (seen, all) = rec.call(answer, forms.get_all_forms()).await;
    sent(
        &seen,
        "GET /api/content/forms?langCode=en_US&offset=0&limit=30",
        None,
    );
    assert_eq!(all.total, 1);
    let contact = &all.items[0];
    assert_eq!(contact.r#type, Some(FormType::Data));
    assert_eq!(
        contact.localize_infos.success_message.as_deref(),
        Some("Thanks")
    );
    assert_eq!(contact.total.as_ref().and_then(|n| n.as_text()), Some("2"));
    let attributes = contact.attributes.as_ref().expect("attributes");
    assert_eq!(attributes[0].is_login, None);
    assert_eq!(attributes[1].r#type, "button");
    let configs = contact.module_form_configs.as_ref().expect("configs");
    assert_eq!(configs[0].entity_identifiers[0].id, "contact");

    let call = forms.get_form_by_marker("contact_us").lang_code("de_DE");
    let (seen, one) = rec.call(form(), call).await;
    sent(
        &seen,
        "GET /api/content/forms/marker/contact_us?langCode=de_DE",
        None,
    );
    assert_eq!(one.identifier, "contact_us");
}
