//! Test your app's CORS without a browser: [`fetch`] does what the Fetch standard says a
//! browser does for a cross-origin `fetch()` from a page (preflight, CORS checks, redirects),
//! against any axum `Router` or tower `Service` (including ones using tower-http's
//! `CorsLayer`: it judges responses, not this crate's internals), and returns the browser's
//! verdict: [`Verdict::reason`] says why a request was blocked in terms a test asserts,
//! [`Verdict::blocked`] gives the console's wording. The browser suite of this crate checks
//! both against Chromium and Firefox.
//!
//! ```
//! use axum::{routing::put, Router};
//! use axum_cors::{cors, preflight};
//! use axum_cors::test_util::{fetch, Blocked, Reason, Request};
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
//! let refused = fetch(app.clone(), "https://evil.example.net", Request::new("PUT", "/item")).await;
//! assert_eq!(refused.reason(), Some(&Reason::Origin));
//! // Chromium's console wording, the same for every refused preflight:
//! assert_eq!(refused.blocked(), Some(&Blocked::MissingAllowOrigin { preflight: true }));
//! assert_eq!(refused.preflight_status(), Some(403));
//! assert!(!refused.request_was_sent());
//!
//! let patch = fetch(app, "https://app.example.com", Request::new("PATCH", "/item")).await;
//! assert_eq!(patch.reason(), Some(&Reason::Method("PATCH".into())));
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
    /// `fetch(url, { method })`. The method is sent as given: like a browser, only DELETE,
    /// GET, HEAD, OPTIONS, POST and PUT are upper-cased (so `patch` stays `patch`).
    ///
    /// `url` is a path (`/items/7`) on the service's own origin, or an absolute
    /// `http(s)://host[:port]/path` URL: then the service is called with that `Host` and the
    /// origin is known, which matters when the service redirects to an absolute URL (a redirect
    /// to another origin makes the browser send `Origin: null` from then on). Every hop goes to
    /// the one service given to [`fetch`]; it can tell hosts apart by `Host`.
    pub fn new(method: &str, url: &str) -> Self {
        let path = url;
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

    /// A JSON body: `body: JSON.stringify(value)` with `content-type: application/json` (a
    /// header that makes the request preflighted).
    pub fn json<T: serde::Serialize + ?Sized>(self, value: &T) -> Self {
        let body = serde_json::to_vec(value).expect("a value that serializes to JSON");
        self.header("content-type", "application/json").body(body)
    }
}

