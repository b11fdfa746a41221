//! The service the pages call: one `#[cors]` handler per policy under test, and a log of
//! every request that reached the router, so a case can assert what the browser really sent.
//!
//! The same router answers as http://service.example.com and as http://api.app.localhost (the
//! credentialed cases: the library accepts plain `http` with `credentials` only on loopback
//! names, and `*.localhost` keeps page and service same-site so the cookie is sent). Three
//! whole apps each answer on a host of their own, as the outermost service, as `axum::serve`
//! serves an app: http://whole.example.com and http://layered.example.com (auth written after
//! the policy, in the whole-app form and with `.layer(..)`), http://merged.app.localhost (an
//! app with a merged router under a policy of its own, beside the app's 404s).

use std::sync::Mutex;

use axum::extract::{Path, RawQuery, Request};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, put};
use axum::{Json, Router};
use axum_strict_cors::{cors, cors_policy, cors_route, preflight, CorsRouter};
use serde_json::{json, Value};
use tower::ServiceExt;

/// `TOKEN_SPA.router().route(..).route_layer(auth)`: the whole-app form.
pub const WHOLE_HOST: &str = "whole.example.com";
/// `Router::new().route(..).layer(TOKEN_SPA).route_layer(auth)`: the same app in the order
/// that puts auth outside the policy.
pub const LAYERED_HOST: &str = "layered.example.com";
/// `ACCOUNT.router().route(..).merge(Router::new().route("/open", ..).layer(PUBLIC))`.
pub const MERGED_HOST: &str = "merged.app.localhost";
/// Every host the service answers for: the suite's own (which the pages' scripts call as
/// `S`), then the whole apps'.
pub const HOSTS: [&str; 5] = [
    "service.example.com",
    "api.app.localhost",
    WHOLE_HOST,
    LAYERED_HOST,
    MERGED_HOST,
];

/// One request as the router saw it. `case` is the page's `?case=` tag.
#[derive(Debug, Clone)]
pub struct Hit {
    pub case: String,
    pub method: String,
}

static HITS: Mutex<Vec<Hit>> = Mutex::new(Vec::new());

/// How many requests tagged `case` with `method` reached the router (`method` may also be
/// `handler:<name>`: calls of a handler that counts itself; or `<method> <status>`, e.g.
/// `OPTIONS 403`: the requests of that method the service answered with that status).
pub fn hits(case: &str, method: &str) -> usize {
    let hits = HITS.lock().unwrap();
    hits.iter()
        .filter(|h| h.case == case && h.method == method)
        .count()
}

fn record(query: Option<&str>, method: String) {
    let case = query
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("case=")))
        .unwrap_or("")
        .to_owned();
    HITS.lock().unwrap().push(Hit { case, method });
}

async fn log_request(request: Request, next: Next) -> Response {
    let query = request.uri().query().map(str::to_owned);
    let method = request.method().to_string();
    record(query.as_deref(), method.clone());
    let response = next.run(request).await;
    record(
        query.as_deref(),
        format!("{method} {}", response.status().as_u16()),
    );
    response
}

// --- simple GET: one listed origin --------------------------------------------------------

#[cors(origins = "http://www.example.com")]
async fn user() -> Json<Value> {
    Json(json!({ "name": "Ada" }))
}

// --- `*` ------------------------------------------------------------------------------------

#[cors(origins = "*")]
async fn public() -> &'static str {
    "public"
}

// --- preflighted PUT and DELETE; PATCH served but not in the policy -------------------------

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type"
)]
async fn update_item(Path(id): Path<u64>, Json(body): Json<Value>) -> Json<Value> {
    Json(json!({ "id": id, "name": body["name"] }))
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type"
)]
async fn remove_item(Path(_id): Path<u64>) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// A server-to-server method: no `#[cors]`, so the path's preflight never approves it. It
/// counts its calls, as `handler:patch_item`.
async fn patch_item(Path(_id): Path<u64>, RawQuery(query): RawQuery) -> &'static str {
    record(query.as_deref(), "handler:patch_item".into());
    "patched"
}

