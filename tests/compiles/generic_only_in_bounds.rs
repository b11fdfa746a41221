//! A type parameter used only in bounds (not inferable from the arguments) is forwarded to the
//! user's function, and a turbofish names exactly the user's parameters: `greet::<En>`,
//! `make::<String>` for one generic only in its return type.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

trait Lang {
    const HELLO: &'static str;
}

struct En;

impl Lang for En {
    const HELLO: &'static str = "hello";
}

struct Fr;

impl Lang for Fr {
    const HELLO: &'static str = "bonjour";
}

#[cors(origins = "*")]
async fn greet<L: Lang>() -> &'static str {
    L::HELLO
}

#[cors(origins = "*", methods = "PUT")]
async fn greet_with<L: Lang + 'static>(body: String) -> String {
    format!("{} {body}", L::HELLO)
}

#[cors(origins = "*")]
async fn repeat<const N: usize>() -> String {
    "x".repeat(N)
}

#[cors(origins = "*")]
async fn make<T: Default + axum::response::IntoResponse>() -> T {
    T::default()
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/en", get(greet::<En>).options(greet::preflight))
        .route("/fr", get(greet::<Fr>))
        .route("/with", get(greet_with::<En>).put(greet_with::<Fr>))
        .route("/three", get(repeat::<3>))
        .route("/made", get(make::<String>));
}
