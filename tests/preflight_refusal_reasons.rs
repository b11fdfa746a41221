//! A refused preflight keeps its 403 and carries its reason where DevTools shows it: a
//! plain-text body naming what was refused and what the path allows, and the
//! `x-cors-refused` response header saying the same without repeating anything the request
//! sent. A caller whose origin is not allowed learns only that: never which origins, methods or
//! headers are. The same holds for the preflights a `cors_route!` registration answers,
//! including those for a method no handler of the path is routed on.

mod common;

use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::Router;
use axum_strict_cors::{cors, cors_route, preflight};
use common::*;

const WWW: &str = "http://www.example.com";
const ADMIN: &str = "https://admin.example.com";
const EVIL: &str = "http://evil.example.net";
const REFUSED: &str = "x-cors-refused";

#[cors(
    origins = "http://www.example.com, https://admin.example.com",
    methods = "PUT, DELETE",
    headers = "content-type, x-request-id"
)]
async fn update() -> &'static str {
    "updated"
}

#[cors(
    origins = "http://www.example.com, https://admin.example.com",
    methods = "PUT, DELETE",
    headers = "content-type, x-request-id"
)]
async fn remove() -> &'static str {
    "removed"
}

#[cors(origins = "*", methods = "PUT", headers = "*")]
async fn open() -> &'static str {
    "open"
}

#[cors(origins = "http://www.example.com")]
async fn plain() -> &'static str {
    "plain"
}

/// Two policies on one path: GET for everyone, PUT only for www.
#[cors(origins = "*")]
async fn read_note() -> &'static str {
    "note"
}

#[cors(origins = "http://www.example.com", methods = "PUT")]
async fn write_note() -> &'static str {
    "stored"
}

/// One registration, two policies: the list for www, the replacement for the admin page.
#[cors(origins = "http://www.example.com", headers = "x-request-id")]
async fn list_drafts() -> &'static str {
    "[]"
}

#[cors(origins = "https://admin.example.com", headers = "content-type")]
async fn replace_drafts(body: String) -> String {
    body
}

fn app() -> Router {
    Router::new()
        .route("/drafts", cors_route!(get(list_drafts).put(replace_drafts)))
        .route(
            "/items",
            put(update)
                .delete(remove)
                .options(preflight!(update, remove)),
        )
        .route("/open", put(open).options(open::preflight))
        .route("/plain", get(plain).options(plain::preflight))
        .route(
            "/notes",
            get(read_note)
                .put(write_note)
                .options(preflight!(read_note, write_note)),
        )
}

/// The reason of a refused preflight (its body's text): 403, no grant, and a header saying
/// the same as the body without the name taken from the request.
#[track_caller]
fn reason(r: &Resp) -> String {
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{:?}", r.headers);
    r.assert_no_grant();
    r.assert_preflight_vary();
    let header = r
        .one(&axum::http::HeaderName::from_static(REFUSED))
        .expect("the reason header");
    let body = r.text();
    let body = body
        .strip_prefix("CORS preflight refused: ")
        .and_then(|b| b.strip_suffix('\n'))
        .unwrap_or_else(|| panic!("unexpected body {body:?}"));
    let words: Vec<&str> = body.split(' ').collect();
    let less_one_word = (0..words.len()).any(|i| {
        let mut rest = words.clone();
        rest.remove(i);
        rest.join(" ") == header
    });
    assert!(
        header == body || less_one_word,
        "the header says what the body says, less the name: {header:?} / {body:?}"
    );
    assert_eq!(
        r.one(&axum::http::header::CONTENT_TYPE).as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(
        r.one(&axum::http::header::X_CONTENT_TYPE_OPTIONS)
            .as_deref(),
        Some("nosniff")
    );
    format!("CORS preflight refused: {body}")
}

async fn pf(uri: &str, origin: &str, method: &str, headers: Option<&str>) -> Resp {
    send(&app(), preflight(uri, origin, method, headers)).await
}

#[tokio::test]
async fn method_refusal_names_the_method_and_what_the_path_allows() {
    let r = pf("/items", WWW, "PATCH", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: method PATCH not allowed; allowed methods: PUT, DELETE"
    );
}

#[tokio::test]
async fn method_refusal_lists_the_methods_of_every_policy_on_the_path_that_allows_the_origin() {
    let r = pf("/notes", WWW, "DELETE", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: method DELETE not allowed; allowed methods: GET, HEAD, POST, PUT"
    );
    // From an origin only the `*` policy allows, the PUT of the other policy is not disclosed.
    let r = pf("/notes", EVIL, "DELETE", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: method DELETE not allowed; allowed methods: GET, HEAD, POST"
    );
}

#[tokio::test]
async fn the_header_never_repeats_what_the_request_sent() {
    let r = pf("/items", WWW, "PATCH", None).await;
    assert_eq!(
        r.one(&axum::http::HeaderName::from_static(REFUSED))
            .unwrap(),
        "method not allowed; allowed methods: PUT, DELETE"
    );
    let r = pf("/items", WWW, "PUT", Some("x-api-key")).await;
    assert_eq!(
        r.one(&axum::http::HeaderName::from_static(REFUSED))
            .unwrap(),
        "request header not allowed; allowed headers: content-type, x-request-id"
    );
    assert!(!r.any_header_contains("x-api-key"));
}

#[tokio::test]
async fn lower_case_method_is_named_as_sent() {
    let r = pf("/items", WWW, "patch", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: method patch not allowed; allowed methods: PUT, DELETE"
    );
}

#[tokio::test]
async fn header_refusal_names_the_header_and_the_allowed_ones() {
    let r = pf("/items", WWW, "PUT", Some("content-type,x-api-key")).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: request header x-api-key not allowed; allowed headers: content-type, x-request-id"
    );
    let r = pf("/plain", WWW, "GET", Some("x-request-id")).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: request header x-request-id not allowed; allowed headers: none"
    );
}