// --- request headers: listed vs not listed --------------------------------------------------

#[cors(origins = "http://www.example.com", headers = "x-request-id")]
async fn traced(headers: HeaderMap) -> String {
    let id = headers
        .get("x-request-id")
        .map(|v| v.to_str().unwrap_or("?"));
    format!("traced {}", id.unwrap_or("-"))
}

#[cors(origins = "http://www.example.com")]
async fn untraced() -> &'static str {
    "untraced"
}

// --- response headers: exposed vs not exposed ----------------------------------------------

#[cors(origins = "http://www.example.com", expose_headers = "x-total-count")]
async fn counted() -> impl IntoResponse {
    ([("x-total-count", "42")], "counted")
}

#[cors(origins = "http://www.example.com")]
async fn uncounted() -> impl IntoResponse {
    ([("x-total-count", "42")], "uncounted")
}

// --- wildcard subdomains --------------------------------------------------------------------

#[cors(origins = "http://*.example.com")]
async fn wild() -> &'static str {
    "wild"
}

// --- credentials: a cookie set by one call, seen by the next --------------------------------

#[cors(origins = "http://www.app.localhost", credentials)]
async fn login() -> impl IntoResponse {
    (
        [(
            header::SET_COOKIE,
            "sid=s3cr3t; Path=/; HttpOnly; SameSite=Lax",
        )],
        "logged in",
    )
}

fn cookie_of(headers: &HeaderMap) -> String {
    let cookie = headers
        .get(header::COOKIE)
        .map(|v| v.to_str().unwrap_or("?"));
    format!("cookie {}", cookie.unwrap_or("-"))
}

#[cors(origins = "http://www.app.localhost", credentials)]
async fn me(headers: HeaderMap) -> String {
    cookie_of(&headers)
}

/// Same origin list as `me`, without `credentials`.
#[cors(origins = "http://www.app.localhost")]
async fn me_without_credentials(headers: HeaderMap) -> String {
    cookie_of(&headers)
}

// --- `reject_disallowed`: refused origins get 403 before the handler runs -------------------

#[cors(origins = "http://www.example.com", reject_disallowed)]
async fn guarded(RawQuery(query): RawQuery) -> &'static str {
    record(query.as_deref(), "handler:guarded".into());
    "guarded"
}

// --- two handlers, two policies, one path ---------------------------------------------------

#[cors(origins = "*")]
async fn read_note() -> &'static str {
    "note"
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT",
    headers = "content-type"
)]
async fn write_note(body: String) -> String {
    format!("stored {} bytes", body.len())
}

// --- the preflight cache -------------------------------------------------------------------

#[cors(origins = "http://www.example.com", methods = "PUT")]
async fn cached() -> &'static str {
    "cached"
}

#[cors(origins = "http://www.example.com", methods = "PUT", max_age = 0)]
async fn uncached() -> &'static str {
    "uncached"
}

// --- redirects -----------------------------------------------------------------------------

fn query_of(query: &Option<String>) -> String {
    query.as_deref().map_or(String::new(), |q| format!("?{q}"))
}

/// The `Origin` a redirect target saw, recorded as `origin:<value>`.
fn record_origin(query: Option<&str>, headers: &HeaderMap) {
    let origin = headers
        .get(header::ORIGIN)
        .map_or("-", |o| o.to_str().unwrap_or("?"));
    record(query, format!("origin:{origin}"));
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT",
    headers = "content-type"
)]
async fn moved(RawQuery(query): RawQuery) -> impl IntoResponse {
    let location = format!("/moved-here{}", query_of(&query));
    (
        StatusCode::PERMANENT_REDIRECT,
        [(header::LOCATION, location)],
    )
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT",
    headers = "content-type"
)]
async fn moved_here(body: String) -> String {
    format!("moved here with {body}")
}

/// A redirect without any CORS header.
async fn bare_redirect(RawQuery(query): RawQuery) -> impl IntoResponse {
    let location = format!("/user{}", query_of(&query));
    (StatusCode::FOUND, [(header::LOCATION, location)])
}

