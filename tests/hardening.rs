//! Hostile input cannot widen access or crash the server.
//!
//! Property tests drive arbitrary `Origin`, `Access-Control-Request-Method` and
//! `Access-Control-Request-Headers` bytes (repeated, huge, not UTF-8) through real routers and
//! check each answer against an independent oracle written here, not against the library's own
//! matching. Then the known origin-matching attacks, one by one.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::get;
use axum::Router;
use axum_strict_cors::{cors, preflight};
use proptest::prelude::*;
use tower::ServiceExt;

#[cors(origins = "https://app.example.com, http://localhost:3000")]
async fn exact() {}

#[cors(
    origins = "https://*.example.com",
    methods = "PUT",
    headers = "x-api-key"
)]
async fn wildcard() {}

#[cors(origins = "http://localhost:*, http://127.0.0.1:*")]
async fn any_port() {}

#[cors(
    origins = "https://app.example.com",
    methods = "PUT, DELETE",
    headers = "content-type, authorization",
    expose_headers = "x-total-count",
    credentials,
    max_age = 600
)]
async fn credentialed() {}

#[cors(origins = "*", methods = "*", headers = "*")]
async fn anyone() {}

#[cors(origins = [
    "https://a.example.com", "https://b.example.com", "https://c.example.com",
    "https://d.example.com", "https://e.example.com", "https://f.example.com",
    "https://g.example.com", "https://h.example.com", "https://i.example.com",
    "https://j.example.com", "https://k.example.com", "https://l.example.com",
    "http://localhost:3000", "http://localhost:3001", "tauri://localhost"
])]
async fn many() {}

/// The compile-time hash table of exact origins grants each listed origin, and nothing else.
#[test]
fn exact_origin_table_grants_each_listed_origin_only() {
    let listed: Vec<String> = ('a'..='l')
        .map(|c| format!("https://{c}.example.com"))
        .chain(
            [
                "http://localhost:3000",
                "http://localhost:3001",
                "tauri://localhost",
            ]
            .map(String::from),
        )
        .collect();
    for origin in &listed {
        let value = HeaderValue::from_str(origin).unwrap();
        assert_eq!(
            many::POLICY.allowed_origin(&value),
            Some(value.clone()),
            "{origin}"
        );
    }
    for origin in [
        "https://m.example.com",
        "https://a.example.co",
        "http://localhost:3002",
        "https://A.example.com",
        "",
    ] {
        let value = HeaderValue::from_str(origin).unwrap();
        assert_eq!(many::POLICY.allowed_origin(&value), None, "{origin}");
    }
}

/// What each policy allows, restated independently of the library.
#[derive(Clone, Copy, Debug)]
enum Oracle {
    Exact,
    Wildcard,
    AnyPort,
    Credentialed,
    Anyone,
}

impl Oracle {
    const ALL: [Oracle; 5] = [
        Oracle::Exact,
        Oracle::Wildcard,
        Oracle::AnyPort,
        Oracle::Credentialed,
        Oracle::Anyone,
    ];

    fn path(self) -> &'static str {
        match self {
            Oracle::Exact => "/exact",
            Oracle::Wildcard => "/wildcard",
            Oracle::AnyPort => "/any-port",
            Oracle::Credentialed => "/credentialed",
            Oracle::Anyone => "/anyone",
        }
    }

    fn credentials(self) -> bool {
        matches!(self, Oracle::Credentialed)
    }

    /// Whether `origin` (one header value) may be granted.
    fn allows(self, origin: &[u8]) -> bool {
        let Ok(o) = std::str::from_utf8(origin) else {
            return false;
        };
        match self {
            Oracle::Exact => o == "https://app.example.com" || o == "http://localhost:3000",
            Oracle::Credentialed => o == "https://app.example.com",
            Oracle::Anyone => true,
            Oracle::Wildcard => o
                .strip_prefix("https://")
                .and_then(|h| h.strip_suffix(".example.com"))
                .is_some_and(|labels| labels.split('.').all(is_label)),
            Oracle::AnyPort => ["http://localhost", "http://127.0.0.1"].iter().any(|base| {
                o.strip_prefix(base).is_some_and(|rest| {
                    rest.is_empty()
                        || rest.strip_prefix(':').is_some_and(|p| {
                            !p.is_empty()
                                && p.len() <= 5
                                && !p.starts_with('0')
                                && p.bytes().all(|b| b.is_ascii_digit())
                                && p.parse::<u32>().is_ok_and(|n| n <= 65535)
                        })
                })
            }),
        }
    }
}

