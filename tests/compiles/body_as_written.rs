//! The function's body is emitted as written, inner attributes included, whatever syntax it
//! uses: `#[cors]` reads only the signature.

use axum::{extract::Path, routing::put, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update(Path(id): Path<u32>, body: String) -> String {
    #![allow(clippy::let_and_return)]
    let total = 'sum: {
        if body.is_empty() {
            break 'sum id;
        }
        id + u32::try_from(body.len()).unwrap_or(u32::MAX)
    };
    let answer = format!("{total}");
    answer
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/{id}", put(update).options(update::preflight));
}

#[tokio::test]
async fn runs_as_written() {
    assert_eq!(update(Path(2), String::new()).await, "2");
    assert_eq!(update(Path(2), "abc".into()).await, "5");
}
