// Every module handle has `new(&client)` already.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_endpoint_new.json", client = trait ShopApi);
}

fn main() {}
