//! Doc comments and lint attributes on the handler and in its body keep working.
#![deny(unused_variables)]

use axum::{routing::get, Router};
use axum_strict_cors::cors;

/// Says hello.
///
/// The doc comment stays on the handler.
#[cors(origins = "https://app.example.com")]
#[allow(unused_variables, clippy::needless_return)]
#[must_use = "a handler"]
async fn hello() -> &'static str {
    let unused = 1;
    return "hello";
}

#[cors(origins = "https://app.example.com")]
#[allow(non_snake_case)]
async fn Hello() -> &'static str {
    "Hello"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/", get(hello).options(hello::preflight))
        .route("/upper", get(Hello).options(Hello::preflight));
}
