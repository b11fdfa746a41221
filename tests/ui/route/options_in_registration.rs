//! The registration adds the OPTIONS route itself; an `.options(..)` in it is refused.

use axum::routing::put;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update() {}

fn main() {
    let _app: Router =
        Router::new().route("/items", cors_route!(put(update).options(update::preflight)));
}
