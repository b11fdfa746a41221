//! A preflight carries no credentials, so it must not be answered by an authentication layer. These
//! tests show the two set-ups the README recommends.

use axum::body::Body;
use axum::extract::{FromRequestParts, Request};
use axum::http::{request::Parts, HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::put;
use axum::Router;
use axum_strict_cors::{cors, preflight};
use tower::ServiceExt;

const PAGE: &str = "https://app.example.com";

async fn require_auth(request: Request, next: Next) -> Result<Response, StatusCode> {
    match request.headers().contains_key("authorization") {
        true => Ok(next.run(request).await),
        false => Err(StatusCode::UNAUTHORIZED),
    }
}

#[cors(
    origins = "https://app.example.com",
    methods = "PUT",
    headers = "authorization"
)]
async fn guarded() -> &'static str {
    "saved"
}

/// Authentication as an extractor: its rejection goes through the generated wrapper.
struct User;

impl<S: Send + Sync> FromRequestParts<S> for User {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
        match parts.headers.contains_key("authorization") {
            true => Ok(User),
            false => Err(StatusCode::UNAUTHORIZED),
        }
    }
}

#[cors(
    origins = "https://app.example.com",
    methods = "PUT",
    headers = "authorization"
)]
async fn with_user(_user: User) -> &'static str {
    "saved"
}

fn app() -> Router {
    Router::new()
        .route(
            "/layer",
            put(guarded)
                .route_layer(middleware::from_fn(require_auth))
                .options(preflight!(guarded)),
        )
        .route("/extractor", put(with_user).options(with_user::preflight))
}

async fn send(method: Method, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap) {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    (response.status(), response.headers().clone())
}

fn preflight_headers() -> [(&'static str, &'static str); 3] {
    [
        ("origin", PAGE),
        ("access-control-request-method", "PUT"),
        ("access-control-request-headers", "authorization"),
    ]
}

#[tokio::test]
async fn preflight_registered_after_route_layer_is_not_guarded() {
    let (status, headers) = send(Method::OPTIONS, "/layer", &preflight_headers()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    assert_eq!(headers["access-control-allow-headers"], "authorization");
}

#[tokio::test]
async fn route_layer_still_guards_the_handler() {
    let (status, _) = send(Method::PUT, "/layer", &[("origin", PAGE)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, headers) = send(
        Method::PUT,
        "/layer",
        &[("origin", PAGE), ("authorization", "Bearer t")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], PAGE);
}

#[tokio::test]
async fn extractor_auth_rejection_carries_cors_headers() {
    let (status, headers) = send(Method::PUT, "/extractor", &[("origin", PAGE)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers["access-control-allow-origin"], PAGE);
    assert_eq!(headers["vary"], "Origin");
}

#[tokio::test]
async fn extractor_auth_never_sees_the_preflight() {
    let (status, headers) = send(Method::OPTIONS, "/extractor", &preflight_headers()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["access-control-allow-methods"], "PUT");
}
