//! `#[cors]` on an associated function in an `impl` block: the handler it makes (a type and a
//! value) cannot stand in an `impl`. The README's limits say to write a free function.

use axum_cors::cors;

struct Api;

impl Api {
    #[cors(origins = "https://app.example.com")]
    async fn index() -> &'static str {
        "ok"
    }
}

fn main() {
    let _ = Api;
}