#[tokio::test]
async fn star_headers_refusal_says_authorization_is_not_covered() {
    let r = pf("/open", EVIL, "PUT", Some("authorization")).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: request header authorization not allowed; allowed headers: * (except authorization)"
    );
}

#[tokio::test]
async fn unlisted_origin_learns_only_that_its_origin_is_refused() {
    let refusals = [
        pf("/items", EVIL, "PUT", None).await,
        // Method and header refusals from an unlisted origin say nothing more.
        pf("/items", EVIL, "PATCH", None).await,
        pf("/items", EVIL, "PUT", Some("x-api-key")).await,
        pf("/plain", EVIL, "GET", Some("x-request-id")).await,
        pf("/plain", "null", "GET", Some("x-request-id")).await,
    ];
    for r in &refusals {
        let reason = reason(r);
        assert_eq!(reason, "CORS preflight refused: origin not allowed");
        for secret in [
            "www.example.com",
            "admin.example.com",
            "PUT",
            "DELETE",
            "content-type",
            "x-request-id",
        ] {
            assert!(
                !reason.contains(secret) && !r.text().contains(secret),
                "{secret} disclosed to an unlisted origin: {reason}"
            );
        }
    }
}

#[tokio::test]
async fn names_that_are_not_tokens_are_not_repeated() {
    let r = pf("/items", WWW, "PUT", Some("x-<script>")).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: request header (invalid-name) not allowed; allowed headers: content-type, x-request-id"
    );
    let r = pf("/items", WWW, "PUT, DELETE", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: Access-Control-Request-Method is not one method name"
    );
}

#[tokio::test]
async fn approved_preflight_carries_no_reason() {
    let r = pf("/items", WWW, "PUT", Some("content-type")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.body.is_empty());
    assert!(!r.headers.contains_key(REFUSED));
}

#[tokio::test]
async fn unrouted_method_refusal_says_so_and_lists_the_routed_methods() {
    for origin in [WWW, ADMIN] {
        let r = pf("/drafts", origin, "DELETE", None).await;
        assert_eq!(
            reason(&r),
            "CORS preflight refused: method DELETE is not routed on this path; routed methods: GET, PUT",
            "from {origin}"
        );
        assert_eq!(
            r.one(&axum::http::HeaderName::from_static(REFUSED))
                .unwrap(),
            "method is not routed on this path; routed methods: GET, PUT"
        );
    }
    let r = pf("/drafts", WWW, "patch", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: method patch is not routed on this path; routed methods: GET, PUT"
    );
}

#[tokio::test]
async fn unrouted_method_refusal_tells_an_unlisted_origin_only_that_its_origin_is_refused() {
    for origin in [EVIL, "null"] {
        let r = pf("/drafts", origin, "DELETE", None).await;
        assert_eq!(reason(&r), "CORS preflight refused: origin not allowed");
        // No single method: refused by the path too, and says only that.
        let malformed = pf("/drafts", origin, "GET, PUT", None).await;
        assert_eq!(
            reason(&malformed),
            "CORS preflight refused: Access-Control-Request-Method is not one method name"
        );
        for r in [&r, &malformed] {
            for secret in ["routed", "GET", "PUT", "DELETE", "www.example.com", "admin"] {
                assert!(
                    !r.text().contains(secret) && !r.any_header_contains(secret),
                    "{secret} disclosed to {origin}: {:?}",
                    r.text()
                );
            }
        }
    }
}

#[tokio::test]
async fn registered_route_refusals_of_a_routed_method_carry_their_reason() {
    // The handler routed for the method judges: www may GET but not PUT.
    let r = pf("/drafts", WWW, "PUT", Some("content-type")).await;
    assert_eq!(reason(&r), "CORS preflight refused: origin not allowed");
    let r = pf("/drafts", WWW, "GET", Some("content-type")).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: request header content-type not allowed; allowed headers: x-request-id"
    );
    let r = pf("/drafts", ADMIN, "PUT", Some("x-request-id")).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: request header x-request-id not allowed; allowed headers: content-type"
    );
    let r = pf("/drafts", WWW, "GET, PUT", None).await;
    assert_eq!(
        reason(&r),
        "CORS preflight refused: Access-Control-Request-Method is not one method name"
    );
}

#[tokio::test]
async fn registered_route_approved_preflight_and_plain_options_carry_no_reason() {
    let r = pf("/drafts", ADMIN, "PUT", Some("content-type")).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.body.is_empty());
    assert!(!r.headers.contains_key(REFUSED));
    let options = send(
        &app(),
        request("OPTIONS", "/drafts", None)
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(options.status, StatusCode::NO_CONTENT);
    assert!(options.body.is_empty());
    assert!(!options.headers.contains_key(REFUSED));
}
