//! A scheme that is neither http(s) nor a known app scheme.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "ftp://files.example.com")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
