//! Which preflights of an app something other than a CORS policy answered: an auth layer,
//! a rate limit or a 404 written outside the policy.

use std::fmt;

use axum::body::Body;
use axum::http::{header, HeaderName, Method};
use axum::response::Response;
use tower::{Service, ServiceExt};

/// The methods a page's `fetch()` asks a preflight for.
const METHODS: [&str; 6] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

/// What a refused preflight of this crate carries.
const REFUSED: HeaderName = HeaderName::from_static("x-cors-refused");

/// A preflight that no CORS policy answered: a layer or route layer outside the policy did
/// (auth's `401`, a rate limit's `429`), so the browser never sends the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unanswered {
    /// The method the preflight asked for.
    pub method: String,
    /// The path it was sent to.
    pub path: String,
    /// The status of the answer it got (0: none, see `error`).
    pub status: u16,
    /// Why there was no answer at all: the request could not be made (a malformed path or
    /// origin), or the service failed (a server reached over HTTP that is down).
    pub error: Option<String>,
}

impl fmt::Display for Unanswered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(error) = &self.error {
            return write!(
                f,
                "the preflight of {} {} got no answer: {error}",
                self.method, self.path
            );
        }
        write!(
            f,
            "the preflight of {} {} was answered {} without any CORS header: a layer outside \
             the policy answered it (write the app on `POLICY.router()`, or put the policy's \
             `.layer` after every layer and route layer)",
            self.method, self.path, self.status
        )
    }
}

/// Sends a preflight from `page_origin` for each method a page may ask about (`GET`, `HEAD`,
/// `POST`, `PUT`, `PATCH`, `DELETE`, each with `Access-Control-Request-Headers:
/// content-type`) to each of `paths`, and returns those answered without any CORS header: an
/// answer no CORS policy made. A preflight a policy refused is answered by it, and not
/// listed. A preflight that got no answer at all is listed with its `error`.
pub async fn unanswered_preflights<S>(
    service: S,
    page_origin: &str,
    paths: &[&str],
) -> Vec<Unanswered>
where
    S: Service<axum::http::Request<Body>, Response = Response> + Clone,
    S::Error: fmt::Debug,
{
    let mut found = Vec::new();
    for path in paths {
        for method in METHODS {
            let unanswered = |status: u16, error: Option<String>| Unanswered {
                method: method.to_owned(),
                path: (*path).to_owned(),
                status,
                error,
            };
            let request = axum::http::Request::builder()
                .method(Method::OPTIONS)
                .uri(*path)
                .header(header::ORIGIN, page_origin)
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, method)
                .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
                .body(Body::empty());
            let request = match request {
                Ok(request) => request,
                Err(e) => {
                    found.push(unanswered(0, Some(format!("no request can be made: {e}"))));
                    continue;
                }
            };
            let answer = match service.clone().oneshot(request).await {
                Ok(answer) => answer,
                Err(e) => {
                    found.push(unanswered(0, Some(format!("the service failed: {e:?}"))));
                    continue;
                }
            };
            let headers = answer.headers();
            let by_cors = headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
                || headers.contains_key(header::ACCESS_CONTROL_ALLOW_METHODS)
                || headers.contains_key(REFUSED);
            if !by_cors {
                found.push(unanswered(answer.status().as_u16(), None));
            }
        }
    }
    found
}
