//! Behaviour of preflights (`OPTIONS` + `Origin` + `Access-Control-Request-Method`) through a
//! real axum `Router`.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderValue, Request, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, preflight};
use common::*;

const WWW: &str = "http://www.example.com";
const APP: &str = "https://app.example.com";
const A: &str = "https://a.example.com";
const B: &str = "https://b.example.com";

// The seed's pair: identical policies on one path.
#[cors(origins = "http://www.example.com", methods = "PUT, DELETE")]
async fn update(Path(id): Path<u64>, body: String) -> String {
    format!("updated {id} with {body}")
}

#[cors(origins = "http://www.example.com", methods = "PUT, DELETE")]
async fn remove(Path(id): Path<u64>) -> String {
    format!("removed {id}")
}

// Different policies on one path, each claiming its own method.
#[cors(origins = "https://a.example.com", methods = "GET")]
async fn list() -> &'static str {
    "list"
}

#[cors(
    origins = "https://b.example.com",
    methods = "POST",
    headers = "content-type"
)]
async fn create(body: String) -> String {
    body
}

// Everything a preflight answer can carry.
#[cors(
    origins = "https://app.example.com",
    methods = "PUT, PATCH",
    headers = "content-type, x-api-key",
    max_age = 600,
    credentials
)]
async fn full() -> &'static str {
    "full"
}

#[cors(origins = "https://app.example.com", methods = "PUT", headers = "*")]
async fn any_header() -> &'static str {
    "any header"
}

#[cors(
    origins = "https://app.example.com",
    methods = "PUT",
    headers = "authorization, content-type"
)]
async fn named_auth() -> &'static str {
    "named auth"
}

#[cors(origins = "https://app.example.com", methods = "PUT", max_age = 0)]
async fn zero_age() -> &'static str {
    "zero"
}

#[cors(origins = "https://app.example.com", methods = "PUT", max_age = 86400)]
async fn day_age() -> &'static str {
    "day"
}

#[cors(origins = "https://app.example.com", methods = "PUT", private_network)]
async fn pna() -> &'static str {
    "pna"
}

#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn no_pna() -> &'static str {
    "no pna"
}

#[cors(origins = "*", methods = "PUT", headers = "x-api-key")]
async fn open() -> &'static str {
    "open"
}

/// No `methods`: answers preflights for GET/HEAD/POST only (e.g. POST with a JSON body).
#[cors(origins = "https://app.example.com", headers = "content-type")]
async fn simple(body: String) -> String {
    body
}

#[cors(
    origins = "https://app.example.com, null",
    allow_null_origin,
    methods = "PUT"
)]
async fn null_ok() -> &'static str {
    "null ok"
}

fn app() -> Router {
    Router::new()
        .route(
            "/items/{id}",
            put(update)
                .delete(remove)
                .options(preflight!(update, remove)),
        )
        .route(
            "/things",
            get(list).post(create).options(preflight!(list, create)),
        )
        .route("/full", put(full).patch(full).options(full::preflight))
        .route(
            "/any-header",
            put(any_header).options(any_header::preflight),
        )
        .route(
            "/named-auth",
            put(named_auth).options(preflight!(named_auth)),
        )
        .route("/zero", put(zero_age).options(zero_age::preflight))
        .route("/day", put(day_age).options(day_age::preflight))
        .route("/pna", put(pna).options(pna::preflight))
        .route("/no-pna", put(no_pna).options(no_pna::preflight))
        .route("/open", put(open).options(open::preflight))
        .route("/null", put(null_ok).options(null_ok::preflight))
        .route(
            "/simple",
            axum::routing::post(simple).options(simple::preflight),
        )
}

async fn pf(uri: &str, origin: &str, method: &str, headers: Option<&str>) -> Resp {
    send(&app(), preflight(uri, origin, method, headers)).await
}

/// Refusal: 403, no grant, the preflight Vary.
#[track_caller]
fn assert_refused(r: &Resp) {
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.headers);
    r.assert_no_grant();
    r.assert_preflight_vary();
}

#[track_caller]
fn assert_ok(r: &Resp, origin: &str) {
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{:?}", r.headers);
    assert!(r.body.is_empty());
    r.assert_acao(origin);
    r.assert_preflight_vary();
}

// ---------------------------------------------------------------------------------------
// A preflight never runs the handler

