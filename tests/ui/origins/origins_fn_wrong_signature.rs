//! `origins_fn` must be `fn(&str) -> bool`; a wrong signature is a type error on the path.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

fn is_trusted(origin: String) -> bool {
    origin.ends_with(".example.com")
}

#[cors(origins_fn = crate::is_trusted)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
