//! Two origins without the comma between them.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://a.example.com https://b.example.com")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
