//! A non-ASCII host: the error suggests the punycode form.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://bücher.example")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
