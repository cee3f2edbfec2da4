//! The kinds of types beyond objects and string enums: tristate fields, integer enums,
//! tagged unions, self-referencing types and built-in types used from another spec.

use super::{assert_reported, generated, problems, problems_with};
use crate::read::Value;
use crate::{Accessors, Options};

/// A downstream spec (trait accessors) with one of each kind; cases patch it.
const BASE: &str = r#"{
  "version": 1,
  "types": {
    "Status": { "intEnum": { "Pending": 0, "Paid": 1, "Failed": -2 } },
    "Card": { "fields": { "last4": "string" } },
    "Bank": { "fields": { "iban": "string" } },
    "Payment": { "oneOf": { "card": "Card", "bank": "Bank" }, "tag": "kind" },
    "Category": { "fields": { "name": "string", "children": { "type": { "array": "Category" } } } },
    "Link": { "fields": { "value": "integer", "next": { "type": "Link", "optional": true } } },
    "Update": { "fields": { "note": { "type": "string", "tristate": true }, "status": "Status" } },
    "Saved": { "fields": { "order": { "type": { "builtin": "Order" } }, "payment": "Payment" } }
  },
  "modules": {
    "Things": {
      "path": "/api/things",
      "endpoints": {
        "update": { "method": "POST", "path": "", "body": "Update", "response": "Saved" },
        "copy": { "method": "POST", "path": "/copy", "body": { "builtin": "OrderRequest" }, "response": { "builtin": "StoredOrder" } }
      }
    }
  }
}"#;

fn with(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "case does not apply: {from}");
    BASE.replacen(from, to, 1)
}

fn downstream() -> Options {
    Options::default()
        .file("spec.json")
        .accessors(Accessors::default())
}

fn downstream_problems(text: &str) -> Vec<String> {
    problems_with(text, &downstream())
}

fn downstream_code(text: &str) -> String {
    match crate::generate(text, &downstream()) {
        Ok(generated) => generated.into_tokens().to_string(),
        Err(failure) => panic!("{:?}", failure.diagnostics().messages()),
    }
}

#[test]
fn the_base_spec_is_valid() {
    assert_eq!(downstream_problems(BASE), Vec::<String>::new());
}

#[test]
fn each_misuse_is_one_positioned_error() {
    let cases: Vec<(String, &str)> = vec![
        (
            with("\"Failed\": -2", "\"Failed\": 1"),
            "spec.json:4:65: at $.types.Status.intEnum.Failed: `Paid` and `Failed` both have the value 1",
        ),
        (
            with("\"Failed\": -2", "\"Failed\": \"2\""),
            "at $.types.Status.intEnum.Failed: expected an integer (a 64-bit one), found a string",
        ),
        (
            with("\"Failed\": -2", "\"Other\": 2"),
            "at $.types.Status.intEnum.Other: `Other` would clash with the generated `Other` variant",
        ),
        (
            with("\"Failed\": -2", "\"Failed\": 2.5"),
            "expected an integer (a 64-bit one), found a number",
        ),
        (
            with(", \"tag\": \"kind\"", ""),
            "spec.json:7:18: at $.types.Payment.oneOf: a `oneOf` union needs a `tag`",
        ),
        (
            with("\"bank\": \"Bank\"", "\"bank\": \"Status\""),
            "spec.json:7:53: at $.types.Payment.oneOf.bank: a variant of a union is an object type of this spec",
        ),
        (
            with("\"bank\": \"Bank\"", "\"bank\": \"Bnak\""),
            "at $.types.Payment.oneOf.bank: unknown type `Bnak`; did you mean `Bank`?",
        ),
        (
            with("\"iban\": \"string\"", "\"kind\": \"string\""),
            "spec.json:7:53: at $.types.Payment.oneOf.bank: `Bank` has a field `kind`, which is the union's tag",
        ),
        (
            with("\"bank\": \"Bank\"", "\"Card\": \"Bank\""),
            "at $.types.Payment.oneOf.Card: `card` and `Card` both become the variant `Card`",
        ),
        (
            with("\"bank\": \"Bank\"", "\"card\": \"Bank\""),
            "at $.types.Payment.oneOf.card: duplicate key `card`",
        ),
        (
            with(
                "\"iban\": \"string\" }",
                "\"iban\": \"string\" }, \"tag\": \"x\"",
            ),
            "at $.types.Bank.tag: `tag` names the discriminator of a `oneOf` union",
        ),
        (
            with("\"intEnum\"", "\"fields\": {}, \"intEnum\""),
            "at $.types.Status.intEnum: a type has one of `fields`, `enum`, `intEnum` or `oneOf`, not several",
        ),
        (
            with(
                "\"intEnum\": { \"Pending\": 0, \"Paid\": 1, \"Failed\": -2 }",
                "\"enum\": [0, 1]",
            ),
            "at $.types.Status.enum[0]: expected a string, found a number; an integer enum is an `intEnum` of names to numbers, e.g. `{\"Pending\": 0}`",
        ),
        (
            with(
                "\"tristate\": true",
                "\"tristate\": true, \"nullable\": false",
            ),
            "at $.types.Update.fields.note.nullable: a `tristate` field may be absent and may be null; `nullable: false` contradicts it",
        ),
        (
            with(
                "\"tristate\": true",
                "\"tristate\": true, \"localized\": true",
            ),
            "at $.types.Update.fields.note.tristate: a `localized` field cannot be `tristate`",
        ),
        (
            with("{ \"builtin\": \"Order\" }", "{ \"builtin\": \"Ordr\" }"),
            "spec.json:11:60: at $.types.Saved.fields.order.type.builtin: unknown built-in type `Ordr`; did you mean `Order`?",
        ),
        (
            with("{ \"builtin\": \"Order\" }", "{ \"builtin\": 1 }"),
            "at $.types.Saved.fields.order.type.builtin: expected the name of a built-in type, found a number",
        ),
        (
            with(
                "\"body\": { \"builtin\": \"OrderRequest\" }",
                "\"body\": { \"builtin\": \"SessionType\" }",
            ),
            "a body must be a type with `fields`",
        ),
    ];
    for (text, expected) in cases {
        let found = downstream_problems(&text);
        assert_reported(&found, expected);
        assert_eq!(found.len(), 1, "one mistake, one error: {found:?}");
    }
}

