//! Credentials with https origins, as a flag and as `= true`.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", credentials)]
async fn flag() -> &'static str {
    "ok"
}

#[cors(
    origins = ["https://app.example.com", "https://admin.example.com:8443"],
    credentials = true,
    headers = "authorization"
)]
async fn explicit() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/flag", get(flag).options(flag::preflight))
        .route("/explicit", get(explicit).options(explicit::preflight));
}
