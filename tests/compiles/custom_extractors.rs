//! The user's own extractors: one from request parts, one consuming the body.

use axum::{
    extract::{FromRequest, FromRequestParts, Request},
    http::{request::Parts, StatusCode},
    routing::post,
    Router,
};
use axum_strict_cors::cors;

struct ApiKey(String);

impl<S: Send + Sync> FromRequestParts<S> for ApiKey {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .headers
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .map(|key| ApiKey(key.to_owned()))
            .ok_or((StatusCode::UNAUTHORIZED, "missing x-api-key"))
    }
}

struct Shout(String);

impl<S: Send + Sync> FromRequest<S> for Shout {
    type Rejection = (StatusCode, String);

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let text = String::from_request(request, state)
            .await
            .map_err(|e| (StatusCode::BAD_REQUEST, e.body_text()))?;
        Ok(Shout(text.to_uppercase()))
    }
}

#[cors(origins = "https://app.example.com", headers = "x-api-key")]
async fn both(ApiKey(key): ApiKey, Shout(text): Shout) -> String {
    format!("{key}: {text}")
}

#[cors(origins = "https://app.example.com", headers = "x-api-key")]
async fn parts_last(ApiKey(key): ApiKey) -> String {
    key
}

#[cors(origins = "https://app.example.com")]
async fn body_only(Shout(text): Shout) -> String {
    text
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/both", post(both).options(both::preflight))
        .route("/parts", post(parts_last))
        .route("/body", post(body_only));
}