/// Why the browser blocked the request. `Display` gives Chromium's console wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blocked {
    /// The preflight's status was not 2xx.
    PreflightStatus(u16),
    /// The preflight was answered with a redirect (this status), which is never followed.
    PreflightRedirect(u16),
    /// A redirect of the actual request that the browser does not follow.
    Redirect(String),
    /// No `Access-Control-Allow-Origin` (on the preflight when `preflight` is true).
    MissingAllowOrigin {
        /// Whether it was the preflight's response.
        preflight: bool,
    },
    /// Several `Access-Control-Allow-Origin` values.
    MultipleAllowOrigin {
        /// The values, joined with `, `.
        value: String,
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

impl Blocked {
    /// The reason Firefox's console gives for the same refusal, the `<reason>` of
    /// `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote
    /// resource at <url>. (Reason: <reason>).` (as Firefox 153 ESR words it). `None` where
    /// Firefox's wording was not captured. A failed preflight is followed by a second message,
    /// `(Reason: CORS request did not succeed)`.
    pub fn firefox(&self) -> Option<String> {
        const ACAO: &str = "CORS header \u{2018}Access-Control-Allow-Origin\u{2019}";
        Some(match self {
            Blocked::MissingAllowOrigin { .. } => format!("{ACAO} missing"),
            Blocked::PreflightStatus(_) => "CORS preflight response did not succeed".into(),
            Blocked::MethodNotAllowed(_) => {
                "Did not find method in CORS header \u{2018}Access-Control-Allow-Methods\u{2019}".into()
            }
            Blocked::HeaderNotAllowed(h) => format!(
                "header \u{2018}{h}\u{2019} is not allowed according to header \u{2018}Access-Control-Allow-Headers\u{2019} from CORS preflight response"
            ),
            Blocked::AllowOriginMismatch { value, .. } | Blocked::MultipleAllowOrigin { value, .. } => {
                format!("{ACAO} does not match \u{2018}{value}\u{2019}")
            }
            Blocked::WildcardWithCredentials { .. } => {
                format!("Credential is not supported if the {ACAO} is \u{2018}*\u{2019}")
            }
            Blocked::MissingAllowCredentials { .. } => {
                "expected \u{2018}true\u{2019} in CORS header \u{2018}Access-Control-Allow-Credentials\u{2019}".into()
            }
            Blocked::PreflightRedirect(_) => "CORS request external redirect not allowed".into(),
            Blocked::Redirect(_) | Blocked::NetworkError(_) => return None,
        })
    }
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pre = |preflight: &bool| match preflight {
            true => "Response to preflight request doesn't pass access control check: ",
            false => "",
        };
        match self {
            Blocked::PreflightStatus(_) => write!(
                f,
                "Response to preflight request doesn't pass access control check: It does not have HTTP ok status."
            ),
            Blocked::PreflightRedirect(_) => write!(
                f,
                "Response to preflight request doesn't pass access control check: Redirect is not allowed for a preflight request."
            ),
            Blocked::Redirect(e) => write!(f, "{e}"),
            Blocked::MissingAllowOrigin { preflight } => write!(
                f,
                "{}No 'Access-Control-Allow-Origin' header is present on the requested resource.",
                pre(preflight)
            ),
            Blocked::MultipleAllowOrigin { value, preflight } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header contains multiple values '{value}', but only one is allowed. Have the server send the header with a valid value.",
                pre(preflight)
            ),
            Blocked::AllowOriginMismatch { value, preflight } => write!(
                f,
                "{}The 'Access-Control-Allow-Origin' header has a value '{value}' that is not equal to the supplied origin. Have the server send the header with a valid value.",
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

/// Why a request was blocked, in terms a test can assert; [`Verdict::reason`]. Where
/// [`Blocked`] gives the browser's console wording (which is the same for every refused
/// preflight of this crate), this says what to fix. A preflight refused by this crate is
/// classified by its `x-cors-refused` header; other servers' answers by the headers they lack.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The page's origin is not granted (no, another, or several `Access-Control-Allow-Origin`).
    Origin,
    /// The method is not allowed (the preflight was refused for it, or does not list it).
    Method(String),
    /// This request header is not allowed.
    Header(String),
    /// `credentials: 'include'` without a credentialed grant (`*`, or no
    /// `Access-Control-Allow-Credentials: true`).
    Credentials,
    /// The preflight reached no `OPTIONS` handler (answered 404 or 405 without a grant): the
    /// preflight route was not registered.
    NoPreflightRoute,
    /// The preflight was granted but its status was not 2xx (an auth layer's 401, say).
    Status(u16),
    /// The page asked for private network access and it was not granted.
    PrivateNetwork,
    /// A redirect the browser does not follow (on a preflight, to a URL with credentials, to
    /// a non-HTTP scheme, or more than 20).
    Redirect(String),
    /// The service failed or answered something unparsable.
    Network(String),
}

/// What the browser would do.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // a test helper's return value: size does not matter
pub enum Verdict {
    /// The page gets the response.
    Allowed {
        /// The final response (after redirects). Its body is also in `body`.
        response: Response,
        /// The last preflight's response, if one was sent.
        preflight: Option<Response>,
        /// Whether the actual request reached the service.
        sent: bool,
        /// The final response's body.
        body: Vec<u8>,
        /// The final URL (`response.url`): the request's, or the last redirect's target.
        url: String,
        /// Whether a redirect was followed (`response.redirected`).
        redirected: bool,
    },
    /// `fetch()` rejects with a `TypeError`; the console says [`Blocked`]'s text.
    Blocked {
        /// Why, as Chromium reports it.
        reason: Blocked,
        /// Why, as a test asserts it.
        why: Reason,
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

    /// Chromium's reason, if blocked.
    pub fn blocked(&self) -> Option<&Blocked> {
        match self {
            Verdict::Blocked { reason, .. } => Some(reason),
            Verdict::Allowed { .. } => None,
        }
    }

    /// Why it was blocked, if it was: origin, method, header, credentials, missing preflight
    /// route, status...
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Verdict::Blocked { why, .. } => Some(why),
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

    /// The status the page sees (`response.status`), if allowed.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status().as_u16())
    }

    /// The body as text (`await response.text()`), if allowed.
    pub fn text(&self) -> Option<String> {
        match self {
            Verdict::Allowed { body, .. } => Some(String::from_utf8_lossy(body).into_owned()),
            Verdict::Blocked { .. } => None,
        }
    }

    /// The body parsed as JSON (`await response.json()`). An error says why there is none:
    /// the request was blocked (and why), or the body is not that JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        match self {
            Verdict::Allowed { body, .. } => {
                serde_json::from_slice(body).map_err(|e| format!("not the expected JSON: {e}"))
            }
            Verdict::Blocked { reason, why, .. } => Err(format!("blocked ({why:?}): {reason}")),
        }
    }

    /// Whether a redirect was followed (`response.redirected`).
    pub fn redirected(&self) -> bool {
        matches!(
            self,
            Verdict::Allowed {
                redirected: true,
                ..
            }
        )
    }

    /// The final URL (`response.url`), if allowed: the request's path or URL, or the last
    /// redirect's `Location` (resolved against the service's origin when relative).
    pub fn url(&self) -> Option<&str> {
        match self {
            Verdict::Allowed { url, .. } => Some(url),
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

/// Fetch's limit on redirects.
const MAX_REDIRECTS: usize = 20;

/// Where a hop goes: the origin (`None`: the service's own, unnamed origin) and the path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    origin: Option<String>,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let Some((scheme, rest)) = url.split_once("://") else {
            return match url.starts_with('/') {
                true => Ok(Target {
                    origin: None,
                    path: url.to_string(),
                }),
                false => Err(format!("not a path or an http(s) URL: {url:?}")),
            };
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(format!("scheme {scheme:?} is not http(s)"));
        }
        let (authority, path) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.contains('@') {
            return Err("credentials".into());
        }
        let host = authority.to_ascii_lowercase();
        let default = match scheme.as_str() {
            "http" => ":80",
            _ => ":443",
        };
        let host = host.strip_suffix(default).unwrap_or(&host);
        let path = match path.starts_with('/') {
            true => path.to_string(),
            false => format!("/{path}"),
        };
        Ok(Target {
            origin: Some(format!("{scheme}://{host}")),
            path,
        })
    }

    /// `Location` resolved against this target (absolute URLs, absolute paths and relative
    /// paths; enough for what services send).
    fn follow(&self, location: &str) -> Result<Target, String> {
        if location.contains("://") {
            return Target::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            let scheme = self
                .origin
                .as_deref()
                .and_then(|o| o.split_once("://"))
                .map_or("http", |(s, _)| s);
            return Target::parse(&format!("{scheme}://{rest}"));
        }
        let path = match location.starts_with('/') {
            true => location.to_string(),
            false => {
                let dir = self.path.split('?').next().unwrap_or("/");
                let dir = &dir[..dir.rfind('/').map_or(0, |i| i + 1)];
                format!("{dir}{location}")
            }
        };
        Ok(Target {
            origin: self.origin.clone(),
            path,
        })
    }

    fn url(&self) -> String {
        format!("{}{}", self.origin.as_deref().unwrap_or(""), self.path)
    }

    fn host(&self) -> Option<&str> {
        self.origin.as_deref()?.split_once("://").map(|(_, h)| h)
    }
}