fn is_label(l: &str) -> bool {
    !l.is_empty()
        && l.len() <= 63
        && !l.starts_with('-')
        && !l.ends_with('-')
        && l.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn app() -> Router {
    Router::new()
        .route("/exact", get(exact).options(preflight!(exact)))
        .route(
            "/wildcard",
            get(wildcard).put(wildcard).options(preflight!(wildcard)),
        )
        .route("/any-port", get(any_port).options(preflight!(any_port)))
        .route(
            "/credentialed",
            get(credentialed)
                .put(credentialed)
                .options(preflight!(credentialed)),
        )
        .route(
            "/anyone",
            get(anyone).put(anyone).options(preflight!(anyone)),
        )
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
}

fn send(
    rt: &tokio::runtime::Runtime,
    method: Method,
    path: &str,
    headers: HeaderMap,
) -> (StatusCode, HeaderMap) {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .body(Body::empty())
        .unwrap();
    *request.headers_mut() = headers;
    let response = rt.block_on(app().oneshot(request)).unwrap();
    (response.status(), response.headers().clone())
}

/// The invariants every answer must hold, whatever was asked.
fn check_answer(
    oracle: Oracle,
    request: &HeaderMap,
    preflight: bool,
    status: StatusCode,
    response: &HeaderMap,
) {
    let origins: Vec<&HeaderValue> = request.get_all("origin").iter().collect();
    let acao: Vec<&HeaderValue> = response
        .get_all("access-control-allow-origin")
        .iter()
        .collect();
    assert!(acao.len() <= 1, "several ACAO headers: {acao:?}");
    if let Some(granted) = acao.first() {
        if granted.as_bytes() == b"*" {
            assert!(!oracle.credentials(), "`*` granted with credentials");
        } else {
            assert_eq!(
                origins.len(),
                1,
                "granted {granted:?} with {} Origin headers",
                origins.len()
            );
            assert_eq!(
                *granted, origins[0],
                "granted an origin other than the request's"
            );
            assert!(
                oracle.allows(granted.as_bytes()),
                "{oracle:?} granted {granted:?}"
            );
        }
    }
    if oracle.credentials() {
        let acac = response.get("access-control-allow-credentials");
        assert_eq!(
            acac.is_some(),
            !acao.is_empty(),
            "credentials without a grant, or a grant without credentials"
        );
    }
    if !matches!(oracle, Oracle::Anyone) || preflight {
        let vary: Vec<_> = response.get_all("vary").iter().collect();
        assert!(
            vary.iter()
                .any(|v| v.to_str().unwrap_or("").contains("Origin")),
            "{oracle:?}: no `Vary: Origin` (vary = {vary:?})"
        );
    }
    if preflight && status.is_success() {
        let methods = response
            .get("access-control-allow-methods")
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        for echoed in request.get_all("access-control-request-method") {
            if !methods.is_empty()
                && methods != "*"
                && !["GET", "HEAD", "POST"].contains(&echoed.to_str().unwrap_or("?"))
            {
                assert!(
                    methods
                        .split(", ")
                        .any(|m| m.as_bytes() == echoed.as_bytes()),
                    "approved {echoed:?} but ACAM is {methods}"
                );
            }
        }
    }
    if !status.is_success() && preflight {
        assert!(acao.is_empty(), "refused preflight carries a grant");
        assert!(response.get("access-control-allow-methods").is_none());
    }
}

fn header_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        // near-misses of the allowed origins
        prop::sample::select(vec![
            "https://app.example.com",
            "https://a.b.example.com",
            "https://example.com",
            "https://app.example.com.evil.com",
            "https://evilexample.com",
            "http://app.example.com",
            "https://APP.example.com",
            "https://app.example.com:443",
            "https://app.example.com/",
            "http://localhost",
            "http://localhost:65536",
            "http://localhost:0",
            "http://localhost:3000",
            "http://localhost.evil.com",
            "http://127.0.0.1:8080",
            "null",
            "*",
            "",
        ])
        .prop_map(|s| s.as_bytes().to_vec()),
        // structured but random
        ("(https?|HTTP|ftp)://[a-z0-9.*_-]{0,20}(\\.example\\.com)?(:[0-9*]{0,6})?/?")
            .prop_map(|s| s.into_bytes()),
        // anything a header value may hold (no NUL/CR/LF), not necessarily UTF-8
        prop::collection::vec(
            prop::num::u8::ANY
                .prop_filter("header byte", |b| *b == b'\t' || (*b >= 0x20 && *b != 0x7f)),
            0..64
        ),
    ]
}

