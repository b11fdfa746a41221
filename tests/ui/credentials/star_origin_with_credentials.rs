//! Browsers reject `Access-Control-Allow-Origin: *` on credentialed requests.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "*", credentials)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
