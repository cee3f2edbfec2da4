//! `optional` (left out unless set) and `default` (always sent) together: one error at
//! `optional`; the parameter keeps its default, so the setter below adds nothing.

mod shop {
    oneentry_client::api!(spec = "../specs/optional_with_default.json", client = trait ShopApi);
}

use shop::ShopApi;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("client");
    let _items = client.shop().get_items().limit(10);
}