/// `Origin` values, an optional `Access-Control-Request-Method`, `Access-Control-Request-Headers` lines.
type RawHeaders = (Vec<Vec<u8>>, Option<Vec<u8>>, Vec<Vec<u8>>);

fn headers_strategy() -> impl Strategy<Value = RawHeaders> {
    (
        prop::collection::vec(header_bytes(), 0..3),
        prop::option::of(prop_oneof![
            prop::sample::select(vec![
                "PUT",
                "DELETE",
                "GET",
                "put",
                "PATCH",
                "PUT, DELETE",
                "",
                "CONNECT"
            ])
            .prop_map(|s| s.as_bytes().to_vec()),
            prop::collection::vec(0x20u8..0x7f, 0..12),
        ]),
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(vec![
                    "x-api-key",
                    "X-API-KEY",
                    "authorization",
                    "content-type",
                    "x-other",
                    ",,,",
                    " , x-api-key ,"
                ])
                .prop_map(|s| s.as_bytes().to_vec()),
                prop::collection::vec(0x20u8..0x7f, 0..24),
            ],
            0..3,
        ),
    )
}

fn build(origins: &[Vec<u8>], method: &Option<Vec<u8>>, acrh: &[Vec<u8>]) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let value = |b: &Vec<u8>| HeaderValue::from_bytes(b).ok();
    for o in origins {
        if let Some(v) = value(o) {
            headers.append("origin", v);
        }
    }
    if let Some(v) = method.as_ref().and_then(value) {
        headers.append("access-control-request-method", v);
    }
    for h in acrh {
        if let Some(v) = value(h) {
            headers.append(HeaderName::from_static("access-control-request-headers"), v);
        }
    }
    headers
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_request_widens_access((origins, method, acrh) in headers_strategy()) {
        let rt = runtime();
        let headers = build(&origins, &method, &acrh);
        for oracle in Oracle::ALL {
            let (status, response) = send(&rt, Method::GET, oracle.path(), headers.clone());
            check_answer(oracle, &headers, false, status, &response);
            let (status, response) = send(&rt, Method::OPTIONS, oracle.path(), headers.clone());
            check_answer(oracle, &headers, true, status, &response);
        }
    }

    #[test]
    fn matching_alone_agrees_with_the_oracle(origin in header_bytes()) {
        let Ok(value) = HeaderValue::from_bytes(&origin) else { return Ok(()) };
        let cases = [
            (Oracle::Exact, exact::POLICY),
            (Oracle::Wildcard, wildcard::POLICY),
            (Oracle::AnyPort, any_port::POLICY),
            (Oracle::Credentialed, credentialed::POLICY),
        ];
        for (oracle, policy) in cases {
            let granted = policy.allowed_origin(&value);
            prop_assert_eq!(granted.is_some(), oracle.allows(&origin), "{:?} on {:?}", oracle, value);
            if let Some(g) = granted {
                prop_assert_eq!(g, value.clone());
            }
        }
    }
}

