//! Realistic answers of the shop endpoints, in the shapes docs/wire-shop.md describes: texts
//! keyed by language, attribute values of several types (numbers as JSON numbers and as
//! strings), prices as numbers or decimal strings.

use serde_json::{Value, json};

/// Attribute values keyed by language: a text, an integer sent as a string, a float and an
/// image (a type the spec does not name, kept whole).
pub fn attribute_values() -> Value {
    json!({"en_US": {
        "color": {"type": "string", "value": "Black", "position": 1, "isIcon": false,
                  "isProductPreview": false, "additionalFields": []},
        "volume_ml": {"type": "integer", "value": "350", "position": 2, "isIcon": false,
                      "isProductPreview": false, "additionalFields": []},
        "weight_kg": {"type": "float", "value": 0.36, "position": 3, "isIcon": false,
                      "isProductPreview": false, "additionalFields": []},
        "photo": {"type": "image", "value": [{"filename": "mug.png", "downloadLink": "https://cdn/mug.png"}],
                  "position": 4}
    }})
}

/// A product; `price` as given (a number or a decimal string).
pub fn product(id: i64, price: Value) -> Value {
    json!({
        "id": id,
        "localizeInfos": {"en_US": {"title": format!("Product {id}")}, "de_DE": {"title": format!("Produkt {id}")}},
        "statusIdentifier": "in_stock",
        "statusLocalizeInfos": {"en_US": {"title": "In stock"}},
        "attributeSetIdentifier": "product_attrs",
        "position": id,
        "price": price,
        "additional": {"prices": {"min": 9.5, "max": "120.00"}},
        "sku": format!("SKU-{id}"),
        "isSync": true,
        "attributeValues": attribute_values(),
        "categories": ["catalog/kitchen"],
        "isVisible": true,
        "templateIdentifier": null,
        "productPages": [{"id": 1, "pageId": 2, "productId": id, "positionId": 3, "categoryPath": "catalog/kitchen"}],
        "relatedIds": [14, 15],
        "rating": {"value": 4.5, "votes": 10}
    })
}

/// `{items, total}` with two products: one priced as a number, one as a string.
pub fn products_page() -> Value {
    json!({"items": [product(1, json!(120)), product(14, json!("350.50"))], "total": 2})
}

pub fn block(identifier: &str, r#type: &str) -> Value {
    json!({
        "id": 3,
        "attributeSetIdentifier": null,
        "localizeInfos": {"en_US": {"title": "Bestsellers"}, "de_DE": {"title": "Bestseller"}},
        "version": 0,
        "position": 1,
        "identifier": identifier,
        "type": r#type,
        "templateIdentifier": null,
        "isVisible": true,
        "isSync": false,
        "attributeValues": attribute_values(),
        "customSettings": {
            "sliderDelay": 0, "sliderDelayType": "",
            "productConfig": {"quantity": "4", "countElementsPerRow": 2},
            "similarProductRules": [{"property": "title", "includes": "", "keywords": "mug", "strict": ""}],
            "condition": {}
        },
        "productPageUrls": ["catalog"]
    })
}

pub fn page(id: i64, url: &str, parent: Value) -> Value {
    json!({
        "id": id,
        "parentId": parent,
        "pageUrl": url,
        "depth": 1,
        "localizeInfos": {"en_US": {"title": "Kitchen", "menuTitle": "Kitchen",
                                    "htmlContent": "<p>Cups</p>", "plainContent": "Cups"}},
        "isVisible": true,
        "type": "catalog_page",
        "templateIdentifier": "catalog_template",
        "attributeSetIdentifier": null,
        "attributeValues": {"en_US": {}},
        "isSync": false,
        "position": 2,
        "config": {"rowsPerPage": 2, "productsPerRow": 3},
        "products": 3,
        "childrenCount": "0",
        "total": "6"
    })
}

pub fn form() -> Value {
    json!({
        "id": 4,
        "attributeSetId": 7,
        "type": "data",
        "localizeInfos": {"en_US": {"title": "Contact us", "titleForSite": "Write to us",
                                    "successMessage": "Thanks", "unsuccessMessage": "Sorry",
                                    "urlAddress": ""}},
        "version": 1,
        "position": 1,
        "identifier": "contact_us",
        "processingType": "db",
        "templateId": null,
        "attributes": [
            {"marker": "name", "type": "string", "position": 1, "isVisible": true,
             "localizeInfos": {"title": "Name"}, "validators": {"requiredValidator": {"strict": true}},
             "listTitles": [], "settings": {}, "additionalFields": [], "isLogin": null,
             "isSignUp": null},
            {"marker": "send", "type": "button", "position": 2, "isVisible": true}
        ],
        "total": "2",
        "moduleFormConfigs": [{"id": 4, "formIdentifier": "contact_us", "moduleIdentifier": "content",
                               "isGlobal": true, "isClosed": false,
                               "entityIdentifiers": [{"id": "contact", "isNested": false}]}]
    })
}

pub fn form_fields() -> Value {
    json!([
        {"marker": "name", "type": "string", "value": "Christina Thomas"},
        {"marker": "message", "type": "text",
         "value": {"htmlValue": "<p>Hi</p>", "plainValue": "Hi"}}
    ])
}

pub fn discount() -> Value {
    json!({
        "id": 3,
        "attributeSetId": null,
        "localizeInfos": {"en_US": {"title": "Summer sale"}, "de_DE": {"title": "Sommerschlussverkauf"}},
        "version": 0,
        "identifier": "summer_sale",
        "type": "DISCOUNT",
        "startDate": "2026-06-01T00:00:00.000Z",
        "endDate": "2026-08-31T23:59:59.000Z",
        "discountValue": {"applicability": "TO_ORDER", "discountType": "PERCENT", "value": "10"},
        "conditionLogic": "AND",
        "conditions": [{"type": "MIN_CART_AMOUNT", "value": "50"}],
        "exclusions": [],
        "gifts": [],
        "attributeValues": {"en_US": {}},
        "position": 1
    })
}
