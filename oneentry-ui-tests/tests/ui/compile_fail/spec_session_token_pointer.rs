//! A session declaration whose refresh-token pointer is not in the sign-in's response type.

mod account {
    oneentry_client::api!(spec = "../specs/session_token_pointer.json", client = trait AccountApi);
}

fn main() {}
