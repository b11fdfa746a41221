//! A `#[cors]` handler under a router-wide policy keeps its own policy's word on preflights.
//!
//! A router-wide policy answers the preflights of a path by the path's own policies when the
//! path was registered with `cors_route!` or `preflight!`; a `#[cors]` handler routed with a
//! plain `put(h)` has no preflight route of its own, so the router-wide policy answers its
//! preflights by its own rules, which may allow more (another origin, another method, another
//! header). The browser then sends a request the handler's own policy would have stopped at
//! the preflight: the handler refuses it, 403, without running the user's function.
//!
//! The router-wide layer says it is there while it polls the route it wraps ([`RouterWide`]),
//! which is when a handler of that route is called; without it nothing here runs, so a
//! handler outside any router-wide policy answers as it always has (same-origin pages send
//! `Origin` on `PUT` too, and browsers never preflight them). A handler called on another
//! task (behind a `tower::buffer`) is not seen as under the policy.

use std::cell::Cell;

use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, Method};

use crate::policy::{OriginVerdict, Policy};
use crate::throttle;
use axum::response::Response;

use crate::respond::{
    explained, forbidden, refusal_text, refused, shown_origin, Reason, RequestOrigin,
    REQUEST_ORIGIN_NOT_ALLOWED, VARY_ORIGIN,
};

thread_local! {
    /// The router-wide policy polling the route being called, if any.
    static ROUTER_WIDE: Cell<Option<&'static Policy>> = const { Cell::new(None) };
}

