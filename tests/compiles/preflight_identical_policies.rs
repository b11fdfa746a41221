//! Two handlers with identical policies may claim the same methods on one path.

use axum::{routing::put, Router};
use axum_strict_cors::{cors, preflight};

#[cors(origins = "https://app.example.com", methods = "PUT, DELETE")]
async fn update(body: String) -> String {
    body
}

#[cors(origins = "https://app.example.com", methods = "PUT, DELETE")]
async fn remove() -> &'static str {
    "removed"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route(
        "/items/{id}",
        put(update)
            .delete(remove)
            .options(preflight!(update, remove)),
    );
}
