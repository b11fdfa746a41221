//! One handler on a path: its own `preflight` is the OPTIONS handler, also as a standalone
//! `options(...)` route.

use axum::{
    routing::{delete, options},
    Router,
};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = "DELETE")]
async fn remove() -> &'static str {
    "removed"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/a", delete(remove).options(remove::preflight))
        .route("/b", options(remove::preflight).delete(remove));
}
