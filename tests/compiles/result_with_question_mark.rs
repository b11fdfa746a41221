//! `Result<Json<T>, AppError>` with `?` in the body, and early `return`.

use axum::{
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::put,
    Json, Router,
};
use axum_strict_cors::cors;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct Item {
    name: String,
}

struct AppError(String);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (StatusCode::UNPROCESSABLE_ENTITY, self.0).into_response()
    }
}

impl From<std::num::ParseIntError> for AppError {
    fn from(e: std::num::ParseIntError) -> Self {
        AppError(e.to_string())
    }
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update(Path(id): Path<String>, Json(item): Json<Item>) -> Result<Json<Item>, AppError> {
    let id: u64 = id.parse()?;
    if item.name.is_empty() {
        return Err(AppError("empty name".into()));
    }
    Ok(Json(Item {
        name: format!("{id}: {}", item.name),
    }))
}

#[test]
fn builds() {
    let _app: Router = Router::new().route("/items/{id}", put(update).options(update::preflight));
}
