//! Policies equal but for the order of their lists (origins, methods, headers, string or
//! array form) share a path's methods; so do policies differing only in what never shapes a
//! preflight's answer (`expose_headers`, `reject_disallowed`).

use axum::{routing::put, Router};
use axum_strict_cors::{cors, preflight};

#[cors(
    origins = "https://a.example.com, https://*.b.example.com, http://localhost:*",
    methods = "PUT, DELETE",
    headers = "content-type, x-api-key"
)]
async fn update() {}

#[cors(
    origins = ["http://localhost:*", "https://*.b.example.com", "https://a.example.com"],
    methods = ["DELETE", "PUT"],
    headers = ["X-Api-Key", "Content-Type"],
    expose_headers = "x-total-count",
    reject_disallowed
)]
async fn remove() {}

#[test]
fn builds() {
    let _app: Router = Router::new().route(
        "/items/{id}",
        put(update)
            .delete(remove)
            .options(preflight!(update, remove)),
    );
}
