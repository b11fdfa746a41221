//! Helpers shared by the behaviour tests: build requests, send them through a real axum
//! `Router` with `tower::ServiceExt::oneshot`, read headers, and capture `tracing` events.
#![allow(dead_code)]

pub mod handlers;

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const ACAO: HeaderName = header::ACCESS_CONTROL_ALLOW_ORIGIN;
pub const ACAC: HeaderName = header::ACCESS_CONTROL_ALLOW_CREDENTIALS;
pub const ACAM: HeaderName = header::ACCESS_CONTROL_ALLOW_METHODS;
pub const ACAH: HeaderName = header::ACCESS_CONTROL_ALLOW_HEADERS;
pub const ACEH: HeaderName = header::ACCESS_CONTROL_EXPOSE_HEADERS;
pub const MAX_AGE: HeaderName = header::ACCESS_CONTROL_MAX_AGE;
pub const ACRM: HeaderName = header::ACCESS_CONTROL_REQUEST_METHOD;
pub const ACRH: HeaderName = header::ACCESS_CONTROL_REQUEST_HEADERS;
pub const ACRPN: HeaderName = HeaderName::from_static("access-control-request-private-network");
pub const ACAPN: HeaderName = HeaderName::from_static("access-control-allow-private-network");

/// A response with its body read.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Resp {
    /// The single value of a header as text (panics if it is repeated: ACAO etc. must be
    /// exactly one value).
    pub fn one(&self, name: &HeaderName) -> Option<String> {
        let mut all = self.headers.get_all(name).iter();
        let first = all.next()?;
        assert!(
            all.next().is_none(),
            "header {name} appears more than once: {:?}",
            self.headers
        );
        Some(
            first
                .to_str()
                .unwrap_or_else(|_| panic!("header {name} is not visible ASCII"))
                .to_owned(),
        )
    }

    /// Every value of a header, each line as its own string.
    pub fn all(&self, name: &HeaderName) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect()
    }

    /// The `Vary` tokens of every `Vary` line, lower-cased.
    pub fn vary(&self) -> Vec<String> {
        tokens(&self.all(&header::VARY))
    }

    pub fn varies_on(&self, name: &str) -> bool {
        self.vary().iter().any(|t| t.eq_ignore_ascii_case(name))
    }

    /// The comma-separated items of a header (all lines), trimmed, as written.
    pub fn list(&self, name: &HeaderName) -> Vec<String> {
        self.all(name)
            .iter()
            .flat_map(|l| l.split(','))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// No CORS grant at all: no ACAO, ACAC, ACAM, ACAH, ACEH, max-age, PNA.
    #[track_caller]
    pub fn assert_no_grant(&self) {
        for name in [&ACAO, &ACAC, &ACAM, &ACAH, &ACEH, &MAX_AGE, &ACAPN] {
            assert!(
                !self.headers.contains_key(name),
                "unexpected {name} in {:?}",
                self.headers
            );
        }
    }

    /// ACAO is exactly `origin`.
    #[track_caller]
    pub fn assert_acao(&self, origin: &str) {
        assert_eq!(
            self.one(&ACAO).as_deref(),
            Some(origin),
            "ACAO in {:?}",
            self.headers
        );
    }

    /// The three names a preflight answer varies on.
    #[track_caller]
    pub fn assert_preflight_vary(&self) {
        for name in [
            "origin",
            "access-control-request-method",
            "access-control-request-headers",
        ] {
            assert!(
                self.varies_on(name),
                "Vary lacks {name}: {:?}",
                self.all(&header::VARY)
            );
        }
    }

    /// Whether any header value contains `needle` (for "never echoed" checks).
    pub fn any_header_contains(&self, needle: &str) -> bool {
        self.headers
            .values()
            .any(|v| String::from_utf8_lossy(v.as_bytes()).contains(needle))
    }
}

