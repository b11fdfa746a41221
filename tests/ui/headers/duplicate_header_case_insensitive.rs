//! Header names ignore case: `X-Api-Key` and `x-api-key` are one header.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", headers = ["X-Api-Key", "x-api-key"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
