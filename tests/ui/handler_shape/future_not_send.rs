//! A handler whose future is not `Send` (here an `Rc` held across an `.await`) is refused,
//! as axum refuses it; the error points at the value held across the `.await`.

use std::rc::Rc;

use axum::{routing::get, Router};
use axum_strict_cors::{cors, cors_route};

#[cors(origins = "https://app.example.com")]
async fn handler() -> String {
    let shared = Rc::new(1);
    std::future::ready(()).await;
    shared.to_string()
}

fn main() {
    let _app: Router = Router::new().route("/", cors_route!(get(handler)));
}
