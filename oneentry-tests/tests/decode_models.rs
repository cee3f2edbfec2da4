//! How the generated models decode: unknown keys kept in `extra` in arrival order,
//! duplicate and missing keys, nulls, localized fields, and the JSON path of a failure
//! (through a real call, so the client's error path is the one under test).

use oneentry_client::api::{PaymentSession, SessionStatus, StoredOrder};
use oneentry_client::{Client, Error, JsonValue, localized};
use serde_json::json;

fn session_json() -> JsonValue {
    json!({
        "id": 7, "createdDate": "d1", "updatedDate": "d2", "type": "session",
        "status": "waiting", "paymentAccountId": 3, "orderId": 11, "paymentUrl": null
    })
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    localized::with_language("en_US", || serde_json::from_str(text))
}

fn with(mut base: JsonValue, key: &str, value: JsonValue) -> String {
    if let Some(map) = base.as_object_mut() {
        map.insert(key.to_owned(), value);
    }
    base.to_string()
}

fn without(mut base: JsonValue, key: &str) -> String {
    if let Some(map) = base.as_object_mut() {
        map.remove(key);
    }
    base.to_string()
}

#[test]
fn unknown_keys_are_kept_in_arrival_order() {
    let text = r#"{"zeta":1,"id":7,"createdDate":"d1","alpha":{"deep":[1,"x",null]},
        "updatedDate":"d2","type":"session","status":"waiting","paymentAccountId":3,
        "orderId":11,"paymentUrl":"https://pay","mid":true}"#;
    let session: PaymentSession = decode(text).expect("decodes");
    assert_eq!(session.id, 7);
    assert_eq!(session.payment_url.as_deref(), Some("https://pay"));
    let keys: Vec<&str> = session.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
    assert_eq!(session.extra["alpha"], json!({"deep": [1, "x", null]}));
    // And they go back out on the wire.
    let back = serde_json::to_value(&session).expect("encodes");
    assert_eq!(back["zeta"], json!(1));
    assert_eq!(back["mid"], json!(true));
}

#[test]
fn a_duplicate_known_key_is_an_error_and_a_duplicate_unknown_key_keeps_the_last() {
    let text = r#"{"id":7,"id":8,"createdDate":"d1","updatedDate":"d2","type":"session",
        "status":"waiting","paymentAccountId":3,"orderId":11,"paymentUrl":null}"#;
    let err = decode::<PaymentSession>(text).expect_err("duplicate id");
    assert!(err.to_string().contains("duplicate field `id`"), "{err}");

    let text = with(session_json(), "x", json!(1)).replace(r#""x":1"#, r#""x":1,"y":0,"x":2"#);
    let session: PaymentSession = decode(&text).expect("decodes");
    assert_eq!(session.extra["x"], json!(2));
    let keys: Vec<&str> = session.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["x", "y"]);
}

#[test]
fn missing_keys_follow_optional_and_nullable() {
    // Required: an error naming the wire name.
    let err = decode::<PaymentSession>(&without(session_json(), "orderId")).expect_err("missing");
    assert!(err.to_string().contains("missing field `orderId`"), "{err}");
    // Nullable but not optional (paymentUrl), optional (clientSecret), both (amount): None.
    let session: PaymentSession = decode(&without(session_json(), "paymentUrl")).expect("absent");
    assert_eq!(session.payment_url, None);
    assert_eq!(session.client_secret.map(|s| s.expose().to_owned()), None);
    assert_eq!(session.amount, None);
    // A localized field that is not optional must be there.
    let err = decode::<StoredOrder>(&without(stored_order(), "formData")).expect_err("missing");
    assert!(
        err.to_string().contains("missing field `formData`"),
        "{err}"
    );
}

#[test]
fn nulls_are_none_where_allowed_and_errors_elsewhere() {
    let session: PaymentSession =
        decode(&with(session_json(), "amount", JsonValue::Null)).expect("null amount");
    assert_eq!(session.amount, None);
    let session: PaymentSession =
        decode(&with(session_json(), "clientSecret", JsonValue::Null)).expect("null secret");
    assert!(session.client_secret.is_none());
    let err = decode::<PaymentSession>(&with(session_json(), "id", JsonValue::Null))
        .expect_err("null id");
    assert!(err.to_string().contains("invalid type: null"), "{err}");
    let order: StoredOrder = decode(&with(
        stored_order(),
        "statusLocalizeInfos",
        JsonValue::Null,
    ))
    .expect("null");
    assert_eq!(order.status_localize_infos, None);
    let err = decode::<StoredOrder>(&with(stored_order(), "formData", JsonValue::Null))
        .expect_err("null form data");
    assert!(err.to_string().contains("invalid type: null"), "{err}");
}

