//! A type error in the handler's body points at the user's line, and the generated code adds
//! no error of its own.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
async fn handler() -> String {
    let count: u32 = "three";
    format!("{count}")
}

fn main() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
