//! Behaviour of the run-time origin sources (`origins_fn`, `origins_env`), of the refusal log
//! (`tracing`, target `axum_strict_cors`), and of policy spellings (array lists, `methods = "*"`, a
//! renamed crate) through a real axum `Router`.

mod common;

// A renamed crate (`crate = my_cors`), as a user who renamed the dependency would write it.
extern crate axum_strict_cors as my_cors;

use std::sync::{Mutex, Once};

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::routing::{get, put};
use axum::{Json, Router};
use axum_strict_cors::{cors, preflight};
use common::*;

const APP: &str = "https://app.example.com";

// ---------------------------------------------------------------------------------------
// origins_fn

/// What `trusted` was called with.
static SEEN: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn trusted(origin: &str) -> bool {
    SEEN.lock().unwrap().push(origin.to_owned());
    origin.starts_with("https://") && origin.ends_with(".trusted.test")
}

// A path as written where the handler is: it resolves like any other path here.
#[cors(origins_fn = trusted, methods = "PUT")]
async fn by_fn() -> &'static str {
    "by fn"
}

/// What `also_trusted` was called with.
static SEEN_ALSO: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn also_trusted(origin: &str) -> bool {
    SEEN_ALSO.lock().unwrap().push(origin.to_owned());
    origin == "https://partner.test"
}

#[cors(origins = "https://app.example.com", origins_fn = also_trusted)]
async fn list_and_fn() -> &'static str {
    "list and fn"
}

#[tokio::test]
async fn origins_fn_grants_what_the_function_accepts() {
    let app = Router::new().route("/fn", put(by_fn).get(by_fn).options(by_fn::preflight));
    let r = send(&app, actual("GET", "/fn", Some("https://a.trusted.test"))).await;
    assert_eq!(r.text(), "by fn");
    r.assert_acao("https://a.trusted.test");
    assert!(r.varies_on("origin"));
    let r = send(&app, actual("GET", "/fn", Some("https://a.other.test"))).await;
    assert_eq!(r.text(), "by fn");
    r.assert_no_grant();
    assert!(r.varies_on("origin"));
    // Preflights are judged by the function too.
    let r = send(
        &app,
        preflight("/fn", "https://b.trusted.test", "PUT", None),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao("https://b.trusted.test");
    let r = send(&app, preflight("/fn", "https://b.other.test", "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();

    // Malformed, null and repeated origins never reach the function and are refused.
    let bad: Vec<&[u8]> = vec![
        b"null",
        b"HTTPS://A.TRUSTED.TEST",
        b"https://a.trusted.test/",
        b"https://a.trusted.test/x.trusted.test",
        b"https://evil.com/.trusted.test",
        b"https://a.trusted.test?x.trusted.test",
        b"https://user@a.trusted.test",
        b"https://a.trusted.test.",
        b"https://a.trus\xfeted.test",
        b"a.trusted.test",
        b"",
        b"https:// a.trusted.test",
    ];
    for origin in &bad {
        let r = send(&app, with_raw_origin("GET", "/fn", origin)).await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_no_grant();
    }
    let long = format!("https://{}.trusted.test", "a".repeat(10 * 1024));
    let r = send(&app, actual("GET", "/fn", Some(&long))).await;
    r.assert_no_grant();
    let req = request("GET", "/fn", Some("https://a.trusted.test"))
        .header(header::ORIGIN, "https://a.trusted.test")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, req).await;
    r.assert_no_grant();

    let seen = SEEN.lock().unwrap().clone();
    assert!(
        seen.contains(&"https://a.trusted.test".to_owned()),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"https://a.other.test".to_owned()),
        "{seen:?}"
    );
    assert!(
        seen.contains(&"https://b.trusted.test".to_owned()),
        "{seen:?}"
    );
    for s in &seen {
        for origin in &bad {
            assert_ne!(s.as_bytes(), *origin, "origins_fn was called with {s:?}");
        }
        assert_ne!(s, &long, "origins_fn was called with a 10 KB origin");
        assert!(
            [
                "https://a.trusted.test",
                "https://a.other.test",
                "https://b.trusted.test",
                "https://b.other.test"
            ]
            .contains(&s.as_str()),
            "origins_fn was called with {s:?}"
        );
    }
}

static SEEN_PORT: Mutex<Vec<String>> = Mutex::new(Vec::new());
fn any_trusted(origin: &str) -> bool {
    SEEN_PORT.lock().unwrap().push(origin.to_owned());
    origin.starts_with("https://x.trusted.test")
}
#[cors(origins_fn = crate::any_trusted)]
async fn port_fn() -> &'static str {
    "port fn"
}

