//! `max_age` from 0 to Firefox's cap of 86400 seconds.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = "PUT", max_age = 0)]
async fn never_cached() -> &'static str {
    "ok"
}

#[cors(origins = "https://app.example.com", methods = "PUT", max_age = 86400)]
async fn firefox_cap() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/a", put(never_cached).options(never_cached::preflight))
        .route("/b", put(firefox_cap).options(firefox_cap::preflight));
}
