//! Other extractors, in and out of the last position: `HeaderMap`, `Query`, `Method`, `Uri`,
//! `Option<_>`, `Result<_, _>`, `Bytes`, `Form` and the raw `Request`.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{rejection::JsonRejection, Path, Query, Request},
    http::{HeaderMap, Method, Uri},
    routing::{get, post},
    Form, Json, Router,
};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
async fn parts(
    headers: HeaderMap,
    method: Method,
    uri: Uri,
    Query(query): Query<HashMap<String, String>>,
) -> String {
    format!("{method} {uri} {} {}", headers.len(), query.len())
}

#[cors(origins = "https://app.example.com")]
async fn optional(id: Option<Path<u32>>, body: Bytes) -> String {
    format!("{:?} {}", id.map(|Path(id)| id), body.len())
}

#[cors(origins = "https://app.example.com")]
async fn fallible(body: Result<Json<serde_json::Value>, JsonRejection>) -> String {
    match body {
        Ok(Json(value)) => value.to_string(),
        Err(rejection) => rejection.body_text(),
    }
}

#[cors(origins = "https://app.example.com")]
async fn form(Form(fields): Form<HashMap<String, String>>) -> String {
    fields.len().to_string()
}

#[cors(origins = "https://app.example.com")]
async fn raw(request: Request) -> String {
    request.uri().to_string()
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/parts", get(parts))
        .route("/optional/{id}", post(optional))
        .route("/fallible", post(fallible))
        .route("/form", post(form))
        .route("/raw", get(raw));
}
