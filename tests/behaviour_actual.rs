//! Behaviour of actual (non-preflight) requests through a real axum `Router`. Each test is
//! named after the behaviour it checks.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderName, Request, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use axum_strict_cors::cors;
use common::*;
use serde::{Deserialize, Serialize};

const WWW: &str = "http://www.example.com";
const APP: &str = "https://app.example.com";

static EXACT_RUNS: AtomicUsize = AtomicUsize::new(0);
static STRICT_RUNS: AtomicUsize = AtomicUsize::new(0);
static SUBMIT_RUNS: AtomicUsize = AtomicUsize::new(0);

/// Exact single origin; counts its runs.
#[cors(origins = "http://www.example.com")]
async fn exact() -> &'static str {
    EXACT_RUNS.fetch_add(1, Ordering::SeqCst);
    "exact body"
}

/// Several exact origins, including non-http schemes real apps send.
#[cors(origins = [
    "http://www.example.com",
    "https://app.example.com",
    "http://www.example.com:8080",
    "tauri://localhost",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
    "http://[::1]:8080",
    "https://xn--bcher-kva.example"
])]
async fn several() -> &'static str {
    "several"
}

/// The handler sets its own `Vary`.
#[cors(origins = "http://www.example.com")]
async fn own_vary() -> impl IntoResponse {
    ([(header::VARY, "Accept-Encoding")], "compressed maybe")
}

/// Credentials and exposed headers.
#[cors(
    origins = "https://app.example.com",
    credentials,
    expose_headers = "x-total-count, x-request-id"
)]
async fn creds() -> impl IntoResponse {
    (
        [("x-total-count", "42"), ("x-request-id", "r-1")],
        "credentialed",
    )
}

#[cors(origins = "https://*.example.com")]
async fn wild() -> &'static str {
    "wild"
}

#[cors(origins = "http://localhost:*")]
async fn local() -> &'static str {
    "local"
}

#[cors(origins = "https://app.example.com, null", allow_null_origin)]
async fn null_ok() -> &'static str {
    "null ok"
}

/// Refused origins get 403 before the handler runs.
#[cors(origins = "http://www.example.com", reject_disallowed)]
async fn strict() -> &'static str {
    STRICT_RUNS.fetch_add(1, Ordering::SeqCst);
    "strict body"
}

/// A state-changing POST whose page is served by the same origin as the service.
#[cors(origins = "http://www.example.com")]
async fn submit(body: String) -> impl IntoResponse {
    SUBMIT_RUNS.fetch_add(1, Ordering::SeqCst);
    (StatusCode::CREATED, format!("created {}", body.len()))
}

/// Any origin, exposing a header.
#[cors(origins = "*", expose_headers = "x-total-count")]
async fn public() -> impl IntoResponse {
    ([("x-total-count", "7")], "public")
}

/// Handler errors.
#[cors(origins = "http://www.example.com")]
async fn failing(Path(code): Path<u16>) -> impl IntoResponse {
    (
        StatusCode::from_u16(code).unwrap(),
        [(header::VARY, "Accept-Encoding")],
        format!("failed with {code}"),
    )
}

#[derive(Deserialize, Serialize)]
struct Item {
    name: String,
    qty: u32,
}

/// `Path` (a parts extractor, not last) then `Json` (last, consumes the body).
#[cors(origins = "http://www.example.com", methods = "PUT")]
async fn update(Path(id): Path<u64>, Json(item): Json<Item>) -> Json<Item> {
    Json(Item {
        name: format!("{id}:{}", item.name),
        qty: item.qty,
    })
}

/// `Path` as the only (last) extractor.
#[cors(origins = "http://www.example.com")]
async fn show(Path(id): Path<u64>) -> String {
    format!("item {id}")
}

fn app() -> Router {
    Router::new()
        .route("/exact", get(exact))
        .route("/several", get(several))
        .route("/own-vary", get(own_vary))
        .route("/creds", get(creds))
        .route("/wild", get(wild))
        .route("/local", get(local))
        .route("/null", get(null_ok))
        .route("/strict", get(strict))
        .route("/submit", post(submit))
        .route("/public", get(public))
        .route("/fail/{code}", get(failing))
        .route("/items/{id}", put(update).get(show))
}

async fn get_with(uri: &str, origin: Option<&str>) -> Resp {
    send(&app(), actual("GET", uri, origin)).await
}

