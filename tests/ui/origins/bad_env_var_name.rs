//! `origins_env` names an environment variable; `-` is not allowed in one.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins_env = "CORS-ORIGINS")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
