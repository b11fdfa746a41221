//! A wildcard subdomain (one or more labels before `.example.com`), with and without a port.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(
    origins = "https://*.example.com, https://*.staging.example.com:8443",
    credentials
)]
async fn handler() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
