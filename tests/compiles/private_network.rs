//! Private Network Access, opted into explicitly.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", private_network)]
async fn handler() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
