// A variant type with a field named like the union's tag is one error at the variant: the
// union writes and reads the tag itself. The union is still generated.
mod payments {
    oneentry_client::api!(spec = "../specs/union_tag_field.json");
}

use payments::ApiExt;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().unwrap();
    let _ = client.wallet().pay(payments::Payment::Bank(payments::Bank::new("DE89")));
}
