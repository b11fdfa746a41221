//! A handler of another module, routed on DELETE, whose `methods` lists PUT and PATCH.

use axum::routing::put;
use axum::Router;
use axum_strict_cors::cors_route;

mod api {
    use axum_strict_cors::cors;

    #[cors(origins = "https://app.example.com", methods = "PUT, PATCH")]
    pub async fn update() {}

    #[cors(origins = "https://app.example.com", methods = "PUT, PATCH")]
    pub async fn remove() {}
}

fn main() {
    let _app: Router = Router::new().route(
        "/items/{id}",
        cors_route!(put(api::update).patch(api::update).delete(api::remove)),
    );
}
