//! Test your app's CORS without a browser: [`fetch`] does what the Fetch standard says a
//! browser does for a cross-origin `fetch()` from a page, against any axum `Router` or tower
//! `Service` (including ones using tower-http's `CorsLayer`: it judges responses, not this
//! crate's internals), and returns the browser's verdict.
//!
//! ```
//! use axum::{routing::put, Router};
//! use axum_cors::{cors, preflight};
//! use axum_cors::test_util::{fetch, Blocked, Request};
//!
//! #[cors(origins = "https://app.example.com", methods = "PUT")]
//! async fn update() -> &'static str { "saved" }
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let app = Router::new().route("/item", put(update).options(preflight!(update)));
//!
//! let ok = fetch(app.clone(), "https://app.example.com", Request::new("PUT", "/item")).await;
//! assert!(ok.is_allowed());
//!
//! let refused = fetch(app, "https://evil.example.net", Request::new("PUT", "/item")).await;
//! assert_eq!(refused.blocked(), Some(&Blocked::MissingAllowOrigin { preflight: true }));
//! assert_eq!(refused.preflight_status(), Some(403));
//! assert!(!refused.request_was_sent());
//! # });
//! ```
//!
//! Enable with the `test-util` feature (usually in `[dev-dependencies]`).

use std::fmt;

use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, Method};
use axum::response::Response;
use tower::{Service, ServiceExt};

/// `fetch()`'s `credentials` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Credentials {
    /// `'omit'`: no cookies.
    Omit,
    /// `'same-origin'` (the default): no cookies cross-origin.
    #[default]
    SameOrigin,
    /// `'include'`: cookies and HTTP auth cross-origin; needs `Access-Control-Allow-Credentials`.
    Include,
}

/// The request a page script makes: `fetch(path, { method, headers, credentials, body })`.
#[derive(Debug, Clone)]
pub struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    credentials: Credentials,
    cookie: Option<String>,
    body: Vec<u8>,
}

impl Request {
    /// `fetch(path, { method })`. The method is sent as given: like a browser, only DELETE,
    /// GET, HEAD, OPTIONS, POST and PUT are upper-cased (so `patch` stays `patch`).
    pub fn new(method: &str, path: &str) -> Self {
        let normalized = match method.to_ascii_uppercase().as_str() {
            m @ ("DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT") => m.to_string(),
            _ => method.to_string(),
        };
        Request {
            method: normalized,
            path: path.to_string(),
            headers: Vec::new(),
            credentials: Credentials::default(),
            cookie: None,
            body: Vec::new(),
        }
    }

    /// A request header set by the script.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// `credentials: ...`.
    pub fn credentials(mut self, mode: Credentials) -> Self {
        self.credentials = mode;
        self
    }

    /// The cookie the browser holds for the service; sent only with [`Credentials::Include`].
    pub fn cookie(mut self, cookie: &str) -> Self {
        self.cookie = Some(cookie.to_string());
        self
    }

    /// The request body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
}

