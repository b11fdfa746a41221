//! Any port on a loopback host, for local development (plain http is fine on loopback, even
//! with credentials).

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(
    origins = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"],
    credentials
)]
async fn handler() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(handler).options(handler::preflight));
}
