//! A `#[cors]` handler is still the user's function when called directly, as its unit tests
//! call it: `update(Path(1), Json(user)).await` runs the function, without CORS.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use axum_strict_cors::cors;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    id: u64,
    name: String,
}

#[cors(origins = "http://www.example.com", methods = "PUT, DELETE")]
async fn update(Path(id): Path<u64>, Json(user): Json<User>) -> Json<User> {
    Json(User { id, ..user })
}

#[cors(origins = "http://www.example.com")]
async fn health() -> &'static str {
    "ok"
}

#[cors(origins = "http://www.example.com")]
async fn nothing() {}

#[cors(origins = "http://www.example.com")]
async fn search(Query(q): Query<HashMap<String, String>>) -> impl IntoResponse {
    match q.get("name") {
        Some(name) => (StatusCode::OK, format!("found {name}")),
        None => (StatusCode::BAD_REQUEST, "name?".to_string()),
    }
}

#[cors(origins = "http://www.example.com")]
async fn count(State(counter): State<Arc<std::sync::atomic::AtomicU32>>) -> String {
    let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
    n.to_string()
}

#[cors(origins = "http://www.example.com")]
async fn fallible(Path(id): Path<u64>) -> Result<String, StatusCode> {
    match id {
        0 => Err(StatusCode::NOT_FOUND),
        id => Ok(format!("user {id}")),
    }
}

#[tokio::test]
async fn a_direct_call_runs_the_users_function_with_its_own_types() {
    let user = User {
        id: 0,
        name: "Ada".into(),
    };
    let Json(updated) = update(Path(7), Json(user)).await;
    assert_eq!(
        updated,
        User {
            id: 7,
            name: "Ada".into()
        }
    );
    assert_eq!(health().await, "ok");
    nothing().await;
}

#[tokio::test]
async fn a_result_comes_back_as_the_function_returns_it() {
    assert_eq!(fallible(Path(3)).await, Ok("user 3".to_string()));
    assert_eq!(fallible(Path(0)).await, Err(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn state_is_passed_as_the_function_takes_it() {
    let counter = Arc::new(std::sync::atomic::AtomicU32::new(0));
    assert_eq!(count(State(counter.clone())).await, "1");
    assert_eq!(count(State(counter)).await, "2");
}

#[tokio::test]
async fn an_impl_into_response_handler_is_called_as_its_response() {
    let query = HashMap::from([("name".to_string(), "Ada".to_string())]);
    let response = search(Query(query)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response
            .headers()
            .get("access-control-allow-origin")
            .is_none(),
        "a direct call is the function alone: no CORS"
    );
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    assert_eq!(&body[..], b"found Ada");
    let response = search(Query(HashMap::new())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_direct_call_can_be_spawned() {
    let handle = tokio::spawn(fallible(Path(9)));
    assert_eq!(handle.await.unwrap(), Ok("user 9".to_string()));
}

mod tests_beside_the_handlers {
    use super::*;

    #[tokio::test]
    async fn a_test_module_with_use_super_star_calls_the_handler() {
        let Json(u) = update(
            Path(1),
            Json(User {
                id: 0,
                name: "Grace".into(),
            }),
        )
        .await;
        assert_eq!(u.id, 1);
        // The handler still routes with its policy.
        let _app: axum::Router = axum::Router::new().route(
            "/users/{id}",
            axum_strict_cors::cors_route!(axum::routing::put(update)),
        );
    }
}

pub trait Lang {
    const HELLO: &'static str;
}

pub struct En;

impl Lang for En {
    const HELLO: &'static str = "hello";
}

/// A generic handler: `greet` is the wrapper axum routes; `greet::call` runs the function.
#[cors(origins = "http://www.example.com")]
async fn greet<L: Lang>(Path(name): Path<String>) -> String {
    format!("{}, {name}", L::HELLO)
}

#[tokio::test]
async fn a_generic_handler_is_called_through_its_call_companion() {
    assert_eq!(greet::call::<En>(Path("Ada".into())).await, "hello, Ada");
    let _app: axum::Router =
        axum::Router::new().route("/greet/{name}", axum::routing::get(greet::<En>));
}
