//! Optional and array query parameters, header parameters, PATCH and HEAD in a downstream spec.

mod catalog {
    oneentry_client::api!(spec = "../specs/endpoint_constructs.json", client = trait CatalogApi);
}

use std::future::IntoFuture;

use catalog::{CatalogApi, Product, Sort};
use oneentry_client::endpoint::{ArrayStyle, Location, Method};
use oneentry_client::{Client, Error, Secret};

fn answers<T>(_: &impl IntoFuture<Output = Result<T, Error>>) {}

/// What a mock server's handler gets: optional parameters as `Option`, arrays as `Vec`,
/// headers typed like the client's arguments.
fn read(req: catalog::catalog::ops::GetProductsByIdsRequest) -> (Vec<i64>, Option<Vec<String>>, Option<Sort>, Secret, Option<String>) {
    (req.ids, req.tags, req.sort, req.x_api_key, req.x_request_id)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");

    // Arrays from any iterator; optional parameters are setters.
    let ids = vec![1_i64, 2];
    let list: catalog::catalog::GetProductsByIds<'_> = client
        .catalog()
        .get_products_by_ids(ids.iter().copied(), Secret::from("key"))
        .tags(["green", "black"])
        .sort(Sort::Asc)
        .x_request_id("req-1");
    answers::<Vec<Product>>(&list);
    let _minimal = client.catalog().get_products_by_ids([3], "key");

    answers::<Product>(&client.catalog().rename_product(7, "Green tea"));
    // HEAD answers nothing but its status.
    answers::<()>(&client.catalog().product_exists(7));

    let endpoint = &catalog::catalog::GET_PRODUCTS_BY_IDS;
    assert_eq!(endpoint.param("ids").and_then(|p| p.array), Some(ArrayStyle::Comma));
    assert_eq!(endpoint.param("tags").and_then(|p| p.array), Some(ArrayStyle::Repeat));
    assert_eq!(endpoint.param("X-Api-Key").map(|p| p.location), Some(Location::Header));
    assert_eq!(catalog::catalog::RENAME_PRODUCT.method, Method::Patch);
    assert_eq!(catalog::catalog::PRODUCT_EXISTS.method, Method::Head);

    let _ = read;
    let _: fn(catalog::catalog::ops::ProductExistsRequest) -> i64 = |req| req.id;
    const _: () = {
        fn head_answers_unit<Op: oneentry_client::mock::Operation<Response = ()>>() {}
        let _ = head_answers_unit::<catalog::catalog::ops::ProductExists>;
    };

    // A header value that cannot be sent fails before any connection is tried.
    let result = client.catalog().get_products_by_ids([1], "line\nbreak").await;
    assert!(
        matches!(result, Err(Error::Encode { endpoint: "Catalog.getProductsByIds", .. })),
        "{result:?}"
    );
}
