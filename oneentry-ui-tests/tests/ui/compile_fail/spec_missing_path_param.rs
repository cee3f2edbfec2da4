mod shop {
    oneentry_client::api!(spec = "../specs/missing_path_param.json");
}

fn main() {}