#[test]
fn huge_and_repeated_headers_are_answered_without_panicking() {
    let rt = runtime();
    let mut headers = HeaderMap::new();
    headers.append(
        "origin",
        HeaderValue::from_str(&format!("https://{}.example.com", "a".repeat(100_000))).unwrap(),
    );
    headers.append(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    headers.append(
        "access-control-request-headers",
        HeaderValue::from_str(&",".repeat(1 << 20)).unwrap(),
    );
    let (status, response) = send(&rt, Method::OPTIONS, "/wildcard", headers.clone());
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "an over-long label is not an origin"
    );
    check_answer(Oracle::Wildcard, &headers, true, status, &response);

    let mut headers = HeaderMap::new();
    headers.append("origin", HeaderValue::from_static("https://a.example.com"));
    headers.append(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    headers.append(
        "access-control-request-headers",
        HeaderValue::from_str(&"x-api-key,".repeat(100_000)).unwrap(),
    );
    let (status, response) = send(&rt, Method::OPTIONS, "/wildcard", headers);
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(response["access-control-allow-headers"], "x-api-key");
}

/// The classic ways to slip past an origin check, against each policy they target.
#[test]
fn origin_matching_attacks_are_refused() {
    let attacks: &[(&str, &axum_strict_cors::Policy, &str)] = &[
        ("suffix", exact::POLICY, "https://app.example.com.evil.com"),
        ("prefix", wildcard::POLICY, "https://evilexample.com"),
        ("unescaped dot", wildcard::POLICY, "https://wwwXexample.com"),
        ("scheme downgrade", exact::POLICY, "http://app.example.com"),
        (
            "scheme downgrade under wildcard",
            wildcard::POLICY,
            "http://a.example.com",
        ),
        ("port change", exact::POLICY, "https://app.example.com:8443"),
        (
            "port change under wildcard",
            wildcard::POLICY,
            "https://a.example.com:8443",
        ),
        ("null", exact::POLICY, "null"),
        (
            "apex under wildcard",
            wildcard::POLICY,
            "https://example.com",
        ),
        (
            "sibling of an exact origin",
            exact::POLICY,
            "https://api.example.com",
        ),
        ("uppercase", exact::POLICY, "https://APP.example.com"),
        (
            "uppercase under wildcard",
            wildcard::POLICY,
            "https://A.example.com",
        ),
        ("trailing dot", exact::POLICY, "https://app.example.com."),
        (
            "trailing dot under wildcard",
            wildcard::POLICY,
            "https://a.example.com.",
        ),
        (
            "userinfo",
            exact::POLICY,
            "https://app.example.com@evil.com",
        ),
        (
            "userinfo under wildcard",
            wildcard::POLICY,
            "https://a.example.com@evil.com",
        ),
        (
            "path trick",
            wildcard::POLICY,
            "https://evil.com/.example.com",
        ),
        ("empty label", wildcard::POLICY, "https://.example.com"),
        ("double dot", wildcard::POLICY, "https://a..example.com"),
        (
            "IDN homograph (Cyrillic а)",
            exact::POLICY,
            "https://аpp.example.com",
        ),
        (
            "IDN homograph punycode",
            exact::POLICY,
            "https://xn--pp-8cd.example.com",
        ),
        ("trailing slash", exact::POLICY, "https://app.example.com/"),
        ("whitespace", exact::POLICY, " https://app.example.com"),
        (
            "any-port host suffix",
            any_port::POLICY,
            "http://localhost.evil.com",
        ),
        (
            "any-port port overflow",
            any_port::POLICY,
            "http://localhost:65536",
        ),
        (
            "any-port leading zero",
            any_port::POLICY,
            "http://localhost:03000",
        ),
        ("any-port empty port", any_port::POLICY, "http://localhost:"),
    ];
    for (name, policy, origin) in attacks {
        let granted = HeaderValue::from_bytes(origin.as_bytes())
            .ok()
            .and_then(|v| policy.allowed_origin(&v));
        assert!(granted.is_none(), "{name}: {origin} was granted");
    }
    // and the genuine ones still pass
    for (policy, origin) in [
        (exact::POLICY, "https://app.example.com"),
        (wildcard::POLICY, "https://a.b.example.com"),
        (any_port::POLICY, "http://localhost:5173"),
        (any_port::POLICY, "http://localhost"),
    ] {
        assert!(
            policy
                .allowed_origin(&HeaderValue::from_static(origin))
                .is_some(),
            "{origin}"
        );
    }
}
