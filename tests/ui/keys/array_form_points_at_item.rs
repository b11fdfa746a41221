//! With the array form, the error underlines only the bad item (`"DELTE"`), not the list.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = ["PUT", "DELTE"])]
async fn handler() -> &'static str {
    "ok"
}

fn main() {
    let _app: Router = Router::new().route("/", put(handler).options(handler::preflight));
}
