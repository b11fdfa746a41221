//! A handler declared inside a function body, with its own policy or a named policy declared
//! there too.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

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

    axum_strict_cors::cors_policy!(LOCAL: origins = "https://app.example.com");

    #[cors(policy = LOCAL, expose_headers = "x-version")]
    async fn named_here() -> &'static str {
        "named"
    }

    let _app: Router = routes()
        .route("/main", get(in_main))
        .route("/named", get(named_here));
}
