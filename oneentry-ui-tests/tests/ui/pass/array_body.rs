//! A body of `{"array": T}` goes out as a bare JSON array (`[...]`): the method takes any
//! iterator of `T`, and the mock server's typed request has the items as a `Vec<T>`.

mod catalog {
    oneentry_client::api!(spec = "../specs/array_body.json", client = trait CatalogApi);
}

use catalog::{CatalogApi, Filter};

fn main() {
    let client = oneentry_client::Client::builder("http://127.0.0.1:9").build().expect("a valid configuration");
    let filters = vec![Filter::new("price"), Filter::new("color")];
    let _from_vec: catalog::catalog::Count<'_> = client.catalog().count("kitchen", filters);
    let _from_array = client.catalog().count("kitchen", [Filter::new("price")]);
    let _none = client.catalog().count("kitchen", std::iter::empty());
    let _mapped = client.catalog().count("kitchen", ["a", "b"].into_iter().map(Filter::new));
    fn items(request: catalog::catalog::ops::CountRequest) -> Vec<Filter> {
        request.body
    }
    let _ = items;
}
