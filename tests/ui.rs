//! Compile-fail tests: every policy rule that can be checked at compile time has a case here,
//! with the expected compiler output beside it, grouped by topic (`tests/ui/<topic>/`). The
//! cases that must compile are ordinary compiled tests in `tests/compiles/`.
//!
//! Only `compile_fail` cases live in this `TestCases`, so trybuild runs `cargo check` on them
//! (one `pass` case would make it build every case). Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test --test ui` and review it with `git diff`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    for topic in [
        "origins",
        "credentials",
        "methods",
        "headers",
        "keys",
        "handler_shape",
        "shared_path",
        "named_policy",
        "route",
    ] {
        t.compile_fail(format!("tests/ui/{topic}/*.rs"));
    }
}
