//! `policy = NAME` names a policy defined with `cors_policy!`: a const is not one.

use axum_strict_cors::cors;

const API: &str = "https://app.example.com";

#[cors(policy = API)]
async fn update() {}

fn main() {
    let _ = (API, update);
}
