//! A function that is not an axum handler, in a crate that uses axum-strict-cors: rustc's list of
//! types that do implement `Handler` does not recommend the preflight handler.

use axum::{routing::get, Router};
#[allow(unused_imports)]
use axum_strict_cors::{cors, preflight};

fn not_async() -> &'static str {
    "not async"
}

fn main() {
    let _app: Router = Router::new().route("/", get(not_async));
}
