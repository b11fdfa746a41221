//! A named policy defined once (`cors_policy!`), used by name on handlers in other modules,
//! with per-handler additions, by a private policy in the same module, and with an
//! `origins_fn` from the crate root.

use axum::{routing::get, Router};
use axum_strict_cors::preflight;

pub mod policies {
    use axum_strict_cors::cors_policy;

    cors_policy!(
        /// The front end's API.
        pub API: origins = "https://app.example.com, https://*.example.org",
        methods = "PUT, DELETE",
        headers = "content-type",
        max_age = 600
    );

    cors_policy!(pub(crate) TRUSTED: origins_fn = crate::named_policy::trusted);
}

pub fn trusted(origin: &str) -> bool {
    origin == "https://partner.example.net"
}

mod items {
    use axum_strict_cors::cors;

    #[cors(policy = crate::named_policy::policies::API)]
    pub async fn update(body: String) -> String {
        body
    }

    #[cors(policy = super::policies::API, expose_headers = "x-total-count")]
    pub async fn remove() -> &'static str {
        "removed"
    }
}

mod local {
    use axum_strict_cors::{cors, cors_policy};

    cors_policy!(PRIVATE: origins = "*");

    #[cors(policy = PRIVATE)]
    pub async fn public() -> &'static str {
        "public"
    }

    #[cors(policy = crate::named_policy::policies::TRUSTED, reject_disallowed)]
    pub async fn partner() -> &'static str {
        "partner"
    }
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route(
            "/items/{id}",
            get(local::public)
                .put(items::update)
                .delete(items::remove)
                .options(preflight!(items::update, items::remove)),
        )
        .route("/partner", get(local::partner));
}
