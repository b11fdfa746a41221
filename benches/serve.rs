//! The quickstart's server, three ways, for the served-throughput test of `bench/run.sh`:
//! `no_cors` (the same routes without CORS), `tower_http` (the same policies as per-route
//! `CorsLayer`s) and `cors` (`#[cors]`, as in `examples/quickstart.rs`).
//!
//! ```text
//! CORS_SERVE=cors target/release/deps/serve-*   # prints "listening on 127.0.0.1:PORT"
//! ```
//!
//! It listens on loopback only, on one runtime thread (the load generator gets the other
//! core), and exits by itself after `CORS_SERVE_SECONDS` (default 120). Without `CORS_SERVE`
//! (a plain `cargo bench`) it prints how to use it and exits.

use std::time::Duration;

use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, put};
use axum::{Json, Router};
use axum_strict_cors::{cors, preflight};
use serde_json::{json, Value};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

const PAGE: &str = "http://www.example.com";

mod plain {
    use axum::Json;
    use serde_json::{json, Value};

    pub async fn user() -> Json<Value> {
        Json(json!({ "name": "Ada", "email": "ada@example.com" }))
    }

    pub async fn public() -> Json<Value> {
        Json(json!({ "motd": "hello, world" }))
    }

    pub async fn update(body: String) -> String {
        format!("updated with {} bytes\n", body.len())
    }

    pub async fn remove() -> &'static str {
        "deleted\n"
    }
}

#[cors(origins = "http://www.example.com")]
async fn user() -> Json<Value> {
    Json(json!({ "name": "Ada", "email": "ada@example.com" }))
}

#[cors(origins = "*")]
async fn public() -> Json<Value> {
    Json(json!({ "motd": "hello, world" }))
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type"
)]
async fn update(body: String) -> String {
    format!("updated with {} bytes\n", body.len())
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type"
)]
async fn remove() -> &'static str {
    "deleted\n"
}

fn no_cors() -> Router {
    Router::new()
        .route("/user", get(plain::user))
        .route("/public", get(plain::public))
        .route("/", put(plain::update).delete(plain::remove))
}

fn tower_http() -> Router {
    let page = || AllowOrigin::list([HeaderValue::from_static(PAGE)]);
    Router::new()
        .route(
            "/user",
            get(plain::user).layer(CorsLayer::new().allow_origin(page())),
        )
        .route(
            "/public",
            get(plain::public).layer(CorsLayer::new().allow_origin(Any)),
        )
        .route(
            "/",
            put(plain::update).delete(plain::remove).layer(
                CorsLayer::new()
                    .allow_origin(page())
                    .allow_methods([Method::PUT, Method::DELETE])
                    .allow_headers([header::CONTENT_TYPE]),
            ),
        )
}

fn with_cors() -> Router {
    Router::new()
        .route("/user", get(user))
        .route("/public", get(public))
        .route(
            "/",
            put(update)
                .delete(remove)
                .options(preflight!(update, remove)),
        )
}

fn main() {
    let Ok(variant) = std::env::var("CORS_SERVE") else {
        println!("serve: set CORS_SERVE=no_cors|tower_http|cors (bench/run.sh does)");
        return;
    };
    let app = match variant.as_str() {
        "no_cors" => no_cors(),
        "tower_http" => tower_http(),
        "cors" => with_cors(),
        other => panic!("CORS_SERVE={other}: expected no_cors, tower_http or cors"),
    };
    let seconds = std::env::var("CORS_SERVE_SECONDS").map_or(120, |s| s.parse().expect("seconds"));
    // Bounded: the server stops by itself even if nobody stops it.
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(seconds));
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("a runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        println!("listening on {}", listener.local_addr().expect("address"));
        axum::serve(listener, app).await.expect("serve");
    });
}
