//! Browsers omit the default port, so `:443` would never match.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com:443")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
