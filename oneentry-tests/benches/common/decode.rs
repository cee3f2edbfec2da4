//! Decoding: the generated models (unknown keys kept, localized fields resolved) against
//! `serde_json::from_slice` into plain derived structs of the same shape, without `extra`:
//! a localized field is a struct with one `en_US` field, an enum a derived enum, and the
//! leaf types (`Numeric`, `Secret`, `JsonValue`) the same on both sides.

use std::hint::black_box;
use std::time::{Duration, Instant};

use oneentry_client::api::{OrdersPage, PaymentSession};
use oneentry_client::{JsonValue, Numeric, Secret, localized};
use serde::Deserialize;
use serde_json::json;

use super::table::{Goal, Row, quantile};

#[derive(Deserialize)]
struct ByLanguage<T> {
    #[serde(rename = "en_US")]
    en_us: T,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainPage {
    total: i64,
    items: Vec<PlainOrder>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainInfo {
    title: Option<String>,
    plain_value: Option<String>,
    html_value: Option<String>,
    html_content: Option<String>,
    menu_title: Option<String>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
struct PlainField {
    r#type: String,
    marker: String,
    value: JsonValue,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainPicture {
    filename: Option<String>,
    download_link: Option<String>,
    preview_link: Option<String>,
    size: Option<i64>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainLine {
    id: i64,
    quantity: i64,
    title: Option<String>,
    sku: Option<String>,
    preview_image: Option<PlainPicture>,
    price: Option<Numeric>,
    is_gift: Option<bool>,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainOrder {
    id: i64,
    storage_id: i64,
    created_date: String,
    status_identifier: Option<String>,
    status_localize_infos: Option<ByLanguage<PlainInfo>>,
    form_identifier: Option<String>,
    form_data: ByLanguage<Vec<PlainField>>,
    attribute_set_identifier: Option<String>,
    total_sum: Numeric,
    currency: String,
    payment_account_identifier: Option<String>,
    payment_account_localize_infos: Option<ByLanguage<PlainInfo>>,
    payment_url: Option<String>,
    products: Vec<PlainLine>,
    is_completed: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum PlainType {
    Session,
    Intent,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum PlainStatus {
    Waiting,
    Completed,
    #[serde(other)]
    Other,
}

#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlainSession {
    id: i64,
    created_date: String,
    updated_date: String,
    r#type: PlainType,
    status: PlainStatus,
    payment_account_id: i64,
    order_id: i64,
    payment_url: Option<String>,
    amount: Option<f64>,
    client_secret: Option<Secret>,
}

/// An order as the emulator answers it.
fn stored_order(id: usize) -> JsonValue {
    json!({
        "id": id, "storageId": 1, "createdDate": "2026-06-06T11:38:21.644Z",
        "statusIdentifier": "upcoming", "statusLocalizeInfos": { "en_US": { "title": "Upcoming" } },
        "formIdentifier": "order",
        "formData": { "en_US": [ { "type": "string", "marker": "name", "value": "Christina Thomas" } ] },
        "totalSum": "400.00", "currency": "USD", "paymentAccountIdentifier": "cash",
        "paymentUrl": null, "isCompleted": false,
        "products": [ { "id": 15, "quantity": 1, "title": "Leather backpack", "sku": null,
                        "previewImage": null, "price": 400, "isGift": false } ]
    })
}

/// The same with a key the spec does not name, which the models keep in `extra`.
pub fn order_with_unknown_key(id: usize) -> JsonValue {
    let mut order = stored_order(id);
    order["fulfillmentStatusIdentifier"] = json!("new");
    order
}

pub fn large_list(order: fn(usize) -> JsonValue) -> Vec<u8> {
    let items: Vec<JsonValue> = (1..=1000).map(order).collect();
    serde_json::to_vec(&json!({ "total": 1000, "items": items })).unwrap_or_default()
}

pub fn small_object() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": 7, "createdDate": "2026-06-06T11:38:21.644Z", "updatedDate": "2026-06-06T11:38:21.644Z",
        "type": "session", "status": "waiting", "paymentAccountId": 3, "orderId": 11,
        "paymentUrl": null, "amount": 400.0
    }))
    .unwrap_or_default()
}

/// Time of one decode, ours and the reference interleaved in many short rounds: the lower
/// quartile of each side, since a round can only be slowed down (the thread descheduled on
/// a busy machine, another process in the cache), never sped up, and the CPU-time clock
/// (`schedstat`) is too coarse for a decode of microseconds.
fn side_by_side<A, B>(
    rounds: usize,
    reps: u32,
    text: &[u8],
    ours: impl Fn(&[u8]) -> Option<A>,
    plain: impl Fn(&[u8]) -> Option<B>,
) -> (Duration, Duration) {
    let time = |decode: &dyn Fn(&[u8]) -> bool| {
        let start = Instant::now();
        for _ in 0..reps {
            assert!(decode(black_box(text)));
        }
        start.elapsed() / reps
    };
    let ours = |text: &[u8]| black_box(ours(text)).is_some();
    let plain = |text: &[u8]| black_box(plain(text)).is_some();
    // Warm both sides up (allocator, caches, the CPU's clock) before measuring.
    for _ in 0..3 {
        time(&ours);
        time(&plain);
    }
    let mut times = (Vec::new(), Vec::new());
    // Each side goes first in every other round, so neither always meets a warmer cache.
    for round in 0..rounds {
        if round % 2 == 0 {
            times.0.push(time(&ours));
            times.1.push(time(&plain));
        } else {
            times.1.push(time(&plain));
            times.0.push(time(&ours));
        }
    }
    (quantile(times.0, 0.25), quantile(times.1, 0.25))
}

/// What the client does with a 2xx body: decode straight from the bytes, with the
/// language of localized fields set.
fn ours<T: serde::de::DeserializeOwned>(text: &[u8]) -> Option<T> {
    localized::with_language("en_US", || serde_json::from_slice(text)).ok()
}

fn plain<T: serde::de::DeserializeOwned>(text: &[u8]) -> Option<T> {
    serde_json::from_slice(text).ok()
}

pub fn rows(rounds: usize) -> Vec<Row> {
    let list = large_list(stored_order);
    let (ours_list, plain_list) =
        side_by_side(rounds * 4, 1, &list, ours::<OrdersPage>, plain::<PlainPage>);
    let unknown = large_list(order_with_unknown_key);
    let (ours_unknown, plain_unknown) = side_by_side(
        rounds * 4,
        1,
        &unknown,
        ours::<OrdersPage>,
        plain::<PlainPage>,
    );
    let object = small_object();
    let (ours_one, plain_one) = side_by_side(
        rounds * 4,
        2_000,
        &object,
        ours::<PaymentSession>,
        plain::<PlainSession>,
    );
    vec![
        Row::mib_per_second(
            format!(
                "decode: 1,000 stored orders ({} KiB) vs serde_json::from_slice",
                list.len() / 1024
            ),
            list.len(),
            ours_list,
            plain_list,
            Goal::AtLeast(0.9),
        ),
        Row::mib_per_second(
            "decode: the same, one unknown key per order (kept vs skipped)",
            unknown.len(),
            ours_unknown,
            plain_unknown,
            Goal::None,
        ),
        Row::mib_per_second(
            format!(
                "decode: a payment session ({} bytes) vs serde_json::from_slice",
                object.len()
            ),
            object.len(),
            ours_one,
            plain_one,
            Goal::AtLeast(0.9),
        ),
    ]
}

/// `TABLE_PROFILE=decode` (or `decode-plain`) only decodes the large list, for a profiler.
pub fn profile(plain_side: bool) {
    let list = large_list(stored_order);
    for _ in 0..2000 {
        if plain_side {
            assert!(black_box(plain::<PlainPage>(black_box(&list))).is_some());
        } else {
            assert!(black_box(ours::<OrdersPage>(black_box(&list))).is_some());
        }
    }
}
