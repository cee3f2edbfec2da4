//! What goes on the wire for the endpoint-side constructs of the spec format, on a loopback
//! server that records each raw request: optional parameters left out unless set, array query
//! parameters in both styles, header parameters (secret ones included), `PATCH` and `HEAD`.

mod support;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oneentry_client::{Client, Error, Secret};
use serde_json::json;
use support::loopback;

mod catalog_api {
    oneentry_client::api!(spec = "tests/specs/catalog.json", client = trait CatalogApi);
}

use catalog_api::{CatalogApi, ProductPatch, Sort};

/// One request as the server got it.
#[derive(Clone, Debug)]
struct Seen {
    method: Method,
    /// Path and query, exactly as sent.
    target: String,
    headers: HeaderMap,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Header names in the order they arrived.
    fn header_names(&self) -> Vec<&str> {
        self.headers.keys().map(|name| name.as_str()).collect()
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

async fn record(
    State(log): State<Log>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let target = uri
        .path_and_query()
        .map(ToString::to_string)
        .unwrap_or_default();
    let seen = Seen {
        method: method.clone(),
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    };
    let path = uri.path().to_owned();
    if let Ok(mut log) = log.lock() {
        log.push(seen);
    }
    match (method, path.as_str()) {
        (Method::GET, "/api/catalog/products/ids") => {
            axum::Json(json!([{"id": 1, "title": "Tea"}, {"id": 2, "title": "Cup"}]))
                .into_response()
        }
        (Method::PATCH, "/api/catalog/products/7") => {
            axum::Json(json!({"id": 7, "title": "Green tea"})).into_response()
        }
        // A HEAD answer says how long the body would be, and has none.
        (Method::HEAD, "/api/catalog/products/7") => {
            ([("content-length", "27")], StatusCode::OK).into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            axum::Json(json!({"statusCode": 404, "message": "Not Found"})),
        )
            .into_response(),
    }
}

async fn start() -> (Client, Log) {
    let log = Log::default();
    let app = Router::new().fallback(record).with_state(Arc::clone(&log));
    let url = loopback::serve(app).await;
    let client = Client::builder(url)
        .app_token("app-token")
        .session_tokens(
            Some(Secret::from("access-1")),
            Some(Secret::from("refresh-1")),
        )
        .build()
        .expect("client");
    (client, log)
}

fn taken(log: &Log) -> Vec<Seen> {
    std::mem::take(&mut *log.lock().expect("log"))
}

#[tokio::test]
async fn array_and_optional_query_parameters() {
    let (client, log) = start().await;
    let catalog = client.catalog();

    let products = catalog
        .get_products_by_ids([1, 2], "key-1")
        .await
        .expect("products");
    assert_eq!(products.len(), 2);
    assert_eq!(products[1].title, "Cup");
    // Unset optional parameters are not sent at all; the comma is not encoded.
    let seen = taken(&log);
    assert_eq!(
        seen[0].target,
        "/api/catalog/products/ids?ids=1,2&langCode=en_US"
    );

    catalog
        .get_products_by_ids(vec![3], "key-1")
        .tags(["green tea", "a,b"])
        .sort(Sort::Desc)
        .await
        .expect("products");
    let ids: &[i64] = &[];
    catalog
        .get_products_by_ids(ids.iter().copied(), "key-1")
        .tags(Vec::<String>::new())
        .await
        .expect("no ids");
    let seen = taken(&log);
    assert_eq!(
        seen[0].target,
        "/api/catalog/products/ids?ids=3&tags=green%20tea&tags=a%2Cb&sort=desc&langCode=en_US"
    );
    // An empty array is left out in either style.
    assert_eq!(seen[1].target, "/api/catalog/products/ids?langCode=en_US");
}

#[tokio::test]
async fn header_parameters_follow_the_clients_headers() {
    let (client, log) = start().await;
    let request = client
        .catalog()
        .get_products_by_ids([1], "key-1")
        .x_request_id("req-42");
    let debug = format!("{request:?}");
    assert!(!debug.contains("key-1"), "{debug}");
    request.await.expect("products");

    let seen = taken(&log);
    let get = &seen[0];
    assert_eq!(get.method, Method::GET);
    assert_eq!(get.header("x-api-key"), Some("key-1"));
    assert_eq!(get.header("x-request-id"), Some("req-42"));
    assert_eq!(
        get.header("x-device-metadata"),
        None,
        "a GET carries no device"
    );
    let names = get.header_names();
    let at = |name: &str| names.iter().position(|n| *n == name).expect(name);
    assert!(at("content-type") < at("x-app-token"));
    assert!(at("x-app-token") < at("authorization"));
    assert!(at("authorization") < at("x-request-id"));
    assert!(at("authorization") < at("x-api-key"));

    // Unset, the optional header is not sent.
    client
        .catalog()
        .get_products_by_ids([1], "key-1")
        .await
        .expect("products");
    assert_eq!(taken(&log)[0].header("x-request-id"), None);
}

#[tokio::test]
async fn a_header_value_that_cannot_be_sent_fails_before_any_request() {
    let (client, log) = start().await;
    let err = client
        .catalog()
        .get_products_by_ids([1], "key\r\nx-injected: 1")
        .await
        .expect_err("a line break in a header");
    let text = err.to_string();
    assert!(
        matches!(
            err,
            Error::Encode {
                endpoint: "Catalog.getProductsByIds",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        text.contains("`X-Api-Key`") && !text.contains("injected"),
        "{text}"
    );
    let err = client
        .catalog()
        .get_products_by_ids([1], "key-1")
        .x_request_id("\u{7}")
        .await
        .expect_err("a control character");
    assert!(err.to_string().contains("`x-request-id`"), "{err}");
    assert!(taken(&log).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn patch_sends_its_body_like_put_and_no_device() {
    let (client, log) = start().await;
    let product = client
        .catalog()
        .update_product(7, ProductPatch::new("Green tea".to_owned()))
        .x_request_id("req-1")
        .await
        .expect("patched");
    assert_eq!(product.title, "Green tea");
    client
        .catalog()
        .update_product(7, ProductPatch::new("Green tea".to_owned()))
        .note("restocked")
        .await
        .expect("patched");

    let seen = taken(&log);
    assert_eq!(seen[0].method, Method::PATCH);
    assert_eq!(seen[0].target, "/api/catalog/products/7");
    assert_eq!(seen[0].body, r#"{"title":"Green tea"}"#);
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[0].header("authorization"), Some("Bearer access-1"));
    assert_eq!(seen[0].header("x-request-id"), Some("req-1"));
    assert_eq!(seen[0].header("x-device-metadata"), None);
    assert_eq!(seen[1].body, r#"{"title":"Green tea","note":"restocked"}"#);
}

#[tokio::test]
async fn head_returns_unit_and_reports_statuses() {
    let (client, log) = start().await;
    let exists: () = client.catalog().product_exists(7).await.expect("exists");
    assert_eq!(exists, ());
    let err = client
        .catalog()
        .product_exists(8)
        .await
        .expect_err("missing");
    assert_eq!(err.status(), Some(404), "{err:?}");

    let seen = taken(&log);
    assert_eq!(seen[0].method, Method::HEAD);
    assert_eq!(seen[0].target, "/api/catalog/products/7");
    assert_eq!(seen[0].body, "");
    assert_eq!(seen[0].header("x-device-metadata"), None);
    assert_eq!(seen[0].header("content-length"), None);
}
