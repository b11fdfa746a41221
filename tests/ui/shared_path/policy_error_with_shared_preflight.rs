//! A policy error in one handler of a shared path: only that error is reported, not a
//! follow-on conflict from `preflight!` (the stub companions must not claim any method).

use axum::{routing::get, Router};
use axum_strict_cors::{cors, preflight};

#[cors(origins = "https://app.example.com/", methods = "PUT")]
async fn update() -> &'static str {
    "updated"
}

#[cors(origins = "https://app.example.com")]
async fn show() -> &'static str {
    "show"
}

fn main() {
    let _app: Router =
        Router::new().route("/", get(show).put(update).options(preflight!(update, show)));
}