#[test]
fn the_built_in_spec_cannot_name_itself_as_built_in() {
    let found = problems(BASE);
    assert!(
        found.iter().any(|p| p.contains(
            "at $.types.Saved.fields.order.type.builtin: `builtin` names a type of the built-in spec from another spec; this is the built-in spec: write `\"Order\"`"
        )),
        "{found:?}"
    );
}

#[test]
fn built_in_types_are_the_built_in_specs() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/oneentry.json");
    let Ok(text) = std::fs::read_to_string(path) else {
        return; // a packaged crate has no spec beside it
    };
    let root = crate::read::parse(&text).expect("the spec is JSON");
    let Value::Object(top) = &root.value else {
        panic!("the spec is an object")
    };
    let types = top.iter().find(|m| m.key == "types").expect("types");
    let Value::Object(types) = &types.value.value else {
        panic!("types is an object")
    };
    let from_spec: Vec<(String, bool)> = types
        .iter()
        .map(|m| {
            let object =
                matches!(&m.value.value, Value::Object(d) if d.iter().any(|k| k.key == "fields"));
            (m.key.clone(), object)
        })
        .collect();
    let listed: Vec<(String, bool)> = crate::ir::symbols::BUILT_IN_TYPES
        .iter()
        .map(|(name, shape)| {
            let object = *shape == crate::ir::symbols::BuiltInShape::Object;
            ((*name).to_owned(), object)
        })
        .collect();
    assert_eq!(listed, from_spec, "update BUILT_IN_TYPES in ir/symbols.rs");
}

#[test]
fn generated_items_use_the_new_kinds() {
    let code = downstream_code(BASE);
    for expected in [
        "pub enum Status",
        "Other (i64)",
        "serialize_i64",
        "pub enum Payment",
        "Card (Card)",
        "Other (:: oneentry_client :: JsonValue)",
        "pub fn tag (& self)",
        "pub children : :: std :: vec :: Vec < Category >",
        "pub next : :: core :: option :: Option < :: std :: boxed :: Box < Link > >",
        "pub note : :: oneentry_client :: Patch < :: std :: string :: String >",
        "skip_serializing_if = \"::oneentry_client::Patch::is_absent\"",
        "note : note . or_absent ()",
        "pub order : :: oneentry_client :: api :: Order",
        "body : :: oneentry_client :: api :: OrderRequest",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in\n{code}");
    }
}

#[test]
fn cycles_are_boxed_where_they_close() {
    // Mutual recursion through plain fields and a union; an array breaks a cycle by itself.
    let text = r#"{
      "version": 1,
      "types": {
        "A": { "fields": { "b": { "type": "B", "nullable": true }, "list": { "type": { "array": "A" } } } },
        "B": { "fields": { "u": { "type": "U", "optional": true }, "one": { "type": { "oneOrMany": "B" } } } },
        "U": { "oneOf": { "a": "A", "c": "C" }, "tag": "t" },
        "C": { "fields": { "x": "integer" } }
      },
      "modules": {}
    }"#;
    let code = generated(text);
    for expected in [
        "pub b : :: core :: option :: Option < :: std :: boxed :: Box < B > >",
        "pub list : :: std :: vec :: Vec < A >",
        "pub u : :: core :: option :: Option < :: std :: boxed :: Box < U > >",
        "pub one : :: oneentry_client :: OneOrMany < :: std :: boxed :: Box < B > >",
        "A (:: std :: boxed :: Box < A >)",
        "C (C)",
    ] {
        assert!(code.contains(expected), "missing `{expected}` in\n{code}");
    }
}
