//! The floor harness: what `#[cors]` registered with `cors_route!` costs per request over the
//! same handler without CORS, beside tower-http's `CorsLayer`, with every router finalised with
//! `.with_state(())` (as `axum::serve` does once) so that no case converts its handlers on every
//! request. Each case is checked once (status and `Access-Control-Allow-Origin`) before it is
//! measured.
//!
//! - `CORS_BENCH_COUNT=case CORS_BENCH_N=n`: runs one case n times inside `measured_loop` (for
//!   `valgrind --tool=callgrind --toggle-collect='*measured_loop*'`: `bench/floor.sh`);
//! - `--interleaved`: the cases of a group take turns in chunks (wall-clock medians, JSON lines);
//! - `--list-cases`: the case names.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Path;
use axum::http::{header, HeaderValue, Method, Request, Response, StatusCode};
use axum::routing::{get, put};
use axum::Router;
use axum_cors::{cors, cors_route};
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};

const ORIGIN_OK: &str = "http://www.example.com";
const ORIGIN_BAD: &str = "http://evil.example.net";

async fn plain() -> &'static str {
    "ok"
}

async fn plain_extract(Path(id): Path<u64>, body: String) -> String {
    format!("{id}:{}", body.len())
}

async fn no_content() -> StatusCode {
    StatusCode::NO_CONTENT
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type",
    max_age = 600
)]
async fn small() -> &'static str {
    "ok"
}

#[cors(
    origins = "http://www.example.com",
    methods = "PUT, DELETE",
    headers = "content-type",
    max_age = 600
)]
async fn extract(Path(id): Path<u64>, body: String) -> String {
    format!("{id}:{}", body.len())
}

#[cors(origins = "https://app99.example.com", methods = "PUT, DELETE")]
async fn exact_1() -> &'static str {
    "ok"
}

#[cors(
    origins = [
        "https://app00.example.com",
        "https://app01.example.com",
        "https://app02.example.com",
        "https://app03.example.com",
        "https://app04.example.com",
        "https://app05.example.com",
        "https://app06.example.com",
        "https://app07.example.com",
        "https://app08.example.com",
        "https://app09.example.com",
        "https://app10.example.com",
        "https://app11.example.com",
        "https://app12.example.com",
        "https://app13.example.com",
        "https://app14.example.com",
        "https://app15.example.com",
        "https://app16.example.com",
        "https://app17.example.com",
        "https://app18.example.com",
        "https://app19.example.com",
        "https://app20.example.com",
        "https://app21.example.com",
        "https://app22.example.com",
        "https://app23.example.com",
        "https://app24.example.com",
        "https://app25.example.com",
        "https://app26.example.com",
        "https://app27.example.com",
        "https://app28.example.com",
        "https://app29.example.com",
        "https://app30.example.com",
        "https://app31.example.com",
        "https://app32.example.com",
        "https://app33.example.com",
        "https://app34.example.com",
        "https://app35.example.com",
        "https://app36.example.com",
        "https://app37.example.com",
        "https://app38.example.com",
        "https://app39.example.com",
        "https://app40.example.com",
        "https://app41.example.com",
        "https://app42.example.com",
        "https://app43.example.com",
        "https://app44.example.com",
        "https://app45.example.com",
        "https://app46.example.com",
        "https://app47.example.com",
        "https://app48.example.com",
        "https://app49.example.com",
        "https://app50.example.com",
        "https://app51.example.com",
        "https://app52.example.com",
        "https://app53.example.com",
        "https://app54.example.com",
        "https://app55.example.com",
        "https://app56.example.com",
        "https://app57.example.com",
        "https://app58.example.com",
        "https://app59.example.com",
        "https://app60.example.com",
        "https://app61.example.com",
        "https://app62.example.com",
        "https://app63.example.com",
        "https://app64.example.com",
        "https://app65.example.com",
        "https://app66.example.com",
        "https://app67.example.com",
        "https://app68.example.com",
        "https://app69.example.com",
        "https://app70.example.com",
        "https://app71.example.com",
        "https://app72.example.com",
        "https://app73.example.com",
        "https://app74.example.com",
        "https://app75.example.com",
        "https://app76.example.com",
        "https://app77.example.com",
        "https://app78.example.com",
        "https://app79.example.com",
        "https://app80.example.com",
        "https://app81.example.com",
        "https://app82.example.com",
        "https://app83.example.com",
        "https://app84.example.com",
        "https://app85.example.com",
        "https://app86.example.com",
        "https://app87.example.com",
        "https://app88.example.com",
        "https://app89.example.com",
        "https://app90.example.com",
        "https://app91.example.com",
        "https://app92.example.com",
        "https://app93.example.com",
        "https://app94.example.com",
        "https://app95.example.com",
        "https://app96.example.com",
        "https://app97.example.com",
        "https://app98.example.com",
        "https://app99.example.com"
    ],
    methods = "PUT, DELETE"
)]
async fn exact_100() -> &'static str {
    "ok"
}

