//! A port is a number from 1 to 65535.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "http://localhost:99999")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
