//! Non-http origins that real apps send: Tauri and browser extensions.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = [
    "tauri://localhost",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    "moz-extension://0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"
])]
async fn handler() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
