//! The async origin check of a router-wide policy takes the origin and returns a future of
//! `bool`: a plain `bool` is refused where the closure is written.

use axum::{routing::get, Router};
use axum_strict_cors::cors_policy;

cors_policy!(pub SPA: origins = "https://app.example.com");

fn main() {
    let _app: Router = Router::new()
        .route("/", get(|| async { "" }))
        .layer(SPA.origins_async(|origin: String| origin.ends_with(".tenant.example")));
}
