mod shop {
    oneentry_client::api!(spec = "../specs/invalid_json.json");
}

fn main() {}
