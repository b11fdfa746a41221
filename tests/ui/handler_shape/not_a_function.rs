//! `#[cors]` goes on a handler function, not on a struct.

use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
struct Handler;

fn main() {
    let _ = Handler;
}
