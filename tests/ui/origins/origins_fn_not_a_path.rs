//! `origins_fn` takes a path to a `fn(&str) -> bool`.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins_fn = 42)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
