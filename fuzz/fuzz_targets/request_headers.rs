//! Fuzzes what the runtime does with request headers: origin matching (exact, wildcard
//! subdomain, any-port) and the preflight answer, with arbitrary `Origin`,
//! `Access-Control-Request-Method` and `Access-Control-Request-Headers` bytes.
//!
//! Run (from `fuzz/`): `RUSTC_BOOTSTRAP=1 cargo fuzz run request_headers corpus/request_headers seeds/request_headers -- -max_total_time=300`
#![no_main]

use axum_strict_cors::cors;
use http::{HeaderMap, HeaderValue};
use libfuzzer_sys::fuzz_target;

#[cors(origins = "https://app.example.com, http://localhost:*, https://*.example.com", methods = "PUT", headers = "x-api-key")]
async fn open() {}

#[cors(origins = "https://app.example.com", methods = "PUT, DELETE", headers = "content-type", credentials)]
async fn credentialed() {}

// The input is split on 0xFF into header values: Origin lines, then ACRM, then ACRH lines.
fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == 0xff);
    let mut headers = HeaderMap::new();
    let mut push = |name: &'static str, bytes: Option<&[u8]>| {
        if let Some(v) = bytes.and_then(|b| HeaderValue::from_bytes(b).ok()) {
            headers.append(name, v);
        }
    };
    push("origin", parts.next());
    push("origin", parts.next().filter(|p| p.first() == Some(&b'R')).map(|p| &p[1..]));
    push("access-control-request-method", parts.next());
    for rest in parts {
        push("access-control-request-headers", Some(rest));
    }
    for policy in [&open::POLICY, &credentialed::POLICY] {
        let origins: Vec<_> = headers.get_all("origin").iter().collect();
        if let Some(origin) = origins.first() {
            if let Some(granted) = policy.allowed_origin(origin) {
                assert_eq!(&granted, *origin, "granted something other than the request's origin");
                let o = origin.to_str().expect("granted a non-ASCII origin");
                let ok = o == "https://app.example.com"
                    || (!policy.credentials
                        && (o.starts_with("http://localhost")
                            || (o.starts_with("https://") && o.ends_with(".example.com") && o.len() > ".example.com".len() + 8)));
                assert!(ok, "granted {o}");
            }
        }
        let response = axum_strict_cors::__private::preflight(&[policy], &headers);
        let acao = response.headers().get_all("access-control-allow-origin").iter().count();
        assert!(acao <= 1);
        if response.status().is_success() {
            assert_eq!(origins.len(), 1, "approved a preflight with {} Origin headers", origins.len());
            let granted = &response.headers()["access-control-allow-origin"];
            assert!(granted != "*" || !policy.credentials);
        } else {
            assert_eq!(acao, 0, "a refused preflight carries a grant");
        }
    }
});
