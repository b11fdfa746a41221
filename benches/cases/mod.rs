//! The cases that `benches/cors.rs` (wall-clock time, criterion and interleaved) and
//! `benches/instructions.rs` (instruction counts, gungraun) both measure: what CORS costs per
//! request. Most groups are one request answered by the same axum handler with no CORS (the
//! floor), behind tower-http's `CorsLayer` configured to the same policy (the incumbent), and
//! with `#[cors]` (registered with `.options(preflight!(..))`, and for the main policy also with
//! `cors_route!`). The main policy's groups are also answered by the plain handlers under the
//! same policy applied router-wide (`cors_policy!` and `.layer(SPA)`, variant `router_policy`;
//! the whole-app form `SPA.router()`, `app_router` and `app_service`; the same keys built at
//! run time from a configuration, `configured`), next to two floors
//! applied the same way: a layer that does nothing (`noop_layer`) and the cheapest correct CORS
//! layer written by hand for this one policy (`hand_layer`), which the router-wide variants'
//! limit divides by.
//!
//! Every request goes through a real `Router`, finalised with `.with_state(())` as
//! `axum::serve` does once per app (a `Router` left unfinalised converts its handlers to routes
//! on every request), and is answered with `tower::ServiceExt::oneshot`. The router is cloned
//! and the request built before the measured part; the response is dropped after it. Nothing
//! here does I/O, so each future completes on its first poll; `run` polls it once with a no-op
//! waker instead of timing an executor as well.
//!
//! Before anything is measured, every case is run once and its response checked (status and
//! `Access-Control-Allow-Origin`), so that a benchmark cannot quietly measure a misconfigured
//! path. These are correctness checks, not timing assertions.
//!
//! The first variant of each group is its reference: the report divides the others by it.

use std::any::Any;
use std::future::Future;
use std::hint::black_box;
use std::pin::{pin, Pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_policy, cors_route, preflight};
use tower::{Layer, ServiceExt};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The page allowed by the main policy, and one it refuses.
const ORIGIN_OK: &str = "http://www.example.com";
const ORIGIN_BAD: &str = "http://evil.example.net";

/// The handler, without CORS.
async fn plain() -> &'static str {
    "ok"
}

/// A handler that does a little work: the quickstart's `user`, a small JSON document.
async fn plain_json() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "name": "Ada", "email": "ada@example.com" }))
}

/// The same handler with extractors (a path parameter and a body).
async fn plain_extract(Path(id): Path<u64>, body: String) -> String {
    format!("{id}:{}", body.len())
}

/// `#[cors]` with the policy every case shares apart from its origins (`PUT, DELETE`,
/// `content-type`, `max_age = 600`, as tower-http's layer below) on each handler given. An
/// attribute's arguments must be literal tokens: `tt` fragments pass them through unchanged.
macro_rules! with_policy {
    ($origins:tt; $($handler:item)*) => {
        $(
            #[cors(
                origins = $origins,
                methods = "PUT, DELETE",
                headers = "content-type",
                max_age = 600
            )]
            $handler
        )*
    };
}

// The policy of the quickstart's `update`: one page, two methods, one request header.
with_policy! {
    "http://www.example.com";

    async fn main_policy() -> &'static str {
        "ok"
    }

    async fn main_policy_extract(Path(id): Path<u64>, body: String) -> String {
        format!("{id}:{}", body.len())
    }

    async fn main_policy_json() -> axum::Json<serde_json::Value> {
        axum::Json(serde_json::json!({ "name": "Ada", "email": "ada@example.com" }))
    }
}

// The same policy, named, for the whole router: `.layer(SPA)` over the plain handlers.
cors_policy!(SPA:
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type",
    max_age = 600
);

with_policy! {
    "https://*.example.com";

    async fn wildcard() -> &'static str {
        "ok"
    }
}

/// Exact-origin policies, each list the one before it with more origins in front, so that
/// every list ends with the first chunk's origin (the one the cases grant) and the origins are
/// written once: for every chunk, `$name` (the `#[cors]` handler) and, when given, `$list`
/// (the same origins for tower-http).
macro_rules! origin_lists {
    ([$($acc:tt)*]) => {};
    ([$($acc:tt)*] $name:ident $(($list:ident))?: [$($chunk:tt)*] $($rest:tt)*) => {
        origin_lists!(@one $name $(($list))?: [$($chunk)* $($acc)*]);
        origin_lists!([$($chunk)* $($acc)*] $($rest)*);
    };
    (@one $name:ident $(($list:ident))?: $origins:tt) => {
        with_policy! {
            $origins;

            async fn $name() -> &'static str {
                "ok"
            }
        }

        $(const $list: &[&str] = &$origins;)?
    };
}

