//! `internal` takes extractors and has no #[cors]: the registration says so, naming it.

use axum::extract::Path;
use axum::routing::get;
use axum::Router;
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
async fn list() -> &'static str {
    "[]"
}

async fn internal(Path(id): Path<u32>, body: String) -> String {
    format!("{id}: {body}")
}

fn main() {
    let _app: Router = Router::new().route("/items/{id}", cors_route!(get(list).post(internal)));
}
