//! Two handlers on one path with different policies both claim `PUT`: which policy should
//! judge a `PUT` preflight? `preflight!` refuses to build.

use axum::{routing::put, Router};
use axum_strict_cors::{cors, preflight};

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update() -> &'static str {
    "updated"
}

#[cors(origins = "https://admin.example.com", methods = "PUT, DELETE")]
async fn remove() -> &'static str {
    "removed"
}

fn main() {
    let _app: Router = Router::new().route(
        "/",
        put(update)
            .delete(remove)
            .options(preflight!(update, remove)),
    );
}
