//! `internal` has no #[cors]: the registration cannot build its preflight.

use axum::routing::get;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
async fn list() -> &'static str {
    "[]"
}

async fn internal() -> &'static str {
    "internal"
}

fn main() {
    let _app: Router = Router::new().route("/items", cors_route!(get(list).post(internal)));
}
