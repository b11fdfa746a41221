//! Wildcard subdomains are only for http and https origins.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "chrome-extension://*.example.com")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
