//! A downstream crate pointing the macro at its own spec gets its own typed endpoints.

mod shop {
    oneentry_client::api!(spec = "../specs/shop.json", client = trait ShopApi);
}

use oneentry_client::{Client, Error, Numeric, OneOrMany};
use shop::{Item, ItemKind, NewItem, ShopApi};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");

    let _get: shop::catalog::GetItem<'_> = client.catalog().get_item(42);
    let added: Result<OneOrMany<Item>, Error> = client.catalog().add_item(NewItem::new("Mug")).await;
    assert!(matches!(added, Err(Error::NotSignedIn { endpoint: "Catalog.addItem" })));

    let item = Item::new(1, "Mug", Numeric::from(12.5));
    assert_eq!(item.kind, None::<ItemKind>);
    assert!(item.tags.is_none() && item.extra.is_empty());
}
