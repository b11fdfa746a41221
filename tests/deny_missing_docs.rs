//! A crate that denies missing docs: the generated items must not trip the lint.
#![deny(missing_docs)]

/// The public API.
pub mod api {
    use axum_strict_cors::{cors, cors_policy};

    cors_policy!(pub API: origins = "https://app.example.com");

    /// Lists the items.
    #[cors(policy = API, expose_headers = "x-total-count")]
    pub async fn list() -> &'static str {
        "list"
    }

    /// Shows an item.
    #[cors(origins = "https://app.example.com")]
    pub async fn show() -> &'static str {
        "show"
    }

    /// Updates an item.
    #[cors(
        origins = "https://app.example.com",
        methods = "PUT",
        origins_env = "UI_TEST_MORE_ORIGINS"
    )]
    pub async fn update(body: String) -> String {
        body
    }
}

/// Builds the router.
pub fn app() -> axum::Router {
    use axum::routing::{get, put};
    axum::Router::new()
        .route("/", get(api::show).options(api::show::preflight))
        .route("/list", get(api::list))
        .route("/update", put(api::update).options(api::update::preflight))
}

#[test]
fn generated_items_are_documented() {
    let _app = app();
}
