//! With credentials, a plain-http wildcard origin can be impersonated.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "http://*.example.com", credentials)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