#[tokio::test]
async fn origins_fn_sees_only_canonical_origins() {
    // A serialized origin has no default port. `https://x:443` is not one; a function
    // should not have to know that.
    let app = Router::new().route("/p", get(port_fn));
    for origin in ["https://x.trusted.test:443", "http://x.trusted.test:80"] {
        let r = send(&app, actual("GET", "/p", Some(origin))).await;
        r.assert_no_grant();
    }
    assert!(
        SEEN_PORT.lock().unwrap().is_empty(),
        "called with {:?}",
        SEEN_PORT.lock().unwrap()
    );
}

#[tokio::test]
async fn origins_fn_is_not_asked_about_origins_the_list_grants() {
    let app = Router::new().route("/both", get(list_and_fn));
    let r = send(&app, actual("GET", "/both", Some(APP))).await;
    r.assert_acao(APP);
    let r = send(&app, actual("GET", "/both", Some("https://partner.test"))).await;
    r.assert_acao("https://partner.test");
    let r = send(&app, actual("GET", "/both", Some("https://stranger.test"))).await;
    r.assert_no_grant();
    let seen = SEEN_ALSO.lock().unwrap().clone();
    assert!(!seen.contains(&APP.to_owned()), "{seen:?}");
    assert_eq!(seen, vec!["https://partner.test", "https://stranger.test"]);
}

// ---------------------------------------------------------------------------------------
// origins_env: each policy reads its variable once, so every variable is set once, before
// any request of this binary can read it.

const ENV_OK: &str = "AXUM_STRICT_CORS_BEHAVIOUR_OK";
const ENV_BAD: &str = "AXUM_STRICT_CORS_BEHAVIOUR_BAD";
const ENV_STAR: &str = "AXUM_STRICT_CORS_BEHAVIOUR_STAR";
const ENV_CREDS_STAR: &str = "AXUM_STRICT_CORS_BEHAVIOUR_CREDS_STAR";
const ENV_CREDS_HTTP: &str = "AXUM_STRICT_CORS_BEHAVIOUR_CREDS_HTTP";
const ENV_NULL: &str = "AXUM_STRICT_CORS_BEHAVIOUR_NULL";
const ENV_EMPTY: &str = "AXUM_STRICT_CORS_BEHAVIOUR_EMPTY";
const ENV_UNSET: &str = "AXUM_STRICT_CORS_BEHAVIOUR_UNSET";
/// Used by one test only, so that it sees the policy's first (and only) error log.
const ENV_BAD_LOGGED: &str = "AXUM_STRICT_CORS_BEHAVIOUR_BAD_LOGGED";

/// Guards `set_var` (the process environment is shared by every test thread).
static ENV_LOCK: Mutex<()> = Mutex::new(());

fn set_env() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _guard = ENV_LOCK.lock().unwrap();
        // SAFETY: this test binary reads the environment only through `std::env`, which takes the
        // same lock as `set_var`; nothing in it reads it through libc (no name is resolved, no
        // local time is asked for).
        unsafe {
            std::env::set_var(
                ENV_OK,
                "https://app.example.com, https://*.tenant.example.com,http://localhost:*",
            );
            std::env::set_var(
                ENV_BAD,
                "https://good.example.com, https://bad.example.com/",
            );
            std::env::set_var(
                ENV_BAD_LOGGED,
                "https://good.example.com, https://bad.example.com/",
            );
            std::env::set_var(ENV_STAR, "*");
            std::env::set_var(ENV_CREDS_STAR, "*");
            std::env::set_var(ENV_CREDS_HTTP, "http://www.example.com");
            std::env::set_var(ENV_NULL, "null");
            std::env::set_var(ENV_EMPTY, " , ");
            std::env::remove_var(ENV_UNSET);
        }
    });
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_OK", methods = "PUT")]
async fn env_ok() -> &'static str {
    "env ok"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_BAD", methods = "PUT")]
async fn env_bad() -> &'static str {
    "env bad"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_BAD_LOGGED")]
async fn env_bad_logged() -> &'static str {
    "env bad, logged"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_STAR")]
async fn env_star() -> &'static str {
    "env star"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_CREDS_STAR", credentials)]
async fn env_creds_star() -> &'static str {
    "env creds star"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_CREDS_HTTP", credentials)]
