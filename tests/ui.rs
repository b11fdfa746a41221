//! Compile tests: every policy rule that can be checked at compile time has a `fail` case
//! (with the expected compiler output beside it), and every handler shape and policy feature
//! has a `pass` case that builds a `Router`.
//!
//! Regenerate the expected output with `TRYBUILD=overwrite cargo test --test ui` and review
//! it with `git diff`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
