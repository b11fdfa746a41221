//! `update` is routed on PUT, but its policy's `methods` lists only POST: a browser's PUT
//! preflight would be refused. The route does not compile.

use axum::routing::put;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com", methods = "POST")]
async fn update() -> &'static str {
    "updated"
}

fn main() {
    let _app: Router = Router::new().route("/items", cors_route!(put(update)));
}
