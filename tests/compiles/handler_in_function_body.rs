//! A handler declared inside a function body.

use axum::{routing::get, Router};
use axum_cors::cors;

fn routes() -> Router {
    #[cors(origins = "https://app.example.com", methods = "GET, PATCH")]
    async fn local() -> &'static str {
        "local"
    }

    Router::new().route("/", get(local).patch(local).options(local::preflight))
}

#[test]
fn builds() {
    #[cors(origins = "*")]
    async fn in_main() -> &'static str {
        "main"
    }

    let _app: Router = routes().route("/main", get(in_main));
}
