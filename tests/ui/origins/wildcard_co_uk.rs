//! A wildcard on a multi-label public suffix (`co.uk`).

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://*.co.uk")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
