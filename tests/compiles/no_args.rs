//! The smallest handler: no arguments, one exact origin.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
async fn hello() -> &'static str {
    "hello"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(hello).options(hello::preflight));
}
