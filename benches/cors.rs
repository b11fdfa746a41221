//! Placeholder: the benchmark suite is being written (issue 4).
fn main() {}