/// Performs the cross-origin `fetch()` a page at `page_origin` would make, preflight
/// included, following redirects as the Fetch standard says (each redirect response must
/// pass the CORS check; after a redirect to another origin the `Origin` is `null`; 301/302
/// turn a POST into a GET and 303 anything but GET/HEAD; 307/308 keep method and body;
/// `authorization` is dropped on a cross-origin redirect), and returns the browser's verdict.
pub async fn fetch<S>(service: S, page_origin: &str, request: Request) -> Verdict
where
    S: Service<axum::http::Request<Body>, Response = Response> + Clone,
    S::Error: fmt::Debug,
{
    let include = request.credentials == Credentials::Include;
    let first = match Target::parse(&request.path) {
        Ok(t) => t,
        Err(e) => return network(e, false, None),
    };
    let mut state = Hop {
        target: first.clone(),
        method: request.method.clone(),
        headers: request.headers.clone(),
        body: request.body.clone(),
        tainted: false,
    };
    let mut sent = false;
    let mut preflight_response: Option<Response> = None;
    for redirects in 0..=MAX_REDIRECTS {
        let origin = match state.tainted {
            true => "null",
            false => page_origin,
        };
        let unsafe_names = unsafe_header_names(&state.headers);
        let needs_preflight =
            !matches!(state.method.as_str(), "GET" | "HEAD" | "POST") || !unsafe_names.is_empty();
        if needs_preflight {
            let mut options = axum::http::Request::builder()
                .method(Method::OPTIONS)
                .uri(&state.target.path)
                .header("origin", origin)
                .header("access-control-request-method", &state.method);
            if let Some(host) = state.target.host() {
                options = options.header("host", host);
            }
            if !unsafe_names.is_empty() {
                options = options.header("access-control-request-headers", unsafe_names.join(","));
            }
            let options = match options.body(Body::empty()) {
                Ok(r) => r,
                Err(e) => return network(e.to_string(), sent, None),
            };
            let response = match service.clone().oneshot(options).await {
                Ok(r) => r,
                Err(e) => return network(format!("{e:?}"), sent, None),
            };
            let status = response.status().as_u16();
            let checked = preflight_check(&response, origin, &state.method, include, &unsafe_names);
            if let Err(reason) = checked {
                let why = preflight_reason(&reason, response, &state.method, &unsafe_names).await;
                return Verdict::Blocked {
                    reason,
                    why,
                    sent,
                    preflight_status: Some(status),
                };
            }
            preflight_response = Some(response);
        }
        let mut actual = axum::http::Request::builder()
            .method(state.method.as_str())
            .uri(&state.target.path)
            .header("origin", origin);
        if let Some(host) = state.target.host() {
            actual = actual.header("host", host);
        }
        for (name, value) in &state.headers {
            actual = actual.header(name, value);
        }
        // The cookie belongs to the service the request first went to.
        if let (true, Some(cookie), true) = (
            include,
            &request.cookie,
            state.target.origin == first.origin,
        ) {
            actual = actual.header("cookie", cookie);
        }
        let actual = match actual.body(Body::from(state.body.clone())) {
            Ok(r) => r,
            Err(e) => return network(e.to_string(), sent, None),
        };
        let response = match service.clone().oneshot(actual).await {
            Ok(r) => r,
            Err(e) => return network(format!("{e:?}"), true, None),
        };
        sent = true;
        let preflight_status = preflight_response.as_ref().map(|r| r.status().as_u16());
        if let Err(reason) = cors_check(response.headers(), origin, include, false) {
            let why = reason_of(&reason);
            return Verdict::Blocked {
                reason,
                why,
                sent,
                preflight_status,
            };
        }
        let location = response
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .map(str::to_owned);
        let status = response.status().as_u16();
        let location = match (location, matches!(status, 301 | 302 | 303 | 307 | 308)) {
            (Some(l), true) => l,
            _ => {
                let (parts, body) = response.into_parts();
                let body = match axum::body::to_bytes(body, usize::MAX).await {
                    Ok(b) => b.to_vec(),
                    Err(e) => return network(e.to_string(), sent, preflight_status),
                };
                return Verdict::Allowed {
                    response: Response::from_parts(parts, Body::from(body.clone())),
                    preflight: preflight_response,
                    sent,
                    body,
                    url: state.target.url(),
                    redirected: redirects > 0,
                };
            }
        };
        if redirects == MAX_REDIRECTS {
            break;
        }
        if let Err(e) = state.redirect(&location, status, page_origin) {
            return Verdict::Blocked {
                reason: Blocked::Redirect(e.clone()),
                why: Reason::Redirect(e),
                sent,
                preflight_status,
            };
        }
    }
    let e = format!("more than {MAX_REDIRECTS} redirects");
    Verdict::Blocked {
        reason: Blocked::Redirect(e.clone()),
        why: Reason::Redirect(e),
        sent,
        preflight_status: None,
    }
}

