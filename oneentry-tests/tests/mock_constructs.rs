//! The typed mock server reads the endpoint-side constructs of a spec as the client sends them:
//! array query parameters in both styles, optional parameters (`None` when left out), header
//! parameters (a missing required one is a 400 naming it), `PATCH` bodies and `HEAD`.

use oneentry_client::mock::{MockError, MockServer};
use oneentry_client::{Client, Error, Secret};

mod catalog_api {
    oneentry_client::api!(
        spec = "../oneentry-client/tests/specs/catalog.json",
        client = trait CatalogApi
    );
}

use catalog_api::catalog::ops;
use catalog_api::{CatalogApi, Product, ProductPatch, Sort};

async fn start() -> (MockServer, Client) {
    let mock = MockServer::start(catalog_api::ENDPOINTS)
        .await
        .expect("start");
    let client = Client::builder(mock.url())
        .session_tokens(Some(Secret::from("a1")), Some(Secret::from("r1")))
        .build()
        .expect("client");
    (mock, client)
}

#[tokio::test]
async fn arrays_optional_parameters_and_headers_arrive_typed() {
    let (mock, client) = start().await;
    mock.on(ops::GetProductsByIds, |req| async move {
        Ok(req
            .ids
            .iter()
            .map(|id| Product::new(*id, format!("product {id}")))
            .collect::<Vec<_>>())
    });

    let products = client
        .catalog()
        .get_products_by_ids([3, 1], "key-1")
        .tags(["green tea", "a,b"])
        .sort(Sort::Desc)
        .x_request_id("req-7")
        .await
        .expect("products");
    assert_eq!(products.len(), 2);
    assert_eq!(products[0].title, "product 3");
    client
        .catalog()
        .get_products_by_ids(Vec::new(), "key-2")
        .await
        .expect("no ids");

    let received = mock.received::<ops::GetProductsByIds>();
    assert_eq!(received[0].ids, [3, 1]);
    let tags = ["green tea".to_owned(), "a,b".to_owned()];
    assert_eq!(received[0].tags.as_deref(), Some(&tags[..]));
    assert_eq!(received[0].sort, Some(Sort::Desc));
    assert_eq!(received[0].x_request_id.as_deref(), Some("req-7"));
    assert_eq!(received[0].x_api_key.expose(), "key-1");
    assert_eq!(received[0].lang_code.as_deref(), Some("en_US"));
    // Left out by the client, absent for the server: `None`, and an empty list.
    assert!(received[1].ids.is_empty());
    assert_eq!(
        (received[1].tags.as_ref(), received[1].sort.as_ref()),
        (None, None)
    );
    assert_eq!(received[1].x_request_id, None);
}

#[tokio::test]
async fn a_missing_required_header_is_a_400_naming_it() {
    let (mock, _) = start().await;
    mock.on(ops::GetProductsByIds, |_| async { Ok(Vec::new()) });
    let url = format!("{}/api/catalog/products/ids?ids=1,2", mock.url());
    let response = reqwest::get(&url).await.expect("answer");
    assert_eq!(response.status().as_u16(), 400);
    let bytes = response.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("Catalog.getProductsByIds") && message.contains("header `X-Api-Key`"),
        "{message}"
    );
}

#[tokio::test]
async fn patch_and_head_are_served() {
    let (mock, client) = start().await;
    mock.on(ops::UpdateProduct, |req| async move {
        Ok(Product::new(req.id, req.body.title))
    });
    mock.on(ops::ProductExists, |req| async move {
        match req.id {
            7 => Ok(()),
            _ => Err(MockError::not_found("no such product")),
        }
    });

    let product = client
        .catalog()
        .update_product(7, ProductPatch::new("Green tea".to_owned()))
        .note("restocked")
        .await
        .expect("patched");
    assert_eq!(product.title, "Green tea");
    let received = mock.received::<ops::UpdateProduct>();
    assert_eq!(received[0].note.as_deref(), Some("restocked"));
    assert_eq!(received[0].body.title, "Green tea");

    client.catalog().product_exists(7).await.expect("exists");
    let err = client
        .catalog()
        .product_exists(8)
        .await
        .expect_err("missing");
    assert!(matches!(err, Error::Api { status: 404, .. }), "{err:?}");
}
