//! The return type of a handler must implement `IntoResponse`; the error names the user's type.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

struct Report;

#[cors(origins = "https://app.example.com")]
async fn handler() -> Report {
    Report
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
