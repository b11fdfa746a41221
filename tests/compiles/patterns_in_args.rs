//! Patterns in arguments: tuple, struct, wildcard, `mut` and by-value bindings.

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    routing::put,
    Json, Router,
};
use axum_strict_cors::cors;
use serde::Deserialize;

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
    calls: u32,
}

#[derive(Deserialize)]
struct Item {
    name: String,
    #[allow(dead_code)]
    note: Option<String>,
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update(
    State(AppState { greeting, .. }): State<AppState>,
    Path((user, id)): Path<(String, u32)>,
    _: HeaderMap,
    Json(Item { name, .. }): Json<Item>,
) -> String {
    format!("{greeting} {user}/{id}: {name}")
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn count(State(mut state): State<AppState>, mut body: String) -> String {
    state.calls += 1;
    body.push('!');
    format!("{} {body}", state.calls)
}

#[test]
fn builds() {
    let state = AppState {
        greeting: "hi",
        calls: 0,
    };
    let _app: Router = Router::new()
        .route(
            "/users/{user}/items/{id}",
            put(update).options(update::preflight),
        )
        .route("/count", put(count).options(count::preflight))
        .with_state(state);
}
