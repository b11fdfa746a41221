//! The registration adds the OPTIONS route itself; an `.options(..)` in it is refused.

use axum::Router;
use axum_cors::{cors, cors_route, preflight};

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update() {}

fn main() {
    let _app: Router =
        Router::new().route("/items", cors_route!(put(update).options(preflight!(update))));
}
