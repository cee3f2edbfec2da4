fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().unwrap();
    let _ = client.payments().get_session_by_order(116);
}
