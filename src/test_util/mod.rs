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
//! use axum_strict_cors::{cors, preflight};
//! use axum_strict_cors::test_util::{fetch, Blocked, Reason, Request};
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

mod blocked;
mod checks;
mod driver;
mod fix;
mod reason;
#[cfg(feature = "http-client")]
mod remote;
mod request;
mod unanswered;
mod url;
mod verdict;

use std::fmt;

use axum::body::Body;
use axum::response::Response;
use tower::Service;

pub use blocked::Blocked;
pub use reason::Reason;
#[cfg(feature = "http-client")]
#[cfg_attr(docsrs, doc(cfg(feature = "http-client")))]
pub use remote::{fetch_url, Exchange, Remote, RemoteError};
pub use request::{Credentials, Request};
pub use unanswered::{unanswered_preflights, Unanswered};
pub use verdict::Verdict;

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
    driver::run(service, page_origin, request).await
}
