//! `crate = ...` depends on the crate using a policy, not the one defining it.

use axum_strict_cors::cors_policy;

cors_policy!(API: origins = "https://app.example.com", crate = axum_strict_cors);

fn main() {}
