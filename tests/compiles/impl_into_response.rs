//! `-> impl IntoResponse`, a tuple response, and `-> Response`.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", expose_headers = "x-total-count")]
async fn opaque() -> impl IntoResponse {
    (
        StatusCode::CREATED,
        [(header::HeaderName::from_static("x-total-count"), "3")],
        "created",
    )
}

#[cors(origins = "https://app.example.com")]
async fn concrete() -> Response {
    (StatusCode::IM_A_TEAPOT, "teapot").into_response()
}

#[cors(origins = "https://app.example.com")]
async fn unit() {}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/opaque", get(opaque))
        .route("/concrete", get(concrete))
        .route("/unit", get(unit));
}
