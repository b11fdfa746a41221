//! A run-time origin check, alone and beside literal origins.

use axum::{routing::get, Router};
use axum_cors::cors;

fn is_tenant(origin: &str) -> bool {
    origin.starts_with("https://") && origin.ends_with(".tenants.example.com")
}

mod auth {
    pub fn is_trusted(origin: &str) -> bool {
        origin == "https://partner.example.org"
    }
}

// A full path: the policy is compiled inside the companion module `tenants`, where a bare
// `is_tenant` does not resolve.
#[cors(origins_fn = crate::is_tenant)]
async fn tenants() -> &'static str {
    "tenants"
}

#[cors(origins = "https://app.example.com", origins_fn = crate::auth::is_trusted)]
async fn partners() -> &'static str {
    "partners"
}

fn main() {
    let _app: Router = Router::new()
        .route("/tenants", get(tenants).options(tenants::preflight))
        .route("/partners", get(partners).options(partners::preflight));
}
