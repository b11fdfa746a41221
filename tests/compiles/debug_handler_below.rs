//! `#[axum::debug_handler]` below `#[cors]` checks the user's own signature.

use axum::{extract::Path, routing::put, Json, Router};
use axum_cors::cors;

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[axum::debug_handler]
async fn update(Path(id): Path<u64>, Json(body): Json<serde_json::Value>) -> String {
    format!("{id}: {body}")
}

#[cors(origins = "https://app.example.com")]
#[axum::debug_handler]
async fn no_args() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/items/{id}", put(update).options(update::preflight))
        .route("/", axum::routing::get(no_args));
}
