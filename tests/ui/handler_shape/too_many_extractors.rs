//! axum calls handlers with up to 16 extractors and the generated wrapper of a generic handler
//! takes one more than the user's function: its 16th argument is a compile error on that
//! argument, saying how to group extractors.

use axum::http::{HeaderMap, Method, Uri};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
async fn crowded<T: Send + 'static>(
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
    _a16: String,
) -> &'static str {
    "too many"
}

fn main() {}
