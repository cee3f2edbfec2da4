//! A spec's generated operations and the mock server: typed handler, typed recorded requests.

mod shop {
    oneentry_client::api!(spec = "../specs/shop.json", client = trait ShopApi);
}

use oneentry_client::Client;
use oneentry_client::mock::MockServer;
use shop::catalog::ops::{GetItem, GetItemRequest};
use shop::{Item, ShopApi};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mock = MockServer::start(shop::ENDPOINTS).await.expect("mock server");
    mock.on(GetItem, |req: GetItemRequest| async move {
        Ok(Item::new(req.id, "Mug", 12.into()))
    });
    let client = Client::builder(mock.url()).build().expect("client");
    let item = client.catalog().get_item(42).await.expect("answer");
    assert_eq!((item.id, item.title.as_str()), (42, "Mug"));
    assert_eq!(mock.received::<GetItem>(), [GetItemRequest { id: 42 }]);
}
