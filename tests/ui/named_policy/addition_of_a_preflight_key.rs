//! A handler using a named policy may add `expose_headers` and `reject_disallowed` only: the
//! other keys decide how its preflights are answered, which must be the policy's.

use axum_strict_cors::{cors, cors_policy};

cors_policy!(API: origins = "https://app.example.com", methods = "PUT");

#[cors(policy = API, methods = "PATCH", origins = "https://other.example.com", expose_headers = "x-total-count")]
async fn update() {}

fn main() {
    let _ = update;
}
