//! A near miss of a key gets a "did you mean".

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(orgins = "https://app.example.com")]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
