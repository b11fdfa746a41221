//! The whole-app form, `SPA.router()`: whatever order the app is written in, every route,
//! route layer, layer and fallback is inside the policy; routers with policies of their own
//! compose, and requests no path matched are the outermost policy's. tower-http's
//! `CorsLayer` in the same shapes, beside it, shows where the two differ.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{delete, get, put};
use axum::Router;
use axum_strict_cors::test_util::{fetch, Request as Fetch};
use axum_strict_cors::{cors, cors_policy, cors_route, CorsRouter};
use common::handlers::*;
use common::*;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

const APP: &str = "https://app.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "https://evil.example.net";

cors_policy!(SPA:
    origins = "https://app.example.com, https://admin.example.com",
    methods = "GET, POST, PUT, DELETE",
    headers = "content-type",
    credentials
);

cors_policy!(PUBLIC: origins = "*", methods = "GET");

async fn list() -> &'static str {
    "[]"
}

/// A stricter route: only the admin page may purge.
#[cors(origins = "https://admin.example.com", methods = "DELETE", credentials)]
async fn purge() -> &'static str {
    "purged"
}

/// Routed with a plain `put(..)`: its own policy still decides what reaches it.
#[cors(origins = "https://app.example.com", methods = "PUT", credentials)]
async fn rename() -> &'static str {
    "renamed"
}

fn api() -> Router {
    Router::new()
        .route("/items", get(list).post(create))
        .route("/items/{id}", put(update).delete(update))
        .route("/name", put(rename))
        .route("/slow", get(slow))
        .route("/boom", get(boom))
        .route("/admin/cache", cors_route!(delete(purge)))
        .fallback(not_found)
}

fn timeout() -> TimeoutLayer {
    TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_millis(50))
}

/// The same app, written in the orders a team writes it in.
fn apps() -> Vec<(&'static str, CorsRouter)> {
    vec![
        (
            "policy named first, auth and layers after",
            SPA.router()
                .nest("/api/v1", api())
                .route_layer(middleware::from_fn(require_login))
                .layer(timeout())
                .layer(RequestBodyLimitLayer::new(16))
                .layer(CatchPanicLayer::new()),
        ),
        (
            "layers before auth",
            SPA.router()
                .nest("/api/v1", api())
                .layer(CatchPanicLayer::new())
                .layer(RequestBodyLimitLayer::new(16))
                .layer(timeout())
                .route_layer(middleware::from_fn(require_login)),
        ),
        (
            "a finished router handed to the policy",
            SPA.router().merge(
                Router::new()
                    .nest("/api/v1", api())
                    .route_layer(middleware::from_fn(require_login))
                    .layer(timeout())
                    .layer(RequestBodyLimitLayer::new(16))
                    .layer(CatchPanicLayer::new()),
            ),
        ),
        (
            "half before, half after",
            SPA.router()
                .merge(
                    Router::new()
                        .nest("/api/v1", api())
                        .layer(CatchPanicLayer::new()),
                )
                .route_layer(middleware::from_fn(require_login))
                .layer(RequestBodyLimitLayer::new(16))
                .layer(timeout()),
        ),
    ]
}

fn logged_in(method: &str, uri: &str, origin: &str) -> axum::http::request::Builder {
    request(method, uri, Some(origin)).header(header::COOKIE, "session=1")
}

