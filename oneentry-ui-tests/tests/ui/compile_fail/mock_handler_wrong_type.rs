// A mock handler must take its operation's request and answer its response type.
mod shop {
    oneentry_client::api!(spec = "../specs/shop.json", client = trait ShopApi);
}

use oneentry_client::mock::MockServer;
use shop::catalog::ops;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mock = MockServer::start(shop::ENDPOINTS).await.unwrap();
    // The request of another endpoint.
    mock.on(ops::GetItem, |req: ops::AddItemRequest| async move {
        Ok(shop::Item::new(1, req.body.title, 1.into()))
    });
    // The answer of another endpoint.
    mock.on(ops::GetItem, |req| async move { Ok(shop::NewItem::new(req.id.to_string())) });
}
