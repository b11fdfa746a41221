//! Claims of the README that no other test states on its own.

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_policy, cors_route};
use tower::ServiceExt;

const EVIL: &str = "https://evil.example.net";

async fn plain() -> &'static str {
    "plain"
}

fn actual(method: &str, path: &str, origin: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(path)
        .header("origin", origin)
        .body(Body::empty())
        .unwrap()
}

async fn send(app: &Router, request: Request<Body>) -> Response {
    app.clone().oneshot(request).await.unwrap()
}

/// A fallback with its own `#[cors]`: its 404 is readable by the pages it allows.
#[cors(origins = "https://app.example.com")]
async fn not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such thing")
}

#[tokio::test]
async fn a_cors_fallback_grants_its_404() {
    let app = Router::new().route("/", get(plain)).fallback(not_found);
    let r = send(&app, actual("GET", "/nothing", "https://app.example.com")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    let r = send(&app, actual("GET", "/nothing", EVIL)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.headers().get("access-control-allow-origin").is_none());
}

/// What a page reads of it: the `404` of a `GET`; a request that needs a preflight fails at the
/// preflight (the fallback answers it `404` too), and a router-wide policy answers that one.
#[tokio::test]
async fn a_cors_fallback_in_a_browser() {
    use axum_strict_cors::test_util::{fetch, Reason, Request as Fetch};
    let page = "https://app.example.com";
    let app = Router::new().route("/", get(plain)).fallback(not_found);
    let read = fetch(app.clone(), page, Fetch::new("GET", "/nothing")).await;
    assert_eq!(read.status(), Some(404));
    let put = fetch(app, page, Fetch::new("PUT", "/nothing")).await;
    assert_eq!(put.reason(), Some(&Reason::Status(404)));
    assert!(!put.request_was_sent());
    let app = Router::new()
        .route("/", get(plain))
        .fallback(plain_not_found)
        .layer(SPA);
    let put = fetch(app, page, Fetch::new("PUT", "/nothing")).await;
    assert_eq!(put.status(), Some(404));
}

cors_policy!(SPA: origins = "https://app.example.com", methods = "GET, PUT");

async fn plain_not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such thing")
}

#[cors(origins_env = "DOCS_OUTPUTS_BAD_ORIGINS")]
async fn from_env() -> &'static str {
    "env"
}

/// Where a bad `origins_env` stops the program at start-up (the README's policy table), and
/// where it does not.
#[test]
fn origins_env_is_checked_at_start_up_in_these_forms() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
    // local time is asked for).
    unsafe { std::env::set_var("DOCS_OUTPUTS_BAD_ORIGINS", "https://app.example.com/") };
    let panics = |build: fn()| std::panic::catch_unwind(build).is_err();
    assert!(panics(|| {
        let _: Router = Router::new().route("/e", axum_strict_cors::cors_route!(get(from_env)));
    }));
    assert!(panics(|| {
        let _: Router = Router::new().route(
            "/e",
            get(from_env).options(axum_strict_cors::preflight!(from_env)),
        );
    }));
    // Under a router-wide policy: when the router is finalised, as `axum::serve` does.
    assert!(panics(|| {
        let _ = Router::new()
            .route("/e", get(from_env))
            .layer(SPA)
            .into_make_service();
    }));
    assert!(panics(|| {
        let _: Router = Router::new()
            .route("/e", get(from_env))
            .layer(SPA)
            .with_state(());
    }));
    // Outside any router-wide policy, only `validate` tells.
    assert!(!panics(|| {
        let _: Router = Router::new().route("/e", get(from_env).options(from_env::preflight));
    }));
    let error = axum_strict_cors::validate!(from_env).unwrap_err();
    assert!(
        error.to_string().contains("DOCS_OUTPUTS_BAD_ORIGINS"),
        "{error}"
    );
    assert!(from_env::validate().is_err());
}

static ASKED_HANDLER: AtomicUsize = AtomicUsize::new(0);
static ASKED_ROUTER: AtomicUsize = AtomicUsize::new(0);

fn handler_partner(origin: &str) -> bool {
    ASKED_HANDLER.fetch_add(1, Ordering::SeqCst);
    origin.ends_with(".partner.example")
}

fn router_partner(origin: &str) -> bool {
    ASKED_ROUTER.fetch_add(1, Ordering::SeqCst);
    origin.ends_with(".partner.example")
}

cors_policy!(ROUTER: origins_fn = crate::router_partner, methods = "GET, PUT");
cors_policy!(SHARED: origins_fn = crate::router_partner, methods = "GET, PUT");

#[cors(origins_fn = handler_partner, methods = "PUT")]
async fn own() -> &'static str {
    "own"
}

#[cors(origins_fn = handler_partner, methods = "PUT")]
async fn own_too() -> &'static str {
    "own too"
}

#[cors(policy = SHARED)]
async fn shared() -> &'static str {
    "shared"
}

fn preflight(path: &str, origin: &str, method: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri(path)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .body(Body::empty())
        .unwrap()
}

fn asked() -> usize {
    ASKED_HANDLER.load(Ordering::SeqCst) + ASKED_ROUTER.load(Ordering::SeqCst)
}

/// `origins_fn` is asked at most once per request, in every registration form (the README's
/// policy table).
#[tokio::test]
async fn origins_fn_is_asked_at_most_once_per_request() {
    let apps = [
        (
            "plain routing",
            Router::new().route("/p", put(own).get(own_too).options(own::preflight)),
        ),
        (
            "cors_route!",
            Router::new().route("/p", cors_route!(put(own).get(own_too))),
        ),
        (
            "router-wide over plain routes",
            Router::new()
                .route("/p", put(plain).get(plain))
                .layer(ROUTER),
        ),
        (
            "router-wide over #[cors] handlers",
            Router::new()
                .route("/p", put(own).get(own_too))
                .layer(ROUTER),
        ),
        (
            "router-wide over a handler of a policy with the same function",
            Router::new()
                .route("/p", put(shared).get(shared))
                .layer(ROUTER),
        ),
        (
            "router-wide over cors_route!",
            Router::new()
                .route("/p", cors_route!(put(own).get(own_too)))
                .layer(ROUTER),
        ),
    ];
    let start = asked();
    for (form, app) in apps {
        for origin in ["https://a.partner.example", EVIL] {
            let requests = [
                actual("GET", "/p", origin),
                actual("PUT", "/p", origin),
                actual("PATCH", "/p", origin),
                actual("GET", "/nothing", origin),
                preflight("/p", origin, "PUT"),
                preflight("/p", origin, "PATCH"),
            ];
            for request in requests {
                let what = format!(
                    "{form}: {} {} from {origin}",
                    request.method(),
                    request.uri()
                );
                let before = asked();
                let _ = send(&app, request).await;
                let times = asked() - before;
                assert!(times <= 1, "{what}: asked {times} times");
            }
        }
    }
    assert!(asked() > start, "the functions were asked");
}
