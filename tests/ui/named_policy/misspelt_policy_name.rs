//! A misspelt `policy = NAME` is one error, rustc's, which names the policy it meant: the
//! handler's uses (routing, `cors_route!`, its companions) resolve as they will once fixed.

use axum::extract::Path;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_policy, cors_route};

cors_policy!(API: origins = "https://app.example.com", methods = "PUT");

#[cors(policy = APi)]
async fn update(Path(id): Path<u64>) -> String {
    id.to_string()
}

#[cors(policy = APi)]
pub async fn list() -> &'static str {
    "[]"
}

fn main() {
    let _app: Router = Router::new()
        .route("/a/{id}", put(update))
        .route("/b/{id}", cors_route!(put(update)))
        .route("/c", get(list).options(list::preflight));
    let _ = (list::validate(), list::POLICY, update::CLAIMS);
}