/// To another origin (the same server, another name).
#[cors(origins = "http://www.example.com")]
async fn away(RawQuery(query): RawQuery) -> impl IntoResponse {
    let location = format!("http://api.app.localhost/landed{}", query_of(&query));
    (StatusCode::FOUND, [(header::LOCATION, location)])
}

#[cors(origins = "http://www.example.com")]
async fn away_null_ok(RawQuery(query): RawQuery) -> impl IntoResponse {
    let location = format!(
        "http://api.app.localhost/landed-null-ok{}",
        query_of(&query)
    );
    (StatusCode::FOUND, [(header::LOCATION, location)])
}

#[cors(origins = "http://www.example.com")]
async fn landed(RawQuery(query): RawQuery, headers: HeaderMap) -> &'static str {
    record_origin(query.as_deref(), &headers);
    "landed"
}

#[cors(origins = "http://www.example.com, null", allow_null_origin)]
async fn landed_null_ok(RawQuery(query): RawQuery, headers: HeaderMap) -> &'static str {
    record_origin(query.as_deref(), &headers);
    "landed null ok"
}

// --- a hand-written preflight answering `Access-Control-Allow-Headers: *` --------------------

/// What another server may answer (this crate refuses `authorization` under `*` itself): a
/// preflight granting every header with `*`.
async fn star_headers_preflight() -> impl IntoResponse {
    (
        StatusCode::NO_CONTENT,
        [
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                "http://www.example.com",
            ),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "*"),
        ],
    )
}

async fn star_headers() -> impl IntoResponse {
    (
        [(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            "http://www.example.com",
        )],
        "star headers",
    )
}

// --- what other servers answer (hand-written): the rest of the browsers' CORS errors --------

const WWW: &str = "http://www.example.com";

/// A response granting www.example.com, with `extra` headers.
fn granted(status: StatusCode, extra: &[(&'static str, &'static str)]) -> Response {
    let mut response = (status, "other").into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, WWW.parse().unwrap());
    for (name, value) in extra {
        headers.append(*name, value.parse().unwrap());
    }
    response
}

fn other_servers() -> Router {
    let ok = || async { granted(StatusCode::OK, &[]) };
    Router::new()
        // An authentication layer that saw the preflight.
        .route(
            "/other/preflight-401",
            put(ok).options(|| async { granted(StatusCode::UNAUTHORIZED, &[]) }),
        )
        // A preflight approved for other methods or headers.
        .route(
            "/other/methods",
            put(ok).patch(ok).options(|| async {
                granted(
                    StatusCode::NO_CONTENT,
                    &[("access-control-allow-methods", "PUT")],
                )
            }),
        )
        .route(
            "/other/headers",
            get(ok).options(|| async {
                granted(
                    StatusCode::NO_CONTENT,
                    &[("access-control-allow-headers", "content-type")],
                )
            }),
        )
        // A preflight answered with a redirect.
        .route(
            "/other/preflight-redirect",
            put(ok).options(|| async {
                granted(
                    StatusCode::TEMPORARY_REDIRECT,
                    &[("location", "/other/methods")],
                )
            }),
        )
        // A hard-coded origin, and two layers each adding one.
        .route(
            "/other/mismatch",
            get(|| async {
                (
                    [(
                        header::ACCESS_CONTROL_ALLOW_ORIGIN,
                        "http://other.example.com",
                    )],
                    "other",
                )
            }),
        )
        .route(
            "/other/repeated",
            get(|| async { granted(StatusCode::OK, &[("access-control-allow-origin", WWW)]) }),
        )
}

// --- one registration per path (`cors_route!`): the preflight comes from the registration,
// and answers made outside the handler (405, 401, 429, 408) carry the grant ------------------

/// No `methods`: routed on PUT, PUT is what it allows.
#[cors(origins = "http://www.example.com")]
async fn registered_note(body: String) -> String {
    format!("stored {} bytes", body.len())
}

#[cors(origins = "http://www.example.com")]
async fn registered_secret() -> &'static str {
    "secret"
}

#[cors(origins = "http://www.example.com")]
async fn registered_slow() -> &'static str {
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    "late"
}

