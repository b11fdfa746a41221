//! A named policy over a whole `Router` (`.layer(SPA)`), through real routers in the shape
//! real apps have: a nested API with a fallback, an auth `route_layer`, router-wide layers
//! (timeout, body limit, rate limit, caught panics), plain `get(h)` routes, and routes with
//! their own `#[cors]` that must stay as strict as they are.

mod common;

use std::time::Duration;

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use axum::Router;
use axum_strict_cors::test_util::{fetch, Request as Fetch};
use axum_strict_cors::{cors, cors_policy, cors_route};
use common::handlers::*;
use common::*;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

cors_policy!(pub SPA:
    origins = "https://app.example.com, https://admin.example.com",
    methods = "GET, POST, PUT, DELETE",
    headers = "content-type",
    expose_headers = "x-total-count",
    credentials,
    max_age = 600
);

async fn list() -> impl IntoResponse {
    ([("x-total-count", "0")], "[]")
}

/// The admin route has a stricter policy of its own: only the admin page may purge.
#[cors(origins = "https://admin.example.com", methods = "DELETE", credentials)]
async fn purge() -> &'static str {
    "purged"
}

/// A public route, readable from anywhere.
#[cors(origins = "*")]
async fn health() -> &'static str {
    "ok"
}

/// A rate limit that has run out, as a route layer.
async fn rate_limited(request: Request, next: Next) -> Response {
    match request.uri().path().ends_with("/limited") {
        true => StatusCode::TOO_MANY_REQUESTS.into_response(),
        false => next.run(request).await,
    }
}

fn api() -> Router {
    Router::new()
        .route("/items", get(list).post(create))
        .route("/items/{id}", put(update).delete(update))
        .route("/slow", get(slow))
        .route("/boom", get(boom))
        .route("/limited", get(list))
        .route("/admin/cache", cors_route!(delete(purge)))
        .fallback(not_found)
}

/// The app: nest, fallback, auth and rate limit as route layers, timeout, body limit and
/// caught panics as layers, the policy last.
fn app() -> Router {
    Router::new()
        .nest("/api/v1", api())
        .route("/status", get(health))
        .route_layer(middleware::from_fn(require_login))
        .route_layer(middleware::from_fn(rate_limited))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_millis(50),
        ))
        .layer(RequestBodyLimitLayer::new(16))
        .layer(CatchPanicLayer::new())
        .layer(SPA)
}

fn logged_in(method: &str, uri: &str, origin: &str) -> axum::http::request::Builder {
    request(method, uri, Some(origin)).header(header::COOKIE, "session=1")
}