#[cors(
    origins = [
        "https://app98.example.com",
        "https://app99.example.com"
    ],
    methods = "PUT, DELETE"
)]
async fn exact_2() -> &'static str {
    "ok"
}

#[cors(
    origins = [
        "https://app96.example.com",
        "https://app97.example.com",
        "https://app98.example.com",
        "https://app99.example.com"
    ],
    methods = "PUT, DELETE"
)]
async fn exact_4() -> &'static str {
    "ok"
}

#[cors(
    origins = [
        "https://app92.example.com",
        "https://app93.example.com",
        "https://app94.example.com",
        "https://app95.example.com",
        "https://app96.example.com",
        "https://app97.example.com",
        "https://app98.example.com",
        "https://app99.example.com"
    ],
    methods = "PUT, DELETE"
)]
async fn exact_8() -> &'static str {
    "ok"
}

#[cors(
    origins = [
        "https://app84.example.com",
        "https://app85.example.com",
        "https://app86.example.com",
        "https://app87.example.com",
        "https://app88.example.com",
        "https://app89.example.com",
        "https://app90.example.com",
        "https://app91.example.com",
        "https://app92.example.com",
        "https://app93.example.com",
        "https://app94.example.com",
        "https://app95.example.com",
        "https://app96.example.com",
        "https://app97.example.com",
        "https://app98.example.com",
        "https://app99.example.com"
    ],
    methods = "PUT, DELETE"
)]
async fn exact_16() -> &'static str {
    "ok"
}

#[cors(
    origins = [
        "https://app68.example.com",
        "https://app69.example.com",
        "https://app70.example.com",
        "https://app71.example.com",
        "https://app72.example.com",
        "https://app73.example.com",
        "https://app74.example.com",
        "https://app75.example.com",
        "https://app76.example.com",
        "https://app77.example.com",
        "https://app78.example.com",
        "https://app79.example.com",
        "https://app80.example.com",
        "https://app81.example.com",
        "https://app82.example.com",
        "https://app83.example.com",
        "https://app84.example.com",
        "https://app85.example.com",
        "https://app86.example.com",
        "https://app87.example.com",
        "https://app88.example.com",
        "https://app89.example.com",
        "https://app90.example.com",
        "https://app91.example.com",
        "https://app92.example.com",
        "https://app93.example.com",
        "https://app94.example.com",
        "https://app95.example.com",
        "https://app96.example.com",
        "https://app97.example.com",
        "https://app98.example.com",
        "https://app99.example.com"
    ],
    methods = "PUT, DELETE"
)]
async fn exact_32() -> &'static str {
    "ok"
}

fn tower_layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list([HeaderValue::from_static(ORIGIN_OK)]))
        .allow_methods([Method::PUT, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE])
        .max_age(Duration::from_secs(600))
}

fn floor() -> Router {
    Router::new()
        .route("/items", get(plain).put(plain).options(no_content))
        .route("/items/{id}", put(plain_extract))
        .with_state(())
}

fn tower_http() -> Router {
    Router::new()
        .route("/items", get(plain).put(plain))
        .route("/items/{id}", put(plain_extract))
        .layer(tower_layer())
        .with_state(())
}

