//! The registration starts with a routing function and a handler.

use axum::Router;
use axum_strict_cors::cors_route;

fn main() {
    let _app: Router = Router::new().route("/items", cors_route!(axum::routing::MethodRouter::new()));
    let _other: Router = Router::new().route("/other", cors_route!(list));
}
