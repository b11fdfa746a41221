//! `pub` and `pub(crate)` handlers defined in one module and routed from another, by path and
//! through `use` (which brings the handler and its companion module into scope together).

mod api {
    use axum_strict_cors::cors;

    #[cors(origins = "https://app.example.com")]
    pub async fn list() -> &'static str {
        "list"
    }

    #[cors(origins = "https://app.example.com", methods = "PUT")]
    pub(crate) async fn update(body: String) -> String {
        body
    }

    pub mod admin {
        use axum_strict_cors::cors;

        #[cors(origins = "https://admin.example.com", methods = "DELETE")]
        pub(in crate::pub_handlers_other_module::api) async fn purge() -> &'static str {
            "purged"
        }

        #[cors(origins = "https://admin.example.com")]
        pub(super) async fn stats() -> &'static str {
            "stats"
        }
    }

    pub(crate) fn admin_routes() -> axum::Router {
        use axum::routing::{delete, get};
        axum::Router::new()
            .route(
                "/purge",
                delete(admin::purge).options(admin::purge::preflight),
            )
            .route("/stats", get(admin::stats))
    }
}

use api::update;
use axum::{
    routing::{get, put},
    Router,
};
use axum_strict_cors::preflight;

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/items", get(api::list).options(api::list::preflight))
        .route("/items/{id}", put(update).options(preflight!(update)))
        .nest("/admin", api::admin_routes());
}
