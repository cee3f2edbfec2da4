// A misspelled built-in type is one error at the spec, with the closest built-in name; the
// field falls back to free JSON, so this caller adds no errors of its own.
mod receipts {
    oneentry_client::api!(spec = "../specs/unknown_builtin.json");
}

use receipts::ApiExt;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().unwrap();
    let _ = client.receipts().get();
    let _ = receipts::Receipt::new(oneentry_client::JsonValue::Null);
}
