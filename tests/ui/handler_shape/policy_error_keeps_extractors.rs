//! A policy error on a handler with extractors: the handler is still usable (no errors from
//! `put(update)` or from `update::preflight`), only the policy error is reported.

use axum::{extract::Path, routing::put, Json, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = "PUT, DELTE")]
async fn update(Path(id): Path<u64>, Json(body): Json<serde_json::Value>) -> String {
    format!("{id}: {body}")
}

fn main() {
    let _app: Router = Router::new().route("/items/{id}", put(update).options(update::preflight));
    let _ = update::validate();
    let _ = &update::POLICY;
}
