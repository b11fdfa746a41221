//! `#[cfg]` above or below `#[cors]` removes the handler and its companion module together.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cfg(any())]
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn disabled_above() -> &'static str {
    "never compiled"
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[cfg(any())]
async fn disabled_below() -> &'static str {
    "never compiled"
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[cfg(not(any()))]
async fn enabled() -> &'static str {
    "ok"
}

// The names are free again: nothing of the disabled handlers remains.
#[allow(dead_code)]
fn disabled_above() {}
#[allow(dead_code)]
mod disabled_below {}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", put(enabled).options(enabled::preflight));
}
