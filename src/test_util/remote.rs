//! [`Remote`]: a server reached over `http://`, as a tower `Service` that the fetch driver
//! calls hop by hop, and [`fetch_url`]. Every answer is bounded: a time limit per exchange, a
//! size limit on the header section (Chromium's own, 256 KiB) and on the body.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::Response;
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use tower::Service;

use super::request::Request;
use super::url::Target;
use super::verdict::{network, Verdict};

/// The absolute URL of a hop, which the driver puts in the extensions of each request whose
/// target has an origin: the only way a [`Remote`] learns the scheme and host of a redirect
/// to another origin. In-process services never look at it.
#[derive(Debug, Clone)]
pub(super) struct HopUrl(pub(super) String);

/// The largest header section an answer may have: Chromium fails a larger one with
/// `net::ERR_RESPONSE_HEADERS_TOO_BIG`.
const MAX_HEADER_BYTES: usize = 256 * 1024;

/// How many header lines an answer may have before it is refused (the 256 KiB bound is the
/// one that matters; hyper needs a count).
const MAX_HEADER_LINES: usize = 4096;

/// A server reached over `http://`: give it to [`fetch`](super::fetch) in place of a
/// `Router`, and the verdict, the reasons and the redirects are the same as in process. Each
/// hop is a real HTTP/1.1 exchange (hyper-util's client); a redirect to another origin goes
/// to that origin's server, as a browser's would.
///
/// Every exchange is bounded: [`Remote::timeout`] for the whole answer (10 s unless set),
/// 256 KiB for its header section (Chromium's limit), [`Remote::max_body`] for its body
/// (8 MiB unless set). A server that cannot be reached, answers something that is not HTTP,
/// or exceeds a bound gives a [`Reason::Network`](super::Reason::Network) verdict that says
/// which. Every exchange is recorded ([`Remote::exchanges`]).
///
/// `https://` is not supported: such a URL (a base URL, or a redirect's target) is a
/// network verdict that says so. Test the server behind its TLS terminator over `http://`.
///
/// ```no_run
/// use axum_strict_cors::test_util::{fetch, Remote, Request};
///
/// # async fn run() -> Result<(), String> {
/// let server = Remote::new("http://127.0.0.1:8080")?;
/// let request = Request::new("PUT", "/items/7").header("content-type", "application/json");
/// let verdict = fetch(server.clone(), "https://app.example.com", request).await;
/// for exchange in server.exchanges() {
///     println!("{exchange}");
/// }
/// println!("{:?}", verdict.reason());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Remote {
    client: Client<HttpConnector, Body>,
    base: Target,
    timeout: Duration,
    max_body: usize,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl fmt::Debug for Remote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Remote")
            .field("base", &self.base.url())
            .field("timeout", &self.timeout)
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

