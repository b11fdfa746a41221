//! `cors_route!` keeps every other `MethodRouter` call in its place: `route_layer`, `layer`
//! (tower-http's, axum's `from_fn`, a `ServiceBuilder` stack), `with_state`; handlers from
//! another module, generic handlers, and routes chained after the macro outside CORS.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_route};
use tower::ServiceBuilder;
use tower_http::timeout::TimeoutLayer;

mod api {
    use axum_strict_cors::cors;

    #[cors(
        origins = "https://app.example.com",
        methods = "PUT",
        headers = "authorization"
    )]
    pub async fn update(body: String) -> String {
        body
    }
}

#[derive(Clone)]
struct AppState(u32);

#[cors(origins = "https://app.example.com")]
async fn count(State(state): State<AppState>) -> String {
    state.0.to_string()
}

trait Greeter: Clone + Send + Sync + 'static {
    fn greet(&self) -> String;
}

#[derive(Clone)]
struct English;

impl Greeter for English {
    fn greet(&self) -> String {
        "hello".into()
    }
}

#[cors(origins = "https://app.example.com")]
async fn greet<G: Greeter>(State(greeter): State<G>) -> String {
    greeter.greet()
}

async fn internal() -> &'static str {
    "server to server"
}

async fn require_auth(request: Request, next: Next) -> Result<Response, StatusCode> {
    match request.headers().contains_key("authorization") {
        true => Ok(next.run(request).await),
        false => Err(StatusCode::UNAUTHORIZED),
    }
}

async fn log(request: Request, next: Next) -> Response {
    next.run(request).await
}

#[test]
fn builds() {
    let _app: Router = Router::new()
        .route(
            "/items/{id}",
            cors_route!(put(api::update)
                .route_layer(middleware::from_fn(require_auth))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    Duration::from_secs(5)
                )))
            .patch(internal),
        )
        .route(
            "/count",
            cors_route!(get(count).layer(
                ServiceBuilder::new().layer(middleware::from_fn(log)).layer(
                    TimeoutLayer::with_status_code(
                        StatusCode::REQUEST_TIMEOUT,
                        Duration::from_secs(5)
                    )
                )
            )),
        )
        .with_state(AppState(1));
    let _greeting: Router = Router::new()
        .route("/", cors_route!(get(greet::<English>)))
        .with_state(English);
    let _stated: Router =
        Router::new().route("/count", cors_route!(get(count).with_state(AppState(2))));
}
