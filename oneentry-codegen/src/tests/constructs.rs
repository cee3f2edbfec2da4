//! Endpoint-side constructs: optional query parameters, array query parameters, `PATCH` and
//! `HEAD`, header parameters; each misuse is one error at its key.

use super::{generated, problems};

const BASE: &str = r#"{
  "version": 1,
  "types": {
    "Product": { "fields": { "id": "integer", "title": "string" } },
    "Sort": { "enum": ["asc", "desc"] }
  },
  "modules": {
    "Catalog": {
      "path": "/api/catalog",
      "endpoints": {
        "getProductsByIds": {
          "method": "GET",
          "path": "/products/ids",
          "params": {
            "ids": { "in": "query", "type": { "array": "integer" } },
            "tags": { "in": "query", "type": { "array": "string" }, "style": "repeat", "optional": true },
            "sort": { "in": "query", "type": "Sort", "optional": true },
            "x-request-id": { "in": "header", "type": "string", "optional": true },
            "X-Api-Key": { "in": "header", "type": "secret" }
          },
          "response": { "array": "Product" }
        },
        "updateProduct": {
          "method": "PATCH",
          "path": "/products/{id}",
          "params": { "id": { "in": "path", "type": "integer" } },
          "body": "Product",
          "response": "Product"
        },
        "productExists": {
          "method": "HEAD",
          "path": "/products/{id}",
          "params": { "id": { "in": "path", "type": "integer" } }
        }
      }
    }
  }
}"#;

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "case does not apply: {from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn the_constructs_spec_is_valid() {
    assert_eq!(problems(BASE), Vec::<String>::new());
}

