//! An argument that is not an extractor: the error is the one axum gives for a function that
//! is not a handler, on the route, naming the handler and the argument types it was given.

use axum::{routing::get, Router};
use axum_strict_cors::{cors, cors_route};

struct Settings;

#[cors(origins = "https://app.example.com")]
async fn handler(_settings: Settings, body: String) -> String {
    body
}

fn main() {
    let _app: Router = Router::new().route("/", cors_route!(get(handler)));
}
