// A trailing comma and a missing comma: one error, the first. The items are still
// generated from what could be read, so the calls below add no errors of their own.
mod shop {
    oneentry_client::api!(spec = "../specs/invalid_json.json");
}

use shop::ApiExt;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().unwrap();
    let _ = client.shop().ping();
    let _ = client.shop().get_item(1);
    let _ = shop::Item::new(1);
}