impl Remote {
    /// The server at `base_url` (`http://host[:port]`, a path allowed): a request's path is
    /// resolved against it as a browser resolves a link (`/items` replaces the base's path).
    ///
    /// # Errors
    ///
    /// When `base_url` is not an `http://` URL (`https://` included: not supported).
    pub fn new(base_url: &str) -> Result<Remote, String> {
        let base = Target::parse(base_url)?;
        if base.origin.is_none() {
            return Err(format!(
                "{base_url:?} is not an absolute URL: write http://host[:port]"
            ));
        }
        http_only(&base.url())?;
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(Duration::from_secs(5)));
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new())
            .http1_max_buf_size(MAX_HEADER_BYTES)
            .http1_max_headers(MAX_HEADER_LINES)
            .pool_idle_timeout(Duration::from_secs(5))
            .build(connector);
        Ok(Remote {
            client,
            base,
            timeout: Duration::from_secs(10),
            max_body: 8 * 1024 * 1024,
            log: Arc::default(),
        })
    }

    /// The longest an exchange may take, from connecting to the last byte of the body
    /// (10 s unless set).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest body an answer may have (8 MiB unless set): a larger one ends the fetch
    /// with a network verdict after that many bytes were read.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The base URL a request's path is resolved against.
    pub fn base_url(&self) -> String {
        self.base.url()
    }

    /// Every exchange made through this server (and its clones) so far, in order: the
    /// preflights, the requests, the redirects followed.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }

    /// `request`'s URL resolved against the base URL.
    pub(super) fn resolve(&self, request: Request) -> Result<Request, String> {
        let resolved = self.base.follow(&request.path)?;
        Ok(Request {
            path: resolved.url(),
            ..request
        })
    }

    async fn send(self, request: axum::http::Request<Body>) -> Result<Response, RemoteError> {
        let (mut parts, body) = request.into_parts();
        let url = match parts.extensions.remove::<HopUrl>() {
            Some(HopUrl(url)) => url,
            None => format!("{}{}", self.base.origin.as_deref().unwrap_or(""), parts.uri),
        };
        let mut exchange = Exchange {
            method: parts.method.to_string(),
            url: url.clone(),
            request_headers: pairs(&parts.headers),
            status: None,
            response_headers: Vec::new(),
            error: None,
        };
        let answer = self.exchange(&url, parts, body, &mut exchange).await;
        if let Err(e) = &answer {
            exchange.error = Some(e.0.clone());
        }
        if let Ok(mut log) = self.log.lock() {
            log.push(exchange);
        }
        answer
    }

    async fn exchange(
        &self,
        url: &str,
        mut parts: axum::http::request::Parts,
        body: Body,
        exchange: &mut Exchange,
    ) -> Result<Response, RemoteError> {
        http_only(url).map_err(RemoteError)?;
        parts.uri = url
            .parse::<Uri>()
            .map_err(|e| RemoteError(format!("{url} is not a URL hyper accepts: {e}")))?;
        let headers = &mut parts.headers;
        headers
            .entry(header::ACCEPT)
            .or_insert(HeaderValue::from_static("*/*"));
        headers.insert(
            header::USER_AGENT,
            HeaderValue::from_static("axum-strict-cors test_util"),
        );
        let request = axum::http::Request::from_parts(parts, body);
        let seconds = self.timeout.as_secs_f64();
        let within = tokio::time::timeout(self.timeout, async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| RemoteError(failed(url, &e)))?;
            exchange.status = Some(response.status().as_u16());
            exchange.response_headers = pairs(response.headers());
            // hyper stops reading a head at its buffer's size, but a head that arrived whole
            // in one read may be a little larger: count it as Chromium does.
            let head: usize = response
                .headers()
                .iter()
                .map(|(n, v)| n.as_str().len() + v.len() + 4)
                .sum();
            if head > MAX_HEADER_BYTES {
                return Err(RemoteError(format!(
                    "the header section of the answer from {url} is {head} bytes, larger than {} KiB (Chromium: net::ERR_RESPONSE_HEADERS_TOO_BIG)",
                    MAX_HEADER_BYTES / 1024
                )));
            }
            let (parts, body) = response.into_parts();
            let body = axum::body::to_bytes(Body::new(body), self.max_body)
                .await
                .map_err(|e| {
                    let too_long = std::error::Error::source(&e)
                        .is_some_and(|s| s.to_string().contains("length limit exceeded"));
                    RemoteError(match too_long {
                        true => format!(
                            "the body of the answer from {url} is longer than {} bytes (Remote::max_body): test_util stopped reading it",
                            self.max_body
                        ),
                        false => format!("the body of the answer from {url} broke off: {}", chain(&e)),
                    })
                })?;
            Ok(Response::from_parts(parts, Body::from(body)))
        });
        match within.await {
            Ok(answer) => answer,
            Err(_) => Err(RemoteError(format!(
                "no complete answer from {url} within {seconds} s (Remote::timeout)"
            ))),
        }
    }
}

impl Service<axum::http::Request<Body>> for Remote {
    type Response = Response;
    type Error = RemoteError;
    type Future = Pin<Box<dyn Future<Output = Result<Response, RemoteError>> + Send>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), RemoteError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: axum::http::Request<Body>) -> Self::Future {
        Box::pin(self.clone().send(request))
    }
}

/// Why an exchange with a [`Remote`] failed: its `Debug` and `Display` are the plain
/// sentence, which a network verdict quotes.
pub struct RemoteError(String);

impl fmt::Debug for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for RemoteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RemoteError {}

/// One exchange with a server: what was sent, and what came back (or why nothing did).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The method sent (`OPTIONS` for a preflight).
    pub method: String,
    /// The absolute URL it went to.
    pub url: String,
    /// The request's headers as sent (the client adds `Host` and, with a body,
    /// `Content-Length`).
    pub request_headers: Vec<(String, String)>,
    /// The answer's status, if one came.
    pub status: Option<u16>,
    /// The answer's headers, in order, repeated lines kept.
    pub response_headers: Vec<(String, String)>,
    /// Why the exchange failed, if it did.
    pub error: Option<String>,
}