async fn registered_require_auth(request: Request, next: Next) -> Result<Response, StatusCode> {
    match request.headers().contains_key(header::AUTHORIZATION) {
        true => Ok(next.run(request).await),
        false => Err(StatusCode::UNAUTHORIZED),
    }
}

async fn registered_rate_limit(_request: Request, _next: Next) -> StatusCode {
    StatusCode::TOO_MANY_REQUESTS
}

fn registered() -> Router {
    let timeout = tower_http::timeout::TimeoutLayer::with_status_code(
        StatusCode::REQUEST_TIMEOUT,
        std::time::Duration::from_millis(200),
    );
    Router::new()
        .route("/registered/notes", cors_route!(put(registered_note)))
        .route(
            "/registered/secret",
            cors_route!(
                get(registered_secret).route_layer(middleware::from_fn(registered_require_auth))
            ),
        )
        .route(
            "/registered/limited",
            cors_route!(
                get(registered_secret).route_layer(middleware::from_fn(registered_rate_limit))
            ),
        )
        .route(
            "/registered/slow",
            cors_route!(get(registered_slow).layer(timeout)),
        )
}

// --- a router-wide policy (`.layer(SPA)`) over a real app's router, mounted under `/app`: a
// nested API of plain routes, a fallback, auth as a router-wide route layer, a timeout,
// one route with a stricter policy of its own and one public route --------------------------

// No `credentials`: the library accepts them with plain `http` only on loopback names.
cors_policy!(SPA:
    origins = "http://www.example.com",
    methods = "GET, POST, PUT, DELETE",
    headers = "content-type"
);

async fn app_list() -> &'static str {
    "[]"
}

async fn app_update(Path(id): Path<u64>, Json(body): Json<Value>) -> Json<Value> {
    Json(json!({ "id": id, "name": body["name"] }))
}

async fn app_slow() -> &'static str {
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    "late"
}

async fn app_not_found() -> (StatusCode, &'static str) {
    (StatusCode::NOT_FOUND, "no such thing")
}

/// Stricter than the router: only a.b.example.com may purge, www.example.com may not. Counts
/// its calls, as `handler:purge`.
#[cors(origins = "http://a.b.example.com", methods = "DELETE")]
async fn purge(RawQuery(query): RawQuery) -> &'static str {
    record(query.as_deref(), "handler:purge".into());
    "purged"
}

#[cors(origins = "*")]
async fn app_status() -> &'static str {
    "ok"
}

/// The app's login check, as the usual router-wide route layer: a `session` cookie or, since a
/// headless page cannot easily hold a cross-origin cookie, `login=1` in the query; else 401.
async fn app_require_login(request: Request, next: Next) -> Response {
    let flag = request
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|kv| kv == "login=1"));
    let cookie = request
        .headers()
        .get(header::COOKIE)
        .is_some_and(|c| c.as_bytes().starts_with(b"session="));
    match flag || cookie {
        true => next.run(request).await,
        false => StatusCode::UNAUTHORIZED.into_response(),
    }
}

fn app_api() -> Router {
    Router::new()
        .route("/items", get(app_list))
        .route("/items/{id}", put(app_update))
        .route("/slow", get(app_slow))
        .route("/admin/cache", cors_route!(delete(purge)))
}

/// The app as one would write it, the policy added last. The fallback is the app's own (not
/// the nested API's): axum keeps a nested router's fallback only through routers that have a
/// fallback of their own, and this app is itself nested under `/app`.
fn app() -> Router {
    Router::new()
        .nest("/api/v1", app_api())
        .route("/status", get(app_status))
        .fallback(app_not_found)
        .route_layer(middleware::from_fn(app_require_login))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            std::time::Duration::from_millis(200),
        ))
        .layer(SPA)
}

