//! Origins read once from an environment variable, validated at start-up.

use axum::{routing::get, Router};
use axum_strict_cors::{cors, preflight};

#[cors(origins_env = "UI_TEST_CORS_ORIGINS")]
async fn handler() -> &'static str {
    "ok"
}

#[cors(
    origins = "https://app.example.com",
    origins_env = "UI_TEST_CORS_ORIGINS",
    credentials
)]
async fn both() -> &'static str {
    "ok"
}

#[test]
fn builds() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
    // local time is asked for).
    unsafe {
        std::env::set_var(
            "UI_TEST_CORS_ORIGINS",
            "https://a.example.com, https://b.example.com",
        )
    };
    handler::validate().expect("valid origins");
    both::validate().expect("valid origins");
    let _app: Router = Router::new()
        .route("/", get(handler).options(preflight!(handler)))
        .route("/both", get(both).options(both::preflight));
}
