//! Three mistakes in one attribute: three errors in one build, each on its own span.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(origins = "htps://app.example.com", methods = ["PUT", "DELTE"], max_agee = 600)]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", put(handler).options(handler::preflight));
}
