// A list's builder has `pages()`: no setter can take that name.
// Exactly one error, at the spec's key.
mod shop {
    oneentry_client::api!(spec = "../specs/name_pages_param.json", client = trait ShopApi);
}

fn main() {}
