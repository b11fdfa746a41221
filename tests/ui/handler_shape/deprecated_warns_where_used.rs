//! A `#[deprecated]` handler is reported where it is used (here an error, under
//! `deny(deprecated)`), once, and never at its own definition.
#![deny(deprecated)]

use axum::{routing::put, Router};
use axum_strict_cors::cors;

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[deprecated(note = "use items_v2")]
async fn items(body: String) -> String {
    body
}

fn main() {
    let _app: Router = Router::new().route("/items", put(items));
}
