//! Axum handlers are `async fn`.

use axum::{routing::options, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
fn handler() -> &'static str {
    "ok"
}

fn main() {
    // The companions still exist, so only the policy error is reported.
    let _app: Router = Router::new().route("/", options(handler::preflight));
    let _ = handler();
}