#[tokio::test]
async fn auth_never_answers_a_preflight_in_any_order() {
    for (shape, app) in apps() {
        let r = send(&app, preflight("/api/v1/items/7", APP, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{shape}");
        r.assert_acao(APP);
        let r = send(&app, preflight("/api/v1/items/7", EVIL, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{shape}");
        r.assert_no_grant();
    }
}

#[tokio::test]
async fn every_answer_carries_the_grant_in_any_order() {
    for (shape, app) in apps() {
        let cases = [
            (
                actual("PUT", "/api/v1/items/7", Some(APP)),
                StatusCode::UNAUTHORIZED,
            ),
            (
                logged_in("GET", "/api/v1/items", APP)
                    .body(Default::default())
                    .unwrap(),
                StatusCode::OK,
            ),
            (
                logged_in("GET", "/api/v1/nothing", APP)
                    .body(Default::default())
                    .unwrap(),
                StatusCode::NOT_FOUND,
            ),
            (
                logged_in("GET", "/elsewhere", APP)
                    .body(Default::default())
                    .unwrap(),
                StatusCode::NOT_FOUND,
            ),
            (
                logged_in("PATCH", "/api/v1/items", APP)
                    .body(Default::default())
                    .unwrap(),
                StatusCode::METHOD_NOT_ALLOWED,
            ),
            (
                logged_in("GET", "/api/v1/slow", APP)
                    .body(Default::default())
                    .unwrap(),
                StatusCode::REQUEST_TIMEOUT,
            ),
            (
                logged_in("GET", "/api/v1/boom", APP)
                    .body(Default::default())
                    .unwrap(),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
            (
                logged_in("POST", "/api/v1/items", APP)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(format!("{{\"name\": \"{}\"}}", "x".repeat(64)).into())
                    .unwrap(),
                StatusCode::PAYLOAD_TOO_LARGE,
            ),
        ];
        for (request, status) in cases {
            let what = format!("{shape}: {} {}", request.method(), request.uri());
            let r = send(&app, request).await;
            assert_eq!(r.status, status, "{what}");
            r.assert_acao(APP);
            assert_eq!(r.one(&ACAC).as_deref(), Some("true"), "{what}");
            assert!(r.varies_on("origin"), "{what}");
        }
    }
}

#[tokio::test]
async fn stricter_routes_keep_their_policy_in_any_order() {
    for (shape, app) in apps() {
        // The admin route: only its own policy's origin may purge.
        let r = send(&app, preflight("/api/v1/admin/cache", APP, "DELETE", None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{shape}");
        let r = send(
            &app,
            preflight("/api/v1/admin/cache", ADMIN, "DELETE", None),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{shape}");
        r.assert_acao(ADMIN);
        // A `#[cors]` handler routed with a plain `put(..)` refuses what its own preflight
        // would have refused, though the app's policy allowed the preflight.
        let request = logged_in("PUT", "/api/v1/name", ADMIN)
            .body(Default::default())
            .unwrap();
        let r = send(&app, request).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{shape}");
        let request = logged_in("PUT", "/api/v1/name", APP)
            .body(Default::default())
            .unwrap();
        let r = send(&app, request).await;
        assert_eq!(r.status, StatusCode::OK, "{shape}");
        r.assert_acao(APP);
    }
}

#[tokio::test]
async fn test_util_sees_the_page_read_every_status() {
    for (shape, app) in apps() {
        let verdict = fetch(app.clone(), APP, Fetch::new("PUT", "/api/v1/items/7")).await;
        assert!(verdict.is_allowed(), "{shape}: {verdict:?}");
        assert_eq!(verdict.status(), Some(401), "{shape}");
        let verdict = fetch(app, APP, Fetch::new("GET", "/nowhere")).await;
        assert_eq!(verdict.status(), Some(404), "{shape}");
    }
}

#[tokio::test]
async fn state_is_given_after_the_policy_as_before() {
    #[derive(Clone)]
    struct Greeting(&'static str);
    async fn greet(State(g): State<Greeting>) -> &'static str {
        g.0
    }
    let app: CorsRouter = SPA
        .router()
        .route("/hello", get(greet))
        .route_layer(middleware::from_fn(require_login))
        .with_state(Greeting("hello"));
    let r = send(
        &app,
        logged_in("GET", "/hello", APP)
            .body(Default::default())
            .unwrap(),
    )
    .await;
    assert_eq!(r.text(), "hello");
    r.assert_acao(APP);
}

/// A layer the app wants outside the policy sees preflights too: the one way to write it.
#[tokio::test]
async fn a_layer_outside_the_policy_sees_preflights() {
    let seen = Arc::new(AtomicUsize::new(0));
    let count = seen.clone();
    let app: Router = SPA
        .router()
        .route("/items/{id}", put(update))
        .route_layer(middleware::from_fn(require_login))
        .into_router()
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            count.fetch_add(1, Ordering::SeqCst);
            next.run(request)
        }));
    let r = send(&app, preflight("/items/7", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(seen.load(Ordering::SeqCst), 1);
}

/// `axum::serve` takes the app as it is, over a real connection.
#[tokio::test]
async fn axum_serve_takes_the_app_as_it_is() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = SPA
        .router()
        .route("/items/{id}", put(update))
        .route_layer(middleware::from_fn(require_login));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let preflight = format!(
        "OPTIONS /items/7 HTTP/1.1\r\nHost: {address}\r\nOrigin: {APP}\r\n\
         Access-Control-Request-Method: PUT\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(preflight.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    assert!(answer.starts_with("http/1.1 204"), "{answer}");
    assert!(
        answer.contains("access-control-allow-origin: https://app.example.com"),
        "{answer}"
    );
    server.abort();
}

// ---------------------------------------------------------------------------------------
// Routers with policies of their own

async fn open() -> &'static str {
    "open"
}

/// A public router as axum's docs write per-router middleware: its own `.layer(PUBLIC)`.
fn public_layered() -> Router {
    Router::new().route("/open", get(open)).layer(PUBLIC)
}

/// What every shape below must answer: `/open` under `PUBLIC`, the rest under `SPA`, never
/// two grants (`one` panics on a repeated header).
async fn check_composed<A>(shape: &str, app: &A, open_path: &str)
where
    A: tower::Service<
            axum::http::Request<axum::body::Body>,
            Response = Response,
            Error = std::convert::Infallible,
        > + Clone,
{
    let r = send(app, actual("GET", open_path, Some(EVIL))).await;
    assert_eq!(r.status, StatusCode::OK, "{shape}");
    assert_eq!(r.one(&ACAO).as_deref(), Some("*"), "{shape}");
    let r = send(app, preflight(open_path, EVIL, "GET", None)).await;
    assert_eq!(r.one(&ACAO).as_deref(), Some("*"), "{shape}: {r:?}");
    // The app's 404s, inside and outside the nest, are the app's: the credentialed page
    // reads them.
    for path in ["/elsewhere", "/api/v1/nothing"] {
        let r = send(app, actual("GET", path, Some(APP))).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{shape}: {path}");
        r.assert_acao(APP);
        assert_eq!(r.one(&ACAC).as_deref(), Some("true"), "{shape}: {path}");
        let r = send(app, actual("GET", path, Some(EVIL))).await;
        r.assert_no_grant();
        let r = send(app, preflight(path, APP, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{shape}: {path}");
        r.assert_acao(APP);
        let r = send(app, preflight(path, EVIL, "GET", None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{shape}: {path}");
        r.assert_no_grant();
    }
    let verdict = fetch(
        app.clone(),
        APP,
        Fetch::new("GET", "/elsewhere")
            .credentials(axum_strict_cors::test_util::Credentials::Include),
    )
    .await;
    assert!(verdict.is_allowed(), "{shape}: {verdict:?}");
    assert_eq!(verdict.status(), Some(404), "{shape}");
}

fn api_plain() -> Router {
    Router::new().route("/items", get(list))
}

#[tokio::test]
async fn merged_router_with_its_own_policy_keeps_it_and_leaves_the_404s_to_the_app() {
    let app = SPA
        .router()
        .nest(
            "/api/v1",
            api_plain().route_layer(middleware::from_fn(require_login)),
        )
        .merge(public_layered());
    check_composed("merged Router under SPA.router()", &app, "/open").await;

    let app = SPA
        .router()
        .merge(PUBLIC.router().route("/open", get(open)))
        .nest("/api/v1", api_plain());
    check_composed("merged PUBLIC.router() under SPA.router()", &app, "/open").await;

    // The plain form, the policy written last.
    let app = Router::new()
        .nest("/api/v1", api_plain())
        .merge(public_layered())
        .layer(SPA);
    check_composed("merged Router under .layer(SPA)", &app, "/open").await;
}

#[tokio::test]
async fn nested_router_with_its_own_policy_keeps_it_and_leaves_the_404s_to_the_app() {
    let app = SPA
        .router()
        .nest("/api/v1", api_plain())
        .nest("/public", PUBLIC.router().route("/open", get(open)));
    check_composed("nested PUBLIC.router()", &app, "/public/open").await;

    let app = Router::new()
        .nest("/api/v1", api_plain())
        .nest("/public", public_layered())
        .layer(SPA);
    check_composed("nested Router under .layer(SPA)", &app, "/public/open").await;

    // A nested router with a fallback of its own keeps it, under the app's policy.
    let app = SPA.router().nest(
        "/public",
        Router::new()
            .route("/open", get(open))
            .fallback(not_found)
            .layer(PUBLIC),
    );
    let r = send(&app, actual("GET", "/public/nothing", Some(APP))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.text(), "no such thing");
    r.assert_acao(APP);
}

/// tower-http in the same merged shape: its outer layer adds its headers to what the inner
/// one wrote, so the app's 404 carries the outer grant too. Each policy's word on its own
/// routes and on the 404 is where the two agree; the public route's preflight is where they
/// differ: tower-http's outer layer answers it first, by the outer policy.
#[tokio::test]
async fn tower_http_in_the_same_shape() {
    let outer = CorsLayer::new()
        .allow_origin(AllowOrigin::list([HeaderValue::from_static(APP)]))
        .allow_methods([Method::GET, Method::PUT])
        .allow_credentials(true);
    let public = Router::new()
        .route("/open", get(open))
        .layer(CorsLayer::new().allow_origin(tower_http::cors::Any));
    let app = Router::new()
        .nest("/api/v1", api_plain())
        .merge(public)
        .layer(outer);
    let r = send(&app, actual("GET", "/elsewhere", Some(APP))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(
        r.all(&ACAO).contains(&APP.to_owned()),
        "tower-http's 404 carries the outer grant: {r:?}"
    );
    let r = send(&app, preflight("/open", EVIL, "GET", None)).await;
    assert_ne!(
        r.all(&ACAO),
        vec!["*".to_owned()],
        "tower-http's outer layer answers the public route's preflight: {r:?}"
    );
}

/// The plain `.layer(SPA)` with auth written after it: `test_util` names every path and
/// method whose preflight a layer outside the policy answered.
#[tokio::test]
async fn test_util_names_the_preflights_no_policy_answered() {
    let wrong = Router::new()
        .route("/items/{id}", put(update).delete(update))
        .route("/items", get(list))
        .layer(SPA)
        .route_layer(middleware::from_fn(require_login));
    let found =
        axum_strict_cors::test_util::unanswered_preflights(wrong, APP, &["/items/7", "/items"])
            .await;
    assert!(found.iter().all(|u| u.status == 401), "{found:?}");
    assert!(found
        .iter()
        .any(|u| u.method == "PUT" && u.path == "/items/7"));
    assert!(found
        .iter()
        .any(|u| u.method == "GET" && u.path == "/items"));
    let shown = found[0].to_string();
    assert!(shown.contains("401"), "{shown}");
    // A malformed path is listed with why, not a panic.
    let found = axum_strict_cors::test_util::unanswered_preflights(
        SPA.router().route("/items", get(list)),
        APP,
        &["not a path"],
    )
    .await;
    assert_eq!(found.len(), 6, "{found:?}");
    assert!(
        found.iter().all(|u| u.status == 0 && u.error.is_some()),
        "{found:?}"
    );

    let right = SPA
        .router()
        .route("/items/{id}", put(update).delete(update))
        .route("/items", get(list))
        .route_layer(middleware::from_fn(require_login));
    let found =
        axum_strict_cors::test_util::unanswered_preflights(right, APP, &["/items/7", "/items"])
            .await;
    assert!(found.is_empty(), "{found:?}");
}

/// The whole-app form with an async origin check: the check's origins are granted, auth
/// written after it still never sees a preflight.
#[tokio::test]
async fn async_origin_check_takes_the_whole_app_form() {
    let asked = Arc::new(AtomicUsize::new(0));
    let counter = asked.clone();
    let app = SPA
        .origins_async(move |origin: String| {
            counter.fetch_add(1, Ordering::SeqCst);
            async move { origin == "https://shop.tenant.example" }
        })
        .router()
        .route("/items/{id}", put(update))
        .route_layer(middleware::from_fn(require_login));
    let r = send(
        &app,
        preflight("/items/7", "https://shop.tenant.example", "PUT", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("https://shop.tenant.example");
    let r = send(
        &app,
        actual("PUT", "/items/7", Some("https://shop.tenant.example")),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    r.assert_acao("https://shop.tenant.example");
    let r = send(&app, preflight("/items/7", EVIL, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Listed origins are never asked about.
    let before = asked.load(Ordering::SeqCst);
    let r = send(&app, preflight("/items/7", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(asked.load(Ordering::SeqCst), before);
}

/// Handlers that read `ConnectInfo` are served through the app's make-service.
#[tokio::test]
async fn connect_info_is_served_through_the_make_service() {
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn peer(
        axum::extract::ConnectInfo(from): axum::extract::ConnectInfo<SocketAddr>,
    ) -> String {
        from.ip().to_string()
    }
    let app = SPA.router().route("/peer", get(peer));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
    });
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "GET /peer HTTP/1.1\r\nHost: {address}\r\nOrigin: {APP}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer).to_ascii_lowercase();
    assert!(answer.starts_with("http/1.1 200"), "{answer}");
    assert!(answer.ends_with("127.0.0.1"), "{answer}");
    assert!(
        answer.contains("access-control-allow-origin: https://app.example.com"),
        "{answer}"
    );
    server.abort();
}

cors_policy!(TENANTS_ONLY: origins = [], methods = "GET, PUT", credentials);

/// A named policy that lists no origins: only its async check allows them.
#[tokio::test]
async fn a_policy_whose_origins_only_an_async_check_allows() {
    let app = TENANTS_ONLY
        .origins_async(|origin: String| async move { origin == "https://shop.tenant.example" })
        .router()
        .route("/items/{id}", put(update));
    let r = send(
        &app,
        preflight("/items/7", "https://shop.tenant.example", "PUT", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("https://shop.tenant.example");
    let r = send(&app, preflight("/items/7", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

cors_policy!(FROM_ENV: origins_env = "WHOLE_APP_TEST_ORIGINS", methods = "PUT");

/// Its origins come from the environment, and it is routed with a plain `put(..)`.
#[cors(origins_env = "WHOLE_APP_TEST_HANDLER_ORIGINS", methods = "PUT")]
async fn configured_by_env() -> &'static str {
    "env"
}

/// A bad `origins_env` stops the program where the app is written, before it serves: the
/// policy's at `router()`, a plain-routed handler's at the `route` that adds it.
#[test]
fn a_bad_environment_value_fails_where_the_app_is_written() {
    // SAFETY: this test binary reads the environment only through `std::env`, which takes the
    // same lock as `set_var`; nothing in it reads it through libc.
    unsafe {
        std::env::set_var("WHOLE_APP_TEST_ORIGINS", "https://app.example.com/");
        std::env::set_var("WHOLE_APP_TEST_HANDLER_ORIGINS", "https://App.example.com");
    };
    let message = |built: std::thread::Result<()>| -> String {
        *built
            .expect_err("a bad value must panic")
            .downcast::<String>()
            .expect("a message")
    };
    let policy = message(std::panic::catch_unwind(|| {
        let _: CorsRouter = FROM_ENV.router();
    }));
    assert!(policy.contains("WHOLE_APP_TEST_ORIGINS"), "{policy}");
    assert!(policy.contains("trailing slash"), "{policy}");
    let handler = message(std::panic::catch_unwind(|| {
        let _: CorsRouter = SPA.router().route("/env", put(configured_by_env));
    }));
    assert!(
        handler.contains("WHOLE_APP_TEST_HANDLER_ORIGINS"),
        "{handler}"
    );
    assert!(handler.contains("configured_by_env"), "{handler}");
}

/// The message and the location of the panic `build` makes on this thread.
fn panic_of(build: impl FnOnce() + std::panic::UnwindSafe) -> (String, String) {
    let caught = Arc::new(std::sync::Mutex::new(None));
    let here = std::thread::current().id();
    let previous = std::panic::take_hook();
    let seen = caught.clone();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == here {
            let message = match info.payload().downcast_ref::<String>() {
                Some(m) => m.clone(),
                None => info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|m| m.to_string())
                    .unwrap_or_default(),
            };
            let file = info
                .location()
                .map(|l| l.file().to_owned())
                .unwrap_or_default();
            *seen.lock().unwrap() = Some((message, file));
        }
    }));
    let result = std::panic::catch_unwind(build);
    std::panic::set_hook(previous);
    assert!(result.is_err(), "it should have panicked");
    let caught = caught.lock().unwrap().take();
    caught.expect("the panic was seen on this thread")
}

#[test]
fn a_route_layer_before_any_route_panics_at_the_line_that_wrote_it() {
    let (message, file) = panic_of(|| {
        let _ = SPA
            .router::<()>()
            .route_layer(middleware::from_fn(require_login))
            .route("/items", get(list));
    });
    assert!(
        message.contains("write it after the routes it guards"),
        "{message}"
    );
    assert!(file.ends_with("whole_app.rs"), "{file}");
}

#[test]
fn axum_panics_in_the_whole_app_form_point_at_the_app() {
    let (message, file) = panic_of(|| {
        let _ = SPA.router::<()>().route("items", get(list));
    });
    assert!(message.contains("Paths must start with a `/`"), "{message}");
    assert!(file.ends_with("whole_app.rs"), "{file}");
}
