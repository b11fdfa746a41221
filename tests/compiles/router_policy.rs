//! A named policy over whole routers: `.layer(SPA)` on a router with plain routes, a nested
//! router with a policy of its own, a fallback, route layers and state, with `origins_fn` and
//! `origins_env` policies, and the same policy on a handler.

use axum::extract::State;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_policy, cors_route, PolicyLayer};

cors_policy!(
    /// The front end.
    pub SPA: origins = "https://app.example.com", methods = "GET, PUT", headers = "content-type", credentials
);
cors_policy!(pub(crate) PARTNERS: origins_fn = crate::router_policy::partner, methods = "GET");
cors_policy!(ENV: origins_env = "ROUTER_POLICY_COMPILES_ORIGINS");

pub fn partner(origin: &str) -> bool {
    origin.ends_with(".partner.example")
}

#[derive(Clone)]
struct AppState {
    name: &'static str,
}

async fn list(State(state): State<AppState>) -> &'static str {
    state.name
}

#[cors(policy = SPA, expose_headers = "x-total-count")]
async fn update() -> &'static str {
    "updated"
}

async fn auth(request: axum::extract::Request, next: Next) -> Response {
    next.run(request).await
}

/// A policy is a `PolicyLayer` constant: it can be stored and passed around.
const CHOSEN: PolicyLayer = SPA;

pub fn app() -> Router {
    let partners: Router<AppState> = Router::new().route("/feed", get(list)).layer(PARTNERS);
    Router::new()
        .route("/items", get(list))
        .route("/items/{id}", cors_route!(put(update)))
        .nest("/partners", partners)
        .fallback(|| async { "fallback" })
        .route_layer(middleware::from_fn(auth))
        .layer(CHOSEN)
        .with_state(AppState { name: "items" })
}

/// The async form: a check closing over the app's state, awaited per unlisted origin.
pub fn tenant_app(tenants: std::sync::Arc<Vec<String>>) -> Router {
    Router::new()
        .route("/", get(|| async { "tenants" }))
        .layer(SPA.origins_async(move |origin: String| {
            let tenants = tenants.clone();
            async move { tenants.contains(&origin) }
        }))
}

pub fn env_app() -> Router {
    Router::new().route("/", get(|| async { "env" })).layer(ENV)
}

#[test]
fn builds() {
    let _ = app();
    let _ = tenant_app(std::sync::Arc::default());
    let _ = ENV;
}
