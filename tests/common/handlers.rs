//! Plain axum handlers and middleware the app-shaped tests share: what a real app routes
//! beside its `#[cors]` handlers.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

pub async fn create(Json(item): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(item)
}

pub async fn update() -> &'static str {
    "updated"
}

/// Slower than any test's timeout layer.
pub async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(5)).await;
    "too late"
}

pub async fn boom() -> &'static str {
    panic!("a handler bug")
}

pub async fn not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such thing")
}

/// Cookie auth as the usual router-wide route layer: no cookie, 401.
pub async fn require_login(request: Request, next: Next) -> Response {
    let logged_in = request
        .headers()
        .get(header::COOKIE)
        .is_some_and(|c| c.as_bytes().starts_with(b"session="));
    match logged_in {
        true => next.run(request).await,
        false => StatusCode::UNAUTHORIZED.into_response(),
    }
}
