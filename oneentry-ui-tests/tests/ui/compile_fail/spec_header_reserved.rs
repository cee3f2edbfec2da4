//! A header parameter the client sets itself: one error at its key; the endpoint is still
//! generated as the spec says, so the call below adds nothing.

mod shop {
    oneentry_client::api!(spec = "../specs/header_reserved.json", client = trait ShopApi);
}

use shop::ShopApi;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("client");
    let _items = client.shop().get_items("token", [1, 2]);
}
