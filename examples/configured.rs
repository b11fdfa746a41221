//! A policy from the app's configuration file: `cargo run --example configured [FILE]`
//! (default `examples/configured/app.toml`). A bad `[cors]` section stops the program before
//! it listens, with every problem, each with its key, its value and the fix.

use std::process::ExitCode;

use axum::routing::get;
use axum_strict_cors::CorsConfig;
use serde::Deserialize;

/// The app's configuration file.
#[derive(Deserialize)]
struct Config {
    listen: String,
    cors: CorsConfig,
}

async fn items() -> ([(&'static str, &'static str); 1], &'static str) {
    ([("x-total-count", "0")], "[]")
}

#[tokio::main]
async fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/configured/app.toml".to_owned());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config: Config = match toml::from_str(&text) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let policy = match config.cors.name(format!("[cors] of {path}")).build() {
        Ok(policy) => policy,
        Err(problems) => {
            eprintln!("error: {problems}");
            return ExitCode::FAILURE;
        }
    };
    let app = policy.router().route("/items", get(items));
    let listen = std::env::var("ADDR").unwrap_or(config.listen);
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .expect("the address is free");
    println!("listening on http://{listen}");
    axum::serve(listener, app).await.expect("the server runs");
    ExitCode::SUCCESS
}
