//! `file://` pages send `Origin: null`; not an origin to allow.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "file:///home/me/index.html")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