/// While it lives, the routes polled on this thread are under the router-wide `policy`; the
/// one before is back when it drops (a router nested with its own policy, a panic).
pub(crate) struct RouterWide(Option<&'static Policy>);

/// Whether a router-wide policy is polling the route being called.
#[inline]
pub(crate) fn under_router_wide() -> bool {
    ROUTER_WIDE.get().is_some()
}

impl RouterWide {
    /// Enters `policy`; for a request a policy outside it decided (`outside`: no path
    /// matched, and the outer policy answers), keeps the policy already entered.
    #[inline]
    pub(crate) fn enter_unless(outside: bool, policy: &'static Policy) -> Self {
        let before = ROUTER_WIDE.get();
        ROUTER_WIDE.set(if outside { before } else { Some(policy) });
        RouterWide(before)
    }
}

impl Drop for RouterWide {
    #[inline]
    fn drop(&mut self) {
        ROUTER_WIDE.set(self.0);
    }
}

/// Why the handler's own policy would have refused the preflight of this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outgrown {
    /// Its origin.
    Origin,
    /// Its method.
    Method,
    /// A header the router-wide policy lists and the handler's does not allow.
    Header(&'static str),
}

/// Whether `policy` (the handler's) would have refused the preflight of this request, which a
/// router-wide policy approved. `None` for every request a browser sends without a preflight,
/// and for every request not under a router-wide policy.
#[inline]
pub(crate) fn outgrown(
    policy: &Policy,
    verdict: &OriginVerdict,
    method: &Method,
    headers: &HeaderMap,
) -> Option<Outgrown> {
    if matches!(verdict, OriginVerdict::Absent) {
        return None;
    }
    let router = ROUTER_WIDE.with(Cell::get)?;
    outgrown_under(router, policy, verdict, method, headers)
}

/// [`outgrown`] for a request under the router-wide `router` policy.
#[cold]
fn outgrown_under(
    router: &Policy,
    policy: &Policy,
    verdict: &OriginVerdict,
    method: &Method,
    headers: &HeaderMap,
) -> Option<Outgrown> {
    let origin_refused = matches!(verdict, OriginVerdict::Refused(_));
    let method_unlisted = !simple_method(method) && !lists_method(policy, method);
    if headers
        .get("sec-fetch-site")
        .is_some_and(|v| v.as_bytes() == b"same-origin")
    {
        // Same-origin requests are never preflighted.
        return None;
    }
    let preflighted_header = router
        .headers
        .iter()
        .copied()
        .filter(|name| headers.contains_key(*name))
        .filter(|name| *name != "content-type" || !simple_content_type(headers.get(CONTENT_TYPE)))
        .find(|name| !policy.allows_header(name.as_bytes()));
    let preflighted = !simple_method(method)
        || !simple_content_type(headers.get(CONTENT_TYPE))
        || preflighted_header.is_some();
    match () {
        _ if !preflighted => None,
        _ if origin_refused => Some(Outgrown::Origin),
        _ if method_unlisted => Some(Outgrown::Method),
        _ => preflighted_header.map(Outgrown::Header),
    }
}

/// Logs a request refused by [`outgrown`], at WARN: a router-wide policy let the browser send
/// something this handler's policy forbids.
pub(crate) fn log_outgrown(policy: &Policy, why: Outgrown, method: &Method, headers: &HeaderMap) {
    let kind = match why {
        Outgrown::Origin => "outgrown origin",
        Outgrown::Method => "outgrown method",
        Outgrown::Header(_) => "outgrown header",
    };
    let Some(loudness) = throttle::loudness(throttle::place(policy), kind) else {
        return;
    };
    let origin = shown_origin(&RequestOrigin::capture(headers));
    let reason = match why {
        Outgrown::Origin => format!(
            "{}; the policy allows origins: {}",
            refusal_text(crate::policy::Refusal::NotListed),
            policy.describe_origins()
        ),
        Outgrown::Method => format!(
            "method {method} is not in its `methods` ({})",
            policy.methods.join(", ")
        ),
        Outgrown::Header(name) => format!("request header `{name}` is not in its `headers`"),
    };
    throttle::log(
        loudness,
        policy.handler,
        &origin,
        format_args!(
            "CORS: {method} from {origin} to `{}` refused with 403 without running it: the router-wide policy answered its preflight, but this handler's own policy would not have: {reason}. Register the path with cors_route!(..) so that its preflights are judged by its own policy.",
            policy.handler
        ),
    );
}

/// The 403 of a request refused by [`outgrown`]: the kind of refusal, as a refused preflight
/// says it, and no grant.
pub(crate) fn reject_outgrown(why: Outgrown) -> Response {
    let reason = match why {
        Outgrown::Origin => REQUEST_ORIGIN_NOT_ALLOWED,
        Outgrown::Method => Reason::Fixed {
            header: refused::METHOD,
            body: "CORS request refused: method not allowed by this route's own policy\n",
        },
        Outgrown::Header(_) => Reason::Fixed {
            header: refused::HEADER,
            body: "CORS request refused: request header not allowed by this route's own policy\n",
        },
    };
    explained(forbidden(VARY_ORIGIN), reason)
}

/// GET, HEAD and POST: the methods a browser sends without a preflight.
fn simple_method(method: &Method) -> bool {
    *method == Method::GET || *method == Method::HEAD || *method == Method::POST
}

/// Whether the policy's `methods` allow `method` (a policy without `methods` allows the method
/// its handler is routed on: the one this request came in with).
fn lists_method(policy: &Policy, method: &Method) -> bool {
    policy.methods.is_empty()
        || (policy.any_method && !policy.credentials)
        || policy.methods.contains(&method.as_str())
}

/// No `Content-Type`, or one of the three a browser sends without a preflight.
fn simple_content_type(value: Option<&HeaderValue>) -> bool {
    let Some(value) = value else {
        return true;
    };
    let essence = value
        .as_bytes()
        .split(|b| *b == b';')
        .next()
        .unwrap_or_default();
    let essence = essence.trim_ascii();
    [
        &b"application/x-www-form-urlencoded"[..],
        b"multipart/form-data",
        b"text/plain",
    ]
    .iter()
    .any(|simple| essence.eq_ignore_ascii_case(simple))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_a_browser_sends_without_a_preflight() {
        for simple in [
            "text/plain",
            "text/plain; charset=utf-8",
            "Multipart/Form-Data; boundary=x",
        ] {
            assert!(
                simple_content_type(Some(&HeaderValue::from_static(simple))),
                "{simple}"
            );
        }
        assert!(simple_content_type(None));
        assert!(!simple_content_type(Some(&HeaderValue::from_static(
            "application/json"
        ))));
    }
}