impl Exchange {
    /// Whether this exchange was a CORS preflight.
    pub fn is_preflight(&self) -> bool {
        self.method == "OPTIONS"
            && self
                .request_headers
                .iter()
                .any(|(n, _)| n == "access-control-request-method")
    }

    /// The answer's CORS headers (`Access-Control-*`) and `Vary`, in order.
    pub fn cors_headers(&self) -> impl Iterator<Item = &(String, String)> {
        self.response_headers
            .iter()
            .filter(|(n, _)| n.starts_with("access-control-") || n == "vary")
    }
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} {}", self.method, self.url)?;
        for (name, value) in &self.request_headers {
            if name.starts_with("access-control-request-")
                || name == "origin"
                || !matches!(name.as_str(), "accept" | "user-agent" | "host")
            {
                writeln!(f, "  > {name}: {value}")?;
            }
        }
        match (&self.status, &self.error) {
            (_, Some(error)) => write!(f, "  failed: {error}"),
            (Some(status), None) => {
                write!(f, "  < {status}")?;
                let mut any = false;
                for (name, value) in self.cors_headers() {
                    write!(f, "\n  < {name}: {value}")?;
                    any = true;
                }
                if !any {
                    write!(f, "\n  < (no CORS header, no Vary)")?;
                }
                Ok(())
            }
            (None, None) => write!(f, "  (no answer)"),
        }
    }
}

/// Performs the cross-origin `fetch()` a page at `page_origin` would make to the server at
/// `base_url`, over `http://`, and returns the browser's verdict: [`fetch`](super::fetch) with
/// a [`Remote`]. The request's path is resolved against `base_url`; an absolute URL is used
/// as it is.
///
/// ```no_run
/// use axum_strict_cors::test_util::{fetch_url, Reason, Request};
///
/// # async fn run() {
/// let verdict = fetch_url("http://127.0.0.1:8080", "https://app.example.com",
///     Request::new("GET", "/user")).await;
/// if let Some(reason) = verdict.blocked() {
///     println!("blocked: {reason}");
/// }
/// # }
/// ```
pub async fn fetch_url(base_url: &str, page_origin: &str, request: Request) -> Verdict {
    let remote = match Remote::new(base_url) {
        Ok(remote) => remote,
        Err(e) => return network(e, false, None),
    };
    let request = match remote.resolve(request) {
        Ok(request) => request,
        Err(e) => return network(e, false, None),
    };
    super::fetch(remote, page_origin, request).await
}

fn http_only(url: &str) -> Result<(), String> {
    match url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://")) {
        true => Ok(()),
        false => Err(format!(
            "{url}: test_util's HTTP client speaks http:// only; test the server behind its TLS terminator over http://"
        )),
    }
}

fn pairs(headers: &HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// An error and its sources, `: `-separated (a source already quoted by its error is left out).
fn chain(e: &dyn std::error::Error) -> String {
    let mut causes: Vec<String> = Vec::new();
    let mut source = Some(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !causes.iter().any(|c| c.contains(&text)) {
            causes.push(text);
        }
        source = s.source();
    }
    causes.join(": ")
}

/// Why a request to `url` got no answer, in words that say which: no connection, not HTTP,
/// a header section too large.
fn failed(url: &str, e: &hyper_util::client::legacy::Error) -> String {
    let all = chain(e);
    if e.is_connect() {
        // The innermost cause says it all ("Connection refused (os error 111)").
        let mut cause: &dyn std::error::Error = e;
        while let Some(inner) = cause.source() {
            cause = inner;
        }
        return format!("cannot connect to {url}: {cause}");
    }
    let lower = all.to_ascii_lowercase();
    if lower.contains("too large") || lower.contains("too many headers") {
        return format!(
            "the header section of the answer from {url} is larger than {} KiB or has more than {MAX_HEADER_LINES} lines (Chromium: net::ERR_RESPONSE_HEADERS_TOO_BIG): {all}",
            MAX_HEADER_BYTES / 1024
        );
    }
    if lower.contains("invalid") || lower.contains("parse") {
        return format!("the answer from {url} is not HTTP: {all}");
    }
    format!("no answer from {url}: {all}")
}