/// Origin is granted: ACAO is exactly this origin, and Vary: Origin is present.
#[track_caller]
fn assert_granted(r: &Resp, origin: &str) {
    r.assert_acao(origin);
    assert!(
        r.varies_on("origin"),
        "Vary: Origin missing: {:?}",
        r.headers
    );
}

/// Origin is refused: no grant, but Vary: Origin, handler answer intact.
#[track_caller]
fn assert_refused(r: &Resp) {
    r.assert_no_grant();
    assert!(
        r.varies_on("origin"),
        "Vary: Origin missing: {:?}",
        r.headers
    );
}

// ---------------------------------------------------------------------------------------
// No Origin

#[tokio::test]
async fn no_origin_is_served_normally_with_vary_origin() {
    let before = EXACT_RUNS.load(Ordering::SeqCst);
    let r = get_with("/exact", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "exact body");
    assert!(EXACT_RUNS.load(Ordering::SeqCst) > before, "handler ran");
    r.assert_no_grant();
    // The answer depends on Origin, so even a request without it carries Vary.
    assert_eq!(r.vary(), vec!["origin"]);
}

#[tokio::test]
async fn no_origin_with_reject_disallowed_still_runs_the_handler() {
    let before = STRICT_RUNS.load(Ordering::SeqCst);
    let r = get_with("/strict", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "strict body");
    assert!(STRICT_RUNS.load(Ordering::SeqCst) > before);
    r.assert_no_grant();
    assert!(r.varies_on("origin"));
}

// ---------------------------------------------------------------------------------------
// Origin on a same-origin POST is an actual request

#[tokio::test]
async fn same_origin_post_with_origin_is_handled_as_actual_request() {
    // The page at http://service.example.com posts to its own service: browsers add Origin.
    let before = SUBMIT_RUNS.load(Ordering::SeqCst);
    let req = request("POST", "/submit", Some("http://service.example.com"))
        .body(Body::from("hello"))
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.text(), "created 5");
    assert!(SUBMIT_RUNS.load(Ordering::SeqCst) > before, "handler ran");
    // Not a listed origin: no grant (a same-origin page needs none), Vary as always.
    assert_refused(&r);

    // The listed origin posting: the same handler, granted.
    let req = request("POST", "/submit", Some(WWW))
        .body(Body::from("abc"))
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.text(), "created 3");
    assert_granted(&r, WWW);
}

// ---------------------------------------------------------------------------------------
// Matching

#[tokio::test]
async fn exact_origin_is_granted_with_its_own_value() {
    let r = get_with("/exact", Some(WWW)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "exact body");
    assert_granted(&r, WWW);
    assert!(!r.headers.contains_key(&ACAC), "no credentials asked");
}

#[tokio::test]
async fn each_listed_origin_gets_its_own_acao() {
    for origin in [
        WWW,
        APP,
        "http://www.example.com:8080",
        "tauri://localhost",
        "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        "http://[::1]:8080",
        "https://xn--bcher-kva.example",
    ] {
        let r = get_with("/several", Some(origin)).await;
        assert_granted(&r, origin);
    }
    for origin in [
        "http://www.example.com:8081",
        "https://www.example.com",
        "http://app.example.com",
        "tauri://localhost:1",
        "chrome-extension://otherextensionidotherextensionid",
        "http://[::1]:8081",
        "http://[::1]",
        "http://[0:0:0:0:0:0:0:1]:8080",
        "https://XN--BCHER-KVA.example",
    ] {
        let r = get_with("/several", Some(origin)).await;
        assert_refused(&r);
    }
    // The Unicode form of the punycode origin (raw UTF-8 bytes) is not a serialized origin.
    let r = send(
        &app(),
        with_raw_origin("GET", "/several", "https://bücher.example".as_bytes()),
    )
    .await;
    assert_refused(&r);
}

#[tokio::test]
async fn matching_is_byte_exact() {
    for origin in [
        "http://WWW.EXAMPLE.COM",
        "HTTP://www.example.com",
        "http://www.Example.com",
        "http://www.example.com/",
        "http://www.example.com:80",
        "http://www.example.com/path",
        "http://user@www.example.com",
        "http://www.example.com.",
        "www.example.com",
        "//www.example.com",
        "http://www.example.co",
        "http://www.example.comm",
        "https://www.example.com",
        "http://www.example.com ",
        " http://www.example.com",
        "http://www.example.com?",
        "http://www.example.com#",
    ] {
        let r = get_with("/exact", Some(origin)).await;
        assert_eq!(r.status, StatusCode::OK, "{origin}");
        assert_eq!(r.text(), "exact body", "{origin}");
        assert_refused(&r);
    }
}

