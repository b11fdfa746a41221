//! `null` is allowed only with the explicit `allow_null_origin` opt-in.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com, null", allow_null_origin)]
async fn handler() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
