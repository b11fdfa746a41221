//! A named policy without `origins` (or `origins_fn` / `origins_env`): the error is on its name.

use axum_strict_cors::cors_policy;

cors_policy!(API: methods = "PUT");

fn main() {}