#[tokio::test]
async fn wildcard_subdomain_matches_one_or_more_labels() {
    for origin in [
        "https://a.example.com",
        "https://www.example.com",
        "https://a.b.example.com",
        "https://x-1.y_2.z.example.com",
    ] {
        let r = get_with("/wild", Some(origin)).await;
        assert_granted(&r, origin);
    }
}

#[tokio::test]
async fn wildcard_subdomain_refuses_lookalikes() {
    for origin in [
        "https://example.com",
        "https://.example.com",
        "https://..example.com",
        "https://evil.com/.example.com",
        "https://example.com.evil.com",
        "https://evilexample.com",
        "https://a.evilexample.com",
        "http://a.example.com",
        "https://a.example.com:8443",
        "https://a.example.com:443",
        "https://A.example.com",
        "https://a.example.com/",
        "https://a.example.com.",
        "https://-a.example.com",
        "https://a..example.com",
        "https://evil.com#.example.com",
        "https://evil.com?.example.com",
        "https://user@a.example.com",
        "https://evil.com@a.example.com",
        "https://a.example.com@evil.com",
        "https://*.example.com",
    ] {
        let r = get_with("/wild", Some(origin)).await;
        assert_eq!(r.status, StatusCode::OK, "{origin}");
        assert_refused(&r);
    }
}

#[tokio::test]
async fn any_port_localhost() {
    for origin in [
        "http://localhost:3000",
        "http://localhost",
        "http://localhost:1",
        "http://localhost:65535",
        "http://localhost:8080",
    ] {
        let r = get_with("/local", Some(origin)).await;
        assert_granted(&r, origin);
    }
    for origin in [
        "http://localhost.evil.com",
        "http://localhost.evil.com:3000",
        "http://evil.localhost:3000",
        "https://localhost:3000",
        "http://localhost:",
        "http://localhost:0",
        "http://localhost:03000",
        "http://localhost:65536",
        "http://localhost:99999",
        "http://localhost:30a0",
        "http://localhost:3000/",
        "http://LOCALHOST:3000",
        "http://127.0.0.1:3000",
        "http://localhost:-1",
        "http://localhost:+80",
    ] {
        let r = get_with("/local", Some(origin)).await;
        assert_refused(&r);
    }
}

// ---------------------------------------------------------------------------------------
// Null

