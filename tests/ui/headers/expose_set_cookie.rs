//! `Set-Cookie` can never be exposed to scripts.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(
    origins = "https://app.example.com",
    expose_headers = "x-total-count, Set-Cookie"
)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
