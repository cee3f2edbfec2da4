mod shop {
    oneentry_client::api!(spec = "../specs/duplicate_endpoint.json");
}

fn main() {}
