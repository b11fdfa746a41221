//! Fifteen extractors, the most a `#[cors]` handler takes; more go in a tuple extractor.

use axum::http::{HeaderMap, Method, Uri};
use axum::{routing::post, Router};
use axum_cors::cors;

#[cors(origins = "https://app.example.com")]
#[allow(clippy::too_many_arguments)]
async fn fifteen(
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
    (_a14, _a15): (Uri, HeaderMap),
    _body: String,
) -> &'static str {
    "fifteen"
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/", post(fifteen));
}
