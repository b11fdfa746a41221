//! [`Reason`]: why a request was blocked, in terms a test asserts, and how a blocked request
//! is classified.

use axum::http::HeaderMap;
use axum::response::Response;

use axum_strict_cors_runtime::__private::refused;

use super::blocked::Blocked;
use super::checks::list;

/// Why a request was blocked, in terms a test can assert;
/// [`Verdict::reason`](super::Verdict::reason). Where [`Blocked`] gives the browser's console
/// wording (which is the same for every refused preflight of this crate), this says what to
/// fix. A preflight refused by this crate is
/// classified by its `x-cors-refused` header; other servers' answers by the headers they lack,
/// and an answer without a grant by its `Vary`: a policy that refuses an origin says
/// `Vary: Origin` ([`Reason::Origin`]), an answer no policy handled does not
/// ([`Reason::Unhandled`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// The page's origin is not granted: another or several `Access-Control-Allow-Origin`, or
    /// none on an answer a policy made (it says `Vary: Origin`: the policy saw the origin and
    /// refused it).
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
    /// No CORS policy handled this answer: it carries neither a grant nor `Vary: Origin`, so
    /// something outside every policy made it (a layer added outside the policy, an auth layer
    /// answering the preflight, a route without CORS). The status it had.
    ///
    /// The page's origin may well be allowed: the policy never saw the request, or never saw
    /// the answer. Fix: add the policy's `.layer(..)` after every other layer and route layer,
    /// or route it with [`cors_route!`](crate::cors_route), so that the policy's grant covers
    /// what the other layers answer. (A preflight answered 404 or 405 this way is
    /// [`Reason::NoPreflightRoute`].)
    Unhandled(u16),
    /// The preflight was granted but its status was not 2xx (an auth layer's 401, say).
    Status(u16),
    /// A redirect the browser does not follow (on a preflight, to a URL with credentials, to
    /// a non-HTTP scheme, or more than 20).
    Redirect(String),
    /// The service failed or answered something unparsable.
    Network(String),
}

/// The reason a test asserts, from Chromium's.
pub(super) fn reason_of(blocked: &Blocked) -> Reason {
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

/// Whether a `Vary` header of the response names `Origin` (or is `*`): the mark a policy that
/// checks origins leaves on its answers, those that refuse the origin included.
fn vary_lists_origin(headers: &HeaderMap) -> bool {
    list(headers, "vary")
        .iter()
        .any(|name| name.eq_ignore_ascii_case("origin") || name == "*")
}

/// Whether `blocked` is an answer without a grant that no policy handled: no
/// `Access-Control-Allow-Origin` and no `Vary: Origin`.
fn unhandled(blocked: &Blocked, headers: &HeaderMap) -> bool {
    matches!(blocked, Blocked::MissingAllowOrigin { .. }) && !vary_lists_origin(headers)
}

/// The reason of a failed CORS check of the actual request's response: as Chromium's, except
/// that an answer no policy handled is [`Reason::Unhandled`].
pub(super) fn actual_reason(blocked: &Blocked, response: &Response) -> Reason {
    match unhandled(blocked, response.headers()) {
        true => Reason::Unhandled(response.status().as_u16()),
        false => reason_of(blocked),
    }
}

/// The reason of a failed preflight: this crate's `x-cors-refused` header (and its body, which
/// names the refused header) when present; a 404 or 405 without a grant is a preflight that
/// reached no `OPTIONS` handler; any other answer without a grant and without `Vary: Origin`
/// is one no policy handled.
pub(super) async fn preflight_reason(
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
            _ if unhandled(blocked, response.headers()) => Reason::Unhandled(status),
            _ => reason_of(blocked),
        };
    };
    // The kind of refusal: the header's text up to `;` (what is allowed follows it).
    let kind = refused.split(';').next().unwrap_or_default();
    match kind {
        refused::METHOD | refused::METHOD_NOT_ROUTED | refused::MALFORMED_METHOD => {
            Reason::Method(method.to_string())
        }
        refused::HEADER => {
            let body = axum::body::to_bytes(response.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            let body = String::from_utf8_lossy(&body);
            let named = body
                .split_once("request header ")
                .and_then(|(_, rest)| rest.split_once(' '))
                .map(|(name, _)| name.to_string())
                .filter(|name| unsafe_names.contains(name));
            Reason::Header(named.unwrap_or_else(|| unsafe_names.join(",")))
        }
        _ => Reason::Origin,
    }
}
