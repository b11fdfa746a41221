//! TRACE is never sent cross-origin by a browser: it has no place in a CORS registration.

use axum::routing::get;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
async fn list() {}

async fn echo() {}

fn main() {
    let _app: Router = Router::new().route("/items", cors_route!(get(list).trace(echo)));
}
