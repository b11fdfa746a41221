//! Two handlers on one method: axum would panic when building the router.

use axum::routing::get;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
async fn list() {}

#[cors(origins = "https://app.example.com")]
async fn list_again() {}

fn main() {
    let _app: Router = Router::new().route("/items", cors_route!(get(list).get(list_again)));
}
