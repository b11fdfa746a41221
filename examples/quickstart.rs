//! The exchange of the "CORS Errors" page: a page at http://www.example.com calls the service
//! at http://service.example.com.
//!
//! ```text
//! cargo run --example quickstart            # listens on 127.0.0.1:3000 (or $ADDR)
//! curl -i -H 'Origin: http://www.example.com' http://127.0.0.1:3000/user
//! ```

use axum::{
    routing::{get, put},
    Json, Router,
};
use axum_strict_cors::{cors, cors_route};
use serde_json::{json, Value};

/// The user's data: only the page at http://www.example.com may read it.
#[cors(origins = "http://www.example.com")]
async fn user() -> Json<Value> {
    Json(json!({ "name": "Ada", "email": "ada@example.com" }))
}

/// Public data: any page may read it.
#[cors(origins = "*")]
async fn public() -> Json<Value> {
    Json(json!({ "motd": "hello, world" }))
}

/// A state-changing request: the browser sends a preflight first, and the answer names the
/// methods the page may use, as the "CORS Errors" exchange shows.
#[cors(origins = "http://www.example.com", methods = "PUT, DELETE")]
async fn update(body: String) -> String {
    format!("updated with {} bytes\n", body.len())
}

#[cors(origins = "http://www.example.com", methods = "PUT, DELETE")]
async fn remove() -> &'static str {
    "deleted\n"
}

fn app() -> Router {
    Router::new()
        .route("/user", cors_route!(get(user)))
        .route("/public", cors_route!(get(public)))
        // One registration per path: each handler with its method, and the path's OPTIONS
        // route (the preflight) built from them.
        .route("/", cors_route!(put(update).delete(remove)))
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "axum_strict_cors=debug,info".into()),
        )
        .init();
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let listener = match tokio::net::TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("error: cannot listen on {addr}: {e} (set ADDR to another address)");
            std::process::exit(1);
        }
    };
    println!(
        "quickstart listening on http://{}",
        listener.local_addr().unwrap()
    );
    axum::serve(listener, app()).await.unwrap();
}
