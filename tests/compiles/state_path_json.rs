//! The usual extractors: `State`, `Path` and `Json` (the body last).

use std::sync::Arc;

use axum::{
    extract::{Path, State},
    routing::put,
    Json, Router,
};
use axum_strict_cors::cors;
use serde::{Deserialize, Serialize};

#[derive(Clone, Default)]
struct AppState {
    prefix: Arc<str>,
}

#[derive(Deserialize, Serialize)]
struct Item {
    name: String,
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn update(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Json(item): Json<Item>,
) -> Json<Item> {
    Json(Item {
        name: format!("{}{id}: {}", state.prefix, item.name),
    })
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/items/{id}", put(update).options(update::preflight))
        .with_state(AppState::default());
}
