// The method's argument `body` carries the body model: no parameter can take that name.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_body_param.json", client = trait ShopApi);
}

fn main() {}
