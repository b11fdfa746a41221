//! `#[axum::debug_handler]` checks the user's function whether it is written above or below
//! `#[cors]`: a body extractor that is not last is its error, in both orders.

use axum::{extract::Path, Json};
use axum_strict_cors::cors;

#[axum::debug_handler]
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn above(Json(body): Json<String>, Path(id): Path<u64>) -> String {
    format!("{id}: {body}")
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
#[axum::debug_handler]
async fn below(Json(body): Json<String>, Path(id): Path<u64>) -> String {
    format!("{id}: {body}")
}

fn main() {}
