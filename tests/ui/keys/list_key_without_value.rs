//! A list key used as a flag.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
