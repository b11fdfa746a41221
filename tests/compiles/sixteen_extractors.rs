//! Sixteen extractors, axum's own limit: a handler without generic parameters is called through
//! axum's `Handler` for its function, so `#[cors]` takes nothing from it.

use axum::http::{HeaderMap, Method, Uri};
use axum::{routing::post, Router};
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
#[allow(clippy::too_many_arguments)]
async fn sixteen(
    _a1: Method,
    _a2: Uri,
    _a3: HeaderMap,
    _a4: Method,
    _a5: Uri,
    _a6: HeaderMap,
    _a7: Method,
    _a8: Uri,
    _a9: HeaderMap,
    _a10: Method,
    _a11: Uri,
    _a12: HeaderMap,
    _a13: Method,
    _a14: Uri,
    _a15: HeaderMap,
    _body: String,
) -> &'static str {
    "sixteen"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/", post(sixteen))
        .route("/registered", cors_route!(post(sixteen)));
}
