//! `preflight!` with one, two and three handlers, by name and by path.

use axum::{
    routing::{get, put},
    Router,
};
use axum_strict_cors::{cors, preflight};

mod api {
    use axum_strict_cors::cors;

    #[cors(origins = "https://app.example.com", methods = "PUT")]
    pub async fn update(body: String) -> String {
        body
    }

    #[cors(origins = "https://app.example.com", methods = "DELETE")]
    pub async fn remove() -> &'static str {
        "removed"
    }

    pub mod v2 {
        use axum_strict_cors::cors;

        #[cors(origins = "https://app.example.com", methods = "PATCH")]
        pub async fn patch(body: String) -> String {
            body
        }
    }
}

#[cors(origins = "https://app.example.com")]
async fn show() -> &'static str {
    "show"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/one", get(show).options(preflight!(show)))
        .route(
            "/two",
            put(api::update)
                .delete(api::remove)
                .options(preflight!(api::update, api::remove)),
        )
        .route(
            "/three",
            get(show)
                .put(api::update)
                .patch(api::v2::patch)
                .options(preflight!(show, api::update, api::v2::patch,)),
        );
}
