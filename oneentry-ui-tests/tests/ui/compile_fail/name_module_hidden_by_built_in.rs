// `client.orders()` reaches the built-in `Orders` (an inherent method wins over a
// trait's), so a downstream module `Orders` would never be called.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_module_hidden_by_built_in.json", client = trait ShopApi);
}

fn main() {}
