//! The README's endpoint table must name every endpoint of the project's spec, and no other.

use std::collections::BTreeSet;

use crate::read::{self as json, Value};

fn members(value: &Value) -> &[crate::read::Member] {
    match value {
        Value::Object(members) => members,
        _ => &[],
    }
}

#[test]
fn the_readme_table_lists_every_endpoint_of_the_spec() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let spec = std::fs::read_to_string(format!("{root}/spec/oneentry.json")).expect("spec");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README");
    let spec = json::parse(&spec).expect("the spec is JSON");

    let mut in_spec = BTreeSet::new();
    for module in members(&spec.value).iter().filter(|m| m.key == "modules") {
        for m in members(&module.value.value) {
            for endpoints in members(&m.value.value)
                .iter()
                .filter(|e| e.key == "endpoints")
            {
                for endpoint in members(&endpoints.value.value) {
                    in_spec.insert(format!("{}.{}", m.key, endpoint.key));
                }
            }
        }
    }
    let in_readme: BTreeSet<String> = readme
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`').map(|(name, _)| name.to_owned()))
        .filter(|name| name.starts_with(char::is_uppercase) && name.contains('.'))
        .collect();
    assert_eq!(
        in_readme, in_spec,
        "README.md's endpoint table and spec/oneentry.json differ"
    );
    // The 73 methods of the official SDK and 3 requests it makes on its own.
    assert_eq!(in_spec.len(), 76);
}