#[tokio::test]
async fn preflight_is_answered_before_the_auth_route_layer() {
    let r = send(
        &app(),
        preflight("/api/v1/items/7", APP, "PUT", Some("content-type")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(r.one(&ACAM).as_deref(), Some("GET, POST, PUT, DELETE"));
    assert_eq!(r.one(&ACAH).as_deref(), Some("content-type"));
    assert_eq!(r.one(&MAX_AGE).as_deref(), Some("600"));
    r.assert_preflight_vary();
}

#[tokio::test]
async fn preflight_from_a_refused_origin_is_403_with_its_reason() {
    let r = send(&app(), preflight("/api/v1/items/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    assert_eq!(
        r.one(&header::HeaderName::from_static("x-cors-refused"))
            .as_deref(),
        Some("origin not allowed")
    );
}

#[tokio::test]
async fn preflight_for_a_method_the_policy_does_not_list_is_refused() {
    let r = send(&app(), preflight("/api/v1/items/7", APP, "PATCH", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    assert!(
        r.text()
            .contains("method PATCH not allowed; allowed methods: GET, POST, PUT, DELETE"),
        "{}",
        r.text()
    );
}

#[tokio::test]
async fn preflight_for_an_unknown_path_is_answered_so_the_page_reads_the_404() {
    let r = send(&app(), preflight("/api/v1/nothing", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
    let r = send(&app(), preflight("/nowhere", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
}

#[tokio::test]
async fn plain_route_answer_carries_the_grant() {
    let r = send(
        &app(),
        logged_in("GET", "/api/v1/items", APP)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(r.one(&ACEH).as_deref(), Some("x-total-count"));
    assert!(r.varies_on("origin"));
}

#[tokio::test]
async fn refused_origin_gets_the_answer_without_a_grant() {
    let r = send(
        &app(),
        logged_in("GET", "/api/v1/items", EVIL)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_no_grant();
    assert!(r.varies_on("origin"));
}

/// Every answer made outside the handler is readable by an allowed page: the status it gets
/// is the real one, not a CORS error.
#[tokio::test]
async fn every_status_made_outside_the_handler_carries_the_grant() {
    let cases: Vec<(axum::http::Request<axum::body::Body>, StatusCode)> = vec![
        // the nested router's fallback
        (
            logged_in("GET", "/api/v1/nothing", APP)
                .body(Default::default())
                .unwrap(),
            StatusCode::NOT_FOUND,
        ),
        // the outer router's default fallback
        (
            logged_in("GET", "/nowhere", APP)
                .body(Default::default())
                .unwrap(),
            StatusCode::NOT_FOUND,
        ),
        // axum's 405
        (
            logged_in("PATCH", "/api/v1/items", APP)
                .body(Default::default())
                .unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
        ),
        // the auth route layer's 401
        (
            request("GET", "/api/v1/items", Some(APP))
                .body(Default::default())
                .unwrap(),
            StatusCode::UNAUTHORIZED,
        ),
        // the rate limit's 429
        (
            logged_in("GET", "/api/v1/limited", APP)
                .body(Default::default())
                .unwrap(),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        // the timeout's 408
        (
            logged_in("GET", "/api/v1/slow", APP)
                .body(Default::default())
                .unwrap(),
            StatusCode::REQUEST_TIMEOUT,
        ),
        // the body limit's 413
        (
            logged_in("POST", "/api/v1/items", APP)
                .header(header::CONTENT_TYPE, "application/json")
                .body("[\"a body longer than sixteen bytes\"]".into())
                .unwrap(),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        // a caught panic's 500
        (
            logged_in("GET", "/api/v1/boom", APP)
                .body(Default::default())
                .unwrap(),
            StatusCode::INTERNAL_SERVER_ERROR,
        ),
        // an extractor's rejection (a JSON body that does not parse)
        (
            logged_in("POST", "/api/v1/items", APP)
                .header(header::CONTENT_TYPE, "application/json")
                .body("{".into())
                .unwrap(),
            StatusCode::BAD_REQUEST,
        ),
    ];
    for (request, status) in cases {
        let uri = request.uri().clone();
        let r = send(&app(), request).await;
        assert_eq!(r.status, status, "{uri}");
        r.assert_acao(APP);
        assert_eq!(r.one(&ACAC).as_deref(), Some("true"), "{uri}");
        assert!(r.varies_on("origin"), "{uri}");
    }
}

#[tokio::test]
async fn route_with_its_own_policy_answers_its_preflights_by_it() {
    // The router allows the app's page; the purge route only the admin's.
    let r = send(
        &app(),
        preflight("/api/v1/admin/cache", APP, "DELETE", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    let r = send(
        &app(),
        preflight("/api/v1/admin/cache", ADMIN, "DELETE", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(ADMIN);
    assert_eq!(r.one(&ACAM).as_deref(), Some("DELETE"));
}

#[tokio::test]
async fn route_with_its_own_policy_grants_its_answers_by_it() {
    let r = send(
        &app(),
        logged_in("DELETE", "/api/v1/admin/cache", APP)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    r.assert_no_grant();
    let r = send(
        &app(),
        logged_in("DELETE", "/api/v1/admin/cache", ADMIN)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(ADMIN);
    // The router-wide auth answers before the request reaches the route: that 401 is the
    // router's answer, granted by the router's policy.
    let r = send(
        &app(),
        request("DELETE", "/api/v1/admin/cache", Some(APP))
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    r.assert_acao(APP);
}

#[tokio::test]
async fn stricter_route_is_never_called_for_an_origin_only_the_router_allows() {
    let page = fetch(
        app(),
        APP,
        Fetch::new("DELETE", "/api/v1/admin/cache").cookie("session=1"),
    )
    .await;
    assert!(!page.is_allowed());
    assert!(
        !page.request_was_sent(),
        "the browser must not send the DELETE"
    );
    assert_eq!(page.preflight_status(), Some(403));
    let admin = fetch(
        app(),
        ADMIN,
        Fetch::new("DELETE", "/api/v1/admin/cache")
            .cookie("session=1")
            .credentials(axum_strict_cors::test_util::Credentials::Include),
    )
    .await;
    assert!(admin.is_allowed(), "{admin:?}");
}

#[tokio::test]
async fn public_route_keeps_its_star() {
    let r = send(
        &app(),
        logged_in("GET", "/status", EVIL)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.one(&ACAO).as_deref(), Some("*"));
}

#[tokio::test]
async fn plain_options_goes_to_the_app() {
    let r = send(
        &app(),
        logged_in("OPTIONS", "/api/v1/items", APP)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    // axum's 405 for a path with no OPTIONS route, granted.
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    r.assert_acao(APP);
}

#[tokio::test]
async fn page_reads_the_real_status_through_test_util() {
    let nested_404 = fetch(
        app(),
        APP,
        Fetch::new("DELETE", "/api/v1/nothing")
            .cookie("session=1")
            .credentials(axum_strict_cors::test_util::Credentials::Include),
    )
    .await;
    assert!(nested_404.is_allowed(), "{nested_404:?}");
    assert_eq!(nested_404.status(), Some(404));
    let unauthorized = fetch(
        app(),
        APP,
        Fetch::new("PUT", "/api/v1/items/7")
            .credentials(axum_strict_cors::test_util::Credentials::Include),
    )
    .await;
    assert!(unauthorized.is_allowed(), "{unauthorized:?}");
    assert_eq!(unauthorized.status(), Some(401));
}

#[test]
fn the_policy_is_a_value_of_the_layer_type() {
    let layer: axum_strict_cors::PolicyLayer = SPA;
    assert!(layer
        .policy()
        .allowed_origin(&axum::http::HeaderValue::from_static(APP))
        .is_some());
    assert!(layer
        .policy()
        .allowed_origin(&axum::http::HeaderValue::from_static(EVIL))
        .is_none());
}

/// How many times the user's function of each stricter plain route ran.
static WIPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static EDITED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static POSTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Stricter than the router, and routed with a plain `delete(..)`: no preflight route of its
/// own, so the router-wide policy answers its preflights.
#[cors(origins = "https://admin.example.com", methods = "DELETE")]
async fn wipe() -> &'static str {
    WIPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    "wiped"
}

/// Its policy allows PUT only, yet it is routed on DELETE.
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn edit() -> &'static str {
    EDITED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    "edited"
}

/// Its policy allows no request header: a JSON body needs `content-type`.
#[cors(origins = "https://app.example.com")]
async fn note(body: String) -> String {
    POSTED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    body
}

fn plain_stricter_routes() -> Router {
    Router::new()
        .route("/wipe", delete(wipe))
        .route("/edit", delete(edit))
        .route("/note", axum::routing::post(note))
}

fn count(counter: &std::sync::atomic::AtomicUsize) -> usize {
    counter.load(std::sync::atomic::Ordering::SeqCst)
}

#[tokio::test]
async fn plain_routed_handler_never_runs_for_what_its_own_preflight_would_refuse() {
    let app = plain_stricter_routes().layer(SPA);
    // The router-wide policy approves the preflight (the path has no preflight route of its
    // own); the browser then sends the DELETE, which the handler's own policy refuses.
    let r = send(&app, preflight("/wipe", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let before = count(&WIPED);
    let r = send(&app, actual("DELETE", "/wipe", Some(APP))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    assert_eq!(count(&WIPED), before, "the user's function ran");
    // Its own origin gets through.
    let r = send(&app, actual("DELETE", "/wipe", Some(ADMIN))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(ADMIN);
    assert_eq!(count(&WIPED), before + 1);
}

#[tokio::test]
async fn plain_routed_handler_refuses_a_method_its_policy_does_not_list() {
    let app = plain_stricter_routes().layer(SPA);
    let before = count(&EDITED);
    let r = send(&app, actual("DELETE", "/edit", Some(APP))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        r.one(&header::HeaderName::from_static("x-cors-refused"))
            .as_deref(),
        Some("method not allowed")
    );
    assert_eq!(count(&EDITED), before);
}

#[tokio::test]
async fn plain_routed_handler_refuses_a_header_its_policy_does_not_allow() {
    let app = plain_stricter_routes().layer(SPA);
    let before = count(&POSTED);
    let json = request("POST", "/note", Some(APP))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{}".into())
        .unwrap();
    let r = send(&app, json).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&POSTED), before);
    // A form post needs no preflight: it runs, as it would without the router-wide policy.
    let form = request("POST", "/note", Some(APP))
        .header(header::CONTENT_TYPE, "text/plain")
        .body("hi".into())
        .unwrap();
    let r = send(&app, form).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(APP);
    assert_eq!(count(&POSTED), before + 1);
}

#[tokio::test]
async fn same_origin_requests_and_routers_without_a_policy_are_left_alone() {
    // A same-origin page is never preflighted: its DELETE runs.
    let app = plain_stricter_routes().layer(SPA);
    let before = count(&WIPED);
    let same_origin = request("DELETE", "/wipe", Some(APP))
        .header("sec-fetch-site", "same-origin")
        .body(Default::default())
        .unwrap();
    let r = send(&app, same_origin).await;
    assert_eq!(r.status, StatusCode::OK);
    // Without a router-wide policy nothing approved a preflight: the handler answers as it
    // always has (no grant for a refused origin, but it runs).
    let r = send(
        &plain_stricter_routes(),
        actual("DELETE", "/wipe", Some(APP)),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_no_grant();
    assert_eq!(count(&WIPED), before + 2);
}

cors_policy!(ENV_POLICY: origins_env = "ROUTER_POLICY_TEST_ORIGINS", methods = "PUT");
cors_policy!(PARTNERS: origins_fn = crate::is_partner, methods = "GET, PUT");

fn is_partner(origin: &str) -> bool {
    origin.ends_with(".partner.example")
}

/// `origins_env` is read and validated when `.layer(..)` is applied: a bad value stops the
/// program at start-up, with the message, instead of refusing every request later.
#[test]
fn bad_environment_value_fails_when_the_layer_is_applied() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
    // local time is asked for).
    unsafe { std::env::set_var("ROUTER_POLICY_TEST_ORIGINS", "https://app.example.com/") };
    let built = std::panic::catch_unwind(|| {
        let _: Router = Router::new().route("/", get(list)).layer(ENV_POLICY);
    });
    let message = *built
        .expect_err("a bad value must panic")
        .downcast::<String>()
        .unwrap();
    assert!(message.contains("ROUTER_POLICY_TEST_ORIGINS"), "{message}");
    assert!(message.contains("trailing slash"), "{message}");
    assert!(
        message.contains("ENV_POLICY"),
        "names the policy: {message}"
    );
}

#[tokio::test]
async fn nested_router_with_its_own_policy_keeps_it_under_the_outer_one() {
    let partners: Router = Router::new()
        .route("/feed", get(list).put(update))
        .layer(PARTNERS);
    let app = Router::new()
        .nest("/partners", partners)
        .route("/items", get(list))
        .route_layer(middleware::from_fn(require_login))
        .layer(SPA);
    // The partner router's preflights are judged by its policy, before the outer auth.
    let r = send(
        &app,
        preflight("/partners/feed", "https://a.partner.example", "PUT", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("https://a.partner.example");
    let r = send(&app, preflight("/partners/feed", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Its answers carry its grant.
    let feed = logged_in("GET", "/partners/feed", "https://a.partner.example")
        .body(Default::default())
        .unwrap();
    let r = send(&app, feed).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao("https://a.partner.example");
    // The rest of the app keeps the outer policy.
    let r = send(&app, preflight("/items", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
}

/// The wrong order, caught by a test: an auth route layer added after the policy sees the
/// preflight first, and `test_util` says no policy handled its answer.
#[tokio::test]
async fn route_layer_added_after_the_policy_is_reported_by_test_util() {
    let app = Router::new()
        .route("/items/{id}", put(update))
        .layer(SPA)
        .route_layer(middleware::from_fn(require_login));
    let verdict = fetch(app, APP, Fetch::new("PUT", "/items/7")).await;
    assert_eq!(
        verdict.reason(),
        Some(&axum_strict_cors::test_util::Reason::Unhandled(401))
    );
    assert!(!verdict.request_was_sent());
}

/// Its origins come from the environment, and it is routed with a plain `get(..)`.
#[cors(origins_env = "ROUTER_POLICY_HANDLER_ORIGINS")]
async fn from_env() -> &'static str {
    "env"
}

/// Under a router-wide policy, a `#[cors]` handler routed with a plain `get(h)` has its
/// `origins_env` validated at start-up too (when the router is finalised), not on a request.
#[test]
fn handler_environment_value_under_a_router_policy_fails_at_start_up() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
    // local time is asked for).
    unsafe {
        std::env::set_var(
            "ROUTER_POLICY_HANDLER_ORIGINS",
            "https://app.example.com:443",
        )
    };
    let built = std::panic::catch_unwind(|| {
        let _: Router = Router::new()
            .route("/env", get(from_env))
            .layer(SPA)
            .with_state(());
    });
    let message = *built
        .expect_err("a bad value must panic")
        .downcast::<String>()
        .unwrap();
    assert!(
        message.contains("ROUTER_POLICY_HANDLER_ORIGINS"),
        "{message}"
    );
    assert!(message.contains("from_env"), "{message}");
}

static NESTED_PURGES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[cors(origins = "https://admin.example.com", methods = "DELETE")]
async fn nested_purge() -> &'static str {
    NESTED_PURGES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    "purged"
}

/// A router mounted with `nest_service` is one opaque service to the outer policy, which then
/// answers its preflights by its own rules; the stricter handler inside still never runs for a
/// request its own policy's preflight would have refused.
#[tokio::test]
async fn router_mounted_as_a_service_keeps_its_handlers_strict() {
    let inner: Router = Router::new().route("/cache", cors_route!(delete(nested_purge)));
    let app = Router::new().nest_service("/admin", inner).layer(SPA);
    let before = NESTED_PURGES.load(std::sync::atomic::Ordering::SeqCst);
    let r = send(&app, actual("DELETE", "/admin/cache", Some(APP))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        NESTED_PURGES.load(std::sync::atomic::Ordering::SeqCst),
        before
    );
    let r = send(&app, actual("DELETE", "/admin/cache", Some(ADMIN))).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(ADMIN);
}

cors_policy!(TENANTS: origins = "https://app.example.com", methods = "GET, PUT", headers = "content-type");

/// A "database" of tenant origins, read asynchronously, counting its lookups.
#[derive(Clone, Default)]
struct TenantTable(
    std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    std::sync::Arc<std::sync::atomic::AtomicUsize>,
);

impl TenantTable {
    fn lookups(&self) -> usize {
        self.1.load(std::sync::atomic::Ordering::SeqCst)
    }

    async fn allows(&self, origin: &str) -> bool {
        self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        tokio::task::yield_now().await;
        self.0.lock().unwrap().iter().any(|o| o == origin)
    }
}

fn tenant_app(table: TenantTable) -> Router {
    Router::new()
        .route("/items/{id}", put(update).get(list))
        .route("/admin/cache", cors_route!(delete(purge)))
        .route_layer(middleware::from_fn(require_login))
        .layer(TENANTS.origins_async(move |origin: String| {
            let table = table.clone();
            async move { table.allows(&origin).await }
        }))
}

const TENANT: &str = "https://shop.tenant.example";

#[tokio::test]
async fn async_origin_check_grants_the_origins_it_allows() {
    let table = TenantTable::default();
    table.0.lock().unwrap().push(TENANT.to_string());
    let app = tenant_app(table);
    let r = send(
        &app,
        preflight("/items/7", TENANT, "PUT", Some("content-type")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(TENANT);
    let r = send(
        &app,
        logged_in("GET", "/items/7", TENANT)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_acao(TENANT);
    // Its 401 too, made outside the handler.
    let r = send(
        &app,
        request("GET", "/items/7", Some(TENANT))
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    r.assert_acao(TENANT);
}

#[tokio::test]
async fn async_origin_check_refuses_the_others_and_never_widens_a_routes_own_policy() {
    let table = TenantTable::default();
    table.0.lock().unwrap().push(TENANT.to_string());
    let app = tenant_app(table);
    let r = send(&app, preflight("/items/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    let r = send(
        &app,
        logged_in("GET", "/items/7", EVIL)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    r.assert_no_grant();
    // The purge route judges its preflights by its own policy: the tenant is not an admin.
    let r = send(&app, preflight("/admin/cache", TENANT, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn async_origin_check_is_asked_once_and_only_about_unlisted_origins() {
    let table = TenantTable::default();
    table.0.lock().unwrap().push(TENANT.to_string());
    let app = tenant_app(table.clone());
    let before = table.lookups();
    let _ = send(
        &app,
        logged_in("GET", "/items/7", APP)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    let _ = send(
        &app,
        request("GET", "/items/7", None)
            .header(header::COOKIE, "session=1")
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(
        table.lookups(),
        before,
        "a listed origin or none is not asked about"
    );
    let _ = send(
        &app,
        logged_in("PATCH", "/items/7", TENANT)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(table.lookups(), before + 1);
    // A browser through test_util: preflight and PUT, one check each.
    let page = fetch(
        app,
        TENANT,
        Fetch::new("PUT", "/items/7").cookie("session=1"),
    )
    .await;
    assert!(page.is_allowed(), "{page:?}");
    assert_eq!(table.lookups(), before + 3);
}

/// Only the ops page may reindex, with its own header.
#[cors(
    origins = "https://ops.example.com",
    methods = "DELETE",
    headers = "x-token",
    max_age = 60
)]
async fn reindex() -> &'static str {
    "reindexed"
}

#[tokio::test]
async fn handler_preflight_route_answers_by_its_handler_under_the_router_policy() {
    const OPS: &str = "https://ops.example.com";
    let app = || {
        Router::new()
            .route("/reindex", delete(reindex).options(reindex::preflight))
            .route("/items", get(list))
            .layer(SPA)
    };
    // The handler's own preflight route decides: its origin, its header, its max age.
    let r = send(
        &app(),
        preflight("/reindex", OPS, "DELETE", Some("x-token")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(OPS);
    assert_eq!(r.one(&ACAM).as_deref(), Some("DELETE"));
    assert_eq!(
        r.one(&header::ACCESS_CONTROL_ALLOW_HEADERS).as_deref(),
        Some("x-token")
    );
    assert_eq!(
        r.one(&header::ACCESS_CONTROL_MAX_AGE).as_deref(),
        Some("60")
    );
    // An origin only the router allows stays refused on this path.
    let r = send(&app(), preflight("/reindex", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    // The router's own paths keep the router's policy.
    let r = send(
        &app(),
        preflight("/items", APP, "GET", Some("content-type")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
}
