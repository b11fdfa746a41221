//! A policy error in a handler of the registration is reported once, on the policy: no
//! second error from the route.

use axum::routing::put;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com/", methods = "POST")]
async fn update() {}

fn main() {
    let _app: Router = Router::new().route("/items", cors_route!(put(update)));
}