/// The request as it goes from hop to hop.
struct Hop {
    target: Target,
    method: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Fetch's "tainted origin flag": `Origin: null` from now on.
    tainted: bool,
}

impl Hop {
    /// Fetch "HTTP-redirect fetch", for a CORS-mode request.
    fn redirect(&mut self, location: &str, status: u16, page_origin: &str) -> Result<(), String> {
        let next = self.target.follow(location).map_err(|e| match e.as_str() {
            "credentials" => format!(
                "Redirect location '{location}' contains a username and password, which is disallowed for cross-origin requests."
            ),
            _ => format!("Redirect location '{location}' is invalid: {e}"),
        })?;
        let post_to_get = matches!(status, 301 | 302) && self.method == "POST";
        let to_get = status == 303 && !matches!(self.method.as_str(), "GET" | "HEAD");
        if post_to_get || to_get {
            self.method = "GET".into();
            self.body.clear();
            self.headers.retain(|(name, _)| {
                !matches!(
                    name.to_ascii_lowercase().as_str(),
                    "content-encoding" | "content-language" | "content-location" | "content-type"
                )
            });
        }
        let cross_origin = next.origin != self.target.origin;
        if cross_origin {
            self.headers
                .retain(|(name, _)| !name.eq_ignore_ascii_case("authorization"));
        }
        // The service is never the page's own origin here, so leaving it for another origin
        // taints the request's origin.
        let current_is_page = self.target.origin.as_deref() == Some(page_origin);
        if cross_origin && !current_is_page {
            self.tainted = true;
        }
        self.target = next;
        Ok(())
    }
}

