//! `.on(MethodFilter, ..)` routes methods the registration cannot see.

use axum::routing::{get, MethodFilter};
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
async fn list() {}

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update() {}

fn main() {
    let _app: Router = Router::new().route(
        "/items",
        cors_route!(get(list).on(MethodFilter::PUT, update)),
    );
}
