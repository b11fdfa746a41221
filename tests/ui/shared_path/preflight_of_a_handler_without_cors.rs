//! `preflight!` names handlers that have `#[cors]`: it reads the companion module the attribute
//! generates (`update::CLAIMS`), so a handler without the attribute is reported by rustc as a
//! missing module. A macro cannot see another item's attributes, and rustc's resolution errors
//! cannot be reworded; this case keeps the message that users get in view.

use axum::{routing::put, Router};
use axum_strict_cors::preflight;

async fn update() -> &'static str {
    "updated"
}

fn main() {
    let _app: Router = Router::new().route("/", put(update).options(preflight!(update)));
}
