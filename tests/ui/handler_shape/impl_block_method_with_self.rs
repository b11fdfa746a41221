//! A method that takes `self` cannot be a handler: axum calls handlers with extractors only.

use axum_strict_cors::cors;

#[derive(Clone)]
struct Api;

#[cors]
impl Api {
    #[cors(origins = "https://app.example.com")]
    async fn index(&self) -> &'static str {
        "ok"
    }
}

fn main() {
    let _ = Api::index;
}
