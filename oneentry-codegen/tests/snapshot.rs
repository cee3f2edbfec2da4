//! The code generated for the project's own spec, checked in as
//! `tests/snapshots/oneentry.rs` so every change to code generation is reviewed as
//! a diff. Run with `UPDATE_SNAPSHOTS=1` to accept a change.

use std::path::Path;
use std::process::Command;

use oneentry_codegen::{Accessors, Options};

/// One test, so that with `UPDATE_SNAPSHOTS=1` the command is compared with the new snapshot.
#[test]
fn the_library_and_the_command_generate_the_snapshot() {
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
    }
    let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
    assert!(
        expected == code,
        "generated code differs from {}; review the diff after running with UPDATE_SNAPSHOTS=1",
        snapshot.display()
    );

    let output = Command::new(env!("CARGO_BIN_EXE_oneentry-codegen"))
        .args(["../spec/oneentry.json", "--client", "inherent"])
        .current_dir(root)
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success() && stderr.is_empty(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&output.stdout) == expected,
        "the command's output differs from {}",
        snapshot.display()
    );
}
