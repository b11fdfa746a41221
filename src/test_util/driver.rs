//! The fetch driver: for each hop, the preflight when one is due, the actual request, and the
//! redirect to follow.

use std::fmt;

use axum::body::Body;
use axum::http::Method;
use axum::response::Response;
use tower::{Service, ServiceExt};

use super::blocked::Blocked;
use super::checks::{cors_check, preflight_check, unsafe_header_names};
use super::reason::{actual_reason, preflight_reason, Reason};
use super::request::{Credentials, Request};
use super::url::Target;
use super::verdict::{network, Verdict};

/// Fetch's limit on redirects.
const MAX_REDIRECTS: usize = 20;

/// [`fetch`](super::fetch)'s work.
pub(super) async fn run<S>(service: S, page_origin: &str, request: Request) -> Verdict
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
                #[cfg(feature = "http-client")]
                {
                    options = options.extension(super::remote::HopUrl(state.target.url()));
                }
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
            #[cfg(feature = "http-client")]
            {
                actual = actual.extension(super::remote::HopUrl(state.target.url()));
            }
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
            let why = actual_reason(&reason, &response);
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
