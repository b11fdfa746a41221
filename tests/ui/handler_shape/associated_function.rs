//! `#[cors]` on an associated function in an `impl` block: the handler it makes (a type and a
//! value) cannot stand in an `impl`. One error, at the attribute: rustc's, whose help says to
//! move it out (the README's limits say to write a free function); then the function is
//! missing where it is routed.

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
