//! Every key, each list key in its comma-string form.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(
    origins = "https://app.example.com, https://admin.example.com",
    methods = "PUT, DELETE, PATCH",
    headers = "content-type, x-api-key, authorization",
    expose_headers = "x-total-count, x-request-id",
    credentials,
    max_age = 600,
    private_network,
    reject_disallowed
)]
async fn update(body: String) -> String {
    body
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", put(update).options(update::preflight));
    assert!(update::validate().is_ok());
    let _: &axum_strict_cors::Policy = update::POLICY;
}
