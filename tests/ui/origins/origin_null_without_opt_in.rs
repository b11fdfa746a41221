//! `null` needs the explicit `allow_null_origin` opt-in.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com, null")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
