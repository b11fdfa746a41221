//! The two side channels of the router-wide policy (ARCHITECTURE.md): the answerer a route
//! reports while the policy is applied, and the router-wide policy a `#[cors]` handler sees
//! while the policy polls its route. Each test shows what holds when a layer between them
//! clones, buffers or spawns.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::error_handling::HandleErrorLayer;
use axum::http::StatusCode;
use axum::routing::{delete, put};
use axum::{BoxError, Router};
use axum_strict_cors::{cors, cors_policy, cors_route};
use common::*;
use tower::ServiceBuilder;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";

cors_policy!(SPA:
    origins = "https://app.example.com, https://admin.example.com",
    methods = "GET, PUT, DELETE",
    headers = "content-type",
    credentials
);

static PURGED: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = "https://admin.example.com", methods = "DELETE", credentials)]
async fn purge() -> &'static str {
    PURGED.fetch_add(1, Ordering::SeqCst);
    "purged"
}

static RENAMED: AtomicUsize = AtomicUsize::new(0);

#[cors(
    origins = "https://app.example.com, https://admin.example.com",
    methods = "PUT",
    credentials
)]
async fn rename() -> &'static str {
    RENAMED.fetch_add(1, Ordering::SeqCst);
    "renamed"
}

async fn overloaded(_: BoxError) -> StatusCode {
    StatusCode::SERVICE_UNAVAILABLE
}

/// Behind a buffer (its clone shares one worker and clones nothing inside), a stricter
/// route's preflight is still judged by its own policy, and its handler never runs for an
/// origin only the app's policy allows.
#[tokio::test]
async fn a_buffered_route_keeps_its_own_policy() {
    let app = SPA
        .router()
        .route("/admin/cache", cors_route!(delete(purge)))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .buffer(8)
                .rate_limit(100, Duration::from_secs(1)),
        );
    let r = send(&app, preflight("/admin/cache", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
    let r = send(&app, preflight("/admin/cache", ADMIN, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{r:?}");
    let before = PURGED.load(Ordering::SeqCst);
    let r = send(&app, actual("DELETE", "/admin/cache", Some(APP))).await;
    r.assert_no_grant();
    assert_eq!(
        PURGED.load(Ordering::SeqCst),
        before,
        "the purge ran for the app's page"
    );
}

/// The plain `.layer(SPA)` applied over a buffer cannot hear the path's own answerer through
/// it, and answers the path's preflights by its own policy; the handler still refuses, without
/// running, what its own preflight would have refused.
#[tokio::test]
async fn a_buffered_route_under_the_plain_layer_never_runs_for_what_it_refuses() {
    let app = Router::new()
        .route("/admin/cache", cors_route!(delete(purge)))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .buffer(8),
        )
        .layer(SPA);
    let r = send(&app, preflight("/admin/cache", APP, "DELETE", None)).await;
    assert_eq!(
        r.status,
        StatusCode::NO_CONTENT,
        "the plain layer hears nothing through the buffer: {r:?}"
    );
    let before = PURGED.load(Ordering::SeqCst);
    let r = send(&app, actual("DELETE", "/admin/cache", Some(APP))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
    r.assert_no_grant();
    assert_eq!(
        PURGED.load(Ordering::SeqCst),
        before,
        "the purge ran for the app's page"
    );
}

/// A `#[cors]` handler routed with a plain `put(h)` behind a buffer: the method its policy
/// does not list, which the app's policy let the browser send, does not run it.
#[tokio::test]
async fn a_buffered_plain_routed_handler_refuses_what_its_preflight_would_have() {
    let app = SPA
        .router()
        .route("/name", put(rename).delete(rename))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(overloaded))
                .buffer(8),
        );
    let before = RENAMED.load(Ordering::SeqCst);
    let r = send(&app, actual("DELETE", "/name", Some(APP))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
    assert_eq!(RENAMED.load(Ordering::SeqCst), before);
}

static EDITED: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = "https://app.example.com", methods = "PUT", credentials)]
async fn edit() -> &'static str {
    EDITED.fetch_add(1, Ordering::SeqCst);
    "edited"
}

/// A layer that runs the route on a task of its own.
async fn on_another_task(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    tokio::spawn(next.run(request))
        .await
        .expect("the route's task ends")
}

/// The router-wide policy a `#[cors]` handler sees is a thread-local set while the policy
/// polls the route: a layer that runs the route on a task of its own hides it. The handler
/// then judges the request by its own origins only, and a method its policy does not list
/// (which the app's policy let the browser send) runs it. Registered with `cors_route!`, the
/// path's preflights are its own policy's, and the browser never sends that request.
#[tokio::test]
async fn a_handler_run_on_another_task_does_not_see_the_app_policy() {
    let plain = SPA
        .router()
        .route("/note", put(edit).delete(edit))
        .layer(axum::middleware::from_fn(on_another_task));
    let before = EDITED.load(Ordering::SeqCst);
    let r = send(&plain, actual("DELETE", "/note", Some(APP))).await;
    assert_eq!(r.status, StatusCode::OK, "{r:?}");
    assert_eq!(EDITED.load(Ordering::SeqCst), before + 1);

    let registered = SPA
        .router()
        .route("/note", cors_route!(put(edit)))
        .layer(axum::middleware::from_fn(on_another_task));
    let r = send(&registered, preflight("/note", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
    r.assert_no_grant();
}

static ANNOTATED: AtomicUsize = AtomicUsize::new(0);

/// `edit`'s twin, with a counter of its own (the tests run side by side).
#[cors(origins = "https://app.example.com", methods = "PUT", credentials)]
async fn annotate() -> &'static str {
    ANNOTATED.fetch_add(1, Ordering::SeqCst);
    "annotated"
}

/// The same kind of handler under the policy, polled on the policy's own task (timeouts, panics
/// caught, auth: every layer that awaits the route in place), refuses that request without
/// running.
#[tokio::test]
async fn a_handler_polled_in_place_sees_the_app_policy() {
    let app = SPA
        .router()
        .route("/note", put(annotate).delete(annotate))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(5),
        ))
        .layer(tower_http::catch_panic::CatchPanicLayer::new());
    let before = ANNOTATED.load(Ordering::SeqCst);
    let r = send(&app, actual("DELETE", "/note", Some(APP))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{r:?}");
    assert_eq!(ANNOTATED.load(Ordering::SeqCst), before);
}