/// Every request of this test is a preflight; the counter is shared by every handler of this
/// file, and other tests run in parallel, so this test runs its preflights with a router
/// whose handlers have their own counter.
static SIDE_EFFECTS: AtomicUsize = AtomicUsize::new(0);

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type"
)]
async fn dangerous(body: String) -> String {
    SIDE_EFFECTS.fetch_add(1, Ordering::SeqCst);
    body
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type"
)]
async fn dangerous_delete() -> &'static str {
    SIDE_EFFECTS.fetch_add(1, Ordering::SeqCst);
    "deleted"
}

#[tokio::test]
async fn preflight_never_runs_the_handler() {
    let app = Router::new().route(
        "/danger",
        put(dangerous)
            .delete(dangerous_delete)
            .options(preflight!(dangerous, dangerous_delete)),
    );
    let cases = [
        (WWW, "PUT", Some("content-type")), // approved
        (WWW, "DELETE", None),              // approved
        ("https://evil.com", "PUT", None),  // refused: origin
        (WWW, "PATCH", None),               // refused: method
        (WWW, "PUT", Some("x-evil")),       // refused: header
        (WWW, "PUT, DELETE", None),         // not a token
    ];
    for (origin, method, headers) in cases {
        let req = request("OPTIONS", "/danger", Some(origin))
            .header(ACRM, method)
            .header(header::CONTENT_TYPE, "text/plain");
        let req = match headers {
            Some(h) => req.header(ACRH, h),
            None => req,
        };
        let r = send(&app, req.body(Body::from("body")).unwrap()).await;
        assert!(
            !r.status.is_redirection(),
            "a preflight is never answered by a redirect: {}",
            r.status
        );
        assert!(r.body.is_empty() || !r.text().contains("deleted"));
        assert_eq!(
            SIDE_EFFECTS.load(Ordering::SeqCst),
            0,
            "handler ran for {origin} {method}"
        );
    }
    let r = send(&app, preflight("/danger", WWW, "DELETE", None)).await;
    assert_ok(&r, WWW);
    // The actual request does run it.
    let r = send(&app, actual("DELETE", "/danger", Some(WWW))).await;
    assert_eq!(r.text(), "deleted");
    assert_eq!(SIDE_EFFECTS.load(Ordering::SeqCst), 1);
}

// ---------------------------------------------------------------------------------------
// OPTIONS without Access-Control-Request-Method is not a preflight

#[tokio::test]
async fn options_with_origin_but_no_acrm_is_not_approved() {
    for uri in ["/items/1", "/things", "/full", "/open", "/simple"] {
        let req = request("OPTIONS", uri, Some(WWW))
            .body(Body::empty())
            .unwrap();
        let r = send(&app(), req).await;
        assert!(!r.status.is_success(), "{uri}: {}", r.status);
        r.assert_no_grant();
        // Even with request headers asked for.
        let req = request("OPTIONS", uri, Some(APP))
            .header(ACRH, "content-type")
            .body(Body::empty())
            .unwrap();
        let r = send(&app(), req).await;
        assert!(!r.status.is_success(), "{uri}: {}", r.status);
        r.assert_no_grant();
    }
}

#[tokio::test]
async fn options_without_origin_is_not_a_preflight() {
    let req = request("OPTIONS", "/items/1", None)
        .header(ACRM, "PUT")
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert!(!r.status.is_success(), "{}", r.status);
    r.assert_no_grant();
}

// ---------------------------------------------------------------------------------------
// Success

#[tokio::test]
async fn preflight_success_carries_the_full_grant() {
    let r = pf("/full", APP, "PATCH", Some("content-type,x-api-key")).await;
    assert_ok(&r, APP);
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));
    assert_eq!(r.list(&ACAM), vec!["PUT", "PATCH"]);
    let mut allowed: Vec<String> = r.list(&ACAH).iter().map(|h| h.to_lowercase()).collect();
    allowed.sort();
    assert_eq!(allowed, vec!["content-type", "x-api-key"]);
    assert_eq!(r.one(&MAX_AGE).as_deref(), Some("600"));
    assert!(
        !r.headers.contains_key(&ACEH),
        "ACEH belongs to actual responses"
    );
}

