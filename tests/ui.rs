//! Compile-fail tests: every policy rule that can be checked at compile time has a case here,
//! with the expected compiler output beside it, grouped by topic (`tests/ui/<topic>/`). The
//! cases that must compile are ordinary compiled tests in `tests/compiles/`.
//!
//! Only `compile_fail` cases live in this `TestCases`, so trybuild runs `cargo check` on them
//! (one `pass` case would make it build every case). Regenerate the expected output with
//! `TRYBUILD=overwrite cargo test --test ui` and review it with `git diff`.
//!
//! The expected output must not depend on the rustup components installed: rustc prints the
//! standard library's source lines only where the `rust-src` component is, so no snapshot may
//! point into it (`$RUST/`, as trybuild writes its path).

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

/// See the module's documentation: a snapshot that points into the standard library's source
/// passes on one machine and fails on another, depending on `rust-src`.
#[test]
fn snapshots_do_not_point_into_the_standard_library() {
    let mut pointing = Vec::new();
    for topic in std::fs::read_dir("tests/ui").expect("tests/ui") {
        let topic = topic.expect("a topic").path();
        for case in std::fs::read_dir(&topic).expect("a topic's cases") {
            let case = case.expect("a case").path();
            if case.extension().is_some_and(|e| e == "stderr") {
                let text = std::fs::read_to_string(&case).expect("a snapshot");
                if text.contains("$RUST/") {
                    pointing.push(case.display().to_string());
                }
            }
        }
    }
    assert!(
        pointing.is_empty(),
        "these snapshots point into the standard library's source, whose lines rustc prints \
         only with the `rust-src` component installed; report the error at the user's code \
         instead: {pointing:?}"
    );
}
