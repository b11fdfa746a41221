//! `crate = renamed` when the user refers to axum-strict-cors under another name.

extern crate axum_strict_cors as renamed;

use axum::{routing::put, Router};
use renamed::{cors, cors_route, preflight};

#[cors(crate = renamed, origins = "https://app.example.com", methods = "PUT")]
async fn update(body: String) -> String {
    body
}

mod nested {
    #[renamed::cors(crate = renamed, origins = "https://app.example.com")]
    pub async fn show() -> &'static str {
        "show"
    }
}

#[test]
fn renamed_crate_builds_a_router() {
    let _app: Router = Router::new()
        .route("/", put(update).options(preflight!(update)))
        .route("/show", axum::routing::get(nested::show))
        .route("/again", renamed::cors_route!(crate = renamed; put(update)))
        .route("/shown", cors_route!(axum::routing::get(nested::show)));
}
