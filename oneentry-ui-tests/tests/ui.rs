//! What the generated code accepts and what it rejects, with which message.
//!
//! `pass/` cases compile and run; `compile_fail/` cases must fail with exactly the
//! checked-in `.stderr`. After an intended change of a message, regenerate with
//! `TRYBUILD=overwrite cargo test -p oneentry-ui-tests` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/compile_fail/*.rs");
}
