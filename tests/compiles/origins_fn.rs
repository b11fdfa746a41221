//! A run-time origin check, alone and beside literal origins.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

fn is_tenant(origin: &str) -> bool {
    origin.starts_with("https://") && origin.ends_with(".tenants.example.com")
}

mod auth {
    pub fn is_trusted(origin: &str) -> bool {
        origin == "https://partner.example.org"
    }
}

// A bare path resolves where the handler is written.
#[cors(origins_fn = is_tenant)]
async fn tenants() -> &'static str {
    "tenants"
}

#[cors(origins = "https://app.example.com", origins_fn = auth::is_trusted)]
async fn partners() -> &'static str {
    "partners"
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/tenants", get(tenants).options(tenants::preflight))
        .route("/partners", get(partners).options(partners::preflight));
}
