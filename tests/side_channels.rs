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
