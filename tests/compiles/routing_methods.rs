//! The handler works with every routing function: `get`, `post`, `put`, `delete`, `patch`
//! and `on(MethodFilter)`, and as a `MethodRouter` chain.

use axum::{
    routing::{delete, get, on, post, put, MethodFilter},
    Router,
};
use axum_strict_cors::{cors, preflight};

#[cors(origins = "https://app.example.com")]
async fn read() -> &'static str {
    "read"
}

#[cors(origins = "https://app.example.com", methods = "PUT, PATCH, DELETE")]
async fn write(body: String) -> String {
    body
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/get", get(read))
        .route("/post", post(read))
        .route("/put", put(write).options(write::preflight))
        .route("/delete", delete(write).options(write::preflight))
        .route(
            "/on",
            on(MethodFilter::PATCH.or(MethodFilter::PUT), write).options(write::preflight),
        )
        .route(
            "/chain",
            get(read)
                .post(read)
                .put(write)
                .patch(write)
                .delete(write)
                .options(preflight!(read, write)),
        );
}
