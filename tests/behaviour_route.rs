//! `cors_route!`: one registration per path, through a real axum `Router`. The preflight is
//! judged by the handler routed for the requested method; answers made outside the handler
//! (axum's 405, a route layer's 401, a timeout's 408, a rate limit's 429) carry the grant.

mod common;

use std::time::Duration;

use axum::extract::{Path, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};

use axum::Router;
use axum_strict_cors::{cors, cors_route};
use common::*;
use tower_http::timeout::TimeoutLayer;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

mod todos {
    use super::*;

    /// No `methods`: routed on GET, it judges GET preflights.
    #[cors(origins = "https://app.example.com", headers = "x-request-id")]
    pub async fn list() -> &'static str {
        "[]"
    }

    /// No `methods` either: routed on POST.
    #[cors(origins = "https://app.example.com", headers = "content-type")]
    pub async fn create(body: String) -> String {
        body
    }

    /// No `methods`, routed on PUT: PUT is what it allows.
    #[cors(origins = "https://app.example.com", headers = "content-type")]
    pub async fn update(Path(id): Path<u64>, body: String) -> String {
        format!("{id}: {body}")
    }

    /// Another policy on the same path: the admin page may delete.
    #[cors(origins = "https://admin.example.com", methods = "DELETE", credentials)]
    pub async fn remove(Path(id): Path<u64>) -> String {
        format!("removed {id}")
    }
}

use todos::{create, list, remove, update};

#[cors(
    origins = "https://app.example.com",
    headers = "authorization",
    expose_headers = "x-total-count",
    credentials
)]
async fn secret() -> impl IntoResponse {
    ([("x-total-count", "1")], "secret")
}

#[cors(origins = "*")]
async fn public() -> &'static str {
    "public"
}

#[cors(origins = "https://app.example.com")]
async fn slow() -> &'static str {
    tokio::time::sleep(Duration::from_secs(30)).await;
    "late"
}

#[cors(origins = "https://app.example.com")]
async fn counter(State(count): State<u32>) -> String {
    format!("count {count}")
}

async fn require_auth(request: Request, next: Next) -> Result<Response, StatusCode> {
    match request.headers().contains_key(header::AUTHORIZATION) {
        true => Ok(next.run(request).await),
        false => Err(StatusCode::UNAUTHORIZED),
    }
}

async fn rate_limited(_request: Request, _next: Next) -> StatusCode {
    StatusCode::TOO_MANY_REQUESTS
}

async fn passes(request: Request, next: Next) -> Response {
    next.run(request).await
}

fn app() -> Router {
    Router::new()
        .route("/todos", cors_route!(get(list).post(create)))
        .route("/todos/{id}", cors_route!(put(update).delete(remove)))
        .route(
            "/secret",
            cors_route!(get(secret).route_layer(middleware::from_fn(require_auth))),
        )
        .route("/public", cors_route!(get(public)))
        .route(
            "/slow",
            cors_route!(get(slow).layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_millis(10)
            ))),
        )
        .route(
            "/limited",
            cors_route!(get(public).route_layer(middleware::from_fn(rate_limited))),
        )
        .route(
            "/counter",
            cors_route!(axum::routing::get(counter).with_state(7)),
        )
        .route(
            "/auth-inner",
            cors_route!(get(secret)
                .route_layer(middleware::from_fn(require_auth))
                .route_layer(middleware::from_fn(passes))),
        )
        .route(
            // A route layer after a layer: the grant is a layer of its own around both.
            "/auth-after-layer",
            cors_route!(get(secret)
                .layer(middleware::from_fn(passes))
                .route_layer(middleware::from_fn(require_auth))),
        )
        .route(
            "/auth-outer",
            cors_route!(get(secret)
                .route_layer(middleware::from_fn(passes))
                .route_layer(middleware::from_fn(require_auth))),
        )
}

#[tokio::test]
async fn preflight_is_judged_by_the_handler_routed_for_the_method() {
    let app = app();
    // GET: `list` (headers = x-request-id); POST: `create` (headers = content-type).
    let get = send(&app, preflight("/todos", APP, "GET", Some("x-request-id"))).await;
    assert_eq!(get.status, StatusCode::NO_CONTENT);
    get.assert_acao(APP);
    assert_eq!(get.list(&ACAH), ["x-request-id"]);
    let post = send(&app, preflight("/todos", APP, "POST", Some("content-type"))).await;
    assert_eq!(post.status, StatusCode::NO_CONTENT);
    assert_eq!(post.list(&ACAH), ["content-type"]);
    // `create`'s headers do not cover a GET: judged by `list`.
    let wrong = send(&app, preflight("/todos", APP, "GET", Some("content-type"))).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    wrong.assert_no_grant();
}

