//! A policy with errors, applied to a whole router: its errors are reported once, where it is
//! written; `.layer(API)` adds none of its own.

use axum::{routing::get, Router};
use axum_strict_cors::cors_policy;

cors_policy!(pub API: origins = "https://app.example.com/", credentials, methods = "*");

async fn list() -> &'static str {
    "[]"
}

fn main() {
    let _app: Router = Router::new().route("/items", get(list)).layer(API);
}
