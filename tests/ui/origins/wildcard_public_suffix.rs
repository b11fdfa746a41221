//! A wildcard directly on a public suffix allows sites anyone can register.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://*.com")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
