//! The requests the official SDK 1.0.149 makes on its own (docs/wire-shop.md#extra-requests):
//! a product block's products, a similar-products block's products and a page's template.
//! They are in the spec as `Blocks.getBlockProducts`, `Blocks.getSimilarProducts` and
//! `Templates.getTemplateByMarker`; each request equals what the SDK sends
//! (tools/sdk-compat/record_shop.txt) and a realistic answer decodes.

mod shop_support;

use serde_json::json;
use shop_support::answers::products_page;
use shop_support::{Recorder, sent};

#[tokio::test]
async fn block_products_and_templates() {
    let rec = Recorder::start().await;
    let client = rec.client(false);

    let (seen, page) = rec
        .call(
            products_page(),
            client.blocks().get_block_products("bestsellers"),
        )
        .await;
    sent(
        &seen,
        "GET /api/content/blocks/bestsellers/products?langCode=en_US&offset=0&limit=30",
        None,
    );
    assert!(!page.items.is_empty());

    let (seen, _) = rec
        .call(
            products_page(),
            client
                .blocks()
                .get_similar_products("similar")
                .lang_code("de_DE")
                .offset(0)
                .limit(4),
        )
        .await;
    sent(
        &seen,
        "GET /api/content/blocks/similar/similar-products?langCode=de_DE&offset=0&limit=4",
        None,
    );

    let template = json!({
        "id": 1, "attributeSetIdentifier": null, "title": "Catalog", "generalTypeId": 1,
        "identifier": "catalog_template", "version": 0, "generalTypeName": "catalog_page",
        "attributeValues": {}, "position": 1
    });
    let (seen, template) = rec
        .call(
            template,
            client
                .templates()
                .get_template_by_marker("catalog_template"),
        )
        .await;
    sent(
        &seen,
        "GET /api/content/templates/marker/catalog_template?langCode=en_US",
        None,
    );
    assert_eq!(
        (
            template.identifier.as_str(),
            template.general_type_name.as_deref()
        ),
        ("catalog_template", Some("catalog_page"))
    );
}