fn with_cors() -> Router {
    Router::new()
        .route("/items", cors_route!(get(small).put(small)))
        .route("/items/{id}", cors_route!(put(extract)))
        .with_state(())
}

fn origin_list(n: usize) -> Router {
    match n {
        1 => Router::new().route("/items", cors_route!(get(exact_1))),
        _ => Router::new().route("/items", cors_route!(get(exact_100))),
    }
    .with_state(())
}

fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a measured request went pending: nothing here does I/O"),
    }
}

#[derive(Clone, Copy)]
struct Shape {
    method: &'static str,
    path: &'static str,
    origin: Option<&'static str>,
    preflight: bool,
    body: &'static str,
}

const GET: Shape = Shape {
    method: "GET",
    path: "/items",
    origin: Some(ORIGIN_OK),
    preflight: false,
    body: "",
};

impl Shape {
    fn request(&self) -> Request<Body> {
        let mut builder = Request::builder()
            .method(Method::from_bytes(self.method.as_bytes()).expect("a method"))
            .uri(self.path);
        if let Some(origin) = self.origin {
            builder = builder.header(header::ORIGIN, origin);
        }
        if self.preflight {
            builder = builder
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type");
        }
        builder
            .body(Body::from(self.body))
            .expect("a valid request")
    }
}

struct Case {
    group: &'static str,
    variant: &'static str,
    router: Router,
    shape: Shape,
}

impl Case {
    fn name(&self) -> String {
        format!("{}/{}", self.group, self.variant)
    }

    fn check(&self, status: u16, allow_origin: Option<&str>) {
        let response = run(self.router.clone().oneshot(self.shape.request())).expect("infallible");
        let acao = response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .map(|v| v.to_str().expect("ascii").to_owned());
        assert!(
            response.status().as_u16() == status && acao.as_deref() == allow_origin,
            "{}: got {} with ACAO {acao:?}, want {status} with {allow_origin:?}",
            self.name(),
            response.status()
        );
    }

    fn inputs(&self, n: usize) -> Vec<(Router, Request<Body>)> {
        (0..n)
            .map(|_| (self.router.clone(), self.shape.request()))
            .collect()
    }
}

/// The loop callgrind counts: inputs are made before it, outputs dropped after it.
#[inline(never)]
fn measured_loop(inputs: Vec<(Router, Request<Body>)>) -> Vec<Response<Body>> {
    inputs
        .into_iter()
        .map(|(router, request)| run(router.oneshot(request)).expect("infallible"))
        .collect()
}

fn cases() -> Vec<Case> {
    let refused = Shape {
        origin: Some(ORIGIN_BAD),
        ..GET
    };
    let no_origin = Shape {
        origin: None,
        ..GET
    };
    let extractors = Shape {
        method: "PUT",
        path: "/items/7",
        body: "hello",
        ..GET
    };
    let preflight = Shape {
        method: "OPTIONS",
        preflight: true,
        ..GET
    };
    let app99 = Shape {
        origin: Some("https://app99.example.com"),
        ..GET
    };
    let mut cases = Vec::new();
    let mut group = |group, shape: Shape, want: [(u16, Option<&str>); 3]| {
        for ((variant, router), (status, acao)) in [
            ("no_cors", floor()),
            ("tower_http", tower_http()),
            ("cors", with_cors()),
        ]
        .into_iter()
        .zip(want)
        {
            let case = Case {
                group,
                variant,
                router,
                shape,
            };
            case.check(status, acao);
            cases.push(case);
        }
    };
    let ok = Some(ORIGIN_OK);
    group("actual_allowed", GET, [(200, None), (200, ok), (200, ok)]);
    group("actual_refused", refused, [(200, None); 3]);
    group("actual_no_origin", no_origin, [(200, None); 3]);
    group(
        "actual_extractors",
        extractors,
        [(200, None), (200, ok), (200, ok)],
    );
    // The floor of a preflight: a bare OPTIONS route answering 204.
    group(
        "preflight_allowed",
        preflight,
        [(204, None), (200, ok), (204, ok)],
    );
    for (variant, n) in [("exact_1", 1), ("exact_100", 100)] {
        let case = Case {
            group: "origin_list",
            variant,
            router: origin_list(n),
            shape: app99,
        };
        case.check(200, Some("https://app99.example.com"));
        cases.push(case);
    }
    cases
}

