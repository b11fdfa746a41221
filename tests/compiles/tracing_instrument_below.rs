//! `#[tracing::instrument]` below `#[cors]` instruments the user's function.

use axum::{extract::Path, routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
#[tracing::instrument(level = "debug")]
async fn show(Path(id): Path<u64>) -> String {
    tracing::debug!(id, "showing");
    id.to_string()
}

#[cors(origins = "https://app.example.com")]
#[tracing::instrument(skip_all, fields(kind = "body"))]
async fn echo(body: String) -> String {
    body
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/items/{id}", get(show).options(show::preflight))
        .route("/echo", axum::routing::post(echo));
}
