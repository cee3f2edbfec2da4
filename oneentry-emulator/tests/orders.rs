//! Creating, reading and listing orders, and every way to get it wrong.

mod common;

use common::{Api, ORDERS, assert_error, order_body};
use oneentry_client::api::OrdersPage;
use serde_json::{Value, json};

#[tokio::test]
async fn create_order_errors() {
    let api = Api::start().await;
    let (access, _) = api.login().await;
    let token = Some(access.as_str());
    let one = json!([{ "productId": 15, "quantity": 1 }]);

    assert_error(
        api.post(ORDERS, None, order_body(one.clone())).await,
        401,
        "unauthorized",
    );
    assert_error(
        api.post(
            "/api/content/orders-storage/marker/shop/orders",
            token,
            order_body(one.clone()),
        )
        .await,
        404,
        "order storage `shop` not found",
    );
    let mut wrong_form = order_body(one.clone());
    wrong_form["formIdentifier"] = json!("signup");
    assert_error(
        api.post(ORDERS, token, wrong_form).await,
        400,
        "formIdentifier `signup`",
    );
    let mut wrong_account = order_body(one.clone());
    wrong_account["paymentAccountIdentifier"] = json!("paypal");
    assert_error(
        api.post(ORDERS, token, wrong_account).await,
        400,
        "paymentAccountIdentifier `paypal`",
    );
    assert_error(
        api.post(ORDERS, token, order_body(json!([]))).await,
        400,
        "products is empty",
    );
    assert_error(
        api.post(
            ORDERS,
            token,
            order_body(json!([{ "productId": 99, "quantity": 1 }])),
        )
        .await,
        400,
        "product 99 does not exist",
    );
    assert_error(
        api.post(
            ORDERS,
            token,
            order_body(
                json!([{ "productId": 15, "quantity": 1 }, { "productId": 1, "quantity": 0 }]),
            ),
        )
        .await,
        400,
        "products[1].quantity must be at least 1",
    );
    assert_error(
        api.post(
            ORDERS,
            token,
            order_body(json!([{ "productId": 15, "quantity": -2 }])),
        )
        .await,
        400,
        "quantity",
    );
    let mut no_form_data = order_body(one.clone());
    no_form_data["formData"] = json!({ "en_US": [null] });
    assert_error(
        api.post(ORDERS, token, no_form_data).await,
        400,
        "expected struct FormField",
    );
    let mut coupon = order_body(one.clone());
    coupon["couponCode"] = json!("SALE");
    assert_error(api.post(ORDERS, token, coupon).await, 400, "coupon `SALE`");
    // Nothing was stored by the failed attempts: the next order is number 1.
    assert_eq!(api.create_order(&access, 15, 1).await["id"], 1);
}

#[tokio::test]
async fn totals_add_price_times_quantity() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    let body = order_body(json!([
        { "productId": 1, "quantity": 2 },
        { "productId": 14, "quantity": 1 },
        { "productId": 15, "quantity": 3 },
    ]));
    let (status, order) = api.post(ORDERS, Some(&token), body).await;
    assert_eq!(status, 201, "{order}");
    assert_eq!(order["totalSum"], json!(1740));
    let (_, stored) = api.get(&format!("{ORDERS}/1"), Some(&token)).await;
    assert_eq!(stored["totalSum"], "1740.00");
    let prices: Vec<&Value> = stored["products"]
        .as_array()
        .expect("products")
        .iter()
        .map(|line| &line["price"])
        .collect();
    assert_eq!(prices, [&json!(100), &json!(340), &json!(400)]);
    // A plain (not language-keyed) formData is accepted too.
    let mut plain = order_body(json!([{ "productId": 1, "quantity": 1 }]));
    plain["formData"] = json!([{ "type": "string", "marker": "name", "value": "X" }]);
    assert_eq!(api.post(ORDERS, Some(&token), plain).await.0, 201);
}

