//! A policy must say which origins it allows.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(methods = "PUT")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
