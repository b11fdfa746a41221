//! A method taking `self` cannot be an axum handler.

use axum_strict_cors::cors;

struct Api;

impl Api {
    #[cors(origins = "https://app.example.com")]
    async fn handler(&self) -> &'static str {
        "ok"
    }
}

fn main() {
    let _ = Api.handler();
}
