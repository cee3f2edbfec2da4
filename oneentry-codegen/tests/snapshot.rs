//! The code generated for the project's own spec, checked in as
//! `tests/snapshots/oneentry.rs` so every change to code generation is reviewed as
//! a diff. Run with `UPDATE_SNAPSHOTS=1` to accept a change.

use std::path::Path;

use oneentry_codegen::{Accessors, Options};

#[test]
fn generated_code_matches_the_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // `client = inherent`, as `oneentry-client` itself expands the spec.
    let options = Options::default().accessors(Accessors::Inherent);
    let code = match oneentry_codegen::generate_file(root.join("../spec/oneentry.json"), &options) {
        Ok(code) => code,
        Err(error) => panic!("the project's spec has problems:\n{error}"),
    };
    let snapshot = root.join("tests/snapshots/oneentry.rs");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot, &code).expect("snapshot is writable");
        return;
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
    assert!(
        expected == code,
        "generated code differs from {}; review the diff after running with UPDATE_SNAPSHOTS=1",
        snapshot.display()
    );
}
