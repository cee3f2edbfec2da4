//! A downstream spec uses the built-in spec's types with `{"builtin": "Order"}`: they are
//! `oneentry_client::api::Order` itself, not a copy.

mod wishlists {
    oneentry_client::api!(spec = "../specs/builtin_types.json", client = trait WishlistsApi);
}

use oneentry_client::api::{Order, OrderProduct, OrderRequest};
use wishlists::{Wishlist, WishlistsApi};

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");
    let wishlist = Wishlist::new(vec![OrderProduct::new(3, 1)]);
    let lines: &Vec<OrderProduct> = &wishlist.lines;
    let request = OrderRequest::new("order", "cash", Vec::new(), lines.clone());
    let pending: wishlists::wishlists::Checkout<'_> = client.wishlists().checkout(request);
    let _answer = async move {
        let order: Order = pending.await?;
        Ok::<Order, oneentry_client::Error>(order)
    };
    let _save: wishlists::wishlists::Save<'_> = client.wishlists().save(wishlist);
}
