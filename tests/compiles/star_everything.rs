//! A public API: `*` for origins, methods, headers and exposed headers (no credentials).

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "*", methods = "*", headers = "*", expose_headers = "*")]
async fn public() -> &'static str {
    "public"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", get(public).options(public::preflight));
}
