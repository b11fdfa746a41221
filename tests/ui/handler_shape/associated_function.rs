//! `#[cors]` on an associated function of an `impl` block without `#[cors]` on the block: the
//! handler it makes (a type and a value) cannot stand in an `impl`, and the attribute cannot
//! see that it is in one. rustc's error, at the attribute; then the function is missing where
//! it is routed. With `#[cors]` on the block, it is a handler (`tests/compiles`).

use axum::routing::get;
use axum::Router;
use axum_strict_cors::cors;

struct Api;

impl Api {
    #[cors(origins = "https://app.example.com")]
    async fn index() -> &'static str {
        "ok"
    }
}

fn main() {
    let _app: Router = Router::new().route("/", get(Api::index));
}

struct Greeter;

impl Greeter {
    // A generic one too.
    #[cors(origins = "https://app.example.com")]
    async fn greet<T: Default + ToString>() -> String {
        T::default().to_string()
    }
}

axum_strict_cors::cors_policy!(API: origins = "https://app.example.com");

struct Admin;

impl Admin {
    // And one with a named policy.
    #[cors(policy = API)]
    async fn purge() -> &'static str {
        "purged"
    }
}
