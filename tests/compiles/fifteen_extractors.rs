//! Fifteen extractors, the most a generic `#[cors]` handler takes (its wrapper reads `Origin`
//! with one more); more go in a tuple extractor.

use axum::http::{HeaderMap, Method, Uri};
use axum::{routing::post, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
// `T` only makes the handler generic, so that it keeps the wrapping `async fn`.
#[allow(clippy::too_many_arguments, clippy::extra_unused_type_parameters)]
async fn fifteen<T: Send + 'static>(
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
    let _app: Router = Router::new().route("/", post(fifteen::<()>));
}
