//! `github.io` is a public suffix: anyone can publish under it.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://*.github.io")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
