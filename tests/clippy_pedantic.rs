//! Generated code is clean under `clippy::pedantic`: this crate warns on it, and the project's
//! `cargo clippy --workspace --all-targets -- -D warnings` turns any warning into an error.
//! (`cargo test` cannot see lints; clippy checks this file.)
#![warn(clippy::pedantic)]

use axum::extract::{Path, Query, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use axum_strict_cors::{cors, cors_policy, preflight};

cors_policy!(
    /// A named policy.
    pub API: origins = "https://app.example.com", methods = "PUT"
);

// Every key a policy can hold, shared by two handlers on one path.
cors_policy!(
    ADMIN: origins = ["https://app.example.com", "https://*.example.org"],
    methods = "PUT, DELETE",
    headers = "content-type",
    credentials,
    max_age = 600
);

// Defined and never used: no warning either.
cors_policy!(UNUSED: origins = "https://app.example.com");

#[cors(policy = API, expose_headers = "x-version")]
async fn named() -> &'static str {
    "named"
}

/// No `.await` inside: `clippy::unused_async` must not fire on the nested function.
#[cors(origins = "https://app.example.com")]
pub async fn hello() -> &'static str {
    "hello"
}

#[cors(policy = ADMIN, expose_headers = "x-total-count")]
async fn update(
    State(prefix): State<&'static str>,
    Path(id): Path<u64>,
    Query(query): Query<std::collections::HashMap<String, String>>,
    Json(body): Json<serde_json::Value>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "prefix": prefix, "id": id, "query": query.len(), "body": body }))
}

#[cors(policy = ADMIN, expose_headers = "x-total-count")]
async fn remove(Path(id): Path<u64>) -> String {
    format!("removed {id}")
}

fn trusted(origin: &str) -> bool {
    origin.ends_with(".example.net")
}

#[cors(origins_fn = trusted, origins_env = "AXUM_STRICT_CORS_PEDANTIC_ORIGINS")]
async fn checked() -> Result<&'static str, (axum::http::StatusCode, String)> {
    Ok("checked")
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/", get(hello).options(hello::preflight))
        .route(
            "/items/{id}",
            put(update)
                .delete(remove)
                .options(preflight!(update, remove)),
        )
        .route("/checked", get(checked))
        .route("/named", get(named))
        .with_state("p");
}
