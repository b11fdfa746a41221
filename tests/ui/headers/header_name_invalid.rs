//! A header name is an RFC 9110 token: no spaces.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", headers = ["x-api key"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