async fn env_creds_http() -> &'static str {
    "env creds http"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_NULL")]
async fn env_null() -> &'static str {
    "env null"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_EMPTY")]
async fn env_empty() -> &'static str {
    "env empty"
}

#[cors(origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_UNSET")]
async fn env_unset() -> &'static str {
    "env unset"
}

/// A literal origin beside an invalid variable.
#[cors(
    origins = "https://fixed.example.com",
    origins_env = "AXUM_STRICT_CORS_BEHAVIOUR_BAD"
)]
async fn env_bad_with_literal() -> &'static str {
    "env bad with literal"
}

#[tokio::test]
async fn origins_env_valid_list_grants() {
    set_env();
    assert_eq!(env_ok::validate(), Ok(()));
    let app = Router::new().route("/env", put(env_ok).get(env_ok).options(preflight!(env_ok)));
    for origin in [
        APP,
        "https://a.tenant.example.com",
        "https://a.b.tenant.example.com",
        "http://localhost:5173",
        "http://localhost",
    ] {
        let r = send(&app, actual("GET", "/env", Some(origin))).await;
        assert_eq!(r.text(), "env ok");
        r.assert_acao(origin);
        assert!(r.varies_on("origin"));
        let r = send(&app, preflight("/env", origin, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{origin}");
        r.assert_acao(origin);
    }
    for origin in [
        "https://tenant.example.com",
        "https://evil.com",
        "https://app.example.com/",
        "https://APP.example.com",
        "https://app.example.com.evil.com",
        "http://localhost.evil.com",
        "null",
    ] {
        let r = send(&app, actual("GET", "/env", Some(origin))).await;
        assert_eq!(r.text(), "env ok");
        r.assert_no_grant();
        assert!(r.varies_on("origin"));
        let r = send(&app, preflight("/env", origin, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}");
        r.assert_no_grant();
    }
}

#[tokio::test]
async fn origins_env_invalid_value_is_a_validate_error_naming_var_and_origin() {
    set_env();
    let err = env_bad::validate().expect_err("a trailing slash is not an origin");
    let text = err.to_string();
    assert!(text.contains(ENV_BAD), "{text}");
    assert!(text.contains("https://bad.example.com/"), "{text}");
    assert!(text.contains("env_bad"), "handler named: {text}");
    assert_eq!(err.var, ENV_BAD);
    assert_eq!(err.handler, "env_bad");
}

#[tokio::test]
async fn origins_env_invalid_value_refuses_every_request() {
    set_env();
    // The single handler's preflight does not validate at build time, so requests reach it.
    let app = Router::new().route(
        "/bad",
        put(env_bad).get(env_bad).options(env_bad::preflight),
    );
    for origin in [
        "https://good.example.com",
        "https://bad.example.com",
        "https://bad.example.com/",
        APP,
    ] {
        let r = send(&app, actual("GET", "/bad", Some(origin))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.text(), "env bad");
        r.assert_no_grant();
        assert!(r.varies_on("origin"));
        let r = send(&app, preflight("/bad", origin, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}");
        r.assert_no_grant();
    }
    // A literal origin of the same policy still works; the variable's do not.
    let app = Router::new().route("/lit", get(env_bad_with_literal));
    let r = send(
        &app,
        actual("GET", "/lit", Some("https://fixed.example.com")),
    )
    .await;
    r.assert_acao("https://fixed.example.com");
    let r = send(
        &app,
        actual("GET", "/lit", Some("https://good.example.com")),
    )
    .await;
    r.assert_no_grant();
}

#[tokio::test]
async fn origins_env_invalid_value_panics_when_the_router_is_built() {
    set_env();
    let panic = std::panic::catch_unwind(|| {
        let _ = Router::<()>::new().route("/bad", put(env_bad).options(preflight!(env_bad)));
    })
    .expect_err("preflight! validates the policy");
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(message.contains(ENV_BAD), "{message}");
    assert!(message.contains("https://bad.example.com/"), "{message}");
}

/// A companion `validate` function.
type Validate = fn() -> Result<(), axum_strict_cors::PolicyError>;

#[tokio::test]
async fn origins_env_other_invalid_values() {
    set_env();
    let cases: [(Validate, &str, &str); 5] = [
        (env_creds_star::validate, ENV_CREDS_STAR, "*"),
        (env_creds_http::validate, ENV_CREDS_HTTP, "http"),
        (env_null::validate, ENV_NULL, "null"),
        (env_empty::validate, ENV_EMPTY, "empty"),
        (env_unset::validate, ENV_UNSET, "not set"),
    ];
    for (validate, var, word) in cases {
        let err = validate().expect_err(var);
        let text = err.to_string();
        assert!(text.contains(var), "{text}");
        assert!(text.contains(word), "{var}: {text}");
    }
    let app = Router::new()
        .route("/creds-star", get(env_creds_star))
        .route("/creds-http", get(env_creds_http))
        .route("/null", get(env_null))
        .route("/unset", get(env_unset));
    for (uri, origin) in [
        ("/creds-star", APP),
        ("/creds-http", "http://www.example.com"),
        ("/null", "null"),
        ("/unset", APP),
    ] {
        let r = send(&app, actual("GET", uri, Some(origin))).await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_no_grant();
        assert!(r.varies_on("origin"));
    }
}

#[tokio::test]
async fn origins_env_star_grants_star_never_the_reflected_origin() {
    set_env();
    assert_eq!(env_star::validate(), Ok(()));
    let app = Router::new().route("/star", get(env_star));
    let r = send(&app, actual("GET", "/star", Some(APP))).await;
    r.assert_acao("*");
    assert!(!r.headers.contains_key(&ACAC));
}

// ---------------------------------------------------------------------------------------
// Policy spellings

#[cors(origins = ["https://app.example.com"], methods = ["PUT", "DELETE"], headers = ["X-Api-Key", "content-type"], expose_headers = ["X-Total-Count"])]
async fn arrays() -> &'static str {
    "arrays"
}

#[tokio::test]
async fn array_lists_behave_like_comma_strings() {
    let app = Router::new().route(
        "/arrays",
        put(arrays)
            .delete(arrays)
            .get(arrays)
            .options(arrays::preflight),
    );
    let r = send(&app, preflight("/arrays", APP, "DELETE", Some("x-api-key"))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.list(&ACAM), vec!["PUT", "DELETE"]);
    let mut h: Vec<String> = r.list(&ACAH).iter().map(|s| s.to_lowercase()).collect();
    h.sort();
    assert_eq!(h, vec!["content-type", "x-api-key"]);
    let r = send(&app, actual("GET", "/arrays", Some(APP))).await;
    assert_eq!(
        r.list(&ACEH)
            .iter()
            .map(|s| s.to_lowercase())
            .collect::<Vec<_>>(),
        vec!["x-total-count"]
    );
}

#[cors(origins = "https://app.example.com", methods = "*")]
async fn any_method() -> &'static str {
    "any method"
}

#[tokio::test]
async fn any_method_policy_approves_every_token_method() {
    let app = Router::new().route(
        "/any",
        put(any_method)
            .patch(any_method)
            .options(any_method::preflight),
    );
    for method in ["PUT", "PATCH", "DELETE", "PROPFIND"] {
        let r = send(&app, preflight("/any", APP, method, None)).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{method}");
        assert_eq!(r.list(&ACAM), vec!["*"]);
        r.assert_acao(APP);
    }
    let r = send(&app, preflight("/any", "https://evil.com", "PUT", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    // Still a single token.
    let r = send(&app, preflight("/any", APP, "PUT, DELETE", None)).await;
    assert!(!r.status.is_success());
    r.assert_no_grant();
}

#[my_cors::cors(crate = my_cors, origins = "https://app.example.com", methods = "PUT")]
async fn renamed() -> &'static str {
    "renamed"
}

#[tokio::test]
async fn renamed_crate_behaves_the_same() {
    let app = Router::new().route(
        "/renamed",
        put(renamed).options(my_cors::preflight!(renamed)),
    );
    let r = send(&app, preflight("/renamed", APP, "PUT", None)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    r.assert_acao(APP);
    let r = send(&app, actual("PUT", "/renamed", Some(APP))).await;
    assert_eq!(r.text(), "renamed");
    r.assert_acao(APP);
}

// ---------------------------------------------------------------------------------------
// Refusals are logged (every refusal on target `axum_strict_cors`, naming the handler)

#[cors(
    origins = "https://app.example.com",
    methods = "PUT",
    headers = "content-type"
)]
async fn traced(Json(v): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(v)
}

#[cors(origins = "https://app.example.com", reject_disallowed)]
async fn traced_strict() -> &'static str {
    "traced strict"
}

fn traced_app() -> Router {
    Router::new()
        .route(
            "/traced",
            put(traced).post(traced).options(preflight!(traced)),
        )
        .route("/strict", get(traced_strict))
}

fn json_put(origin: &str, body: &'static str) -> axum::http::Request<Body> {
    request("PUT", "/traced", Some(origin))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn tracing_refused_actual_request_logs_one_event_naming_handler_and_origin() {
    let (capture, _guard) = capture();
    let r = send(&traced_app(), json_put("https://refused.example", "[1]")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.assert_no_grant();
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    let text = &events[0].text;
    assert!(text.contains("traced"), "{text}");
    assert!(text.contains("https://refused.example"), "{text}");
}

#[tokio::test]
async fn tracing_refused_request_with_extractor_rejection_logs_once() {
    let (capture, _guard) = capture();
    let r = send(&traced_app(), json_put("https://refused.example", "{oops")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    r.assert_no_grant();
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(events[0].text.contains("https://refused.example"));
}

#[tokio::test]
async fn tracing_reject_disallowed_logs_once() {
    let (capture, _guard) = capture();
    let r = send(
        &traced_app(),
        actual("GET", "/strict", Some("https://refused.example")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(events[0].text.contains("traced_strict"), "{events:#?}");
    assert!(events[0].text.contains("https://refused.example"));
}

#[tokio::test]
async fn tracing_refused_preflight_logs_one_warning_with_the_reason() {
    let (capture, _guard) = capture();
    let cases = [
        (
            "https://refused.example",
            "PUT",
            None,
            "https://refused.example",
        ),
        (APP, "DELETE", None, "DELETE"),
        (APP, "PUT", Some("x-secret"), "x-secret"),
    ];
    for (i, (origin, method, headers, named)) in cases.into_iter().enumerate() {
        let r = send(&traced_app(), preflight("/traced", origin, method, headers)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        let events = capture.cors_events();
        assert_eq!(events.len(), i + 1, "{events:#?}");
        let e = events.last().unwrap();
        assert_eq!(e.level, tracing::Level::WARN);
        assert!(e.text.contains("traced"), "{}", e.text);
        assert!(e.text.contains(origin), "{}", e.text);
        assert!(e.text.contains(named), "{}", e.text);
    }
}

#[tokio::test]
async fn tracing_grants_log_nothing() {
    let (capture, _guard) = capture();
    let r = send(&traced_app(), json_put(APP, "[1]")).await;
    r.assert_acao(APP);
    let r = send(
        &traced_app(),
        preflight("/traced", APP, "PUT", Some("content-type")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let req = request("POST", "/traced", None)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    let r = send(&traced_app(), req).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(capture.cors_events().is_empty(), "{:#?}", capture.events());
}

#[tokio::test]
async fn tracing_log_of_a_garbage_origin_is_bounded_and_escaped() {
    let (capture, _guard) = capture();
    let mut origin = b"https://x\xff\t".to_vec();
    origin.extend(std::iter::repeat_n(b'a', 10 * 1024));
    let r = send(&traced_app(), with_raw_origin("GET", "/strict", &origin)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    let text = &events[0].text;
    assert!(text.len() < 2048, "log line of {} bytes", text.len());
    assert!(!text.contains('\t'), "control byte logged raw: {text:?}");
}

#[tokio::test]
async fn tracing_no_origin_logs_nothing_even_when_refusing_would() {
    let (capture, _guard) = capture();
    let r = send(&traced_app(), actual("GET", "/strict", None)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(capture.cors_events().is_empty(), "{:#?}", capture.events());
}

#[tokio::test]
async fn tracing_invalid_env_refusal_names_the_variable() {
    set_env();
    let (capture, _guard) = capture();
    let app = Router::new().route("/bad", get(env_bad_logged));
    for _ in 0..3 {
        let r = send(
            &app,
            actual("GET", "/bad", Some("https://good.example.com")),
        )
        .await;
        r.assert_no_grant();
    }
    let events = capture.cors_events();
    let errors: Vec<_> = events
        .iter()
        .filter(|e| e.level == tracing::Level::ERROR)
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "the bad variable is reported once, not per request: {events:#?}"
    );
    assert!(
        errors[0].text.contains(ENV_BAD_LOGGED)
            && errors[0].text.contains("https://bad.example.com/"),
        "{events:#?}"
    );
    let refusals = events
        .iter()
        .filter(|e| {
            e.text.contains("env_bad_logged") && e.text.contains("https://good.example.com")
        })
        .count();
    assert_eq!(refusals, 3, "each refused request is logged: {events:#?}");
}

#[tokio::test]
async fn tracing_preflight_with_a_malformed_method_is_logged() {
    // `Access-Control-Request-Method: PUT, DELETE` from a listed origin is answered without a
    // grant; like every refusal it should say why in the log.
    let (capture, _guard) = capture();
    let r = send(
        &traced_app(),
        preflight("/traced", APP, "PUT, DELETE", None),
    )
    .await;
    assert!(!r.status.is_success());
    r.assert_no_grant();
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(events[0].text.contains("traced"), "{events:#?}");
}

mod todos {
    use axum_strict_cors::cors;

    #[cors(origins = "https://app.example.com")]
    pub async fn get_todo() -> &'static str {
        "todo"
    }

    #[cors(origins = "https://app.example.com", methods = "PUT")]
    pub async fn put_todo() -> &'static str {
        "updated"
    }
}

#[tokio::test]
async fn tracing_names_handlers_with_their_module_path() {
    let (capture, _guard) = capture();
    let r = send(&traced_app(), json_put("https://refused.example", "[1]")).await;
    r.assert_no_grant();
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    assert!(
        events[0].text.contains("`behaviour_policies::traced`"),
        "{events:#?}"
    );
}

#[tokio::test]
async fn tracing_preflight_for_a_method_no_handler_claims_blames_the_path_not_a_handler() {
    let (capture, _guard) = capture();
    let app = Router::new().route(
        "/todos/{id}",
        get(todos::get_todo)
            .put(todos::put_todo)
            .options(preflight!(todos::get_todo, todos::put_todo)),
    );
    let r = send(&app, preflight("/todos/1", APP, "DELETE", None)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    r.assert_no_grant();
    let events = capture.cors_events();
    assert_eq!(events.len(), 1, "{events:#?}");
    let text = &events[0].text;
    assert!(text.contains("to this path refused"), "{text}");
    assert!(!text.contains("by `"), "{text}");
    assert!(text.contains("method DELETE"), "{text}");
    assert!(
        text.contains("`behaviour_policies::todos::get_todo` answers GET, HEAD, POST"),
        "{text}"
    );
    assert!(
        text.contains("`behaviour_policies::todos::put_todo` answers PUT"),
        "{text}"
    );
}

/// Refused only in the flood test below, so that no other test shares its log window.
#[cors(origins = "https://app.example.com", methods = "PUT")]
async fn flooded() -> &'static str {
    "flooded"
}

/// A flood of refused preflights from many origins is one WARN line per minute for its kind
/// and handler; each refusal keeps its details at DEBUG.
#[tokio::test]
async fn refused_preflights_warn_once_per_kind_and_handler_then_log_at_debug() {
    let (capture, _guard) = capture();
    let app = Router::new().route("/flooded", put(flooded).options(preflight!(flooded)));
    for i in 0..50 {
        let origin = format!("https://attacker{i}.example.net");
        let r = send(&app, preflight("/flooded", &origin, "PUT", None)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }
    let events = capture.cors_events();
    let warnings: Vec<_> = events
        .iter()
        .filter(|e| e.level == tracing::Level::WARN)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].text.contains("attacker0"), "{warnings:#?}");
    let details: Vec<_> = events
        .iter()
        .filter(|e| e.level == tracing::Level::DEBUG)
        .collect();
    assert_eq!(details.len(), 49);
    assert!(
        details[48].text.contains("attacker49")
            && details[48].text.contains("the policy allows origins")
    );
    // Another kind of refusal of the same handler gets its own warning.
    let r = send(&app, preflight("/flooded", APP, "PUT", Some("x-other"))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let warnings = capture
        .cors_events()
        .into_iter()
        .filter(|e| e.level == tracing::Level::WARN)
        .count();
    assert_eq!(warnings, 2);
}

#[cors(origins = "*")]
async fn star_twice() -> &'static str {
    "star"
}

/// Two `Origin` headers on a `*` policy: the answer carries `*` (the page reads it), so the log
/// says nothing about a refusal.
#[tokio::test]
async fn star_policy_with_two_origin_headers_logs_no_refusal() {
    let (capture, _guard) = capture();
    let app = Router::new().route("/star", get(star_twice));
    let request = request("GET", "/star", Some(APP))
        .header(header::ORIGIN, "https://other.example.com")
        .body(Body::empty())
        .unwrap();
    let r = send(&app, request).await;
    assert_eq!(r.one(&ACAO).as_deref(), Some("*"));
    assert!(capture.cors_events().is_empty(), "{:#?}", capture.events());
}
