//! Names that are valid Rust but taken by generated code: each is one error at the
//! spec's key, and names that need no error generate code that parses.

use super::{options, problems, problems_with};
use crate::{Accessors, Options};

/// A downstream spec: modules are reached through the trait `ShopApi`.
fn downstream() -> Options {
    options().accessors(Accessors::trait_named("ShopApi").expect("a valid name"))
}

/// A spec with one type and one module `Reviews`, to patch.
const BASE: &str = r#"{
  "version": 1,
  "types": {
    "Review": { "fields": { "text": "string" } }
  },
  "modules": {
    "Reviews": {
      "path": "/api/reviews",
      "endpoints": {
        "createReview": {
          "method": "POST",
          "path": "",
          "params": { "langCode": { "in": "query", "type": "string" } },
          "body": "Review",
          "response": "Review"
        },
        "listReviews": {
          "method": "GET",
          "path": "",
          "params": {
            "offset": { "in": "query", "type": "integer", "default": 0 },
            "limit": { "in": "query", "type": "integer", "default": 10 }
          },
          "response": { "array": "Review" },
          "paginated": true
        }
      }
    }
  }
}"#;

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "case does not apply: {from}");
    BASE.replacen(from, to, 1)
}

fn exactly_one(found: Vec<String>, expected: &str) {
    assert_eq!(found.len(), 1, "expected one problem, found {found:#?}");
    assert!(
        found[0].contains(expected),
        "expected a problem containing\n  {expected}\nfound\n  {}",
        found[0]
    );
}

#[test]
fn the_base_spec_is_valid_both_ways() {
    assert_eq!(problems(BASE), Vec::<String>::new());
    assert_eq!(problems_with(BASE, &downstream()), Vec::<String>::new());
}

#[test]
fn a_type_or_module_named_like_the_trait() {
    let text = with("\"Review\": { \"fields\"", "\"ShopApi\": { \"fields\"")
        .replace("\"Review\"", "\"ShopApi\"");
    exactly_one(
        problems_with(&text, &downstream()),
        "spec.json:4:5: at $.types.ShopApi: the type `ShopApi` would clash with `ShopApi`, the generated trait that adds this spec's modules to `Client`; rename the type, or give the trait another name with `client = trait OtherName`",
    );
    let text = with("\"Reviews\": {", "\"ShopApi\": {");
    exactly_one(
        problems_with(&text, &downstream()),
        "at $.modules.ShopApi: the module `ShopApi` would clash with `ShopApi`, the generated trait",
    );
    // A trait named in lower case meets the module's builders' module `reviews`.
    let lower = options().accessors(Accessors::trait_named("reviews").expect("a valid name"));
    exactly_one(
        problems_with(BASE, &lower),
        "at $.modules.Reviews: the module `Reviews` would clash with `reviews`, the generated trait",
    );
}

#[test]
fn a_module_hidden_by_a_built_in_accessor() {
    let text = with("\"Reviews\": {", "\"Orders\": {");
    exactly_one(
        problems_with(&text, &downstream()),
        "spec.json:7:5: at $.modules.Orders: the module `Orders` would be reached as `client.orders()`, which already reaches the built-in module of that name and would hide this one; rename the module, e.g. `MyOrders`",
    );
    // The built-in spec itself adds those accessors: no clash there.
    assert_eq!(problems(&text), Vec::<String>::new());
    // Nor with a copy of a built-in module, which the built-in accessor serves.
    let copy = with("\"Reviews\": {", "\"Orders\": {")
        .replace("\"/api/reviews\"", "\"/api/content/orders-storage\"")
        .replace("\"listReviews\"", "\"getAllOrdersStorage\"");
    let copy = copy.replace("\"createReview\"", "\"createOrder\"");
    assert_eq!(problems_with(&copy, &downstream()), Vec::<String>::new());
}

#[test]
fn a_module_named_like_a_client_method() {
    let text = with("\"Reviews\": {", "\"Session\": {");
    exactly_one(
        problems_with(&text, &downstream()),
        "the module `Session` would be reached as `client.session()`, which is already a method of `Client`",
    );
}

#[test]
fn two_modules_with_one_accessor() {
    let text = with(
        "\"Reviews\": {",
        "\"ReviewS\": { \"path\": \"/x\", \"endpoints\": {} },\n    \"Review_S\": {",
    );
    exactly_one(
        problems(&text),
        "`ReviewS` and `Review_S` both become the accessor `client.review_s()`",
    );
}

#[test]
fn an_endpoint_named_like_the_handle_constructor() {
    let text = with("\"createReview\": {", "\"new\": {");
    exactly_one(
        problems(&text),
        "at $.modules.Reviews.endpoints.new: the endpoint `new` would become the method `new`, which every module handle has already",
    );
}

