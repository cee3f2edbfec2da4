// Only oneentry-client itself may add inherent methods to `Client`; anywhere else
// `client = inherent` is one error that says what to write instead.
mod shop {
    oneentry_client::api!(spec = "../specs/shop.json", client = inherent);
}

fn main() {}
