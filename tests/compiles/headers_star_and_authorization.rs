//! `*` never covers `authorization` (Fetch), so `headers = "*, authorization"` may name it.

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(
    origins = "https://app.example.com",
    methods = "PUT",
    headers = "*, authorization"
)]
async fn update() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", put(update).options(update::preflight));
    let allow = update::POLICY.allow_headers.unwrap();
    assert_eq!(allow, "*, authorization");
}