#[tokio::test]
async fn seed_exchange_put_and_delete() {
    for method in ["PUT", "DELETE"] {
        let r = pf("/items/3", WWW, method, None).await;
        assert_ok(&r, WWW);
        assert!(r.list(&ACAM).contains(&method.to_owned()));
        assert_eq!(r.list(&ACAM), vec!["PUT", "DELETE"]);
        assert!(!r.headers.contains_key(&ACAC));
        assert!(!r.headers.contains_key(&MAX_AGE), "no max_age configured");
    }
    // The actual requests then work.
    let req = request("PUT", "/items/3", Some(WWW))
        .body(Body::from("x"))
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.text(), "updated 3 with x");
    r.assert_acao(WWW);
    let r = send(&app(), actual("DELETE", "/items/3", Some(WWW))).await;
    assert_eq!(r.text(), "removed 3");
    r.assert_acao(WWW);
}

#[tokio::test]
async fn any_origin_preflight_answers_star() {
    let r = pf("/open", "https://whoever.test", "PUT", Some("x-api-key")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("*");
    assert_eq!(r.list(&ACAM), vec!["PUT"]);
    assert_eq!(r.list(&ACAH), vec!["x-api-key"]);
    let r = pf("/open", "https://whoever.test", "DELETE", None).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
}

#[tokio::test]
async fn policy_without_methods_answers_simple_method_preflights() {
    // A POST with Content-Type: application/json needs a preflight.
    let r = pf("/simple", APP, "POST", Some("content-type")).await;
    assert_ok(&r, APP);
    assert_eq!(r.list(&ACAH), vec!["content-type"]);
    for method in ["PUT", "DELETE", "PATCH"] {
        let r = pf("/simple", APP, method, None).await;
        assert_refused(&r);
    }
}

// ---------------------------------------------------------------------------------------
// Refusal

#[tokio::test]
async fn refused_origin() {
    for origin in [
        "https://evil.com",
        "null",
        "http://www.example.com/",
        "HTTP://WWW.EXAMPLE.COM",
        "http://www.example.com:80",
        "garbage",
    ] {
        let r = pf("/items/1", origin, "PUT", None).await;
        assert_refused(&r);
    }
    let r = send(
        &app(),
        request("OPTIONS", "/items/1", None)
            .header(
                header::ORIGIN,
                HeaderValue::from_bytes(b"http://\xff\xfe").unwrap(),
            )
            .header(ACRM, "PUT")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_refused(&r);
    // Repeated Origin headers.
    let r = send(
        &app(),
        request("OPTIONS", "/items/1", None)
            .header(header::ORIGIN, WWW)
            .header(header::ORIGIN, WWW)
            .header(ACRM, "PUT")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert!(!r.status.is_success());
    r.assert_no_grant();
}

#[tokio::test]
async fn refused_method() {
    for method in ["PATCH", "POST", "GET", "OPTIONS", "CONNECT", "TRACE", "FOO"] {
        let r = pf("/items/1", WWW, method, None).await;
        assert_refused(&r);
    }
    let r = pf("/full", APP, "DELETE", None).await;
    assert_refused(&r);
}

#[tokio::test]
async fn refused_header() {
    for headers in [
        "x-evil",
        "content-type,x-evil",
        "x-api-key, cookie",
        "authorization",
    ] {
        let r = pf("/full", APP, "PUT", Some(headers)).await;
        assert_refused(&r);
    }
    // The seed policy lists no headers at all.
    let r = pf("/items/1", WWW, "PUT", Some("content-type")).await;
    assert_refused(&r);
}

// ---------------------------------------------------------------------------------------
// Methods are case-sensitive

#[tokio::test]
async fn lowercase_patch_does_not_match_patch() {
    let r = pf("/full", APP, "PATCH", None).await;
    assert_ok(&r, APP);
    for method in ["patch", "Patch", "put", "pUT"] {
        let r = pf("/full", APP, method, None).await;
        assert_refused(&r);
        assert!(!r.any_header_contains(method), "{method} echoed");
    }
    for method in ["put", "delete"] {
        let r = pf("/items/1", WWW, method, None).await;
        assert_refused(&r);
    }
}

// ---------------------------------------------------------------------------------------
// Access-Control-Request-Headers parsing

#[tokio::test]
async fn header_names_compare_case_insensitively() {
    for headers in ["Content-Type", "CONTENT-TYPE,X-API-KEY", "x-Api-Key"] {
        let r = pf("/full", APP, "PUT", Some(headers)).await;
        assert_ok(&r, APP);
    }
}

#[tokio::test]
async fn header_list_split_over_several_lines() {
    let req = request("OPTIONS", "/full", Some(APP))
        .header(ACRM, "PUT")
        .header(ACRH, "content-type")
        .header(ACRH, "x-api-key")
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert_ok(&r, APP);
    // A disallowed name on the second line is still seen.
    let req = request("OPTIONS", "/full", Some(APP))
        .header(ACRM, "PUT")
        .header(ACRH, "content-type")
        .header(ACRH, "x-evil")
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert_refused(&r);
}

#[tokio::test]
async fn spaces_and_empty_items() {
    for headers in [
        " content-type , x-api-key ",
        "content-type,,x-api-key,",
        ",content-type",
        ",,,",
        "",
        " ",
        "\tcontent-type\t,\tx-api-key",
    ] {
        let r = pf("/full", APP, "PUT", Some(headers)).await;
        assert_ok(&r, APP);
    }
    for headers in [" x-evil ", ",,x-evil,,", "content-type x-api-key"] {
        let r = pf("/full", APP, "PUT", Some(headers)).await;
        assert_refused(&r);
    }
}

#[tokio::test]
async fn a_megabyte_of_commas_is_answered_correctly() {
    let commas = ",".repeat(1 << 20);
    let r = pf("/full", APP, "PUT", Some(&commas)).await;
    assert_ok(&r, APP);
    let with_evil = format!("{commas}x-evil{commas}");
    let r = pf("/full", APP, "PUT", Some(&with_evil)).await;
    assert_refused(&r);
    let spaces_and_commas = ", ".repeat(1 << 19);
    let r = pf("/full", APP, "PUT", Some(&spaces_and_commas)).await;
    assert_ok(&r, APP);
}

#[tokio::test]
async fn a_megabyte_of_allowed_names_is_answered_correctly() {
    let mut names = String::with_capacity(1 << 20);
    while names.len() < 1 << 20 {
        names.push_str("content-type,X-Api-Key,");
    }
    let r = pf("/full", APP, "PUT", Some(&names)).await;
    assert_ok(&r, APP);
    // The response does not echo the request's megabyte.
    let size: usize = r.headers.values().map(|v| v.len()).sum();
    assert!(size < 4096, "response headers are {size} bytes");
    names.push_str("x-evil");
    let r = pf("/full", APP, "PUT", Some(&names)).await;
    assert_refused(&r);
    // A single megabyte-long name.
    let long = "x".repeat(1 << 20);
    let r = pf("/full", APP, "PUT", Some(&long)).await;
    assert_refused(&r);
    let r = pf("/any-header", APP, "PUT", Some(&long)).await;
    assert_ok(&r, APP);
}

// ---------------------------------------------------------------------------------------
// Never echo an unvalidated method or header

#[tokio::test]
async fn a_method_list_is_refused_and_never_echoed() {
    for method in ["PUT, DELETE", "PUT,DELETE", "PUT DELETE", " PUT", "PUT\t"] {
        let r = pf("/items/1", WWW, method, None).await;
        assert!(!r.status.is_success(), "{method:?}: {}", r.status);
        r.assert_no_grant();
        assert!(!r.any_header_contains(method), "{method:?} echoed");
    }
    // Repeated ACRM lines: not one method.
    let req = request("OPTIONS", "/items/1", Some(WWW))
        .header(ACRM, "PUT")
        .header(ACRM, "DELETE")
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert!(!r.status.is_success(), "{}", r.status);
    r.assert_no_grant();
    // A long token.
    let long = "P".repeat(100_000);
    let r = pf("/items/1", WWW, &long, None).await;
    assert!(!r.status.is_success());
    r.assert_no_grant();
    assert!(!r.any_header_contains(&long[..40]));
}

#[tokio::test]
async fn headers_are_answered_with_the_policy_list_not_the_request() {
    // The request names one header; the answer is the policy's list, never the request's text.
    let r = pf("/full", APP, "PUT", Some("X-API-KEY")).await;
    assert_ok(&r, APP);
    assert!(!r.any_header_contains("X-API-KEY"));
    let r = pf("/full", APP, "PUT", Some("x-evil")).await;
    assert!(!r.any_header_contains("x-evil"));
}

// ---------------------------------------------------------------------------------------
// * does not cover authorization

#[tokio::test]
async fn star_headers_do_not_cover_authorization() {
    let r = pf("/any-header", APP, "PUT", Some("x-anything,content-type")).await;
    assert_ok(&r, APP);
    assert_eq!(r.list(&ACAH), vec!["*"]);
    for headers in [
        "authorization",
        "Authorization",
        "x-anything,authorization",
        " AUTHORIZATION ",
    ] {
        let r = pf("/any-header", APP, "PUT", Some(headers)).await;
        assert_refused(&r);
    }
}

#[tokio::test]
async fn authorization_listed_by_name_is_allowed() {
    for headers in ["authorization", "Authorization,content-type"] {
        let r = pf("/named-auth", APP, "PUT", Some(headers)).await;
        assert_ok(&r, APP);
        let names: Vec<String> = r.list(&ACAH).iter().map(|h| h.to_lowercase()).collect();
        assert!(names.contains(&"authorization".to_owned()), "{names:?}");
    }
    let r = pf("/named-auth", APP, "PUT", Some("authorization,x-other")).await;
    assert_refused(&r);
}

// ---------------------------------------------------------------------------------------
// Max-age

#[tokio::test]
async fn max_age_is_emitted_as_given() {
    let r = pf("/full", APP, "PUT", None).await;
    assert_eq!(r.one(&MAX_AGE).as_deref(), Some("600"));
    let r = pf("/zero", APP, "PUT", None).await;
    assert_ok(&r, APP);
    assert_eq!(r.one(&MAX_AGE).as_deref(), Some("0"));
    let r = pf("/day", APP, "PUT", None).await;
    assert_eq!(r.one(&MAX_AGE).as_deref(), Some("86400"));
    let r = pf("/no-pna", APP, "PUT", None).await;
    assert_ok(&r, APP);
    assert!(!r.headers.contains_key(&MAX_AGE));
    // Not on refusals.
    let r = pf("/full", "https://evil.com", "PUT", None).await;
    assert!(!r.headers.contains_key(&MAX_AGE));
}

// ---------------------------------------------------------------------------------------
// Private Network Access

fn pna_preflight(uri: &str, value: &str) -> Request<Body> {
    request("OPTIONS", uri, Some(APP))
        .header(ACRM, "PUT")
        .header(ACRPN, value)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn private_network_request_without_opt_in_gets_the_cors_grant_only() {
    // The CORS part is granted; private network access is not (no ACAPN), as tower-http does:
    // a browser that does not enforce it only warns, and one that does refuses by itself.
    let r = send(&app(), pna_preflight("/no-pna", "true")).await;
    assert_ok(&r, APP);
    assert!(!r.headers.contains_key(&ACAPN));
    // Without the PNA request header it is an ordinary approved preflight.
    let r = pf("/no-pna", APP, "PUT", None).await;
    assert_ok(&r, APP);
    assert!(!r.headers.contains_key(&ACAPN));
}

#[tokio::test]
async fn private_network_approved_with_opt_in() {
    let r = send(&app(), pna_preflight("/pna", "true")).await;
    assert_ok(&r, APP);
    assert_eq!(r.one(&ACAPN).as_deref(), Some("true"));
    assert!(r.varies_on("access-control-request-private-network"));
    // Not asked: not granted.
    let r = pf("/pna", APP, "PUT", None).await;
    assert_ok(&r, APP);
    assert!(!r.headers.contains_key(&ACAPN));
    // A refused origin gets no PNA grant either.
    let req = request("OPTIONS", "/pna", Some("https://evil.com"))
        .header(ACRM, "PUT")
        .header(ACRPN, "true")
        .body(Body::empty())
        .unwrap();
    let r = send(&app(), req).await;
    assert_refused(&r);
}

// ---------------------------------------------------------------------------------------
// Shared path: preflight!(a, b)

#[tokio::test]
async fn shared_path_identical_policies() {
    for method in ["PUT", "DELETE"] {
        let r = pf("/items/9", WWW, method, None).await;
        assert_ok(&r, WWW);
        assert_eq!(r.list(&ACAM), vec!["PUT", "DELETE"]);
        let r = pf("/items/9", APP, method, None).await;
        assert_refused(&r);
    }
    let r = pf("/items/9", WWW, "PATCH", None).await;
    assert_refused(&r);
}

#[tokio::test]
async fn shared_path_each_method_judged_by_its_own_policy() {
    // GET is list's: origin A, no headers.
    let r = pf("/things", A, "GET", None).await;
    assert_ok(&r, A);
    assert_eq!(r.list(&ACAM), vec!["GET"]);
    assert!(!r.headers.contains_key(&ACAH));
    let r = pf("/things", B, "GET", None).await;
    assert_refused(&r);
    let r = pf("/things", A, "GET", Some("content-type")).await;
    assert_refused(&r);
    // POST is create's: origin B, content-type.
    let r = pf("/things", B, "POST", Some("content-type")).await;
    assert_ok(&r, B);
    assert_eq!(r.list(&ACAM), vec!["POST"]);
    assert_eq!(r.list(&ACAH), vec!["content-type"]);
    let r = pf("/things", A, "POST", Some("content-type")).await;
    assert_refused(&r);
    let r = pf("/things", B, "POST", Some("x-other")).await;
    assert_refused(&r);
    // Neither claims PUT or DELETE.
    for method in ["PUT", "DELETE"] {
        let r = pf("/things", A, method, None).await;
        assert_refused(&r);
        let r = pf("/things", B, method, None).await;
        assert_refused(&r);
    }
}

#[tokio::test]
async fn shared_path_actual_requests_use_their_handlers_policy() {
    let r = send(&app(), actual("GET", "/things", Some(A))).await;
    assert_eq!(r.text(), "list");
    r.assert_acao(A);
    let r = send(&app(), actual("GET", "/things", Some(B))).await;
    assert_eq!(r.text(), "list");
    r.assert_no_grant();
    let req = request("POST", "/things", Some(B))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let r = send(&app(), req).await;
    assert_eq!(r.text(), "{}");
    r.assert_acao(B);
    let r = send(&app(), actual("POST", "/things", Some(A))).await;
    r.assert_no_grant();
    assert!(r.varies_on("origin"));
}

#[tokio::test]
async fn preflight_with_credentials_is_exact_origin() {
    let r = pf("/full", APP, "PUT", None).await;
    assert_ok(&r, APP);
    assert_eq!(r.one(&ACAC).as_deref(), Some("true"));
    assert_ne!(r.one(&ACAO).as_deref(), Some("*"));
    assert!(!r.list(&ACAM).contains(&"*".to_owned()));
    assert!(!r.list(&ACAH).contains(&"*".to_owned()));
}

#[tokio::test]
async fn head_preflight_is_judged_like_get() {
    // `list` has `methods = "GET"`; axum answers HEAD /things with it. A HEAD with a custom
    // header (or any non-safelisted one) is preflighted with ACRM HEAD, and deserves the
    // same answer as GET.
    let get = pf("/things", A, "GET", None).await;
    assert_ok(&get, A);
    let head = pf("/things", A, "HEAD", None).await;
    assert_ok(&head, A);
    let head = pf("/things", B, "HEAD", None).await;
    assert_refused(&head);
}

#[tokio::test]
async fn null_preflight_only_with_allow_null_origin() {
    let r = pf("/null", "null", "PUT", None).await;
    assert_ok(&r, "null");
    let r = pf("/full", "null", "PUT", None).await;
    assert_refused(&r);
    let r = pf("/open", "null", "PUT", None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("*");
}

#[tokio::test]
async fn garbage_origins_in_preflights_are_refused_without_panic() {
    let mut long = b"https://app.example.com".to_vec();
    long.extend(std::iter::repeat_n(b'a', 10 * 1024));
    let cases: Vec<Vec<u8>> = vec![
        b"https://app.example.co\xff".to_vec(),
        b"\x80\x81\x82".to_vec(),
        b"https://app.example.com\t".to_vec(),
        b"".to_vec(),
        b"https://[".to_vec(),
        long,
        vec![b','; 10 * 1024],
    ];
    for uri in ["/full", "/items/1", "/null", "/things"] {
        for origin in &cases {
            let req = request("OPTIONS", uri, None)
                .header(header::ORIGIN, HeaderValue::from_bytes(origin).unwrap())
                .header(ACRM, "PUT")
                .body(Body::empty())
                .unwrap();
            let r = send(&app(), req).await;
            assert_refused(&r);
        }
    }
}