/// The origin every exact list grants: its last. All origins have one length, so a list
/// compared one by one meets its worst case.
const ORIGIN_LAST: &str = "https://app99.example.com";

/// Refused by every exact list, and as long as its origins (the worst case again).
const ORIGIN_LAST_BAD: &str = "https://app99.example.net";

origin_lists! {
    []
    o1(O1): ["https://app99.example.com",]
    o2: ["https://app98.example.com",]
    o4: ["https://app96.example.com", "https://app97.example.com",]
    o8: [
        "https://app92.example.com", "https://app93.example.com",
        "https://app94.example.com", "https://app95.example.com",
    ]
    o10(O10): ["https://app90.example.com", "https://app91.example.com",]
    o16: [
        "https://app84.example.com", "https://app85.example.com",
        "https://app86.example.com", "https://app87.example.com",
        "https://app88.example.com", "https://app89.example.com",
    ]
    o32: [
        "https://app68.example.com", "https://app69.example.com",
        "https://app70.example.com", "https://app71.example.com",
        "https://app72.example.com", "https://app73.example.com",
        "https://app74.example.com", "https://app75.example.com",
        "https://app76.example.com", "https://app77.example.com",
        "https://app78.example.com", "https://app79.example.com",
        "https://app80.example.com", "https://app81.example.com",
        "https://app82.example.com", "https://app83.example.com",
    ]
    o100(O100): [
        "https://app00.example.com", "https://app01.example.com",
        "https://app02.example.com", "https://app03.example.com",
        "https://app04.example.com", "https://app05.example.com",
        "https://app06.example.com", "https://app07.example.com",
        "https://app08.example.com", "https://app09.example.com",
        "https://app10.example.com", "https://app11.example.com",
        "https://app12.example.com", "https://app13.example.com",
        "https://app14.example.com", "https://app15.example.com",
        "https://app16.example.com", "https://app17.example.com",
        "https://app18.example.com", "https://app19.example.com",
        "https://app20.example.com", "https://app21.example.com",
        "https://app22.example.com", "https://app23.example.com",
        "https://app24.example.com", "https://app25.example.com",
        "https://app26.example.com", "https://app27.example.com",
        "https://app28.example.com", "https://app29.example.com",
        "https://app30.example.com", "https://app31.example.com",
        "https://app32.example.com", "https://app33.example.com",
        "https://app34.example.com", "https://app35.example.com",
        "https://app36.example.com", "https://app37.example.com",
        "https://app38.example.com", "https://app39.example.com",
        "https://app40.example.com", "https://app41.example.com",
        "https://app42.example.com", "https://app43.example.com",
        "https://app44.example.com", "https://app45.example.com",
        "https://app46.example.com", "https://app47.example.com",
        "https://app48.example.com", "https://app49.example.com",
        "https://app50.example.com", "https://app51.example.com",
        "https://app52.example.com", "https://app53.example.com",
        "https://app54.example.com", "https://app55.example.com",
        "https://app56.example.com", "https://app57.example.com",
        "https://app58.example.com", "https://app59.example.com",
        "https://app60.example.com", "https://app61.example.com",
        "https://app62.example.com", "https://app63.example.com",
        "https://app64.example.com", "https://app65.example.com",
        "https://app66.example.com", "https://app67.example.com",
    ]
}

/// tower-http's layer with the same methods, headers and max-age as the `#[cors]` policies.
fn tower_layer(origins: AllowOrigin) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

/// An exact list for tower-http (`AllowOrigin::list`: refused origins get no grant, as with
/// `#[cors]`; `AllowOrigin::exact` would grant its one origin to every request).
fn tower_list(origins: &[&'static str]) -> AllowOrigin {
    AllowOrigin::list(origins.iter().map(|o| HeaderValue::from_static(o)))
}

/// tower-http's closest equivalent of `https://*.example.com`.
fn tower_wildcard() -> AllowOrigin {
    AllowOrigin::predicate(|origin, _| {
        let o = origin.as_bytes();
        o.starts_with(b"https://") && o.ends_with(b".example.com") && o.len() > 20
    })
}

/// The floor: the handlers without CORS.
fn floor_router() -> Router {
    Router::new()
        .route("/items", get(plain).put(plain))
        .route("/items/{id}", put(plain_extract))
        .route("/user", get(plain_json))
}

/// An `OPTIONS` handler that does no CORS work at all: the floor of any preflight answered
/// through the router.
async fn no_content() -> StatusCode {
    StatusCode::NO_CONTENT
}

/// The floor router with that handler on `OPTIONS /items`: the same routes as the `#[cors]`
/// routers, so that finding the route costs the same.
fn floor_preflight_router() -> Router {
    Router::new()
        .route("/items", get(plain).put(plain).options(no_content))
        .route("/items/{id}", put(plain_extract))
        .route("/user", get(plain_json))
}

/// The least CORS an axum handler can do by hand for the main policy's requests, to show what
/// the header work itself costs through axum: one `Origin` lookup and a byte comparison,
/// `Vary: Origin` appended and `Access-Control-Allow-Origin` inserted. No repeated-`Origin`
/// check, no log, no list: the cheapest code that answers these requests correctly.
async fn hand_written(request: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    let allowed = request
        .headers()
        .get(header::ORIGIN)
        .is_some_and(|o| o.as_bytes() == ORIGIN_OK.as_bytes());
    drop(request);
    let mut response = "ok".into_response();
    let headers = response.headers_mut();
    headers.append(header::VARY, HeaderValue::from_static("origin"));
    if allowed {
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static(ORIGIN_OK),
        );
    }
    response
}

