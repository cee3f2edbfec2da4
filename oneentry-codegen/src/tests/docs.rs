//! The rustdoc of generated methods, read as a user of a downstream spec reads it.

use super::generated;

const SPEC: &str = r#"{
  "version": 1,
  "types": { "Review": { "fields": { "text": "string" } } },
  "modules": {
    "Reviews": {
      "path": "/api/reviews",
      "endpoints": {
        "createReview": {
          "description": "Adds a review.",
          "method": "POST",
          "path": "/{productId}",
          "params": {
            "productId": { "in": "path", "type": "integer" },
            "langCode": { "in": "query", "type": "string", "default": { "client": "language" } },
            "notify": { "in": "body", "type": "boolean", "default": false, "description": "Mail the shop." }
          },
          "body": "Review",
          "response": { "array": "Review" },
          "auth": "user"
        }
      }
    }
  }
}"#;

/// The doc lines of the method `name`, joined as rustdoc reads them.
fn method_doc(code: &str, name: &str) -> String {
    let method = code
        .find(&format!("pub fn {name} ("))
        .expect("the method is generated");
    let before = &code[..method];
    let start = before.rfind("] pub fn").map_or(0, |i| i + 1);
    let mut doc = String::new();
    let mut rest = &before[start..];
    while let Some(at) = rest.find("# [doc = \"") {
        let line = &rest[at + 10..];
        let end = line.find("\"]").expect("a doc attribute ends");
        doc.push_str(&line[..end]);
        doc.push('\n');
        rest = &line[end..];
    }
    doc
}

#[test]
fn a_method_doc_shows_the_request_every_parameter_the_answer_and_the_errors() {
    let doc = method_doc(&generated(SPEC), "create_review");
    let expected = [
        " Adds a review.",
        " `POST /api/reviews/{productId}` (`Reviews.createReview` in the spec). Needs a signed-in user.",
        " - `product_id`: `i64`, path `{productId}`.",
        " - `body`: `Review`, the JSON body.",
        " - [`lang_code`](reviews::CreateReview::lang_code): `String`, query `langCode`; defaults to the client's language.",
        " - [`notify`](reviews::CreateReview::notify): `bool`, body key `notify`; defaults to `false`. Mail the shop.",
        " # Returns",
        " A `Vec<Review>` when awaited.",
        " # Errors",
        " - `Error::NotSignedIn` without a session, before any request is sent;",
    ];
    for line in expected {
        assert!(doc.contains(line), "missing\n{line}\nin\n{doc}");
    }
    assert!(!doc.contains("SDK"), "{doc}");
}
