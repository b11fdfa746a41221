//! `TRACE` is a forbidden method: browsers never send it.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = ["GET", "TRACE"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
