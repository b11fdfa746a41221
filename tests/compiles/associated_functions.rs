//! `#[cors]` on an `impl` block: its associated functions with a policy are handlers, routed
//! as `get(Api::index)`, in `cors_route!`, with a named policy, `Self` in their signatures and
//! bodies, and called directly.

use axum::extract::{Path, State};
use axum::routing::{get, put};
use axum::{Json, Router};
use axum_strict_cors::{cors, cors_policy, cors_route};
use serde::{Deserialize, Serialize};

cors_policy!(ADMIN: origins = "https://admin.example.com", methods = "DELETE", credentials);

#[derive(Clone, Default, Serialize, Deserialize)]
pub struct User {
    name: String,
}

#[derive(Clone)]
pub struct Api {
    greeting: &'static str,
}

#[cors]
impl Api {
    /// The index page.
    #[cors(origins = "https://app.example.com")]
    pub async fn index(State(api): State<Api>) -> &'static str {
        api.greeting
    }

    #[cors(origins = "https://app.example.com", methods = "PUT")]
    async fn rename(Path(id): Path<u64>, Json(user): Json<User>) -> Json<User> {
        Json(Self::renamed(id, user))
    }

    #[cors(policy = ADMIN)]
    async fn purge() -> &'static str {
        "purged"
    }

    /// Not a handler: left as it is.
    fn renamed(id: u64, user: User) -> User {
        User {
            name: format!("{id}: {}", user.name),
        }
    }

    pub fn new() -> Self {
        Api { greeting: "hello" }
    }
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route("/", get(Api::index))
        .route("/users/{id}", cors_route!(put(Api::rename)))
        .route("/cache", axum::routing::delete(Api::purge))
        .with_state(Api::new());
}

#[tokio::test]
async fn a_direct_call_runs_the_function() {
    let Json(user) = Api::rename(Path(7), Json(User { name: "Ada".into() })).await;
    assert_eq!(user.name, "7: Ada");
}

#[tokio::test]
async fn the_handlers_answer_by_their_policies() {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    let app: Router = Router::new()
        .route("/", get(Api::index))
        .route("/users/{id}", cors_route!(put(Api::rename)))
        .with_state(Api::new());
    let index = Request::get("/")
        .header("origin", "https://app.example.com")
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(index).await.unwrap();
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let preflight = Request::options("/users/7")
        .header("origin", "https://evil.example.net")
        .header("access-control-request-method", "PUT")
        .body(Body::empty())
        .unwrap();
    let response = app.oneshot(preflight).await.unwrap();
    assert_eq!(response.status(), 403);
}
