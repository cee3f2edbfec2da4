//! The `oneentry-codegen` command as a user runs it: output, messages, exit codes.
//! (That its output for the project's spec is the snapshot is tested in `snapshot.rs`.)

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_oneentry-codegen"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A scratch file for one test, removed when the test ends.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &[u8]) -> Self {
        let path =
            std::env::temp_dir().join(format!("oneentry-codegen-{}-{name}", std::process::id()));
        std::fs::write(&path, contents).expect("temp dir is writable");
        TempFile(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8 here")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn names_the_trait_it_is_given_or_api_ext() {
    let named = run(&["../spec/oneentry.json", "--client", "trait", "ShopApi"]);
    assert!(named.status.success(), "{}", stderr(&named));
    assert!(String::from_utf8_lossy(&named.stdout).contains("pub trait ShopApi {"));
    let default = run(&["../spec/oneentry.json"]);
    assert!(String::from_utf8_lossy(&default.stdout).contains("pub trait ApiExt {"));
}

#[test]
fn a_missing_file_is_one_line_and_exit_1() {
    let output = run(&["no/such/spec.json"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.starts_with("oneentry-codegen: cannot read the spec `no/such/spec.json`: "),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn a_file_that_is_not_utf8_is_one_line_and_exit_1() {
    let file = TempFile::new("latin1.json", b"{\"version\": 1, \"x\": \"caf\xe9\"}");
    let output = run(&[file.arg()]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(
        message,
        format!(
            "oneentry-codegen: the spec `{}` is not UTF-8 text (invalid byte at offset 24)\n",
            file.arg()
        )
    );
}

#[test]
fn a_bad_spec_prints_every_problem_as_the_macro_does_and_exits_2() {
    let spec = "{\n  \"version\": 1,\n  \"types\": { \"Item\": { \"fields\": { \"id\": \"integer\" } } },\n  \"modules\": { \"Shop\": { \"path\": \"/api/shop\", \"endpoints\": {\n    \"getItem\": { \"method\": \"GET\", \"path\": \"\", \"response\": \"Itme\", \"auth\": \"admin\" }\n  } } }\n}\n";
    let file = TempFile::new("typo.json", spec.as_bytes());
    let output = run(&[file.arg()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let path = file.arg();
    assert_eq!(
        stderr(&output),
        format!(
            "{path}:5:75: at $.modules.Shop.endpoints.getItem.auth: unknown auth `admin`; expected one of `none`, `user`\n\
             {path}:5:59: at $.modules.Shop.endpoints.getItem.response: unknown type `Itme`; did you mean `Item`?\n\
             oneentry-codegen: 2 problems in `{path}`\n"
        )
    );
}

#[test]
fn text_that_is_not_json_exits_2_with_its_position() {
    let file = TempFile::new("broken.json", b"{ \"version\": 1,, }");
    let output = run(&[file.arg()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(&format!(
            "{}:1:16: invalid JSON: expected a string key in double quotes\n",
            file.arg()
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn wrong_arguments_exit_64_and_help_exits_0() {
    for args in [
        &[][..],
        &["--client"][..],
        &["--client", "trait"][..],
        &["--client", "trait", "self", "x.json"][..],
        &["--client", "inherited", "x.json"][..],
        &["a.json", "b.json"][..],
        &["--verbose", "a.json"][..],
    ] {
        let output = run(args);
        assert_eq!(
            output.status.code(),
            Some(64),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("Usage: oneentry-codegen SPEC"),
            "{args:?}"
        );
    }
    let help = run(&["--help"]);
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("Exit status"));
}
