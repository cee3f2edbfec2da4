// Two modules whose accessors would be the same `client.review_s()`.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_modules_one_accessor.json", client = trait ShopApi);
}

fn main() {}