#[test]
fn an_endpoint_named_like_another_ones_mock_request() {
    let text = with("\"listReviews\": {", "\"createReviewRequest\": {");
    exactly_one(
        problems(&text),
        "at $.modules.Reviews.endpoints.createReviewRequest: `createReview` and `createReviewRequest` both become the type `ops::CreateReviewRequest` of a mock server",
    );
    // The other way round: the later endpoint's request takes the earlier one's operation.
    let text = with("\"createReview\": {", "\"listReviewsRequest\": {");
    exactly_one(
        problems(&text),
        "at $.modules.Reviews.endpoints.listReviews: `listReviewsRequest` and `listReviews` both become the type `ops::ListReviewsRequest` of a mock server",
    );
}

#[test]
fn a_parameter_named_body_next_to_a_body() {
    let text = with(
        "\"langCode\": { \"in\": \"query\"",
        "\"body\": { \"in\": \"query\"",
    );
    exactly_one(
        problems(&text),
        "spec.json:13:23: at $.modules.Reviews.endpoints.createReview.params.body: a parameter named `body` would clash with the method's argument that takes the `body` model; make it a field of the body model instead",
    );
}

#[test]
fn a_parameter_named_pages_on_a_list() {
    let text = with(
        "\"limit\": { \"in\": \"query\"",
        "\"pages\": { \"in\": \"query\", \"type\": \"integer\", \"default\": 1 },\n            \"limit\": { \"in\": \"query\"",
    );
    exactly_one(
        problems(&text),
        "at $.modules.Reviews.endpoints.listReviews.params.pages: a parameter named `pages` would clash with the request builder's `pages()`",
    );
}

#[test]
fn a_duplicate_key_is_one_error_at_the_repeat() {
    let text = with(
        "\"body\": \"Review\",",
        "\"body\": \"Review\",\n          \"body\": \"Review\",",
    );
    exactly_one(
        problems(&text),
        "spec.json:15:11: at $.modules.Reviews.endpoints.createReview.body: duplicate key `body`; it is already defined at 14:11; keep one of them",
    );
    let text = with(
        "\"Review\": { \"fields\"",
        "\"Review\": { \"fields\": {}, \"fields\"",
    );
    exactly_one(problems(&text), "duplicate key `fields`");
    let text = with(
        "\"langCode\": { \"in\": \"query\", \"type\": \"string\" }",
        "\"langCode\": { \"in\": \"query\", \"type\": \"string\" }, \"langCode\": { \"in\": \"query\", \"type\": \"string\" }",
    );
    exactly_one(problems(&text), "duplicate key `langCode`");
    let text = with(
        "{ \"array\": \"Review\" }",
        "{ \"array\": \"Review\", \"array\": \"Review\" }",
    );
    exactly_one(problems(&text), "duplicate key `array`");
}

#[test]
fn the_names_client_already_has_are_up_to_date() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let spec = std::fs::read_to_string(format!("{root}/spec/oneentry.json")).expect("the spec");
    let spec = crate::read::parse(&spec).expect("the built-in spec is JSON");
    let crate::read::Value::Object(top) = &spec.value else {
        panic!("the spec is an object")
    };
    let modules = top.iter().find(|m| m.key == "modules").expect("modules");
    let crate::read::Value::Object(modules) = &modules.value.value else {
        panic!("modules is an object")
    };
    let built_in = crate::ir::symbols::BUILT_IN_MODULES;
    assert_eq!(modules.len(), built_in.len(), "symbols::BUILT_IN_MODULES");
    for (module, listed) in modules.iter().zip(built_in) {
        let text = format!("{:?}", module.value);
        assert_eq!(
            crate::ir::symbols::module_accessor(&module.key),
            listed.accessor
        );
        assert!(
            text.contains(&format!("String({:?})", listed.path)),
            "{}",
            module.key
        );
        let crate::read::Value::Object(keys) = &module.value.value else {
            panic!("a module is an object")
        };
        let endpoints = keys
            .iter()
            .find(|k| k.key == "endpoints")
            .expect("endpoints");
        let crate::read::Value::Object(endpoints) = &endpoints.value.value else {
            panic!("endpoints is an object")
        };
        let names: Vec<&str> = endpoints.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            names, listed.endpoints,
            "symbols::BUILT_IN_MODULES: {}",
            module.key
        );
    }

    // Every method of an `impl Client` block in the runtime's sources.
    let dir = format!("{root}/oneentry-client/src");
    for entry in std::fs::read_dir(&dir).expect("the runtime's sources") {
        let path = entry.expect("a directory entry").path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut inside = false;
        for line in text.lines() {
            if line.starts_with("impl Client {") {
                inside = true;
            } else if line.starts_with('}') {
                inside = false;
            } else if inside && let Some((_, rest)) = line.split_once(" fn ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    crate::ir::symbols::CLIENT_METHODS.contains(&name.as_str()),
                    "`Client::{name}` ({}) is missing from symbols::CLIENT_METHODS",
                    path.display()
                );
            }
        }
    }
}