#[tokio::test]
async fn handler_without_methods_allows_the_method_it_is_routed_on() {
    let app = app();
    let put = send(
        &app,
        preflight("/todos/7", APP, "PUT", Some("content-type")),
    )
    .await;
    assert_eq!(put.status, StatusCode::NO_CONTENT);
    put.assert_acao(APP);
    assert_eq!(put.one(&ACAM).as_deref(), Some("PUT"));
    put.assert_preflight_vary();
    let sent = send(
        &app,
        request("PUT", "/todos/7", Some(APP))
            .body("pen".into())
            .unwrap(),
    )
    .await;
    assert_eq!(sent.text(), "7: pen");
    sent.assert_acao(APP);
}

#[tokio::test]
async fn each_method_of_a_path_keeps_its_own_policy() {
    let app = app();
    let delete = send(&app, preflight("/todos/7", ADMIN, "DELETE", None)).await;
    assert_eq!(delete.status, StatusCode::NO_CONTENT);
    delete.assert_acao(ADMIN);
    assert_eq!(delete.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(delete.one(&ACAM).as_deref(), Some("DELETE"));
    // The app page may PUT but not DELETE; the admin page may DELETE but not PUT.
    let app_delete = send(&app, preflight("/todos/7", APP, "DELETE", None)).await;
    assert_eq!(app_delete.status, StatusCode::FORBIDDEN);
    let admin_put = send(&app, preflight("/todos/7", ADMIN, "PUT", None)).await;
    assert_eq!(admin_put.status, StatusCode::FORBIDDEN);
    admin_put.assert_no_grant();
}

#[tokio::test]
async fn preflight_for_a_method_not_routed_is_refused_and_logged_with_the_paths_methods() {
    let (capture, _guard) = capture();
    let app = app();
    let patch = send(&app, preflight("/todos/7", APP, "PATCH", None)).await;
    assert_eq!(patch.status, StatusCode::FORBIDDEN);
    patch.assert_no_grant();
    patch.assert_preflight_vary();
    let events = capture.cors_events();
    let refused = events
        .iter()
        .find(|e| e.text.contains("refused with 403"))
        .expect("the refusal is logged");
    assert_eq!(refused.level, tracing::Level::WARN);
    assert!(refused
        .text
        .contains("method PATCH is not routed on this path"));
    assert!(
        refused
            .text
            .contains("PUT (`behaviour_route::todos::update`)")
            && refused
                .text
                .contains("DELETE (`behaviour_route::todos::remove`)"),
        "{}",
        refused.text
    );
}

#[tokio::test]
async fn route_layer_never_guards_the_preflight_and_its_401_is_readable() {
    let app = app();
    let pre = send(
        &app,
        preflight("/secret", APP, "GET", Some("authorization")),
    )
    .await;
    assert_eq!(pre.status, StatusCode::NO_CONTENT);
    pre.assert_acao(APP);
    // The 401 was made by the route layer, before the handler: it carries the grant.
    let denied = send(&app, actual("GET", "/secret", Some(APP))).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    denied.assert_acao(APP);
    assert_eq!(denied.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(denied.one(&ACEH).as_deref(), Some("x-total-count"));
    assert_eq!(denied.vary(), ["origin"]);
    // Not to a refused origin: no grant, but the answer still varies by Origin.
    let evil = send(&app, actual("GET", "/secret", Some(EVIL))).await;
    assert_eq!(evil.status, StatusCode::UNAUTHORIZED);
    evil.assert_no_grant();
    assert_eq!(evil.vary(), ["origin"]);
}

#[tokio::test]
async fn handler_answers_are_granted_once() {
    let app = app();
    let ok = send(
        &app,
        request("GET", "/secret", Some(APP))
            .header(header::AUTHORIZATION, "Bearer t")
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(ok.text(), "secret");
    // `one` panics on a repeated header.
    ok.assert_acao(APP);
    assert_eq!(ok.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(ok.vary(), ["origin"]);
    let refused = send(&app, actual("GET", "/todos", Some(EVIL))).await;
    assert_eq!(refused.text(), "[]");
    refused.assert_no_grant();
    assert_eq!(refused.vary(), ["origin"]);
    let star = send(&app, actual("GET", "/public", Some(EVIL))).await;
    assert_eq!(star.one(&ACAO).as_deref(), Some("*"));
    assert!(star.vary().is_empty(), "{:?}", star.vary());
}

#[tokio::test]
async fn axums_405_carries_the_grant_of_a_policy_of_the_path() {
    let app = app();
    let patch = send(&app, actual("PATCH", "/todos/7", Some(ADMIN))).await;
    assert_eq!(patch.status, StatusCode::METHOD_NOT_ALLOWED);
    // `remove`'s policy lists the admin page; `update`'s does not.
    patch.assert_acao(ADMIN);
    let allow = patch.one(&header::ALLOW).expect("axum's Allow");
    assert!(allow.contains("PUT") && allow.contains("DELETE"), "{allow}");
    let app_page = send(&app, actual("PATCH", "/todos/7", Some(APP))).await;
    app_page.assert_acao(APP);
    let evil = send(&app, actual("PATCH", "/todos/7", Some(EVIL))).await;
    assert_eq!(evil.status, StatusCode::METHOD_NOT_ALLOWED);
    evil.assert_no_grant();
    assert_eq!(evil.vary(), ["origin"]);
}

#[tokio::test]
async fn axums_405_carries_the_grant_behind_a_route_layer_too() {
    // `/secret` has a route layer: its routes and its 405 fallback sit in the grant layer.
    let app = app();
    let delete = send(&app, actual("DELETE", "/secret", Some(APP))).await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
    delete.assert_acao(APP);
    assert_eq!(delete.one(&ACAC).as_deref(), Some("true"));
    let evil = send(&app, actual("DELETE", "/secret", Some(EVIL))).await;
    evil.assert_no_grant();
    assert_eq!(evil.vary(), ["origin"]);
}

#[tokio::test]
async fn answers_of_any_of_two_layers_carry_the_grant() {
    let app = app();
    for path in ["/auth-inner", "/auth-outer", "/auth-after-layer"] {
        let denied = send(&app, actual("GET", path, Some(APP))).await;
        assert_eq!(denied.status, StatusCode::UNAUTHORIZED, "{path}");
        denied.assert_acao(APP);
        assert_eq!(denied.vary(), ["origin"], "{path}");
        let evil = send(&app, actual("GET", path, Some(EVIL))).await;
        assert_eq!(evil.status, StatusCode::UNAUTHORIZED, "{path}");
        evil.assert_no_grant();
        assert_eq!(evil.vary(), ["origin"], "{path}");
        let ok = send(
            &app,
            request("GET", path, Some(APP))
                .header(header::AUTHORIZATION, "Bearer t")
                .body(Default::default())
                .unwrap(),
        )
        .await;
        assert_eq!(ok.text(), "secret", "{path}");
        ok.assert_acao(APP);
        assert_eq!(ok.vary(), ["origin"], "{path}");
        let delete = send(&app, actual("DELETE", path, Some(APP))).await;
        assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        delete.assert_acao(APP);
        let pre = send(&app, preflight(path, APP, "GET", Some("authorization"))).await;
        assert_eq!(pre.status, StatusCode::NO_CONTENT, "{path}");
    }
}

#[tokio::test]
async fn timeout_and_rate_limit_answers_are_readable() {
    let app = app();
    let late = send(&app, actual("GET", "/slow", Some(APP))).await;
    assert_eq!(late.status, StatusCode::REQUEST_TIMEOUT);
    late.assert_acao(APP);
    // The 405 of a chain ending in a `layer` is granted inside that layer.
    let delete = send(&app, actual("DELETE", "/slow", Some(APP))).await;
    assert_eq!(delete.status, StatusCode::METHOD_NOT_ALLOWED);
    delete.assert_acao(APP);
    let evil = send(&app, actual("DELETE", "/slow", Some(EVIL))).await;
    evil.assert_no_grant();
    assert_eq!(evil.vary(), ["origin"]);
    let limited = send(&app, actual("GET", "/limited", Some(EVIL))).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.one(&ACAO).as_deref(), Some("*"));
}

#[tokio::test]
async fn plain_options_gets_204_with_the_routed_methods() {
    let app = app();
    let plain = send(&app, actual("OPTIONS", "/todos", Some(APP))).await;
    assert_eq!(plain.status, StatusCode::NO_CONTENT);
    assert_eq!(
        plain.list(&header::ALLOW),
        ["GET", "POST", "HEAD", "OPTIONS"]
    );
    plain.assert_no_grant();
    let no_origin = send(&app, actual("OPTIONS", "/todos/7", None)).await;
    assert_eq!(no_origin.status, StatusCode::NO_CONTENT);
    assert_eq!(no_origin.list(&header::ALLOW), ["PUT", "DELETE", "OPTIONS"]);
}

#[tokio::test]
async fn head_is_judged_by_the_get_handler() {
    let app = app();
    let pre = send(&app, preflight("/todos", APP, "HEAD", Some("x-request-id"))).await;
    assert_eq!(pre.status, StatusCode::NO_CONTENT);
    let head = send(&app, actual("HEAD", "/todos", Some(APP))).await;
    assert_eq!(head.status, StatusCode::OK);
    head.assert_acao(APP);
}

#[tokio::test]
async fn calls_of_the_chain_apply_in_place() {
    let app = app();
    let counted = send(&app, actual("GET", "/counter", Some(APP))).await;
    assert_eq!(counted.text(), "count 7");
    counted.assert_acao(APP);
}

#[cors(origins_env = "BEHAVIOUR_ROUTE_UNSET_ORIGINS")]
async fn from_env() {}

#[test]
fn a_bad_start_up_policy_stops_the_router_build() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
    // local time is asked for).
    unsafe { std::env::remove_var("BEHAVIOUR_ROUTE_UNSET_ORIGINS") };
    let built = std::panic::catch_unwind(|| {
        let _: axum::routing::MethodRouter = cors_route!(get(from_env));
    });
    let message = *built.expect_err("panics").downcast::<String>().unwrap();
    assert!(
        message.contains("BEHAVIOUR_ROUTE_UNSET_ORIGINS"),
        "{message}"
    );
    assert!(message.contains("is not set"), "{message}");
}

#[test]
fn two_registrations_of_one_path_overlap_on_options() {
    // Documented in the README: axum refuses two routers that both route OPTIONS on a path.
    let built = std::panic::catch_unwind(|| {
        let reads: Router = Router::new().route("/todos", cors_route!(get(list)));
        let writes: Router = Router::new().route("/todos", cors_route!(post(create)));
        reads.merge(writes)
    });
    let panic = built.expect_err("axum panics");
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap();
    assert!(message.contains("Overlapping method route"), "{message}");
    assert!(message.contains("OPTIONS /todos"), "{message}");
}

async fn internal() -> &'static str {
    "internal"
}

#[tokio::test]
async fn a_route_chained_after_the_registration_stays_outside_cors() {
    let app: Router = Router::new()
        .route("/plain", cors_route!(get(list)).patch(internal))
        .route(
            "/layered",
            cors_route!(get(list).route_layer(middleware::from_fn(require_auth))).patch(internal),
        );
    for path in ["/plain", "/layered"] {
        let pre = send(&app, preflight(path, APP, "PATCH", None)).await;
        assert_eq!(pre.status, StatusCode::FORBIDDEN, "{path}");
        pre.assert_no_grant();
        let sent = send(&app, actual("PATCH", path, Some(APP))).await;
        assert_eq!(sent.text(), "internal", "{path}");
        sent.assert_no_grant();
    }
}

/// How many times `partner` was asked.
static ASKED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn partner(origin: &str) -> bool {
    ASKED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    origin == "https://partner.example.net"
}

axum_strict_cors::cors_policy!(PARTNER: origins_fn = crate::partner, methods = "PUT, DELETE", headers = "content-type");

#[cors(policy = PARTNER)]
async fn partner_put() -> &'static str {
    "put"
}

#[cors(policy = PARTNER)]
async fn partner_delete() -> &'static str {
    "deleted"
}

fn asked() -> usize {
    ASKED.load(std::sync::atomic::Ordering::SeqCst)
}

/// `origins_fn` is asked once per request, even where several policies of a path judge it
/// (the 405 of a path with two handlers, a refused preflight).
#[tokio::test]
async fn origins_fn_is_asked_once_per_request() {
    let app = Router::new().route("/p", cors_route!(put(partner_put).delete(partner_delete)));
    let partner_origin = "https://partner.example.net";
    let cases = [
        actual("PATCH", "/p", Some(partner_origin)),
        actual("PATCH", "/p", Some(EVIL)),
        preflight("/p", partner_origin, "PUT", Some("x-not-allowed")),
        preflight("/p", partner_origin, "PATCH", None),
        preflight("/p", EVIL, "PATCH", None),
        actual("PUT", "/p", Some(partner_origin)),
    ];
    for request in cases {
        let what = format!("{} {:?}", request.method(), request.headers());
        let before = asked();
        let _ = send(&app, request).await;
        assert_eq!(asked() - before, 1, "{what}");
    }
}
