//! Every kind of spec mistake, with the message and position it must produce.

use super::{assert_reported, generated, problems};

/// A valid spec with one type and one endpoint; cases patch it.
const BASE: &str = r#"{
  "version": 1,
  "types": {
    "Thing": { "fields": { "id": "integer", "name": { "type": "string", "optional": true } } },
    "Kind": { "enum": ["a", "b"] }
  },
  "modules": {
    "Things": {
      "path": "/api/things",
      "endpoints": {
        "getThing": {
          "method": "GET",
          "path": "/{id}",
          "params": {
            "id": { "in": "path", "type": "integer" },
            "kind": { "in": "query", "type": "Kind", "default": "a" }
          },
          "response": "Thing"
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
fn the_base_spec_is_valid() {
    assert_eq!(problems(BASE), Vec::<String>::new());
}

#[test]
fn reports_each_mistake_with_position_and_path() {
    let cases: Vec<(String, &str)> = vec![
        (
            with("\"response\": \"Thing\"", "\"response\": \"Thingg\""),
            "spec.json:18:23: at $.modules.Things.endpoints.getThing.response: unknown type `Thingg`; did you mean `Thing`?",
        ),
        (
            with("\"path\": \"/{id}\"", "\"path\": \"/{id}/{sub}\""),
            "spec.json:13:19: at $.modules.Things.endpoints.getThing.path: missing path parameter `sub`",
        ),
        (
            with("\"path\": \"/{id}\"", "\"path\": \"/all\""),
            "at $.modules.Things.endpoints.getThing.params.id: the path parameter `id` does not appear in the path",
        ),
        (
            with("\"method\": \"GET\"", "\"method\": \"FETCH\""),
            "spec.json:12:21: at $.modules.Things.endpoints.getThing.method: unknown method `FETCH`",
        ),
        (
            with(
                "\"response\": \"Thing\"",
                "\"response\": \"Thing\", \"descripton\": \"x\"",
            ),
            "at $.modules.Things.endpoints.getThing.descripton: unknown key `descripton` in an endpoint; did you mean `description`?",
        ),
        (
            with("\"default\": \"a\"", "\"default\": \"c\""),
            "at $.modules.Things.endpoints.getThing.params.kind.default: `c` is not a value of `Kind`",
        ),
        (
            with("\"default\": \"a\"", "\"default\": 3"),
            "the default does not fit the parameter's type",
        ),
        (
            with("\"type\": \"Kind\"", "\"type\": { \"map\": \"Kind\" }"),
            "a query parameter is a string, integer, number, boolean or enum, or an array of one of those",
        ),
        (
            with(
                "\"id\": \"integer\"",
                "\"id\": \"integer\", \"extra\": \"json\"",
            ),
            "would clash with the generated `extra` map",
        ),
        (
            with("\"enum\": [\"a\", \"b\"]", "\"enum\": [\"a\", \"A\"]"),
            "`a` and `A` both become the variant `A`",
        ),
        (
            with("\"enum\": [\"a\", \"b\"]", "\"enum\": [\"other\"]"),
            "would clash with the generated `Other` variant",
        ),
        (
            with("\"Kind\": {", "\"kind\": {"),
            "`kind` is not a usable Rust type name; use UpperCamelCase letters and digits, e.g. `Kind`",
        ),
        (
            with("\"Things\": {", "\"Crate\": {"),
            "the module `Crate` would be reached as `client.crate()`, which is not a usable method name",
        ),
        (
            with(
                "\"response\": \"Thing\"",
                "\"response\": \"Thing\", \"paginated\": true",
            ),
            "a paginated endpoint needs integer query parameters `offset` and `limit` with literal defaults",
        ),
        (
            with(
                "\"response\": \"Thing\"",
                "\"response\": \"Thing\", \"base\": \"/api/x/\"",
            ),
            "at $.modules.Things.endpoints.getThing.base: a base path starts with `/`, does not end with `/`",
        ),
        (
            with("\"default\": \"a\"", "\"default\": { \"param\": \"nope\" }"),
            "at $.modules.Things.endpoints.getThing.params.kind.default: there is no parameter `nope` to copy the default from",
        ),
        (
            with("\"default\": \"a\"", "\"default\": { \"param\": \"id\" }"),
            "`id` has another type than `kind`",
        ),
        (
            with("\"version\": 1", "\"version\": 2"),
            "spec.json:2:14: at $.version: unsupported spec version",
        ),
        (
            with(
                "\"id\": \"integer\",",
                "\"id\": \"integer\", \"me\": \"Thing\",",
            ),
            "spec.json:4:5: at $.types.Thing: every `Thing` holds another `Thing` through fields that must be present, so no value of it is finite; make a field on the way back optional or nullable, or an `array`",
        ),
        (
            with(
                "\"response\": \"Thing\"",
                "\"response\": \"Thing\", \"body\": \"Thing\"",
            ),
            "a GET request has no body",
        ),
        (
            with(
                "\"method\": \"GET\"",
                "\"method\": \"POST\", \"body\": { \"array\": \"Kind\" }",
            ),
            "at $.modules.Things.endpoints.getThing.body: a body must be a type with `fields`, or an `array` of one",
        ),
        (
            with(
                "\"method\": \"GET\"",
                "\"method\": \"POST\", \"body\": { \"array\": \"Thing\" }",
            )
            .replace(
                "\"default\": \"a\" }",
                "\"default\": \"a\" }, \"extra\": { \"in\": \"body\", \"type\": \"string\" }",
            ),
            "at $.modules.Things.endpoints.getThing: an array body has no keys for `in: body` parameters",
        ),
        (
            with(
                "\"response\": \"Thing\"",
                "\"response\": { \"list\": \"Thing\" }",
            ),
            "unknown type constructor `list`; expected `array`, `map`, `oneOrMany` or `builtin`",
        ),
        (
            with("\"Things\": {", "\"Thing\": {"),
            "the module `Thing` has the name of a type",
        ),
        (
            with(
                "\"response\": \"Thing\"\n        }",
                "\"response\": \"Thing\"\n        },\n        \"getThing\": { \"method\": \"GET\", \"path\": \"\", \"response\": \"json\" }",
            ),
            "spec.json:20:9: at $.modules.Things.endpoints.getThing: duplicate key `getThing`; it is already defined at 11:9; keep one of them",
        ),
        (
            with(
                "\"response\": \"Thing\"\n        }",
                "\"response\": \"Thing\"\n        },\n        \"get_thing\": { \"method\": \"GET\", \"path\": \"\", \"response\": \"json\" }",
            ),
            "`getThing` and `get_thing` both become the method `get_thing`",
        ),
        (
            with(
                "\"kind\": { \"in\": \"query\"",
                "\"send\": { \"in\": \"query\"",
            ),
            "`send` does not make a Rust parameter name",
        ),
        (
            with(
                "\"in\": \"path\", \"type\": \"integer\"",
                "\"in\": \"path\", \"type\": \"integer\", \"default\": 1",
            ),
            "a path parameter cannot have a default",
        ),
        (
            with(
                "\"response\": \"Thing\"",
                "\"response\": \"Thing\", \"idempotent\": \"yes\"",
            ),
            "spec.json:18:46: at $.modules.Things.endpoints.getThing.idempotent: expected true or false, found a string",
        ),
        (
            "{ \"version\": 1, \"modules\": { \"A\": [1, 2,] } }".to_owned(),
            "spec.json:1:41: invalid JSON: expected a JSON value, found `]`",
        ),
    ];
    for (text, expected) in cases {
        let found = problems(&text);
        assert_reported(&found, expected);
    }
}

#[test]
fn idempotent_defaults_to_true_for_get_only_and_can_be_set() {
    let flag = |text: &str| {
        let code = generated(text);
        assert!(!code.contains("compile_error"), "{code}");
        code.contains("idempotent : true")
    };
    assert!(
        flag(BASE),
        "a GET is idempotent unless the spec says otherwise"
    );
    assert!(!flag(&with(
        "\"response\": \"Thing\"",
        "\"response\": \"Thing\", \"idempotent\": false"
    )));
    let put = with("\"method\": \"GET\"", "\"method\": \"PUT\"");
    assert!(
        !flag(&put),
        "a PUT is not idempotent unless the spec says so"
    );
    assert!(flag(&put.replacen(
        "\"response\": \"Thing\"",
        "\"response\": \"Thing\", \"idempotent\": true",
        1
    )));
}

#[test]
fn reports_all_problems_not_only_the_first() {
    let text = with(
        "\"response\": \"Thing\"",
        "\"response\": \"Nope\", \"auth\": \"admin\"",
    );
    let text = text.replacen("\"id\": \"integer\"", "\"id\": \"int\"", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
}

#[test]
fn broken_definitions_still_generate_fallback_items() {
    // The endpoint's response type is misspelled and `Kind` is broken: the method and
    // both types must still exist so that user code does not drown in follow-up errors.
    let text = with("\"response\": \"Thing\"", "\"response\": \"Thingg\"").replacen(
        "\"enum\": [\"a\", \"b\"]",
        "\"enum\": 5",
        1,
    );
    let code = generated(&text);
    assert!(code.contains("compile_error"), "{code}");
    assert!(code.contains("pub fn get_thing"), "{code}");
    assert!(
        code.contains("pub type Kind = :: oneentry_client :: JsonValue"),
        "{code}"
    );
    assert!(code.contains("pub struct Thing"), "{code}");
}

#[test]
fn never_panics_on_arbitrary_json() {
    let texts = [
        "null",
        "[]",
        "{}",
        "1",
        "\"x\"",
        "{\"modules\": []}",
        "{\"modules\": {\"A\": {}}}",
        "{\"version\": 1, \"types\": {\"A\": {\"fields\": {\"b\": {\"type\": {}}}}}, \"modules\": {}}",
        "{\"version\": 1, \"types\": {\"A\": {\"enum\": []}}, \"modules\": {\"B\": {\"path\": \"/\", \"endpoints\": {\"c\": {}}}}}",
        "{\"version\": 1, \"modules\": {\"B\": {\"path\": \"/b\", \"endpoints\": {\"c\": {\"method\": \"GET\", \"path\": \"/{\", \"response\": \"json\"}}}}}",
        "{\"version\": 1, \"modules\": {\"B\": {\"path\": \"/b\", \"endpoints\": {\"c\": {\"method\": \"GET\", \"path\": \"/}{x}\", \"params\": {\"x\": 1}, \"response\": \"json\"}}}}}",
    ];
    for text in texts {
        let _ = generated(text);
        assert!(!problems(text).is_empty(), "{text} should have problems");
    }
}

#[test]
fn never_panics_on_mangled_versions_of_the_real_spec() {
    let spec = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/oneentry.json"
    ))
    .expect("the spec exists");
    let chars: Vec<char> = spec.chars().collect();
    // A fixed linear congruential sequence: the same 150 mutations on every run.
    let mut state: u64 = 0x5eed;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize % bound
    };
    let replacements = ['"', '{', '}', '[', ']', ',', ':', '1', 'x', ' '];
    for _ in 0..150 {
        let mut mangled = chars.clone();
        for _ in 0..1 + next(3) {
            let at = next(mangled.len());
            match next(3) {
                0 => {
                    mangled.remove(at);
                }
                1 => mangled[at] = replacements[next(replacements.len())],
                _ => mangled.insert(at, replacements[next(replacements.len())]),
            }
        }
        let text: String = mangled.into_iter().collect();
        let _ = problems(&text);
        let code = generated(&text);
        assert!(
            syn::parse_str::<syn::File>(&code).is_ok(),
            "generated code must stay valid Rust even for a broken spec:\n{text}"
        );
    }
}

#[test]
fn an_unusable_type_name_is_reported_once_not_at_every_use() {
    let text = with("\"Thing\": {", "\"Th ing\": {")
        .replace("\"response\": \"Thing\"", "\"response\": \"Th ing\"");
    let found = problems(&text);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("`Th ing` is not a usable Rust type name"),
        "{found:#?}"
    );
    let code = generated(&text);
    assert!(code.contains("compile_error"), "{code}");
    assert!(
        syn::parse_str::<syn::File>(&code).is_ok(),
        "the fallback code is valid Rust: {code}"
    );
}

#[test]
fn a_diagnostic_keeps_message_hint_and_position_apart() {
    let text = with("\"response\": \"Thing\"", "\"response\": \"Thingg\"");
    let failure = match crate::generate(&text, &super::options()) {
        Ok(_) => panic!("the typo must be reported"),
        Err(failure) => failure,
    };
    assert!(
        failure.fallback().is_some(),
        "a JSON spec keeps its fallback items"
    );
    let found: Vec<_> = failure.diagnostics().iter().collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let typo = found[0];
    assert_eq!(typo.file(), "spec.json");
    assert_eq!((typo.line(), typo.column()), (18, 23));
    assert_eq!(
        typo.path().map(|p| p.as_str()),
        Some("$.modules.Things.endpoints.getThing.response")
    );
    assert_eq!(typo.message(), "unknown type `Thingg`");
    assert_eq!(typo.hint(), Some("did you mean `Thing`?"));
}

#[test]
fn a_json_syntax_error_is_one_error_with_the_items_around_it() {
    let cases = [
        // A missing comma, a trailing comma, a missing colon, a bare word.
        with("\"id\": \"integer\",", "\"id\": \"integer\""),
        with("\"b\"]", "\"b\",]"),
        with("\"method\": \"GET\"", "\"method\" \"GET\""),
        with("\"Kind\": {", "Kind: {"),
    ];
    for text in cases {
        let failure = match crate::generate(&text, &super::options()) {
            Ok(_) => panic!("not JSON:\n{text}"),
            Err(failure) => failure,
        };
        assert_eq!(failure.diagnostics().len(), 1, "{failure}");
        assert!(failure.to_string().contains("invalid JSON"), "{failure}");
        let items = failure
            .fallback()
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(items.contains("pub fn get_thing"), "{text}\n{items}");
        assert!(items.contains("pub struct Thing"), "{text}\n{items}");
    }
    assert_eq!(
        problems("{ \"version\": 1,, }"),
        ["spec.json:1:16: invalid JSON: expected a string key in double quotes"]
    );
}

#[test]
fn text_that_is_not_json_has_no_fallback_items() {
    let failure = match crate::generate("version: 1", &super::options()) {
        Ok(_) => panic!("not JSON"),
        Err(failure) => failure,
    };
    assert!(failure.fallback().is_none());
    assert_eq!(
        failure.to_string(),
        "spec.json:1:1: invalid JSON: expected a JSON value, found `v`"
    );
}