/// The same for a preflight: this request's method and header compared as literals (no list
/// parsing), and the 204 with the five headers an allowed preflight needs; 403 otherwise.
async fn hand_written_preflight(request: axum::extract::Request) -> axum::response::Response {
    use axum::response::IntoResponse;
    let h = request.headers();
    let allowed = h
        .get(header::ORIGIN)
        .is_some_and(|o| o.as_bytes() == ORIGIN_OK.as_bytes())
        && h.get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .is_some_and(|m| m == "PUT" || m == "DELETE")
        && h.get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .is_none_or(|r| r.as_bytes().eq_ignore_ascii_case(b"content-type"));
    drop(request);
    let vary = HeaderValue::from_static(
        "origin, access-control-request-method, access-control-request-headers",
    );
    if !allowed {
        return (StatusCode::FORBIDDEN, [(header::VARY, vary)]).into_response();
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.reserve(5);
    grant_preflight(headers, vary);
    response
}

/// The hand-written handlers on `/items`, with the floor's other routes.
fn hand_written_router() -> Router {
    Router::new()
        .route(
            "/items",
            get(hand_written)
                .put(hand_written)
                .options(hand_written_preflight),
        )
        .route("/items/{id}", put(plain_extract))
        .route("/user", get(plain_json))
}

/// The cheapest correct CORS layer a person could write by hand for the main policy, applied
/// router-wide as `.layer(SPA)` is: a `tower::Layer` with its own unboxed future, nothing
/// boxed, nothing shared. An actual request gets `Vary: Origin` appended and, for the allowed
/// origin, `Access-Control-Allow-Origin` from a static value. A preflight (`OPTIONS` with
/// `Origin` and `Access-Control-Request-Method`) is answered before the route runs: 204 with
/// the four headers the policy grants and its `Vary` for the allowed origin, `PUT` or `DELETE`
/// and no header but `content-type`; 403 with the same `Vary` otherwise. What the browser sees
/// is what `SPA` answers (the 403 without `SPA`'s reason, which no browser shows a page). It
/// knows nothing of `#[cors]` handlers inside, nested policies or fallbacks: it only has to
/// answer these routes.
#[derive(Clone, Copy)]
struct HandLayer;

impl<S> Layer<S> for HandLayer {
    type Service = HandCors<S>;

    fn layer(&self, inner: S) -> HandCors<S> {
        HandCors { inner }
    }
}

#[derive(Clone)]
struct HandCors<S> {
    inner: S,
}

impl<S> tower::Service<Request<Body>> for HandCors<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>>,
    S::Future: Unpin,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = HandFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let h = request.headers();
        let origin = h.get(header::ORIGIN);
        let allowed = origin.is_some_and(|o| o.as_bytes() == ORIGIN_OK.as_bytes());
        if request.method() == Method::OPTIONS && origin.is_some() {
            if let Some(method) = h.get(header::ACCESS_CONTROL_REQUEST_METHOD) {
                let granted = allowed
                    && (method == "PUT" || method == "DELETE")
                    && h.get(header::ACCESS_CONTROL_REQUEST_HEADERS)
                        .is_none_or(|names| {
                            names
                                .as_bytes()
                                .split(|b| *b == b',')
                                .map(<[u8]>::trim_ascii)
                                .all(|n| n.is_empty() || n.eq_ignore_ascii_case(b"content-type"))
                        });
                return HandFuture::Answered(Some(hand_preflight(granted)));
            }
        }
        HandFuture::Inner {
            inner: self.inner.call(request),
            allowed,
        }
    }
}

