// A model named like the accessor trait cannot be generated next to it.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_type_like_trait.json", client = trait ShopApi);
}

fn main() {}
