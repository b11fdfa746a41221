//! `cors_route!` on the most common REST shapes: a list and a create on one path, neither
//! with `methods`; an update and a delete on another, each allowing the method it is routed
//! on; routing functions by any path (`get`, `routing::put`, `axum::routing::delete`).

use axum::{extract::Path, routing, Json, Router};
use axum_strict_cors::{cors, cors_route};
use serde_json::Value;

#[cors(origins = "https://app.example.com")]
async fn list() -> Json<Vec<Value>> {
    Json(Vec::new())
}

#[cors(origins = "https://app.example.com", headers = "content-type")]
async fn create(Json(body): Json<Value>) -> Json<Value> {
    Json(body)
}

#[cors(origins = "https://app.example.com", headers = "content-type")]
async fn update(Path(id): Path<u64>, Json(body): Json<Value>) -> String {
    format!("{id}: {body}")
}

#[cors(origins = "https://admin.example.com", methods = "DELETE, PATCH")]
async fn remove(Path(id): Path<u64>) -> String {
    format!("removed {id}")
}

#[cors(origins = "https://admin.example.com", methods = "*")]
async fn touch(Path(id): Path<u64>) -> String {
    format!("touched {id}")
}

#[test]
fn builds() {
    use routing::get;
    let _app: Router = Router::new()
        .route("/items", cors_route!(get(list).post(create)))
        .route(
            "/items/{id}",
            cors_route!(routing::put(update).delete(remove).patch(touch)),
        )
        .route("/all", cors_route!(axum::routing::delete(remove)));
}
