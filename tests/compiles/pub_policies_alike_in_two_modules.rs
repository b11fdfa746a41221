//! Two modules of one crate each define `pub API` with the same keys: `#[macro_export]` puts
//! both policies' hidden callbacks at the crate root, where they must not meet. Each handler
//! gets the policy of its own module.

use axum::{routing::put, Router};

pub mod shop {
    use axum_strict_cors::{cors, cors_policy};

    cors_policy!(pub API: origins = "https://app.example.com", methods = "PUT");

    #[cors(policy = API)]
    pub async fn update() -> &'static str {
        "shop"
    }
}

pub mod blog {
    use axum_strict_cors::{cors, cors_policy};

    cors_policy!(pub API: origins = "https://app.example.com", methods = "PUT");

    #[cors(policy = API, expose_headers = "x-blog")]
    pub async fn update() -> &'static str {
        "blog"
    }
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/shop", put(shop::update).options(shop::update::preflight))
        .route("/blog", put(blog::update).options(blog::update::preflight));
    assert!(shop::update::POLICY.expose_headers.is_none());
    assert!(blog::update::POLICY.expose_headers.is_some());
}
