// An order id is an integer, not a string.
fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().unwrap();
    let _ = client.payments().create_session("116");
}