#[test]
fn not_an_object_is_an_error() {
    for text in ["[]", "1", r#""x""#, "null"] {
        let err = decode::<PaymentSession>(text).expect_err(text);
        assert!(err.to_string().contains("invalid type"), "{text}: {err}");
    }
    assert!(decode::<SessionStatus>(r#""paid""#).is_ok());
}

fn stored_order() -> JsonValue {
    json!({
        "id": 1, "storageId": 1, "createdDate": "d", "statusIdentifier": "upcoming",
        "statusLocalizeInfos": { "en_US": { "title": "Upcoming" } },
        "formData": { "en_US": [ { "type": "string", "marker": "name", "value": "C" } ] },
        "totalSum": "400.00", "currency": "USD", "paymentUrl": null,
        "products": [ { "id": 15, "quantity": 1, "price": 400 } ]
    })
}

#[test]
fn localized_fields_plain_keyed_and_in_any_order() {
    let order: StoredOrder = decode(&stored_order().to_string()).expect("keyed");
    assert_eq!(order.form_data[0].marker, "name");
    assert_eq!(
        order.status_localize_infos.and_then(|i| i.title).as_deref(),
        Some("Upcoming")
    );
    // Plain (already picked) values.
    let plain = with(
        stored_order(),
        "formData",
        json!([{ "type": "string", "marker": "plain", "value": 1 }]),
    );
    let plain = serde_json::from_str::<JsonValue>(&plain).expect("json");
    let plain = with(plain, "statusLocalizeInfos", json!({ "title": "Plain" }));
    let order: StoredOrder = decode(&plain).expect("plain");
    assert_eq!(order.form_data[0].marker, "plain");
    assert_eq!(
        order.status_localize_infos.and_then(|i| i.title).as_deref(),
        Some("Plain")
    );
    // The ambient language first wherever it stands; else the only entry; else en_US.
    let many = with(
        stored_order(),
        "formData",
        json!({
            "de_DE": [{ "type": "string", "marker": "de", "value": 1 }],
            "fr_FR": [{ "type": "string", "marker": "fr", "value": 1 }],
            "en_US": [{ "type": "string", "marker": "en", "value": 1 }]
        }),
    );
    let fr: StoredOrder =
        localized::with_language("fr_FR", || serde_json::from_str(&many)).expect("fr");
    assert_eq!(fr.form_data[0].marker, "fr");
    let it: StoredOrder =
        localized::with_language("it_IT", || serde_json::from_str(&many)).expect("en_US");
    assert_eq!(it.form_data[0].marker, "en");
    let only = with(
        stored_order(),
        "formData",
        json!({ "de_DE": [{ "type": "string", "marker": "de", "value": 1 }] }),
    );
    let it: StoredOrder =
        localized::with_language("it_IT", || serde_json::from_str(&only)).expect("only");
    assert_eq!(it.form_data[0].marker, "de");
    // A null entry of an optional localized field is None.
    let null_entry = with(
        stored_order(),
        "statusLocalizeInfos",
        json!({ "en_US": null }),
    );
    let order: StoredOrder = decode(&null_entry).expect("null entry");
    assert_eq!(order.status_localize_infos, None);
    // From a `Value` too, as the emulator's tests and callers do.
    let order: StoredOrder =
        localized::with_language("en_US", || serde_json::from_value(stored_order()))
            .expect("from a value");
    assert_eq!(order.form_data.len(), 1);
}

/// A loopback server answering `getSessionByOrderId` and `getAllOrdersByMarker` with a body.
async fn serve(body: JsonValue) -> (String, tokio::task::JoinHandle<()>) {
    use axum::routing::get;
    let order_body = body.clone();
    let app = axum::Router::new()
        .route(
            "/api/content/payments/sessions/order/{id}",
            get(move || {
                let body = body.clone();
                async move { axum::Json(body) }
            }),
        )
        .route(
            "/api/content/orders-storage/marker/{marker}/orders",
            get(move || {
                let body = order_body.clone();
                async move { axum::Json(body) }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), server)
}

fn decode_path(result: Result<impl std::fmt::Debug, Error>) -> (String, String) {
    match result {
        Err(Error::Decode { path, message, .. }) => (path, message),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_failed_decode_names_the_path_inside_objects_lists_and_localized_fields() {
    let mut bad_session = session_json();
    bad_session["paymentAccountId"] = json!("three");
    let mut bad_order = stored_order();
    bad_order["formData"]["en_US"][0]["type"] = json!(5);
    let mut bad_line = stored_order();
    bad_line["products"][0]["quantity"] = json!("one");
    let cases = [
        (json!([session_json(), bad_session]), "[1].paymentAccountId"),
        (
            json!({ "total": 2, "items": [stored_order(), bad_line] }),
            "items[1].products[0].quantity",
        ),
    ];
    for (body, want) in cases {
        let (base, server) = serve(body).await;
        let client = Client::builder(base).build().expect("config");
        client.session().set_tokens(Some("access".into()), None);
        let (path, message) = if want.starts_with("items") {
            decode_path(client.orders().get_all_orders_by_marker("orders").await)
        } else {
            decode_path(client.payments().get_session_by_order_id(1).await)
        };
        assert_eq!(path, want, "{message}");
        assert!(message.contains("invalid type"), "{message}");
        server.abort();
    }
    // Inside a localized field the path reaches the value.
    let (base, server) = serve(json!({ "total": 1, "items": [bad_order] })).await;
    let client = Client::builder(base).build().expect("config");
    client.session().set_tokens(Some("access".into()), None);
    let (path, message) = decode_path(client.orders().get_all_orders_by_marker("orders").await);
    assert!(path.starts_with("items[0].formData"), "{path}: {message}");
    assert!(
        format!("{path} {message}").contains("[0].type"),
        "{path}: {message}"
    );
    server.abort();
}
