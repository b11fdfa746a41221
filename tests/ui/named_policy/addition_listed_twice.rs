//! An exposed header added by a handler that the policy already exposes is listed twice.

use axum_strict_cors::{cors, cors_policy};

cors_policy!(API: origins = "https://app.example.com", expose_headers = "x-total-count");

#[cors(policy = API, expose_headers = "X-Total-Count, x-version")]
async fn list() {}

fn main() {
    let _ = list;
}
