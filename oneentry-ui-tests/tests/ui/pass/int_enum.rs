//! An `intEnum` is a Rust enum that is sent as its number, with `Other(i64)` for numbers the
//! spec does not list.

mod tickets {
    oneentry_client::api!(spec = "../specs/int_enum.json", client = trait TicketsApi);
}

use tickets::{Priority, Ticket, TicketsApi};

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");
    assert_eq!(Priority::High.as_i64(), 10);
    assert_eq!(Priority::from(-1), Priority::Minus);
    assert_eq!(Priority::from(3), Priority::Other(3));
    assert_eq!(i64::from(Priority::Low), 0);
    assert_eq!(Priority::High.to_string(), "10");
    let ticket = Ticket::new(1, Priority::Low);
    let _pending: tickets::tickets::Open<'_> = client.tickets().open(ticket);
}