fn network(e: String, sent: bool, preflight_status: Option<u16>) -> Verdict {
    Verdict::Blocked {
        reason: Blocked::NetworkError(e.clone()),
        why: Reason::Network(e),
        sent,
        preflight_status,
    }
}

/// The reason a test asserts, from Chromium's.
fn reason_of(blocked: &Blocked) -> Reason {
    match blocked {
        Blocked::PreflightStatus(s) => Reason::Status(*s),
        Blocked::PreflightRedirect(s) => Reason::Redirect(format!("preflight answered {s}")),
        Blocked::MissingAllowOrigin { .. }
        | Blocked::MultipleAllowOrigin { .. }
        | Blocked::AllowOriginMismatch { .. } => Reason::Origin,
        Blocked::WildcardWithCredentials { .. } | Blocked::MissingAllowCredentials { .. } => {
            Reason::Credentials
        }
        Blocked::MethodNotAllowed(m) => Reason::Method(m.clone()),
        Blocked::HeaderNotAllowed(h) => Reason::Header(h.clone()),
        Blocked::Redirect(e) => Reason::Redirect(e.clone()),
        Blocked::NetworkError(e) => Reason::Network(e.clone()),
    }
}

/// The reason of a failed preflight: this crate's `x-cors-refused` header (and its body, which
/// names the refused header) when present; a 404 or 405 without a grant is a preflight that
/// reached no `OPTIONS` handler.
async fn preflight_reason(
    blocked: &Blocked,
    response: Response,
    method: &str,
    unsafe_names: &[String],
) -> Reason {
    let status = response.status().as_u16();
    let refused = response
        .headers()
        .get("x-cors-refused")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let no_grant = matches!(blocked, Blocked::MissingAllowOrigin { .. });
    let Some(refused) = refused else {
        return match (no_grant, status) {
            (true, 404 | 405) => Reason::NoPreflightRoute,
            _ => reason_of(blocked),
        };
    };
    if refused.starts_with("method") || refused.starts_with("Access-Control-Request-Method") {
        return Reason::Method(method.to_string());
    }
    if refused.starts_with("request header") {
        let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
            .await
            .unwrap_or_default();
        let body = String::from_utf8_lossy(&body);
        let named = body
            .split_once("request header ")
            .and_then(|(_, rest)| rest.split_once(' '))
            .map(|(name, _)| name.to_string())
            .filter(|name| unsafe_names.contains(name));
        return Reason::Header(named.unwrap_or_else(|| unsafe_names.join(",")));
    }
    if refused.starts_with("private network") {
        return Reason::PrivateNetwork;
    }
    Reason::Origin
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
        _ => {
            let value = values
                .iter()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Blocked::MultipleAllowOrigin { value, preflight });
        }
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
    method: &str,
    include: bool,
    unsafe_names: &[String],
) -> Result<(), Blocked> {
    // Chromium checks the grant before the status: a 403 without a grant reads "No
    // 'Access-Control-Allow-Origin' header", a 401 with one reads "It does not have HTTP ok status".
    cors_check(response.headers(), origin, include, true)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(Blocked::PreflightRedirect(status.as_u16()));
    }
    if !status.is_success() {
        return Err(Blocked::PreflightStatus(status.as_u16()));
    }
    let methods = list(response.headers(), "access-control-allow-methods");
    let headers = list(response.headers(), "access-control-allow-headers");
    let method_ok = methods.iter().any(|m| m == method)
        || (methods.iter().any(|m| m == "*") && !include)
        || matches!(method, "GET" | "HEAD" | "POST");
    if !method_ok {
        return Err(Blocked::MethodNotAllowed(method.to_string()));
    }
    // The Fetch standard keeps `authorization` out of `*`, but neither Chromium (156) nor
    // Firefox (153 ESR) enforces that: both send the request (the browser suite checks it), so
    // this judge follows them. This crate's own `headers = "*"` refuses `authorization`.
    let star = headers.iter().any(|h| h == "*") && !include;
    for name in unsafe_names {
        let listed = headers.iter().any(|h| h.eq_ignore_ascii_case(name));
        if !listed && !star {
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
