//! The request a page script makes, as [`fetch`](super::fetch) takes it.

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
    pub(super) method: String,
    pub(super) path: String,
    pub(super) headers: Vec<(String, String)>,
    pub(super) credentials: Credentials,
    pub(super) cookie: Option<String>,
    pub(super) body: Vec<u8>,
}

impl Request {
    /// `fetch(url, { method })`. The method is sent as given: like a browser, only DELETE,
    /// GET, HEAD, OPTIONS, POST and PUT are upper-cased (so `patch` stays `patch`).
    ///
    /// `url` is a path (`/items/7`) on the service's own origin, or an absolute
    /// `http(s)://host[:port]/path` URL: then the service is called with that `Host` and the
    /// origin is known, which matters when the service redirects to an absolute URL (a redirect
    /// to another origin makes the browser send `Origin: null` from then on). Every hop goes to
    /// the one service given to [`fetch`](super::fetch); it can tell hosts apart by `Host`.
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
    ///
    /// # Panics
    ///
    /// On a header a page's script cannot set (the Fetch standard's forbidden request headers:
    /// `Cookie`, `Origin`, `Host`, `Sec-*`, ...), which a browser drops without a word: the
    /// test would not be testing what a browser sends. Use [`Request::cookie`] for the
    /// cookie the browser holds.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Some(instead) = forbidden(name) {
            panic!(
                "`{name}` is a header a page's script cannot set: browsers drop it from fetch() without a word; {instead}"
            );
        }
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// [`Request::header`] that returns the reason instead of panicking on a header a page's
    /// script cannot set (for input that comes from a user, such as a command line).
    ///
    /// # Errors
    ///
    /// On a forbidden request header: the message says what to do instead.
    pub fn try_header(self, name: &str, value: &str) -> Result<Self, String> {
        match forbidden(name) {
            Some(instead) => Err(format!(
                "`{name}` is a header a page's script cannot set: browsers drop it from fetch() without a word; {instead}"
            )),
            None => Ok(self.header(name, value)),
        }
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

/// What to do instead, when `name` is a forbidden request header.
fn forbidden(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    if name == "cookie" || name == "cookie2" {
        return Some(
            "the browser sends its own cookie: `.cookie(\"..\")` with `.credentials(Credentials::Include)`",
        );
    }
    if name == "origin" {
        return Some("the page's origin is `fetch`'s second argument");
    }
    let forbidden = axum_strict_cors_runtime::rules::is_forbidden_request_header(&name);
    forbidden.then_some("the browser sets it itself (a preflight's `Access-Control-Request-*` from the request's method and headers)")
}
