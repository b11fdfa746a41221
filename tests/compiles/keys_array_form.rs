//! Every list key in its array form (one literal, one span per item), and flags written as
//! `= true`.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com"],
    methods = ["PUT", "DELETE", "PATCH"],
    headers = ["content-type", "x-api-key"],
    expose_headers = ["x-total-count", "x-request-id"],
    credentials = true,
    private_network = true,
    allow_null_origin = false,
    reject_disallowed = false,
    max_age = 7200
)]
async fn update(body: String) -> String {
    body
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", put(update).options(update::preflight));
}
