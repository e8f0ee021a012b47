//! Misuse of `#[derive(FalError)]` is a compile error that teaches: each file under
//! `ui/fail/` makes one mistake and its `.stderr` is the message users see; the files
//! under `ui/pass/` compile and check what the derive generates.
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite cargo test -p fal-error-ui-tests`,
//! then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/fail/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
