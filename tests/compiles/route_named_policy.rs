//! `cors_route!` with handlers of a named policy: the policy's `methods` allow the methods the
//! handlers are routed on; a policy without `methods` allows whichever each is routed on.

use axum::{routing::get, Router};
use axum_strict_cors::{cors, cors_policy, cors_route};

cors_policy!(WRITES: origins = "https://app.example.com", methods = "PUT, DELETE");
cors_policy!(ANY_METHOD: origins = "https://app.example.com", headers = "content-type");

#[cors(policy = WRITES)]
async fn show() -> &'static str {
    "item"
}

#[cors(policy = WRITES, expose_headers = "x-version")]
async fn replace(body: String) -> String {
    body
}

#[cors(policy = WRITES)]
async fn remove() {}

#[cors(policy = ANY_METHOD)]
async fn patch(body: String) -> String {
    body
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route(
            "/items/{id}",
            cors_route!(get(show).put(replace).delete(remove)),
        )
        .route("/notes/{id}", cors_route!(axum::routing::patch(patch)));
}
