//! Models named like standard items (`Option`, `Vec`, `Box`, `String`, `Result`, `Into`,
//! `Clone`…), a model named like a request builder (`CreateReview` next to the endpoint
//! `createReview`) and parameters named `client`, `request` and `parts` (the argument of the
//! mock server's generated `from_parts`) all compile and work:
//! generated code names standard items by full path and keeps its own names apart.

mod names {
    oneentry_client::api!(spec = "../specs/std_names.json", client = trait NamesApi);
}

use names::NamesApi;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9")
        .build()
        .expect("a valid configuration");

    let body = names::CreateReview::new("Great mug", 5);
    let pending: names::reviews::CreateReview<'_> = client
        .reviews()
        .create_review(body)
        .client("mobile")
        .request(names::String::Fancy);
    drop(pending);
    let _list = client.reviews().get_options(7).limit(2).pages();
    let _copy = client.reviews().copy_option("a").to("b");

    let boxed = names::Box::new(1);
    assert_eq!(boxed.label, None);
    let option = names::Option::new("v");
    assert!(option.next.is_none());
    let _ = names::Vec::new(vec![boxed]);
    let _ = names::Result::new(0, Vec::new());
    let _ = (names::Some::new(), names::Into::new(), names::Clone::new(), names::Default::new());
    let _ = (names::Send::new(), names::ToOwned::new(), names::TryFrom::new());
    let _ = (names::Client::new("c"), names::Error::new("e"), names::From::A);
}
