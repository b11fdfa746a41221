//! A handler without generic parameters is a unit struct: a `let` of its name beside it is read
//! as that struct (a pattern), not as a new variable.

use axum::{routing::get, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com")]
async fn list() -> &'static str {
    "ok"
}

fn main() {
    let list = Router::<()>::new().route("/", get(list));
    let _app: Router = list;
}
