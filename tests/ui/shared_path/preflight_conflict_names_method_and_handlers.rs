//! `list` (no `methods`: GET, HEAD, POST) and `create` (POST) have different policies: the
//! error names the method they both claim and both handlers with their module paths.

use axum::{routing::get, Router};
use axum_strict_cors::preflight;

mod todos {
    use axum_strict_cors::cors;

    #[cors(origins = "https://app.example.com")]
    pub async fn list() -> &'static str {
        "[]"
    }

    #[cors(origins = "https://app.example.com", methods = "POST", headers = "content-type")]
    pub async fn create() -> &'static str {
        "created"
    }
}

fn main() {
    let _app: Router = Router::new().route(
        "/todos",
        get(todos::list)
            .post(todos::create)
            .options(preflight!(todos::list, todos::create)),
    );
}