#[tokio::test]
async fn orders_are_private_to_their_user() {
    let api = Api::two_users().await;
    let (a, _) = api.login_as("a@example.com", "pw-a").await;
    let (b, _) = api.login_as("b@example.com", "pw-b").await;
    api.create_order(&a, 15, 1).await;

    assert_eq!(api.get(&format!("{ORDERS}/1"), Some(&a)).await.0, 200);
    assert_error(
        api.get(&format!("{ORDERS}/1"), Some(&b)).await,
        404,
        "order 1 not found",
    );
    assert_error(
        api.get(&format!("{ORDERS}/2"), Some(&a)).await,
        404,
        "order 2 not found",
    );
    assert_error(
        api.get(&format!("{ORDERS}/abc"), Some(&a)).await,
        400,
        "path parameter `id` is not valid",
    );
    assert_error(
        api.get("/api/content/orders-storage/marker/shop/orders/1", Some(&a))
            .await,
        404,
        "storage `shop`",
    );
    let (status, page) = api.get(ORDERS, Some(&b)).await;
    assert_eq!((status, page), (200, json!({ "total": 0, "items": [] })));
}

#[tokio::test]
async fn read_back_uses_the_requested_language() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    api.create_order(&token, 14, 1).await;
    let (status, stored) = api
        .get(&format!("{ORDERS}/1?langCode=fr_FR"), Some(&token))
        .await;
    assert_eq!(status, 200, "{stored}");
    assert_eq!(stored["totalSum"], "340.00");
    assert!(stored["formData"]["fr_FR"].is_array(), "{stored}");
    assert_eq!(stored["statusLocalizeInfos"]["fr_FR"]["title"], "Upcoming");
    assert_eq!(
        stored["paymentUrl"],
        json!(null),
        "present and null, as clients expect"
    );
}

#[tokio::test]
async fn listing_pages_through_the_users_orders() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    for product in [1, 14, 15] {
        api.create_order(&token, product, 1).await;
    }
    let page = |query: &'static str| {
        let api = &api;
        let token = token.clone();
        async move { api.get(&format!("{ORDERS}{query}"), Some(&token)).await }
    };
    let ids = |body: &Value| -> Vec<i64> {
        body["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|item| item["id"].as_i64().expect("id"))
            .collect()
    };

    let (status, all) = page("").await;
    assert_eq!(status, 200, "{all}");
    assert_eq!((all["total"].clone(), ids(&all)), (json!(3), vec![1, 2, 3]));
    let typed: OrdersPage = serde_json::from_value(all.clone()).expect("decodes as OrdersPage");
    assert_eq!(typed.items[2].total_sum.as_text(), Some("400.00"));

    let (_, first) = page("?langCode=en_US&limit=2&offset=0").await;
    assert_eq!(
        (first["total"].clone(), ids(&first)),
        (json!(3), vec![1, 2])
    );
    let (_, second) = page("?langCode=en_US&limit=2&offset=2").await;
    assert_eq!((second["total"].clone(), ids(&second)), (json!(3), vec![3]));
    let (_, beyond) = page("?limit=2&offset=5").await;
    assert_eq!((beyond["total"].clone(), ids(&beyond)), (json!(3), vec![]));
    let (_, none) = page("?limit=0").await;
    assert_eq!(ids(&none), Vec::<i64>::new());

    assert_error(
        page("?limit=abc").await,
        400,
        "query parameter `limit` is not valid",
    );
    assert_error(
        page("?offset=-1").await,
        400,
        "offset must be a non-negative integer",
    );
    assert_error(page("?limit=1.5").await, 400, "limit");
    assert_error(
        api.get(
            "/api/content/orders-storage/marker/shop/orders",
            Some(&token),
        )
        .await,
        404,
        "storage `shop`",
    );
}

#[tokio::test]
async fn a_malformed_body_names_the_json_path() {
    let api = Api::start().await;
    let (token, _) = api.login().await;
    let body = order_body(json!([{ "productId": 15, "quantity": "1" }]));
    assert_error(
        api.post(ORDERS, Some(&token), body).await,
        400,
        "at `products[0].quantity`",
    );
}