#[tokio::test]
async fn null_is_refused_by_default() {
    for uri in ["/exact", "/wild", "/local", "/several"] {
        let r = get_with(uri, Some("null")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_refused(&r);
    }
}

#[tokio::test]
async fn null_is_granted_with_allow_null_origin() {
    let r = get_with("/null", Some("null")).await;
    assert_granted(&r, "null");
    let r = get_with("/null", Some(APP)).await;
    assert_granted(&r, APP);
    for origin in ["NULL", "Null", "null ", "nul", "null/"] {
        let r = get_with("/null", Some(origin)).await;
        assert_refused(&r);
    }
}

// ---------------------------------------------------------------------------------------
// Repeated or malformed Origin

#[tokio::test]
async fn repeated_origin_headers_are_refused() {
    // Even when both copies are the allowed origin.
    for (a, b) in [
        (WWW, WWW),
        (WWW, "http://evil.com"),
        ("http://evil.com", WWW),
    ] {
        let req = Request::get("/exact")
            .header(header::ORIGIN, a)
            .header(header::ORIGIN, b)
            .body(Body::empty())
            .unwrap();
        let r = send(&app(), req).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.text(), "exact body");
        assert_refused(&r);
    }
    // Also with reject_disallowed: refused outright.
    let req = Request::get("/strict")
        .header(header::ORIGIN, WWW)
        .header(header::ORIGIN, WWW)
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn garbage_origins_are_refused_without_panic() {
    let mut long_allowed_prefix = WWW.as_bytes().to_vec();
    long_allowed_prefix.extend(std::iter::repeat_n(b'x', 10 * 1024));
    let mut long_host = b"https://".to_vec();
    long_host.extend(std::iter::repeat_n(b'a', 10 * 1024));
    long_host.extend(b".example.com");
    let mut many_labels = b"https://".to_vec();
    for _ in 0..3000 {
        many_labels.extend(b"a.");
    }
    many_labels.extend(b"example.com");
    let cases: Vec<Vec<u8>> = vec![
        b"http://www.ex\xffample.com".to_vec(),
        b"http://\xc3\xa9.example.com".to_vec(),
        b"https://\xe2\x82\xac.example.com".to_vec(),
        b"\xff\xfe\xfd".to_vec(),
        b"http://www.example.com\t".to_vec(),
        b"http://local\thost:3000".to_vec(),
        b"".to_vec(),
        b":".to_vec(),
        b"://".to_vec(),
        b"http://".to_vec(),
        b"http://:80".to_vec(),
        b"http://[".to_vec(),
        b"http://[::1".to_vec(),
        b"http://]".to_vec(),
        b"http://a:b:c".to_vec(),
        b"http://localhost:99999999999999999999999".to_vec(),
        long_allowed_prefix,
        long_host,
        many_labels,
        vec![b'~'; 10 * 1024],
    ];
    for uri in ["/exact", "/wild", "/local", "/several", "/null"] {
        for origin in &cases {
            let r = send(&app(), with_raw_origin("GET", uri, origin)).await;
            assert_eq!(r.status, StatusCode::OK, "{uri} {origin:?}");
            assert_refused(&r);
        }
    }
}

// ---------------------------------------------------------------------------------------
// ACAO value, credentials

#[tokio::test]
async fn acao_is_one_value_the_request_origin() {
    let r = get_with("/several", Some(APP)).await;
    assert_eq!(r.all(&ACAO), vec![APP.to_owned()]);
    let r = get_with("/wild", Some("https://a.b.example.com")).await;
    assert_eq!(r.all(&ACAO), vec!["https://a.b.example.com".to_owned()]);
}

#[tokio::test]
async fn credentials_give_exact_origin_and_acac_true() {
    let r = get_with("/creds", Some(APP)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_granted(&r, APP);
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));
    assert_ne!(r.one(&ACAO).as_deref(), Some("*"));
    // A refused origin gets neither.
    let r = get_with("/creds", Some("https://evil.example.com")).await;
    assert_refused(&r);
    let r = get_with("/creds", None).await;
    r.assert_no_grant();
    assert!(r.varies_on("origin"));
}

// ---------------------------------------------------------------------------------------
// Vary

#[tokio::test]
async fn vary_origin_is_appended_to_the_handlers_vary() {
    for origin in [Some(WWW), Some("http://evil.com"), None] {
        let r = get_with("/own-vary", origin).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.text(), "compressed maybe");
        let vary = r.vary();
        assert!(
            vary.contains(&"accept-encoding".to_owned()),
            "{origin:?}: handler's Vary replaced: {vary:?}"
        );
        assert!(vary.contains(&"origin".to_owned()), "{origin:?}: {vary:?}");
        assert_eq!(
            vary.iter().filter(|v| *v == "origin").count(),
            1,
            "{origin:?}: Origin once: {vary:?}"
        );
    }
    let r = get_with("/own-vary", Some(WWW)).await;
    assert_granted(&r, WWW);
}

#[tokio::test]
async fn vary_origin_on_refusals_and_403() {
    let r = get_with("/exact", Some("http://evil.com")).await;
    assert_eq!(r.vary(), vec!["origin"]);
    let r = get_with("/strict", Some("http://evil.com")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.vary(), vec!["origin"]);
}

// ---------------------------------------------------------------------------------------
// Expose headers

#[tokio::test]
async fn expose_headers_on_granted_actual_responses() {
    let r = get_with("/creds", Some(APP)).await;
    let mut exposed: Vec<String> = r.list(&ACEH).iter().map(|s| s.to_lowercase()).collect();
    exposed.sort();
    assert_eq!(exposed, vec!["x-request-id", "x-total-count"]);
    assert_eq!(
        r.one(&HeaderName::from_static("x-total-count")).as_deref(),
        Some("42")
    );
    // Not on refusals.
    let r = get_with("/creds", Some("https://evil.com")).await;
    assert!(!r.headers.contains_key(&ACEH));
    // Not on a handler without expose_headers.
    let r = get_with("/exact", Some(WWW)).await;
    assert!(!r.headers.contains_key(&ACEH));
}

// ---------------------------------------------------------------------------------------
// Refused origins