/// Why the browser blocked the request. `Display` gives Chromium's console wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The preflight's status was not 2xx (redirects included).
    PreflightStatus(u16),
    /// No `Access-Control-Allow-Origin` (on the preflight when `preflight` is true).
    MissingAllowOrigin {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// Several `Access-Control-Allow-Origin` values.
    MultipleAllowOrigin {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin` names another origin.
    AllowOriginMismatch {
        /// What the response said.
        value: String,
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// `Access-Control-Allow-Origin: *` on a credentialed request.
    WildcardWithCredentials {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// A credentialed request without `Access-Control-Allow-Credentials: true`.
    MissingAllowCredentials {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// The method is not in the preflight's `Access-Control-Allow-Methods`.
    MethodNotAllowed(String),
    /// A request header is not in the preflight's `Access-Control-Allow-Headers`.
    HeaderNotAllowed(String),
    /// The service could not be called or answered something unparsable.
    NetworkError(String),
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pre = |preflight: &bool| match preflight {
            true => "Response to preflight request doesn't pass access control check: ",
            false => "",
        };
        match self {
            Blocked::PreflightStatus(s) => write!(
                f,
                "Response to preflight request doesn't pass access control check: It does not have HTTP ok status ({s})."
            ),
            Blocked::MissingAllowOrigin { preflight } => write!(
                f,
                "{}No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                pre(preflight)
            ),
            Blocked::MultipleAllowOrigin { preflight } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header contains multiple values, but only one is allowed.",
                pre(preflight)
            ),
            Blocked::AllowOriginMismatch { value, preflight } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin.",
                pre(preflight)
            ),
            Blocked::WildcardWithCredentials { preflight } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
                pre(preflight)
            ),
            Blocked::MissingAllowCredentials { preflight } => write!(
                f,
                "{}The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
                pre(preflight)
            ),
            Blocked::MethodNotAllowed(m) => write!(
                f,
                "Method {m} is not allowed by Access-Control-Allow-Methods in preflight response."
            ),
            Blocked::HeaderNotAllowed(h) => write!(
                f,
                "Request header field {h} is not allowed by Access-Control-Allow-Headers in preflight response."
            ),
            Blocked::NetworkError(e) => write!(f, "net::ERR_FAILED ({e})"),
        }
    }
}

/// What the browser would do.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // a test helper's return value: size does not matter
pub enum Verdict {
    /// The page gets the response.
    Allowed {
        /// The actual response.
        response: Response,
        /// The preflight's response, if one was sent.
        preflight: Option<Response>,
        /// Whether the actual request reached the service.
        sent: bool,
    },
    /// `fetch()` rejects with a `TypeError`; the console says [`Blocked`]'s text.
    Blocked {
        /// Why, as Chromium reports it.
        reason: Blocked,
        /// Whether the actual request was sent (a failed preflight stops it).
        sent: bool,
        /// The status of the preflight's response, if a preflight was sent.
        preflight_status: Option<u16>,
    },
}

impl Verdict {
    /// Whether the page gets the response.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Verdict::Allowed { .. })
    }

    /// The reason, if blocked.
    pub fn blocked(&self) -> Option<&Blocked> {
        match self {
            Verdict::Blocked { reason, .. } => Some(reason),
            Verdict::Allowed { .. } => None,
        }
    }

    /// The status the preflight was answered with, if one was sent (`Some(403)` for a
    /// preflight this crate refused).
    pub fn preflight_status(&self) -> Option<u16> {
        match self {
            Verdict::Blocked {
                preflight_status, ..
            } => *preflight_status,
            Verdict::Allowed { preflight, .. } => preflight.as_ref().map(|r| r.status().as_u16()),
        }
    }

    /// Whether the actual request reached the service (side effects happened).
    pub fn request_was_sent(&self) -> bool {
        match self {
            Verdict::Allowed { sent, .. } | Verdict::Blocked { sent, .. } => *sent,
        }
    }

    /// The response, if allowed.
    pub fn response(&self) -> Option<&Response> {
        match self {
            Verdict::Allowed { response, .. } => Some(response),
            Verdict::Blocked { .. } => None,
        }
    }

    /// A response header as page script sees it (`response.headers.get(name)`): safelisted
    /// headers and those in `Access-Control-Expose-Headers`; `None` otherwise or if blocked.
    pub fn readable_header(&self, name: &str) -> Option<&HeaderValue> {
        let Verdict::Allowed { response, .. } = self else {
            return None;
        };
        let name = name.to_ascii_lowercase();
        let headers = response.headers();
        let exposed = list(headers, "access-control-expose-headers");
        let credentialed = headers.contains_key("access-control-allow-credentials");
        let readable = SAFELISTED_RESPONSE.contains(&name.as_str())
            || exposed.iter().any(|e| e.eq_ignore_ascii_case(&name))
            || (exposed.iter().any(|e| e == "*") && !credentialed);
        match readable && name != "set-cookie" && name != "set-cookie2" {
            true => headers.get(name.as_str()),
            false => None,
        }
    }
}

const SAFELISTED_RESPONSE: &[&str] = &[
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Performs the cross-origin `fetch()` a page at `page_origin` would make, preflight
/// included, and returns the browser's verdict.
pub async fn fetch<S>(service: S, page_origin: &str, request: Request) -> Verdict
where
    S: Service<axum::http::Request<Body>, Response = Response> + Clone,
    S::Error: fmt::Debug,
{
    let include = request.credentials == Credentials::Include;
    let unsafe_names = unsafe_header_names(&request.headers);
    let needs_preflight =
        !matches!(request.method.as_str(), "GET" | "HEAD" | "POST") || !unsafe_names.is_empty();
    let mut preflight_response = None;
    if needs_preflight {
        let mut options = axum::http::Request::builder()
            .method(Method::OPTIONS)
            .uri(&request.path)
            .header("origin", page_origin)
            .header("access-control-request-method", &request.method);
        if !unsafe_names.is_empty() {
            options = options.header("access-control-request-headers", unsafe_names.join(","));
        }
        let options = match options.body(Body::empty()) {
            Ok(r) => r,
            Err(e) => return blocked(Blocked::NetworkError(e.to_string()), false),
        };
        let response = match service.clone().oneshot(options).await {
            Ok(r) => r,
            Err(e) => return blocked(Blocked::NetworkError(format!("{e:?}")), false),
        };
        if let Err(reason) = preflight_check(&response, page_origin, &request, &unsafe_names) {
            let preflight_status = Some(response.status().as_u16());
            return Verdict::Blocked {
                reason,
                sent: false,
                preflight_status,
            };
        }
        preflight_response = Some(response);
    }
    let mut actual = axum::http::Request::builder()
        .method(request.method.as_str())
        .uri(&request.path)
        .header("origin", page_origin);
    for (name, value) in &request.headers {
        actual = actual.header(name, value);
    }
    if let (true, Some(cookie)) = (include, &request.cookie) {
        actual = actual.header("cookie", cookie);
    }
    let actual = match actual.body(Body::from(request.body.clone())) {
        Ok(r) => r,
        Err(e) => return blocked(Blocked::NetworkError(e.to_string()), false),
    };
    let response = match service.oneshot(actual).await {
        Ok(r) => r,
        Err(e) => return blocked(Blocked::NetworkError(format!("{e:?}")), true),
    };
    match cors_check(response.headers(), page_origin, include, false) {
        Ok(()) => Verdict::Allowed {
            response,
            preflight: preflight_response,
            sent: true,
        },
        Err(reason) => blocked(reason, true),
    }
}

fn blocked(reason: Blocked, sent: bool) -> Verdict {
    Verdict::Blocked {
        reason,
        sent,
        preflight_status: None,
    }
}

/// Fetch "CORS check".
fn cors_check(
    headers: &HeaderMap,
    origin: &str,
    include: bool,
    preflight: bool,
) -> Result<(), Blocked> {
    let values: Vec<&HeaderValue> = headers
        .get_all("access-control-allow-origin")
        .iter()
        .collect();
    let acao = match values.as_slice() {
        [] => return Err(Blocked::MissingAllowOrigin { preflight }),
        [one] if !one.as_bytes().contains(&b',') => *one,
        _ => return Err(Blocked::MultipleAllowOrigin { preflight }),
    };
    if acao == "*" {
        return match include {
            true => Err(Blocked::WildcardWithCredentials { preflight }),
            false => Ok(()),
        };
    }
    if acao.as_bytes() != origin.as_bytes() {
        let value = String::from_utf8_lossy(acao.as_bytes()).into_owned();
        return Err(Blocked::AllowOriginMismatch { value, preflight });
    }
    if include
        && headers
            .get("access-control-allow-credentials")
            .is_none_or(|v| v != "true")
    {
        return Err(Blocked::MissingAllowCredentials { preflight });
    }
    Ok(())
}

/// Fetch "CORS-preflight fetch", steps after the response arrives.
fn preflight_check(
    response: &Response,
    origin: &str,
    request: &Request,
    unsafe_names: &[String],
) -> Result<(), Blocked> {
    let include = request.credentials == Credentials::Include;
    // Chromium checks the grant before the status: a 403 without a grant reads "No
    // 'Access-Control-Allow-Origin' header", a 401 with one reads "It does not have HTTP ok status".
    cors_check(response.headers(), origin, include, true)?;
    let status = response.status();
    if !status.is_success() {
        return Err(Blocked::PreflightStatus(status.as_u16()));
    }
    let methods = list(response.headers(), "access-control-allow-methods");
    let headers = list(response.headers(), "access-control-allow-headers");
    let method_ok = methods.contains(&request.method)
        || (methods.iter().any(|m| m == "*") && !include)
        || matches!(request.method.as_str(), "GET" | "HEAD" | "POST");
    if !method_ok {
        return Err(Blocked::MethodNotAllowed(request.method.clone()));
    }
    let star = headers.iter().any(|h| h == "*") && !include;
    for name in unsafe_names {
        let listed = headers.iter().any(|h| h.eq_ignore_ascii_case(name));
        if !listed && (!star || name == "authorization") {
            return Err(Blocked::HeaderNotAllowed(name.clone()));
        }
    }
    Ok(())
}

/// The comma-separated items of every line of a header, trimmed.
fn list(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Fetch "CORS-unsafe request-header names": sorted, lower case, de-duplicated.
fn unsafe_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .filter(|(name, value)| !is_safelisted(name, value))
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    let safelisted_total: usize = headers
        .iter()
        .filter(|(name, value)| is_safelisted(name, value))
        .map(|(_, value)| value.len())
        .sum();
    if safelisted_total > 1024 {
        names.extend(headers.iter().map(|(name, _)| name.to_ascii_lowercase()));
    }
    names.sort();
    names.dedup();
    names
}

/// Fetch "CORS-safelisted request-header".
fn is_safelisted(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    let unsafe_byte = |b: u8| (b < 0x20 && b != b'\t') || b"\"():<>?@[\\]{}\x7f".contains(&b);
    match name.to_ascii_lowercase().as_str() {
        "accept" => !value.bytes().any(unsafe_byte),
        "accept-language" | "content-language" => value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" *,-.;=".contains(&b)),
        "content-type" => {
            let essence = value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            !value.bytes().any(unsafe_byte)
                && [
                    "application/x-www-form-urlencoded",
                    "multipart/form-data",
                    "text/plain",
                ]
                .contains(&essence.as_str())
        }
        _ => false,
    }
}
