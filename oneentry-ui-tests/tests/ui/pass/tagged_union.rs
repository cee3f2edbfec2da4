//! A `oneOf` with a `tag` is an enum with one variant per tag value, holding that object
//! type, plus `Other` keeping an object with an unknown tag whole.

mod checkouts {
    oneentry_client::api!(spec = "../specs/tagged_union.json", client = trait CheckoutsApi);
}

use checkouts::{Bank, Card, Checkout, CheckoutsApi, Method};
use oneentry_client::JsonValue;

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");
    let method = Method::BankTransfer(Bank::new("DE89"));
    assert_eq!(method.tag(), Some("bank_transfer"));
    let other = Method::Other(JsonValue::Null);
    assert_eq!(other.tag(), None);
    let checkout = Checkout::new(Method::Card(Card::new("4242")));
    let _start: checkouts::checkouts::Start<'_> = client.checkouts().start(checkout);
    let _pay: checkouts::checkouts::Pay<'_> = client.checkouts().pay(method);
}