#[tokio::test]
async fn refused_origin_keeps_status_and_body() {
    let before = SUBMIT_RUNS.load(Ordering::SeqCst);
    let req = request("POST", "/submit", Some("https://evil.com"))
        .body(Body::from("1234567"))
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.text(), "created 7");
    assert!(SUBMIT_RUNS.load(Ordering::SeqCst) > before);
    assert_refused(&r);
    let r = get_with("/fail/418", Some("https://evil.com")).await;
    assert_eq!(r.status, StatusCode::IM_A_TEAPOT);
    assert_eq!(r.text(), "failed with 418");
    assert_refused(&r);
}

#[tokio::test]
async fn reject_disallowed_answers_403_without_running_the_handler() {
    let before = STRICT_RUNS.load(Ordering::SeqCst);
    for origin in [
        "https://evil.com",
        "null",
        "http://www.example.com/",
        "not an origin",
    ] {
        let r = get_with("/strict", Some(origin)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}");
        assert!(!r.text().contains("strict body"));
        r.assert_no_grant();
        assert!(r.varies_on("origin"));
        // Why, as a refused preflight says it, and nothing about what is allowed.
        assert_eq!(
            r.all(&HeaderName::from_static("x-cors-refused")),
            vec!["origin not allowed"],
            "{origin}"
        );
        assert_eq!(r.text(), "CORS request refused: origin not allowed\n");
        assert_eq!(r.all(&header::X_CONTENT_TYPE_OPTIONS), vec!["nosniff"]);
    }
    let r = send(&app(), with_raw_origin("GET", "/strict", b"http://\xff")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The handler never ran for those (other tests only add runs with allowed or no Origin,
    // so compare with a run we make ourselves below).
    let r = get_with("/strict", Some(WWW)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "strict body");
    assert_granted(&r, WWW);
    let after = STRICT_RUNS.load(Ordering::SeqCst);
    assert!(after > before);
}

/// A dedicated counter, so that parallel tests cannot hide a run.
static GUARDED_RUNS: AtomicUsize = AtomicUsize::new(0);

#[cors(origins = "http://www.example.com", reject_disallowed)]
async fn guarded(body: String) -> String {
    GUARDED_RUNS.fetch_add(1, Ordering::SeqCst);
    body
}

#[tokio::test]
async fn reject_disallowed_handler_never_runs_for_refused_origin() {
    let app = Router::new().route("/guarded", post(guarded));
    for origin in ["https://evil.com", "null", "http://www.example.com:80"] {
        let req = request("POST", "/guarded", Some(origin))
            .body(Body::from("side effect"))
            .unwrap();
        let r = send(&app, req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        r.assert_no_grant();
    }
    assert_eq!(GUARDED_RUNS.load(Ordering::SeqCst), 0, "handler ran");
    let req = request("POST", "/guarded", Some(WWW))
        .body(Body::from("ok"))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "ok");
    assert_eq!(GUARDED_RUNS.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------
// HEAD

#[tokio::test]
async fn head_gets_the_same_cors_headers_as_get() {
    for (uri, origin) in [
        ("/exact", Some(WWW)),
        ("/exact", Some("https://evil.com")),
        ("/exact", None),
        ("/creds", Some(APP)),
        ("/public", Some(APP)),
        ("/public", None),
        ("/own-vary", Some(WWW)),
    ] {
        let g = send(&app(), actual("GET", uri, origin)).await;
        let h = send(&app(), actual("HEAD", uri, origin)).await;
        assert_eq!(g.status, h.status, "{uri} {origin:?}");
        assert!(h.body.is_empty(), "HEAD has no body");
        for name in [&ACAO, &ACAC, &ACEH, &header::VARY] {
            assert_eq!(g.all(name), h.all(name), "{name} for {uri} {origin:?}");
        }
    }
    let h = send(&app(), actual("HEAD", "/exact", Some(WWW))).await;
    assert_granted(&h, WWW);
}

// ---------------------------------------------------------------------------------------
// Errors carry CORS headers

#[tokio::test]
async fn handler_errors_carry_acao_and_vary() {
    for code in [400u16, 401, 404, 409, 422, 500, 503] {
        let r = get_with(&format!("/fail/{code}"), Some(WWW)).await;
        assert_eq!(r.status.as_u16(), code);
        assert_eq!(r.text(), format!("failed with {code}"));
        assert_granted(&r, WWW);
        assert!(r.vary().contains(&"accept-encoding".to_owned()));
    }
}

fn put_json(uri: &str, origin: Option<&str>, body: &str) -> Request<Body> {
    request("PUT", uri, origin)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn good_request_passes_through_the_wrapped_extractors() {
    let r = send(
        &app(),
        put_json("/items/7", Some(WWW), r#"{"name":"pen","qty":3}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), r#"{"name":"7:pen","qty":3}"#);
    assert_granted(&r, WWW);
}

#[tokio::test]
async fn json_rejections_carry_acao_and_vary() {
    let cases = [
        // syntax error -> 400
        (r#"{"name": "#, StatusCode::BAD_REQUEST),
        // wrong type -> 422
        (
            r#"{"name":"pen","qty":"three"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // missing field -> 422
        (r#"{"name":"pen"}"#, StatusCode::UNPROCESSABLE_ENTITY),
    ];
    for (body, status) in cases {
        let r = send(&app(), put_json("/items/7", Some(WWW), body)).await;
        assert_eq!(r.status, status, "{body}");
        assert!(!r.body.is_empty(), "axum's rejection text is kept");
        assert_granted(&r, WWW);
        // Refused origin: the same rejection, no grant, Vary still there.
        let r = send(&app(), put_json("/items/7", Some("https://evil.com"), body)).await;
        assert_eq!(r.status, status, "{body}");
        assert_refused(&r);
        // No Origin: Vary still there.
        let r = send(&app(), put_json("/items/7", None, body)).await;
        assert_eq!(r.status, status);
        r.assert_no_grant();
        assert!(r.varies_on("origin"));
    }
    // Missing content type -> 415.
    let req = request("PUT", "/items/7", Some(WWW))
        .body(Body::from(r#"{"name":"pen","qty":3}"#))
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_granted(&r, WWW);
}

#[tokio::test]
async fn path_rejections_carry_acao_and_vary() {
    // Path before Json (wrapped as a parts extractor).
    let r = send(
        &app(),
        put_json("/items/seven", Some(WWW), r#"{"name":"pen","qty":3}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_granted(&r, WWW);
    // Path as the last extractor.
    let r = get_with("/items/seven", Some(WWW)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_granted(&r, WWW);
    let r = get_with("/items/-1", Some("https://evil.com")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_refused(&r);
    let r = get_with("/items/5", Some(WWW)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.text(), "item 5");
    assert_granted(&r, WWW);
}

// ---------------------------------------------------------------------------------------
// Origins = "*"

#[tokio::test]
async fn any_origin_sends_star_always_and_no_vary() {
    for origin in [
        None,
        Some(APP),
        Some("null"),
        Some("https://evil.com"),
        Some("not an origin"),
    ] {
        let r = get_with("/public", origin).await;
        assert_eq!(r.status, StatusCode::OK, "{origin:?}");
        assert_eq!(r.text(), "public");
        assert_eq!(r.all(&ACAO), vec!["*".to_owned()], "{origin:?}");
        assert!(!r.headers.contains_key(&ACAC));
        assert!(
            !r.varies_on("origin"),
            "{origin:?}: no Vary: Origin needed: {:?}",
            r.vary()
        );
        assert_eq!(r.list(&ACEH), vec!["x-total-count"]);
    }
    // Repeated Origin: still "*" (the answer does not depend on the origin).
    let req = Request::get("/public")
        .header(header::ORIGIN, APP)
        .header(header::ORIGIN, WWW)
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.all(&ACAO), vec!["*".to_owned()]);
}

#[tokio::test]
async fn any_origin_does_not_reflect() {
    let r = get_with("/public", Some(APP)).await;
    assert_ne!(r.one(&ACAO).as_deref(), Some(APP));
}

#[cors(origins = "https://app.example.com", expose_headers = "*")]
async fn expose_all() -> impl IntoResponse {
    (
        [("x-total-count", "1"), ("set-cookie", "session=secret")],
        "expose all",
    )
}

#[tokio::test]
async fn expose_star_without_credentials() {
    let app = Router::new().route("/expose-all", get(expose_all));
    let r = send(&app, actual("GET", "/expose-all", Some(APP))).await;
    assert_granted(&r, APP);
    // `*` exposes every header but Set-Cookie (browsers never expose it).
    assert_eq!(r.list(&ACEH), vec!["*"]);
    assert!(!r
        .list(&ACEH)
        .iter()
        .any(|h| h.eq_ignore_ascii_case("set-cookie")));
}
