//! Browsers send origins in lower case; matching is exact.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://App.Example.com")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
