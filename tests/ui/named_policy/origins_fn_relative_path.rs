//! A named policy is used from other modules: its `origins_fn` is a path from the crate root.

use axum_strict_cors::cors_policy;

fn trusted(origin: &str) -> bool {
    origin.ends_with(".example.com")
}

cors_policy!(API: origins_fn = trusted);

fn main() {
    let _ = trusted;
}
