//! `#[axum::debug_handler]` with `#[cors]`, in either order and in its `cfg_attr` form, with an
//! inline or a named policy: its checks run on the user's own signature.

use axum::{extract::Path, routing::put, Json, Router};
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[axum::debug_handler]
async fn below(Path(id): Path<u64>, Json(body): Json<serde_json::Value>) -> String {
    format!("{id}: {body}")
}

#[axum::debug_handler]
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn above(Path(id): Path<u64>, Json(body): Json<serde_json::Value>) -> String {
    format!("{id}: {body}")
}

#[cfg_attr(debug_assertions, axum::debug_handler)]
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn cfg_attr_above(Path(id): Path<u64>) -> String {
    id.to_string()
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[cfg_attr(debug_assertions, axum::debug_handler)]
async fn cfg_attr_below(Path(id): Path<u64>) -> String {
    id.to_string()
}

#[cors(origins = "https://app.example.com")]
#[axum::debug_handler]
async fn no_args() -> &'static str {
    "ok"
}

#[axum::debug_handler]
#[cors(origins = "https://app.example.com")]
async fn no_args_above() -> &'static str {
    "ok"
}

axum_strict_cors::cors_policy!(EDIT: origins = "https://app.example.com", methods = "PUT");

// A named policy goes through its callback and back to `#[cors]`: the same in either order.
#[cors(policy = EDIT)]
#[axum::debug_handler]
async fn named_below(Path(id): Path<u64>) -> String {
    id.to_string()
}

#[axum::debug_handler]
#[cors(policy = EDIT)]
async fn named_above(Path(id): Path<u64>) -> String {
    id.to_string()
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/below/{id}", put(below).options(below::preflight))
        .route("/above/{id}", cors_route!(put(above)))
        .route("/cfg-above/{id}", cors_route!(put(cfg_attr_above)))
        .route("/cfg-below/{id}", cors_route!(put(cfg_attr_below)))
        .route("/", axum::routing::get(no_args))
        .route("/above", axum::routing::get(no_args_above))
        .route("/named-below/{id}", cors_route!(put(named_below)))
        .route("/named-above/{id}", cors_route!(put(named_above)));
}
