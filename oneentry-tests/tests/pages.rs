//! Walking every page of a list against the emulator.

mod common;

#[tokio::test]
async fn pages_walk_a_storage_of_orders() {
    let (emulator, client) = common::signed_in().await;
    let mut ids = Vec::new();
    for _ in 0..7 {
        ids.push(common::create_order(&client).await.id);
    }
    emulator.clear_requests();

    let mut pages = client
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(3)
        .pages();
    let mut sizes = Vec::new();
    let mut seen = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.expect("a page");
        sizes.push(page.len());
        seen.extend(page.iter().map(|order| order.id));
    }
    assert_eq!(sizes, [3, 3, 1]);
    assert_eq!(seen, ids);

    let queries: Vec<String> = emulator
        .requests()
        .iter()
        .filter_map(|r| r.query.clone())
        .collect();
    assert_eq!(
        queries,
        [
            "langCode=en_US&limit=3&offset=0",
            "langCode=en_US&limit=3&offset=3",
            "langCode=en_US&limit=3&offset=6",
        ],
        "the total of 7 ends the walk without asking for an empty page"
    );

    let rest = client
        .orders()
        .get_all_orders_by_marker("orders")
        .offset(5)
        .pages()
        .all()
        .await
        .expect("all");
    assert_eq!(rest.iter().map(|o| o.id).collect::<Vec<_>>(), ids[5..]);
}

#[tokio::test]
async fn pages_of_sessions_collect_everything() {
    let (_emulator, client) = common::signed_in().await;
    let order = common::create_order(&client).await;
    for _ in 0..4 {
        client
            .payments()
            .create_session(order.id)
            .await
            .expect("session");
    }
    let all = client
        .payments()
        .get_sessions()
        .limit(2)
        .pages()
        .all()
        .await
        .expect("all");
    assert_eq!(all.len(), 4);
}

/// Pages and items as `futures` streams, driven by `TryStreamExt`.
#[tokio::test]
async fn pages_and_items_are_streams() {
    use futures_util::TryStreamExt;
    let (_emulator, client) = common::signed_in().await;
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(common::create_order(&client).await.id);
    }
    let sizes: Vec<usize> = client
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(2)
        .pages()
        .into_stream()
        .map_ok(|page| page.len())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(sizes, [2, 2, 1]);

    let mut items = client
        .orders()
        .get_all_orders_by_marker("orders")
        .limit(2)
        .pages()
        .items();
    let mut seen = Vec::new();
    while let Some(order) = items.try_next().await.expect("an item") {
        seen.push(order.id);
    }
    assert_eq!(seen, ids);
}
