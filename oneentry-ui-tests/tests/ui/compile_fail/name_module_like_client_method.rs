// `client.session()` is a method of `Client` already.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_module_like_client_method.json", client = trait ShopApi);
}

fn main() {}
