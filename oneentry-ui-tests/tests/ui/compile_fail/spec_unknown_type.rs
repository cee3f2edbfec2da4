// The misspelled response type is the only error: the endpoint is still generated
// (answering free JSON), so this caller adds no errors of its own.
mod shop {
    oneentry_client::api!(spec = "../specs/unknown_type.json");
}

use shop::ApiExt;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().unwrap();
    let _ = client.shop().get_item(1);
    let _ = shop::Item::new(1);
}