pub fn tokens(lines: &[String]) -> Vec<String> {
    lines
        .iter()
        .flat_map(|l| l.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Sends one request through the router (a clone: every test can reuse its app).
pub async fn send<A>(app: &A, request: Request<Body>) -> Resp
where
    A: tower::Service<
            Request<Body>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone,
{
    let response = app
        .clone()
        .oneshot(request)
        .await
        .expect("the app is infallible");
    let (parts, body) = response.into_parts();
    let body = body
        .collect()
        .await
        .expect("body can be read")
        .to_bytes()
        .to_vec();
    Resp {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// A request builder with `Origin` if given.
pub fn request(method: &str, uri: &str, origin: Option<&str>) -> axum::http::request::Builder {
    let mut b = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).expect("valid method"))
        .uri(uri);
    if let Some(o) = origin {
        b = b.header(header::ORIGIN, o);
    }
    b
}

/// An actual request with no body.
pub fn actual(method: &str, uri: &str, origin: Option<&str>) -> Request<Body> {
    request(method, uri, origin).body(Body::empty()).unwrap()
}

/// A request whose `Origin` is raw bytes (which may be invalid UTF-8).
pub fn with_raw_origin(method: &str, uri: &str, origin: &[u8]) -> Request<Body> {
    request(method, uri, None)
        .header(
            header::ORIGIN,
            HeaderValue::from_bytes(origin).expect("bytes allowed in a header value"),
        )
        .body(Body::empty())
        .unwrap()
}

/// A preflight: `OPTIONS` with `Origin`, `Access-Control-Request-Method` and, if given,
/// `Access-Control-Request-Headers`.
pub fn preflight(uri: &str, origin: &str, method: &str, headers: Option<&str>) -> Request<Body> {
    let mut b = request("OPTIONS", uri, Some(origin)).header(ACRM, method);
    if let Some(h) = headers {
        b = b.header(ACRH, h);
    }
    b.body(Body::empty()).unwrap()
}

// ---------------------------------------------------------------------------------------
// tracing capture

/// One captured event: its target, level and every field rendered as `name=value`.
#[derive(Debug, Clone)]
pub struct Captured {
    pub target: String,
    pub level: tracing::Level,
    pub text: String,
}

/// A `tracing_subscriber` layer that stores every event it sees.
#[derive(Clone, Default)]
pub struct Capture(pub Arc<Mutex<Vec<Captured>>>);

impl Capture {
    pub fn events(&self) -> Vec<Captured> {
        self.0.lock().unwrap().clone()
    }

    /// Events on the `axum_strict_cors` target.
    pub fn cors_events(&self) -> Vec<Captured> {
        self.events()
            .into_iter()
            .filter(|e| e.target == "axum_strict_cors")
            .collect()
    }
}

struct Render<'a>(&'a mut String);

impl tracing::field::Visit for Render<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write;
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        use std::fmt::Write;
        let _ = write!(self.0, "{}={} ", field.name(), value);
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
    fn on_event(
        &self,
        event: &tracing::Event<'_>,
        _ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut text = String::new();
        event.record(&mut Render(&mut text));
        self.0.lock().unwrap().push(Captured {
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            text,
        });
    }
}

/// Installs a capturing subscriber for the current thread (use with `#[tokio::test]`'s
/// current-thread runtime) and returns it with its guard.
pub fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    use tracing_subscriber::layer::SubscriberExt;
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry()
        .with(capture.clone())
        .with(tracing_subscriber::filter::LevelFilter::TRACE);
    let guard = tracing::subscriber::set_default(subscriber);
    (capture, guard)
}

/// Sends `app` a preflight from `origin` for `method` with `content-type`, and asserts it is
/// answered `204` with the grant: the origin, `allow_methods`, `content-type` and `Vary`.
pub async fn assert_preflight_granted<A>(
    app: &A,
    uri: &str,
    origin: &str,
    method: &str,
    allow_methods: &str,
) where
    A: tower::Service<
            Request<Body>,
            Response = axum::response::Response,
            Error = std::convert::Infallible,
        > + Clone,
{
    let r = send(app, preflight(uri, origin, method, Some("content-type"))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{method}");
    r.assert_acao(origin);
    assert_eq!(r.one(&ACAM).as_deref(), Some(allow_methods), "{method}");
    assert_eq!(r.one(&ACAH).as_deref(), Some("content-type"), "{method}");
    r.assert_preflight_vary();
}