#[test]
fn each_misuse_is_one_positioned_error() {
    let cases = [
        (
            with(
                r#""Sort", "optional": true }"#,
                r#""Sort", "optional": true, "default": "asc" }"#,
            ),
            "spec.json:17:54: at $.modules.Catalog.endpoints.getProductsByIds.params.sort.optional: a parameter with a `default` is always sent, so it cannot also be `optional`",
        ),
        (
            with(
                r#""id": { "in": "path", "type": "integer" } },
          "body""#,
                r#""id": { "in": "path", "type": "integer", "optional": true } },
          "body""#,
            ),
            "spec.json:26:64: at $.modules.Catalog.endpoints.updateProduct.params.id.optional: a path parameter cannot be optional: the path needs its segment",
        ),
        (
            with(
                r#""type": "Sort", "optional""#,
                r#""type": "Sort", "style": "comma", "optional""#,
            ),
            "spec.json:17:54: at $.modules.Catalog.endpoints.getProductsByIds.params.sort.style: only an array query parameter has a `style`",
        ),
        (
            with(r#""style": "repeat""#, r#""style": "pipe""#),
            "spec.json:16:78: at $.modules.Catalog.endpoints.getProductsByIds.params.tags.style: unknown style `pipe`; expected one of `comma`, `repeat`",
        ),
        (
            with(r#"{ "array": "integer" }"#, r#"{ "array": "Product" }"#),
            "spec.json:15:20: at $.modules.Catalog.endpoints.getProductsByIds.params.ids: a query parameter is a string, integer, number, boolean or enum, or an array of one of those",
        ),
        (
            with(
                r#""id": { "in": "path", "type": "integer" }"#,
                r#""id": { "in": "path", "type": { "array": "integer" } }"#,
            ),
            "a path parameter is a string, integer, number, boolean or enum",
        ),
        (
            with(
                r#""X-Api-Key": { "in": "header", "type": "secret" }"#,
                r#""X-Api-Key": { "in": "header", "type": { "array": "string" } }"#,
            ),
            "a header parameter is a string, secret, integer, number, boolean or enum",
        ),
        (
            with(r#""X-Api-Key""#, r#""X Api Key""#),
            "spec.json:19:13: at $.modules.Catalog.endpoints.getProductsByIds.params[\"X Api Key\"]: `X Api Key` is not an HTTP header name; use letters, digits and `-`, e.g. `x-request-id`",
        ),
        (
            with(r#""X-Api-Key""#, r#""Authorization""#),
            "spec.json:19:13: at $.modules.Catalog.endpoints.getProductsByIds.params.Authorization: the header `Authorization` is set by the client (the session's access token); a header parameter cannot replace it; use another name",
        ),
        (
            with(r#""X-Api-Key""#, r#""x-device-metadata""#),
            "the header `x-device-metadata` is set by the client (the device on every POST)",
        ),
        (
            with(r#""X-Api-Key""#, r#""Content-Length""#),
            "the header `Content-Length` is set by the HTTP stack",
        ),
        (
            with(
                r#""params": { "id": { "in": "path", "type": "integer" } }
        }"#,
                r#""params": { "id": { "in": "path", "type": "integer" } },
          "response": "json"
        }"#,
            ),
            "spec.json:34:11: at $.modules.Catalog.endpoints.productExists.response: a HEAD answer has no body, so the endpoint has no `response`; remove `response`; the method returns `()`",
        ),
        (
            with(
                r#""params": { "id": { "in": "path", "type": "integer" } }
        }"#,
                r#""params": { "id": { "in": "path", "type": "integer" } },
          "body": "Product"
        }"#,
            ),
            "spec.json:30:26: at $.modules.Catalog.endpoints.productExists: a HEAD request has no body",
        ),
        (
            with(
                r#""x-request-id": { "in": "header", "type": "string", "optional": true }"#,
                r#""x-request-id": { "in": "header", "type": "string", "optional": true },
            "x-trace": { "in": "header", "type": "string", "default": { "param": "x-request-id" } }"#,
            ),
            "spec.json:19:24: at $.modules.Catalog.endpoints.getProductsByIds.params[\"x-trace\"].default: `x-request-id` has a default itself or is optional; a default can only copy a required parameter",
        ),
        (
            with(r#""method": "PATCH""#, r#""method": "patch""#),
            "unknown method `patch`; expected one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`",
        ),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in cases {
        let found = problems(&text);
        if found.len() != 1 || !found[0].contains(expected) {
            wrong.push(format!(
                "expected one problem containing\n  {expected}\nfound\n  {found:#?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_generated_request_puts_each_parameter_where_it_goes() {
    let code = generated(BASE);
    for expected in [
        // Arrays taken as any iterator, stored as a Vec, written in their style.
        "ids : impl :: core :: iter :: IntoIterator < Item = i64 >",
        "request . query_array (\"ids\" , & self . ids , :: oneentry_client :: endpoint :: ArrayStyle :: Comma)",
        "request . query_array (\"tags\" , value , :: oneentry_client :: endpoint :: ArrayStyle :: Repeat)",
        "Item = impl :: core :: convert :: Into < :: std :: string :: String >",
        // Optional: a setter, and nothing sent unless set.
        "if let :: core :: option :: Option :: Some (value) = & self . sort { request . query (\"sort\" , value) ; }",
        "if let :: core :: option :: Option :: Some (value) = & self . x_request_id { request . header (\"x-request-id\" , value) ? ; }",
        "request . secret_header (\"X-Api-Key\" , & self . x_api_key) ? ;",
        "array : :: core :: option :: Option :: Some (:: oneentry_client :: endpoint :: ArrayStyle :: Repeat)",
        "location : :: oneentry_client :: endpoint :: Location :: Header , required : false",
        "method : :: oneentry_client :: endpoint :: Method :: Patch",
        "method : :: oneentry_client :: endpoint :: Method :: Head",
        "pub async fn send (self) -> :: oneentry_client :: Result < () >",
    ] {
        assert!(code.contains(expected), "missing\n{expected}\nin\n{code}");
    }
}

#[test]
fn method_docs_say_where_each_new_parameter_goes() {
    let code = generated(BASE);
    for expected in [
        "- `ids`: `impl IntoIterator<Item = i64>`, query `ids`, the items comma-joined (`ids=a,b`).",
        "- `x_api_key`: `Secret`, header `X-Api-Key`.",
        "): `impl IntoIterator<Item = String>`, query `tags`, once per item (`tags=a&tags=b`); left out of the request unless set.",
        "): `Sort`, query `sort`; left out of the request unless set.",
        "): `String`, header `x-request-id`; left out of the request unless set.",
        "- `Error::Encode`, before any request, when the value of `x-request-id`, `X-Api-Key` is not a valid HTTP header value",
        "`()` when awaited: the answer to a `HEAD` has no body",
        "`PATCH /api/catalog/products/{id}`",
        "Sets `sort`. Left out of the request unless set.",
    ] {
        assert!(code.contains(expected), "missing\n{expected}\nin\n{code}");
    }
}