/// Every service host's app, chosen by `Host`, under the request log: a whole app is called
/// as it is (the `Service<Request>` that `axum::serve` serves), not nested in the suite's
/// router, so that the requests no path matched are its own.
pub fn router() -> Router {
    let suite = suite();
    let whole = whole_app();
    let layered = layered_app();
    let merged = merged_app();
    Router::new()
        .fallback(move |request: Request| {
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .unwrap_or("")
                .to_owned();
            let (suite, whole, layered, merged) = (
                suite.clone(),
                whole.clone(),
                layered.clone(),
                merged.clone(),
            );
            async move {
                match host.as_str() {
                    WHOLE_HOST => whole.oneshot(request).await,
                    LAYERED_HOST => layered.oneshot(request).await,
                    MERGED_HOST => merged.oneshot(request).await,
                    _ => suite.oneshot(request).await,
                }
                .into_response()
            }
        })
        .layer(middleware::from_fn(log_request))
}

// --- auth written after the policy, on a whole app of its own (whole.example.com), and the
// same app with the policy as a plain `.layer(..)` under the auth (layered.example.com) ------

cors_policy!(TOKEN_SPA:
    origins = "http://www.example.com",
    methods = "PUT",
    headers = "content-type, authorization"
);

/// The app's token check: `authorization: Bearer ok`, else 401. A browser never sends the
/// header on a preflight: auth that sees the preflight answers it 401.
async fn require_token(request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v == "Bearer ok");
    match token {
        true => next.run(request).await,
        false => StatusCode::UNAUTHORIZED.into_response(),
    }
}

/// The whole-app form: the route layer written after the policy is still inside it.
fn whole_app() -> CorsRouter {
    TOKEN_SPA
        .router()
        .route("/items/{id}", put(app_update))
        .route_layer(middleware::from_fn(require_token))
}

/// The same app with the policy as a layer and auth written after it, so outside it: auth
/// answers the preflight.
fn layered_app() -> Router {
    Router::new()
        .route("/items/{id}", put(app_update))
        .layer(TOKEN_SPA)
        .route_layer(middleware::from_fn(require_token))
}

// --- a router merged with a policy of its own (`*`) into a credentialed app, whose requests
// no path matched (its 404s) stay under the app's policy (merged.app.localhost) --------------

cors_policy!(ACCOUNT:
    origins = "http://www.app.localhost",
    methods = "GET",
    credentials
);

cors_policy!(PUBLIC: origins = "*", methods = "GET");

async fn account() -> &'static str {
    "account"
}

async fn open() -> &'static str {
    "open"
}

/// No fallback of its own: axum's default 404 answers the paths no route matches.
fn merged_app() -> CorsRouter {
    ACCOUNT
        .router()
        .route("/account", get(account))
        .merge(Router::new().route("/open", get(open)).layer(PUBLIC))
}

/// The suite's own routes, at http://service.example.com and http://api.app.localhost.
fn suite() -> Router {
    Router::new()
        .nest("/app", app())
        .merge(registered())
        .route("/user", get(user))
        .route("/public", get(public))
        .route(
            "/items/{id}",
            put(update_item)
                .delete(remove_item)
                .patch(patch_item)
                .options(preflight!(update_item, remove_item)),
        )
        .route("/traced", get(traced).options(preflight!(traced)))
        .route("/untraced", get(untraced).options(preflight!(untraced)))
        .route("/counted", get(counted))
        .route("/uncounted", get(uncounted))
        .route("/wild", get(wild))
        .route("/guarded", get(guarded))
        .route("/login", get(login))
        .route("/me", get(me))
        .route("/me-without-credentials", get(me_without_credentials))
        .route(
            "/notes",
            get(read_note)
                .put(write_note)
                .options(preflight!(read_note, write_note)),
        )
        .route("/cached", put(cached).options(preflight!(cached)))
        .route("/uncached", put(uncached).options(preflight!(uncached)))
        .route("/moved", put(moved).options(preflight!(moved)))
        .route(
            "/moved-here",
            put(moved_here).options(preflight!(moved_here)),
        )
        .route("/bare-redirect", get(bare_redirect))
        .route("/away", get(away))
        .route("/away-null-ok", get(away_null_ok))
        .route("/landed", get(landed))
        .route("/landed-null-ok", get(landed_null_ok))
        .route(
            "/star-headers",
            get(star_headers).options(star_headers_preflight),
        )
        .merge(other_servers())
}