/// The answer to a preflight of the hand-written layer.
fn hand_preflight(granted: bool) -> Response<Body> {
    let vary = HeaderValue::from_static(
        "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    );
    let mut response = Response::new(Body::empty());
    if !granted {
        *response.status_mut() = StatusCode::FORBIDDEN;
        response.headers_mut().insert(header::VARY, vary);
        return response;
    }
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    // Its five, and the `Allow` and `Content-Length` that axum adds on the way out (the path
    // has no `OPTIONS` route: the layer answers from the path's 405 fallback).
    headers.reserve(7);
    grant_preflight(headers, vary);
    response
}

/// The future of the hand-written layer: the route's, then the grant.
enum HandFuture<F> {
    Answered(Option<Response<Body>>),
    Inner { inner: F, allowed: bool },
}

impl<F, E> Future for HandFuture<F>
where
    F: Future<Output = Result<Response<Body>, E>> + Unpin,
{
    type Output = Result<Response<Body>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            HandFuture::Answered(response) => {
                Poll::Ready(Ok(response.take().expect("polled once")))
            }
            HandFuture::Inner { inner, allowed } => {
                let mut response = std::task::ready!(Pin::new(inner).poll(cx))?;
                let headers = response.headers_mut();
                headers.append(header::VARY, HeaderValue::from_static("Origin"));
                if *allowed {
                    headers.insert(
                        header::ACCESS_CONTROL_ALLOW_ORIGIN,
                        HeaderValue::from_static(ORIGIN_OK),
                    );
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}

/// `#[cors]` routers, one per policy. Only the main one serves the extractor handler.
fn cors_router(policy: &str) -> Router {
    match policy {
        "main" => Router::new()
            .route(
                "/items",
                get(main_policy)
                    .put(main_policy)
                    .options(preflight!(main_policy)),
            )
            .route(
                "/items/{id}",
                put(main_policy_extract).options(preflight!(main_policy_extract)),
            )
            .route("/user", get(main_policy_json)),
        "1" => Router::new().route("/items", get(o1).put(o1).options(o1::preflight)),
        "10" => Router::new().route("/items", get(o10).put(o10).options(o10::preflight)),
        "100" => Router::new().route("/items", get(o100).put(o100).options(o100::preflight)),
        "wildcard" => Router::new().route(
            "/items",
            get(wildcard).put(wildcard).options(wildcard::preflight),
        ),
        other => unreachable!("no policy {other}"),
    }
}

/// The main policy's routes registered with `cors_route!` (its grant layer and `OPTIONS`
/// route) instead of `.options(preflight!(..))`.
fn cors_route_router() -> Router {
    Router::new()
        .route("/items", cors_route!(get(main_policy).put(main_policy)))
        .route("/items/{id}", cors_route!(put(main_policy_extract)))
        .route("/user", cors_route!(get(main_policy_json)))
}

/// The plain handlers of the floor under the main policy applied router-wide, as an app under
/// one policy would be written: no `OPTIONS` route, the layer answers preflights itself.
fn router_policy_router() -> Router {
    floor_router().layer(SPA)
}

fn tower_router(policy: &str) -> Router {
    let origins = match policy {
        "main" => tower_list(&[ORIGIN_OK]),
        "1" => tower_list(O1),
        "10" => tower_list(O10),
        "100" => tower_list(O100),
        "wildcard" => tower_wildcard(),
        other => unreachable!("no policy {other}"),
    };
    floor_router().layer(tower_layer(origins))
}

/// Polls a future that needs no I/O to completion.
fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a benchmarked request went pending: nothing here does I/O"),
    }
}

/// One request of a group.
#[derive(Clone)]
struct Shape {
    method: Method,
    path: &'static str,
    origin: Option<&'static str>,
    preflight: bool,
    body: &'static str,
}

impl Shape {
    const fn get(origin: Option<&'static str>) -> Self {
        Shape {
            method: Method::GET,
            path: "/items",
            origin,
            preflight: false,
            body: "",
        }
    }

    fn request(&self) -> Request<Body> {
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.path);
        // Header values as hyper parses them: slices of one shared buffer, so that cloning one
        // is a reference-count increment (a value copied from a `&str`, as
        // `Request::builder().header(..)` makes it, allocates on its first clone, which a
        // served request never pays).
        let mut values: Vec<(header::HeaderName, &str)> = Vec::new();
        if let Some(origin) = self.origin {
            values.push((header::ORIGIN, origin));
        }
        if self.preflight {
            values.push((header::ACCESS_CONTROL_REQUEST_METHOD, "PUT"));
            values.push((header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type"));
        }
        let copied = axum::body::Bytes::from(values.iter().map(|(_, v)| *v).collect::<String>());
        // The first clone moves the bytes to a shared buffer; the clone refers to it.
        let buffer = copied.clone();
        drop(copied);
        let mut at = 0;
        for (name, value) in values {
            let slice = buffer.slice(at..at + value.len());
            at += value.len();
            let value = HeaderValue::from_maybe_shared(slice).expect("a valid header value");
            builder = builder.header(name, value);
        }
        builder
            .body(Body::from(self.body))
            .expect("a valid request")
    }
}

/// What a response must look like before its case is timed.
#[derive(Clone, Copy, Debug)]
struct Expect {
    status: u16,
    allow_origin: Option<&'static str>,
}

const fn expect(status: u16, allow_origin: Option<&'static str>) -> Expect {
    Expect {
        status,
        allow_origin,
    }
}

/// Requests counted per instruction count (`benches/instructions.rs`), after as many untimed.
pub const COUNTED_RUNS: usize = 100;

/// One measured case: one variant of a group.
pub struct Case {
    pub group: &'static str,
    pub variant: &'static str,
    /// What the group measures, for the report.
    pub title: &'static str,
    /// The limit of this case's ratio to its group's reference (the first variant), if the
    /// project has set one.
    pub limit: Option<f64>,
    /// The variant of the group that `limit` divides by, when it is not the first.
    pub over: Option<&'static str>,
    /// Makes the inputs of `n` runs and returns the batch that runs them.
    pub prepare: Box<dyn Fn(usize) -> Batch>,
}

/// Prepared runs of a case: calling it runs them all and hands back their outputs, so that
/// the caller can drop them outside whatever it measures.
pub type Batch = Box<dyn FnOnce() -> Box<dyn Any>>;

impl Case {
    pub fn name(&self) -> String {
        format!("{}/{}", self.group, self.variant)
    }

    /// Times `n` runs: inputs made before, outputs dropped after the timed part.
    pub fn time(&self, n: usize) -> Duration {
        let batch = (self.prepare)(n);
        let start = Instant::now();
        let outputs = batch();
        let elapsed = start.elapsed();
        drop(black_box(outputs));
        elapsed
    }
}

/// The loop that is measured: inputs are made before it and outputs dropped after it.
#[inline(never)]
fn measured_loop<I, O>(inputs: Vec<I>, routine: &impl Fn(I) -> O) -> Vec<O> {
    inputs.into_iter().map(routine).collect()
}

/// What a case is called and what it is held to, apart from how it runs.
#[derive(Clone, Copy)]
struct Label {
    group: &'static str,
    variant: &'static str,
    title: &'static str,
    limit: Option<f64>,
    /// The variant of the group the limit divides by, when it is not the first.
    over: Option<&'static str>,
}

const fn label(group: &'static str, variant: &'static str, title: &'static str) -> Label {
    Label {
        group,
        variant,
        title,
        limit: None,
        over: None,
    }
}

fn case<I: 'static, O: 'static>(
    Label {
        group,
        variant,
        title,
        limit,
        over,
    }: Label,
    setup: impl Fn() -> I + 'static,
    routine: impl Fn(I) -> O + 'static,
) -> Case {
    let routine = Rc::new(routine);
    Case {
        group,
        variant,
        title,
        limit,
        over,
        prepare: Box::new(move |n| {
            let inputs: Vec<I> = (0..n).map(|_| setup()).collect();
            let routine = routine.clone();
            Box::new(move || Box::new(measured_loop(inputs, &*routine)) as Box<dyn Any>)
        }),
    }
}

/// A case through a `Router`, finalised as `axum::serve` finalises an app, and checked once
/// before it is measured.
fn router_case(label: Label, router: Router, shape: Shape, want: Expect) -> Case {
    let router = router.with_state(());
    let response = run(router.clone().oneshot(shape.request())).expect("infallible");
    check(label.group, label.variant, &response, want);
    case(
        label,
        move || (router.clone(), shape.request()),
        |(router, request): (Router, Request<Body>)| run(router.oneshot(request)),
    )
}

fn check(group: &str, variant: &str, response: &Response<Body>, want: Expect) {
    let acao = response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .map(|v| v.to_str().expect("ascii"));
    assert!(
        response.status().as_u16() == want.status && acao == want.allow_origin,
        "{group}/{variant}: got {} with ACAO {acao:?}, want {want:?}",
        response.status()
    );
}

/// A group of requests through a `Router`, answered by no CORS, tower-http and `#[cors]`
/// (for the main policy, registered both with `.options(preflight!(..))` and `cors_route!`,
/// and the plain handlers under `.layer(SPA)` too).
struct RouterGroup {
    name: &'static str,
    title: &'static str,
    /// Which `#[cors]` policy (and the same for tower-http) answers it.
    policy: &'static str,
    shape: Shape,
    /// The expected response of no CORS, tower-http and `#[cors]` (and `.layer(SPA)`).
    expect: [Expect; 3],
    /// The limit of `#[cors]` ÷ no CORS, for either registration.
    limit: Option<f64>,
    /// The limit of the router-wide policy (`router_policy`, `.layer(SPA)` over the plain
    /// handlers, and the whole-app form `SPA.router()`, `app_router` and `app_service`) ÷ the
    /// hand-written layer (`hand_layer`); those variants are measured in every group of the
    /// main policy and answer as `#[cors]` does.
    layer_limit: Option<f64>,
}

fn router_groups() -> Vec<RouterGroup> {
    let ok = Some(ORIGIN_OK);
    let preflight = |origin| Shape {
        method: Method::OPTIONS,
        preflight: true,
        ..Shape::get(Some(origin))
    };
    let granted = |origin| {
        [
            expect(200, None),
            expect(200, Some(origin)),
            expect(200, Some(origin)),
        ]
    };
    let none = [expect(200, None); 3];
    let group = |name, title, shape, expect, limit, layer_limit| RouterGroup {
        name,
        title,
        policy: "main",
        shape,
        expect,
        limit,
        layer_limit,
    };
    let origin_list = |name, title, policy| RouterGroup {
        name,
        title,
        policy,
        shape: Shape::get(Some(ORIGIN_LAST)),
        expect: granted(ORIGIN_LAST),
        limit: None,
        layer_limit: None,
    };
    vec![
        group(
            "actual_allowed",
            "actual request, allowed origin",
            Shape::get(ok),
            granted(ORIGIN_OK),
            Some(1.08),
            Some(1.03),
        ),
        group(
            "actual_refused",
            "actual request, refused origin",
            Shape::get(Some(ORIGIN_BAD)),
            none,
            Some(1.05),
            Some(1.03),
        ),
        group(
            "actual_no_origin",
            "actual request, no `Origin`",
            Shape::get(None),
            none,
            Some(1.05),
            Some(1.03),
        ),
        group(
            "actual_extractors",
            "actual request, allowed, handler with `Path` + `String` body",
            Shape {
                method: Method::PUT,
                path: "/items/7",
                body: "hello",
                ..Shape::get(ok)
            },
            granted(ORIGIN_OK),
            None,
            None,
        ),
        group(
            "actual_json",
            "actual request, allowed, handler returning a small JSON document",
            Shape {
                path: "/user",
                ..Shape::get(ok)
            },
            granted(ORIGIN_OK),
            None,
            None,
        ),
        // The floor of a preflight is an OPTIONS handler that answers 204 and does nothing.
        // tower-http answers every OPTIONS with 200, refused or not (no ACAO when refused).
        group(
            "preflight_allowed",
            "preflight, allowed (floor: a bare `OPTIONS` route answering 204)",
            preflight(ORIGIN_OK),
            [expect(204, None), expect(200, ok), expect(204, ok)],
            Some(1.10),
            Some(1.03),
        ),
        group(
            "preflight_refused",
            "preflight, refused (floor: a bare `OPTIONS` route answering 204)",
            preflight(ORIGIN_BAD),
            [expect(204, None), expect(200, None), expect(403, None)],
            Some(1.10),
            Some(1.03),
        ),
        origin_list("origins_1", "allowed origin, 1 exact origin", "1"),
        origin_list("origins_10", "allowed origin, 10 exact origins", "10"),
        origin_list("origins_100", "allowed origin, 100 exact origins", "100"),
        origin_list(
            "origins_wildcard",
            "allowed origin, `https://*.example.com`",
            "wildcard",
        ),
    ]
}

/// The runtime's matching alone, through its public entry point `Policy::allowed_origin` on
/// a generated `handler::POLICY` (the whole per-request origin check): exact lists of 1 to 100
/// origins of one length granting their last, where comparing them one by one meets its worst
/// case (the crossover between comparing and the hash table), a refused origin of the same
/// length, and the wildcard.
fn match_cases() -> Vec<Case> {
    let cases: [(
        &'static str,
        &'static axum_strict_cors::Policy,
        &'static str,
        bool,
    ); 12] = [
        ("exact_1", o1::POLICY, ORIGIN_LAST, true),
        ("exact_2", o2::POLICY, ORIGIN_LAST, true),
        ("exact_4", o4::POLICY, ORIGIN_LAST, true),
        ("exact_8", o8::POLICY, ORIGIN_LAST, true),
        ("exact_10", o10::POLICY, ORIGIN_LAST, true),
        ("exact_16", o16::POLICY, ORIGIN_LAST, true),
        ("exact_32", o32::POLICY, ORIGIN_LAST, true),
        ("exact_100", o100::POLICY, ORIGIN_LAST, true),
        ("exact_2_refused", o2::POLICY, ORIGIN_LAST_BAD, false),
        ("exact_100_refused", o100::POLICY, ORIGIN_LAST_BAD, false),
        ("wildcard", wildcard::POLICY, ORIGIN_LAST, true),
        ("wildcard_refused", wildcard::POLICY, ORIGIN_BAD, false),
    ];
    cases
        .into_iter()
        .map(|(variant, policy, origin, granted)| {
            let origin = HeaderValue::from_static(origin);
            let found = policy.allowed_origin(&origin);
            assert_eq!(
                found.as_ref().map(|v| v.as_bytes()),
                granted.then_some(origin.as_bytes()),
                "match_origin/{variant}"
            );
            case(
                Label {
                    limit: (variant == "exact_100").then_some(1.02),
                    ..label(
                        "match_origin",
                        variant,
                        "`Policy::allowed_origin` alone on a generated `handler::POLICY`: the \
                         whole per-request origin check",
                    )
                },
                || (),
                move |()| policy.allowed_origin(black_box(&origin)),
            )
        })
        .collect()
}

/// A preflight answered without a router: the generated `handler::preflight` called directly,
/// and tower-http's `Cors` service wrapping a no-op service.
fn direct_preflight_cases() -> Vec<Case> {
    let shape = Shape {
        method: Method::OPTIONS,
        preflight: true,
        ..Shape::get(Some(ORIGIN_OK))
    };
    let tower =
        tower_layer(tower_list(&[ORIGIN_OK])).layer(tower::service_fn(|_: Request<Body>| async {
            Ok::<_, std::convert::Infallible>(Response::new(Body::empty()))
        }));
    let response = run(tower.clone().oneshot(shape.request())).expect("infallible");
    check(
        "preflight_direct",
        "tower_http",
        &response,
        expect(200, Some(ORIGIN_OK)),
    );
    let response = main_policy::preflight.answer(&shape.request());
    let tower_shape = shape.clone();
    check(
        "preflight_direct",
        "cors",
        &response,
        expect(204, Some(ORIGIN_OK)),
    );
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let title = "preflight answered without a router: tower-http's `Cors` around a no-op \
                 service, and the generated `handler::preflight` called directly";
    vec![
        case(
            label("preflight_direct", "tower_http", title),
            move || (tower.clone(), tower_shape.request()),
            |(service, request)| run(service.oneshot(request)),
        ),
        case(
            label("preflight_direct", "cors", title),
            move || shape.request(),
            |request| main_policy::preflight.answer(&request),
        ),
    ]
}

/// The router-wide variants of a group of the main policy: the floor's plain handlers under a
/// layer applied with `Router::layer`, the identity (what `Router::layer` itself costs: a
/// second boxed route around every route), the hand-written layer, `.layer(SPA)`, and the
/// whole-app form (`SPA.router()`), finalised as the others (`app_router`, what `axum::serve`
/// serves) and called as the `CorsRouter` service itself (`app_service`, which clones its
/// finalised router per call, as `oneshot` and `test_util::fetch` use it).
fn router_wide_cases(cases: &mut Vec<Case>, g: &RouterGroup, floor: Expect, ours: Expect) {
    // The routers under a layer have no `OPTIONS` route: the layer answers preflights.
    let floor_layered = match g.name.starts_with("preflight") {
        true => floor_preflight_router(),
        false => floor_router(),
    };
    cases.push(router_case(
        label(g.name, "noop_layer", g.title),
        floor_layered.layer(tower::layer::util::Identity::new()),
        g.shape.clone(),
        floor,
    ));
    cases.push(router_case(
        label(g.name, "hand_layer", g.title),
        floor_router().layer(HandLayer),
        g.shape.clone(),
        ours,
    ));
    // What a browser reads of the answers is the same: the hand-written layer is no cheaper
    // for answering less.
    let browser_sees = |router: Router| {
        let response = run(router.with_state(()).oneshot(g.shape.request())).expect("infallible");
        let mut seen: Vec<(String, String)> = response
            .headers()
            .iter()
            .filter(|(name, _)| {
                name.as_str().starts_with("access-control-") || *name == header::VARY
            })
            .map(|(name, value)| (name.to_string(), value.to_str().expect("ascii").to_owned()))
            .collect();
        seen.sort();
        (response.status(), seen)
    };
    assert_eq!(
        browser_sees(floor_router().layer(HandLayer)),
        browser_sees(router_policy_router()),
        "{}: the hand-written layer answers as `.layer(SPA)` does",
        g.name
    );
    let limited = |variant| Label {
        limit: g.layer_limit,
        over: Some("hand_layer"),
        ..label(g.name, variant, g.title)
    };
    cases.push(router_case(
        limited("router_policy"),
        router_policy_router(),
        g.shape.clone(),
        ours,
    ));
    cases.push(router_case(
        limited("app_router"),
        app().into_router(),
        g.shape.clone(),
        ours,
    ));
    let app = app();
    let response = run(app.clone().oneshot(g.shape.request())).expect("infallible");
    check(g.name, "app_service", &response, ours);
    let shape = g.shape.clone();
    cases.push(case(
        limited("app_service"),
        move || (app.clone(), shape.request()),
        |(app, request): (axum_strict_cors::CorsRouter, Request<Body>)| run(app.oneshot(request)),
    ));
    // The same policy from a configuration (`CorsConfig`), built at run time: it must cost what
    // the compiled one does.
    cases.push(router_case(
        Label {
            limit: Some(CONFIGURED_LIMIT),
            over: Some("router_policy"),
            ..label(g.name, "configured", g.title)
        },
        floor_router().layer(configured_spa()),
        g.shape.clone(),
        ours,
    ));
}

/// A configured policy's limit ÷ the compiled policy with the same keys (`router_policy`).
const CONFIGURED_LIMIT: f64 = 1.02;

/// `SPA`'s keys, as an app's configuration gives them.
fn configured_spa() -> axum_strict_cors::PolicyLayer {
    axum_strict_cors::CorsConfig::new()
        .name("SPA (configured)")
        .origins("http://www.example.com")
        .methods("PUT, DELETE")
        .headers("content-type")
        .max_age(600)
        .build()
        .expect("SPA's keys are valid")
}

/// The floor's plain handlers in the whole-app form: `SPA.router()`.
fn app() -> axum_strict_cors::CorsRouter {
    SPA.router()
        .route("/items", get(plain).put(plain))
        .route("/items/{id}", put(plain_extract))
        .route("/user", get(plain_json))
}

/// Every case, grouped, each group's reference first.
pub fn all() -> Vec<Case> {
    let mut cases = Vec::new();
    for g in router_groups() {
        let [floor, tower, ours] = g.expect;
        let floor_router = match g.name.starts_with("preflight") {
            true => floor_preflight_router(),
            false => floor_router(),
        };
        cases.push(router_case(
            label(g.name, "no_cors", g.title),
            floor_router,
            g.shape.clone(),
            floor,
        ));
        cases.push(router_case(
            label(g.name, "tower_http", g.title),
            tower_router(g.policy),
            g.shape.clone(),
            tower,
        ));
        if g.limit.is_some() {
            // The groups with a limit are answered by the hand-written floor too.
            cases.push(router_case(
                label(g.name, "hand_written", g.title),
                hand_written_router(),
                g.shape.clone(),
                ours,
            ));
        }
        if g.policy == "main" {
            cases.push(router_case(
                Label {
                    limit: g.limit,
                    ..label(g.name, "cors_route", g.title)
                },
                cors_route_router(),
                g.shape.clone(),
                ours,
            ));
        }
        cases.push(router_case(
            Label {
                limit: g.limit,
                ..label(g.name, "cors", g.title)
            },
            cors_router(g.policy),
            g.shape.clone(),
            ours,
        ));
        if g.policy == "main" {
            router_wide_cases(&mut cases, &g, floor, ours);
        }
    }
    // The #[cors] policies side by side in one group, so that their ratios come from
    // interleaved measurements too.
    for (variant, policy, limit) in [
        ("cors_1", "1", None),
        ("cors_10", "10", None),
        ("cors_100", "100", Some(1.02)),
        ("cors_wildcard", "wildcard", None),
    ] {
        cases.push(router_case(
            Label {
                limit,
                ..label(
                    "origin_lists",
                    variant,
                    "the `#[cors]` routers of the origin-list groups side by side, each \
                     granting the last origin of its list",
                )
            },
            cors_router(policy),
            Shape::get(Some(ORIGIN_LAST)),
            expect(200, Some(ORIGIN_LAST)),
        ));
    }
    // A chain with a route layer (here one that does nothing): `cors_route!` then puts its
    // grant layer around the route, which `.options(preflight!(..))` does not have.
    let layered_preflight = || {
        Router::new().route(
            "/items",
            get(main_policy)
                .route_layer(tower::layer::util::Identity::new())
                .options(preflight!(main_policy)),
        )
    };
    let layered_route = || {
        Router::new().route(
            "/items",
            cors_route!(get(main_policy).route_layer(tower::layer::util::Identity::new())),
        )
    };
    for (variant, router) in [
        ("preflight_macro", layered_preflight()),
        ("cors_route", layered_route()),
    ] {
        cases.push(router_case(
            label(
                "route_layer_allowed",
                variant,
                "actual request, allowed, a chain with a route layer: `.options(preflight!(..))` \
                 and `cors_route!`",
            ),
            router,
            Shape::get(Some(ORIGIN_OK)),
            expect(200, Some(ORIGIN_OK)),
        ));
    }
    cases.extend(direct_preflight_cases());
    cases.extend(match_cases());
    cases
}

/// The main policy's grant on an allowed preflight, written by hand: what both hand-written
/// answers (the floor's and `HandLayer`'s) put on their 204.
#[inline]
fn grant_preflight(headers: &mut HeaderMap, vary: HeaderValue) {
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static(ORIGIN_OK),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("PUT, DELETE"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("content-type"),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    headers.insert(header::VARY, vary);
}
