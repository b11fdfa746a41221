//! The routing function a `cors_route!` chain starts with (`put(update)`) is routed by the
//! macro on the runtime's `CorsRoute`, not called; its import must still count as used, so
//! that a crate denying unused imports builds.
#![deny(unused_imports)]

use axum::extract::Path;
use axum::routing::{delete, put};
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com", methods = "PUT, DELETE")]
async fn update(Path(id): Path<u64>, body: String) -> String {
    format!("{id}: {body}")
}

#[cors(origins = "https://app.example.com", methods = "PUT, DELETE")]
async fn remove(Path(id): Path<u64>) -> String {
    format!("{id}")
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/items/{id}", cors_route!(put(update)))
        .route("/other/{id}", cors_route!(axum::routing::put(update)))
        .route("/gone/{id}", cors_route!(delete(remove)));
}
