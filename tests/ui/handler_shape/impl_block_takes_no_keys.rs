//! `#[cors]` on an `impl` block marks it: the policies go on its associated functions.

use axum_strict_cors::cors;

struct Api;

#[cors(origins = "https://app.example.com")]
impl Api {
    #[cors(origins = "https://app.example.com")]
    async fn index() -> &'static str {
        "ok"
    }
}

fn main() {}