/// The origin check alone (`Policy::allowed_origin`), for lists of 1 to 100 exact origins, the
/// granted origin being the list's last (`app99`); and a refused origin.
fn match_cases() -> Vec<(String, &'static axum_cors::Policy, HeaderValue)> {
    let policies: [(&str, &'static axum_cors::Policy); 7] = [
        ("1", exact_1::POLICY),
        ("2", exact_2::POLICY),
        ("4", exact_4::POLICY),
        ("8", exact_8::POLICY),
        ("16", exact_16::POLICY),
        ("32", exact_32::POLICY),
        ("100", exact_100::POLICY),
    ];
    let mut cases = Vec::new();
    for (n, policy) in policies {
        for (what, origin, granted) in [
            ("granted", "https://app99.example.com", true),
            ("refused", "https://app99.example.net", false),
        ] {
            let origin = HeaderValue::from_static(origin);
            assert_eq!(policy.allowed_origin(&origin).is_some(), granted);
            cases.push((format!("match/exact_{n}_{what}"), policy, origin));
        }
    }
    cases
}

#[inline(never)]
fn measured_loop_match(policy: &axum_cors::Policy, origin: &HeaderValue, n: usize) {
    for _ in 0..n {
        black_box(policy.allowed_origin(black_box(origin)));
    }
}

fn main() {
    let cases = cases();
    let matches = match_cases();
    if let Ok(which) = std::env::var("CORS_BENCH_COUNT") {
        let n = std::env::var("CORS_BENCH_N").map_or(10_000, |n| n.parse().expect("CORS_BENCH_N"));
        if let Some((_, policy, origin)) = matches.iter().find(|(name, _, _)| *name == which) {
            measured_loop_match(policy, origin, n);
            return;
        }
        let case = cases
            .iter()
            .find(|c| c.name() == which)
            .unwrap_or_else(|| panic!("no case {which}"));
        // Untimed warm-up of the allocator, then the counted loop.
        for (router, request) in case.inputs(n) {
            drop(black_box(run(router.oneshot(request))));
        }
        drop(black_box(measured_loop(case.inputs(n))));
        return;
    }
    if std::env::args().any(|a| a == "--list-cases") {
        for c in &cases {
            println!("{}", c.name());
        }
        for (name, _, _) in &matches {
            println!("{name}");
        }
        return;
    }
    interleaved(&cases);
}

/// The cases of a group take turns in chunks (rotating which goes first); each one's time is
/// its median chunk.
fn interleaved(cases: &[Case]) {
    let rounds: usize =
        std::env::var("CORS_BENCH_ROUNDS").map_or(300, |n| n.parse().expect("rounds"));
    let per_chunk = 200;
    let mut groups: Vec<&str> = cases.iter().map(|c| c.group).collect();
    groups.dedup();
    for group in groups {
        let members: Vec<&Case> = cases.iter().filter(|c| c.group == group).collect();
        let mut times = vec![Vec::with_capacity(rounds); members.len()];
        for round in 0..rounds {
            for k in 0..members.len() {
                let i = (round + k) % members.len();
                let inputs = members[i].inputs(per_chunk);
                let start = Instant::now();
                let outputs = measured_loop(inputs);
                let elapsed = start.elapsed();
                drop(black_box(outputs));
                times[i].push(elapsed.as_secs_f64() * 1e9 / per_chunk as f64);
            }
        }
        for (c, t) in members.iter().zip(&mut times) {
            t.sort_by(f64::total_cmp);
            println!(
                "{{\"case\": \"{}\", \"median_ns\": {:.1}}}",
                c.name(),
                t[t.len() / 2]
            );
        }
    }
}
