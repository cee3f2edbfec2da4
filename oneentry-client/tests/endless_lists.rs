//! Lists that never end: a server that ignores `offset`, and one that invents a new page
//! for every offset. The walk must stop by itself, after a bounded number of requests.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use support::loopback;

use axum::Router;
use axum::extract::{Query, State};
use axum::routing::get;
use futures_util::TryStreamExt;
use oneentry_client::{Client, Error};
use serde_json::json;

#[derive(serde::Deserialize)]
struct Window {
    offset: u64,
    limit: u64,
}

/// Serves `/api/content/users-auth-providers`, counting requests; `honest` decides whether
/// the page follows the offset (an endless list) or always starts at 0 (offset ignored).
async fn endless(honest: bool) -> (Client, Arc<AtomicU64>) {
    let asked = Arc::new(AtomicU64::new(0));
    let app = Router::new()
        .route(
            "/api/content/users-auth-providers",
            get(move |State(asked): State<Arc<AtomicU64>>, Query(window): Query<Window>| async move {
                asked.fetch_add(1, Ordering::SeqCst);
                let start = if honest { window.offset } else { 0 };
                let page: Vec<_> = (start..start + window.limit)
                    .map(|id| {
                        json!({"id": id, "identifier": format!("p{id}"), "type": "email", "formIdentifier": null, "isActive": true, "isCheckCode": false})
                    })
                    .collect();
                axum::Json(page)
            }),
        )
        .with_state(Arc::clone(&asked));
    let client = Client::builder(loopback::serve(app).await)
        .build()
        .expect("config");
    (client, asked)
}

#[tokio::test]
async fn a_server_ignoring_offset_is_caught_at_the_second_page() {
    let (client, asked) = endless(false).await;
    let err = client
        .auth_provider()
        .get_auth_providers()
        .pages()
        .all()
        .await
        .expect_err("the list never advances");
    assert!(matches!(err, Error::Paging { .. }), "{err:?}");
    assert!(
        err.to_string().contains("repeats the previous page"),
        "{err}"
    );
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn an_endless_list_stops_at_the_page_limit() {
    let (client, asked) = endless(true).await;
    let mut items = client
        .auth_provider()
        .get_auth_providers()
        .limit(5)
        .pages()
        .max_pages(40)
        .items();
    let mut read = 0;
    let err = loop {
        match items.try_next().await {
            Ok(Some(_)) => read += 1,
            Ok(None) => panic!("an endless list ended"),
            Err(err) => break err,
        }
    };
    assert_eq!(read, 200);
    assert!(err.to_string().contains("more than 40 pages"), "{err}");
    assert_eq!(asked.load(Ordering::SeqCst), 40);
}
