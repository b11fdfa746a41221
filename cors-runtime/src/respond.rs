//! What a policy does to requests: the headers of actual responses, and preflight answers.
//!
//! Every refusal is logged once, with its reason, on the `axum_cors` target: actual requests at
//! `debug` (the handler still answers, the browser withholds the response from the page),
//! preflights at `warn` (the browser will not send the request at all).

use axum::response::{IntoResponse, Response};
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE,
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use std::borrow::Cow;

use crate::policy::{OriginVerdict, Policy, Refusal};

const TRUE: HeaderValue = HeaderValue::from_static("true");
const STAR: HeaderValue = HeaderValue::from_static("*");
const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
pub(crate) const VARY_PREFLIGHT: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);
const VARY_PREFLIGHT_PNA: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
);
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

/// The `Origin` of a request, captured before the request is consumed: borrowed from the
/// request's headers, or [owned](RequestOrigin::into_owned) to outlive them.
#[derive(Debug, Clone)]
pub enum RequestOrigin<'a> {
    /// No `Origin` header.
    Absent,
    /// Exactly one.
    One(Cow<'a, HeaderValue>),
    /// More than one: never allowed.
    Repeated,
}

impl<'a> RequestOrigin<'a> {
    /// Reads the `Origin` header(s), without copying them.
    #[inline]
    pub fn capture(headers: &'a HeaderMap) -> Self {
        let mut all = headers.get_all(ORIGIN).iter();
        match (all.next(), all.next()) {
            (None, _) => RequestOrigin::Absent,
            (Some(one), None) => RequestOrigin::One(Cow::Borrowed(one)),
            (Some(_), Some(_)) => RequestOrigin::Repeated,
        }
    }

    /// The same, kept until the request's answer (a cheap clone of the header value).
    pub fn into_owned(self) -> RequestOrigin<'static> {
        match self {
            RequestOrigin::Absent => RequestOrigin::Absent,
            RequestOrigin::One(origin) => RequestOrigin::One(Cow::Owned(origin.into_owned())),
            RequestOrigin::Repeated => RequestOrigin::Repeated,
        }
    }

    /// Matches the captured `Origin` against `policy`.
    #[inline]
    pub(crate) fn verdict(&self, policy: &Policy) -> OriginVerdict {
        match self {
            RequestOrigin::Absent => OriginVerdict::Absent,
            RequestOrigin::One(origin) => policy.match_origin(origin),
            RequestOrigin::Repeated => OriginVerdict::Refused(Refusal::Repeated),
        }
    }
}

/// The request headers a preflight is judged by, read in one pass over the request's headers
/// (no lookup hashes a header name): what `get_all` and `get` on each name would give.
pub(crate) struct PreflightHeaders<'a> {
    /// `Origin`.
    pub(crate) origin: RequestOrigin<'a>,
    /// The first `Access-Control-Request-Method`.
    pub(crate) method: Option<&'a HeaderValue>,
    /// Whether there is more than one `Access-Control-Request-Method`.
    pub(crate) methods_repeated: bool,
    /// The first `Access-Control-Request-Headers`, and whether more follow.
    request_headers: Option<&'a HeaderValue>,
    request_headers_repeated: bool,
    /// The first `Access-Control-Request-Private-Network` is `true`.
    wants_private_network: bool,
    headers: &'a HeaderMap,
}

impl<'a> PreflightHeaders<'a> {
    /// Reads them. `HeaderMap::iter` gives every value of a name in the order `get_all`
    /// does, so the first one seen is what `get` would return.
    pub(crate) fn read(headers: &'a HeaderMap) -> Self {
        let mut origin = RequestOrigin::Absent;
        let mut method = None;
        let mut methods_repeated = false;
        let mut request_headers = None;
        let mut request_headers_repeated = false;
        let mut private_network = None;
        for (name, value) in headers {
            if name == ORIGIN {
                origin = match origin {
                    RequestOrigin::Absent => RequestOrigin::One(Cow::Borrowed(value)),
                    _ => RequestOrigin::Repeated,
                };
            } else if name == ACCESS_CONTROL_REQUEST_METHOD {
                methods_repeated = method.is_some();
                method = method.or(Some(value));
            } else if name == ACCESS_CONTROL_REQUEST_HEADERS {
                request_headers_repeated = request_headers.is_some();
                request_headers = request_headers.or(Some(value));
            } else if private_network.is_none() && name == REQUEST_PRIVATE_NETWORK {
                private_network = Some(value);
            }
        }
        PreflightHeaders {
            origin,
            method,
            methods_repeated,
            request_headers,
            request_headers_repeated,
            wants_private_network: private_network.is_some_and(|v| v.as_bytes() == b"true"),
            headers,
        }
    }

    /// The requested method if the request names exactly one (an HTTP token).
    pub(crate) fn single_method(&self) -> Option<&'a [u8]> {
        self.method
            .filter(|_| !self.methods_repeated)
            .and_then(method_token)
    }
}

/// Adds the CORS headers `policy` grants to the response of an actual (non-preflight) request.
/// `Vary` is appended to, never replaced.
#[inline]
pub(crate) fn grant_actual(policy: &Policy, verdict: OriginVerdict, headers: &mut HeaderMap) {
    if !policy.varies_by_origin() {
        // `origins = "*"` without credentials: the same answer for everyone, no `Vary` needed.
        headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, STAR);
        if let Some(expose) = &policy.expose_headers {
            headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
        return;
    }
    headers.append(VARY, VARY_ORIGIN);
    match verdict {
        OriginVerdict::Allowed(acao) => {
            headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, acao);
            if policy.credentials {
                headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
            if let Some(expose) = &policy.expose_headers {
                headers.insert(ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
            }
        }
        OriginVerdict::Refused(_) | OriginVerdict::Absent => {}
    }
}

/// Logs why an actual request gets no grant (once per request: by the first extractor).
pub(crate) fn log_actual_refusal(policy: &Policy, why: Refusal, request: &HeaderMap) {
    if !tracing::enabled!(target: "axum_cors", tracing::Level::DEBUG) {
        return;
    }
    let captured = RequestOrigin::capture(request);
    let why = precise(why, &captured);
    let origin = shown_origin(&captured);
    tracing::debug!(
        target: "axum_cors",
        handler = policy.handler,
        origin = %origin,
        "CORS: origin {origin} refused by `{}`: {}; the policy allows origins: {}. {}",
        policy.handler,
        refusal_text(why),
        policy.describe_origins(),
        match policy.reject_disallowed {
            true => "Answered 403 without running the handler (reject_disallowed).",
            false => "The handler ran, but the browser will not let the page read the response.",
        },
    );
}

pub(crate) fn shown_origin(origin: &RequestOrigin<'_>) -> String {
    match origin {
        RequestOrigin::Absent => "(no Origin)".into(),
        RequestOrigin::One(v) => shown(v.as_bytes()),
        RequestOrigin::Repeated => "(several Origin headers)".into(),
    }
}

/// The precise reason for a log line: a refusal decided without parsing the origin
/// (`NotListed`) is reported as malformed when it is.
fn precise(why: Refusal, origin: &RequestOrigin<'_>) -> Refusal {
    match (why, origin) {
        (Refusal::NotListed, RequestOrigin::One(v))
            if crate::policy::serialized_origin(v.as_bytes()).is_none() =>
        {
            Refusal::Malformed
        }
        _ => why,
    }
}

fn refusal_text(why: Refusal) -> &'static str {
    match why {
        Refusal::Repeated => "the request has several Origin headers",
        Refusal::Malformed => "the Origin header is not a serialized origin",
        Refusal::Null => "origin `null` (sandboxed or file: page) is refused unless the policy says `allow_null_origin`",
        Refusal::NotListed => "this origin is not in the policy",
    }
}

/// A header value for a log line: at most 100 characters, control bytes escaped.
pub(crate) fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(100)]);
    let mut out: String = text.escape_debug().collect();
    if bytes.len() > 100 {
        out.push('…');
    }
    out
}

/// The response of a refused preflight, or of an actual request refused by
/// `reject_disallowed`: 403, no grant.
pub(crate) fn forbidden(vary: HeaderValue) -> Response {
    let mut response = StatusCode::FORBIDDEN.into_response();
    response.headers_mut().append(VARY, vary);
    response
}

/// The answer of a path's preflight handler: `policies` are those of the handlers on the path.
///
/// Fetch "CORS-preflight fetch": an `OPTIONS` request with `Origin` and
/// `Access-Control-Request-Method`. The policy claiming the requested method judges it.
pub fn preflight(policies: &[&'static Policy], request: &HeaderMap) -> Response {
    let read = PreflightHeaders::read(request);
    let origin = &read.origin;
    if matches!(origin, RequestOrigin::Absent) || read.method.is_none() {
        // Not a preflight: never approve it as one.
        return plain_options(origin, request);
    }
    // A preflight: from here on every "no" is a logged 403.
    let Some(method) = read.single_method() else {
        let policy = policies.first().copied();
        return refuse_preflight(policy, origin, PreflightRefusal::MalformedMethod(policies));
    };
    let Some(policy) = policies.iter().copied().find(|p| claims(p, method)) else {
        return refuse_preflight(
            policies.first().copied(),
            origin,
            PreflightRefusal::Method(method, policies),
        );
    };
    judge_preflight(policy, &read, policy.allow_methods.as_ref())
}

/// The answer to a preflight once `policy` is known to judge its method: the origin, the
/// requested headers and private network access are checked; `allow_methods` is the
/// `Access-Control-Allow-Methods` to send.
pub(crate) fn judge_preflight(
    policy: &Policy,
    request: &PreflightHeaders<'_>,
    allow_methods: Option<&HeaderValue>,
) -> Response {
    let origin = &request.origin;
    let acao = match origin.verdict(policy) {
        OriginVerdict::Allowed(v) => v,
        OriginVerdict::Refused(why) => {
            return refuse_preflight(Some(policy), origin, PreflightRefusal::Origin(why))
        }
        OriginVerdict::Absent => unreachable!("checked above"),
    };
    if let Some(name) = first_disallowed_header(policy, request) {
        return refuse_preflight(Some(policy), origin, PreflightRefusal::Header(name));
    }
    let wants_pna = request.wants_private_network;
    if wants_pna && !policy.private_network {
        return refuse_preflight(Some(policy), origin, PreflightRefusal::PrivateNetwork);
    }
    // At most six headers: one allocation of the map, no growth.
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.reserve(6);
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, acao);
    if policy.credentials {
        headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(v) = allow_methods {
        headers.insert(ACCESS_CONTROL_ALLOW_METHODS, v.clone());
    }
    if let Some(v) = &policy.allow_headers {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, v.clone());
    }
    if let Some(v) = &policy.max_age {
        headers.insert(ACCESS_CONTROL_MAX_AGE, v.clone());
    }
    if wants_pna {
        headers.insert(ALLOW_PRIVATE_NETWORK, TRUE);
    }
    headers.append(VARY, vary_preflight(policy));
    response
}

fn vary_preflight(policy: &Policy) -> HeaderValue {
    match policy.private_network {
        true => VARY_PREFLIGHT_PNA,
        false => VARY_PREFLIGHT,
    }
}

/// `OPTIONS` that is not a preflight: this route only answers preflights, like axum answers a
/// method it has no handler for.
fn plain_options(origin: &RequestOrigin<'_>, request: &HeaderMap) -> Response {
    let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
    response.headers_mut().append(VARY, VARY_PREFLIGHT);
    if matches!(origin, RequestOrigin::Absent)
        && request.contains_key(ACCESS_CONTROL_REQUEST_METHOD)
    {
        tracing::debug!(target: "axum_cors", "OPTIONS with Access-Control-Request-Method but no Origin: not a preflight");
    }
    response
}

/// The value of `Access-Control-Request-Method` if it is an HTTP token (one method name).
pub(crate) fn method_token(value: &HeaderValue) -> Option<&[u8]> {
    let bytes = value.as_bytes();
    (bytes.len() <= 32 && crate::rules::is_token(bytes)).then_some(bytes)
}

/// Whether `policy` answers preflights for `method` on a shared path
/// ([`Policy::preflight_methods`]). Methods are case-sensitive.
fn claims(policy: &Policy, method: &[u8]) -> bool {
    let listed = policy.preflight_methods();
    // axum serves HEAD with the GET handler, so a policy for GET answers for HEAD.
    let head_via_get = method == b"HEAD" && listed.contains(&"GET");
    listed.contains(&"*") || head_via_get || listed.iter().any(|m| m.as_bytes() == method)
}

/// The first requested header the policy does not allow. One pass over the bytes, no
/// allocation: a megabyte of commas costs what its length costs, nothing more.
fn first_disallowed_header<'a>(
    policy: &Policy,
    request: &PreflightHeaders<'a>,
) -> Option<&'a [u8]> {
    let first = request.request_headers?;
    if !request.request_headers_repeated {
        return disallowed_in(policy, first);
    }
    request
        .headers
        .get_all(ACCESS_CONTROL_REQUEST_HEADERS)
        .iter()
        .find_map(|value| disallowed_in(policy, value))
}

/// The first header named in one `Access-Control-Request-Headers` value that the policy does
/// not allow.
fn disallowed_in<'a>(policy: &Policy, value: &'a HeaderValue) -> Option<&'a [u8]> {
    value
        .as_bytes()
        .split(|b| *b == b',')
        .map(<[u8]>::trim_ascii)
        .filter(|name| !name.is_empty())
        .find(|name| !policy.allows_header(name))
}

enum PreflightRefusal<'a> {
    Origin(Refusal),
    MalformedMethod(&'a [&'static Policy]),
    /// No handler on the path claims the method: the path's policies, for the log.
    Method(&'a [u8], &'a [&'static Policy]),
    Header(&'a [u8]),
    PrivateNetwork,
}

fn refuse_preflight(
    policy: Option<&Policy>,
    origin: &RequestOrigin<'_>,
    why: PreflightRefusal<'_>,
) -> Response {
    let vary = policy.map_or(VARY_PREFLIGHT, vary_preflight);
    if tracing::enabled!(target: "axum_cors", tracing::Level::WARN) {
        // A method no handler claims (or no method at all) is refused by the path, not by one
        // of its handlers.
        let judge = match why {
            PreflightRefusal::Method(..) | PreflightRefusal::MalformedMethod(_) => None,
            _ => policy,
        };
        let target = judge.map_or_else(|| "this path".to_string(), |p| format!("`{}`", p.handler));
        let handler = judge.map_or("", |p| p.handler);
        let reason = match (&why, policy) {
            (PreflightRefusal::Origin(r), Some(p)) => {
                let r = &precise(*r, origin);
                format!("{}; the policy allows origins: {}", refusal_text(*r), p.describe_origins())
            }
            (PreflightRefusal::MalformedMethod(policies), _) => format!(
                "Access-Control-Request-Method is not a single method name (browsers send exactly one); on this path {}",
                path_methods(policies),
            ),
            (PreflightRefusal::Method(m, policies), _) => format!(
                "method {} is not allowed on this path ({}); add it to `methods` of the handler that serves it",
                shown(m),
                path_methods(policies),
            ),
            (PreflightRefusal::Header(h), Some(p)) => format!(
                "request header `{}` is not allowed; allowed headers: {} (add it to `headers`)",
                shown(h),
                if p.headers.is_empty() && !p.any_header { "none".into() } else if p.any_header { format!("* (not authorization){}", p.headers.iter().map(|h| format!(", {h}")).collect::<String>()) } else { p.headers.join(", ") }
            ),
            (PreflightRefusal::PrivateNetwork, _) => {
                "the page asks for private network access (Access-Control-Request-Private-Network) and the policy does not say `private_network`".into()
            }
            _ => "refused".into(),
        };
        tracing::warn!(
            target: "axum_cors",
            handler,
            origin = %shown_origin(origin),
            "CORS preflight from {} to {target} refused with 403: {}. The browser will not send the request.",
            shown_origin(origin),
            reason,
        );
    }
    explained(forbidden(vary), refusal_reason(policy, origin, &why))
}

/// The response header that carries a refused preflight's reason. The browser hides a
/// refused preflight's details from page script, but DevTools shows this header (and the body)
/// on the preflight's entry in the Network panel. Unlike the body, the header never repeats
/// anything the request sent (response headers never echo request text): it says which kind of
/// refusal it was and what the path allows.
pub(crate) const REFUSED_HEADER: HeaderName = HeaderName::from_static("x-cors-refused");

/// Puts a refused preflight's reason on its 403: `header` in [`REFUSED_HEADER`], `body` as a
/// plain-text body.
pub(crate) fn explained(mut response: Response, reason: Reason) -> Response {
    let (header, body) = match reason {
        Reason::Fixed { header, body } => (
            Some(HeaderValue::from_static(header)),
            axum::body::Body::from(body),
        ),
        Reason::Named { header, body } => (
            HeaderValue::from_str(&header).ok(),
            axum::body::Body::from(format!("CORS preflight refused: {body}\n")),
        ),
    };
    let headers = response.headers_mut();
    if let Some(value) = header {
        headers.insert(REFUSED_HEADER, value);
    }
    headers.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(
        http::header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    *response.body_mut() = body;
    response
}

/// Why a preflight (or, under `reject_disallowed`, an actual request) was refused, as its
/// `x-cors-refused` header and its body say it.
pub(crate) enum Reason {
    /// The same text for every such refusal: written without allocating.
    Fixed {
        header: &'static str,
        /// The whole body.
        body: &'static str,
    },
    /// Text naming the refused method or header and what is allowed instead.
    Named { header: String, body: String },
}

/// A [`Reason::Fixed`] from its text.
macro_rules! fixed_reason {
    ($text:literal) => {
        Reason::Fixed {
            header: $text,
            body: concat!("CORS preflight refused: ", $text, "\n"),
        }
    };
}

/// The only reason an origin that is not allowed learns.
const ORIGIN_NOT_ALLOWED: Reason = fixed_reason!("origin not allowed");
/// What `reject_disallowed` answers an actual request from an origin that is not allowed.
const REQUEST_ORIGIN_NOT_ALLOWED: Reason = Reason::Fixed {
    header: "origin not allowed",
    body: "CORS request refused: origin not allowed\n",
};
/// The reason of a preflight whose `Access-Control-Request-Method` is not one method name.
const MALFORMED_METHOD: Reason =
    fixed_reason!("Access-Control-Request-Method is not one method name");

/// What a refused preflight tells its caller: (header text, body text). A caller whose origin
/// no policy on the path allows learns only that: never which origins, methods or headers are
/// allowed. The body names the refused method or header when it is an HTTP token.
fn refusal_reason(
    policy: Option<&Policy>,
    origin: &RequestOrigin<'_>,
    why: &PreflightRefusal<'_>,
) -> Reason {
    let allowed = |p: &Policy| matches!(origin.verdict(p), OriginVerdict::Allowed(_));
    match why {
        PreflightRefusal::Origin(_) => ORIGIN_NOT_ALLOWED,
        PreflightRefusal::MalformedMethod(_) => MALFORMED_METHOD,
        PreflightRefusal::Method(method, policies) => {
            let mut methods: Vec<&str> = Vec::new();
            for p in policies.iter().filter(|p| allowed(p)) {
                for m in p.preflight_methods() {
                    if !methods.contains(m) {
                        methods.push(m);
                    }
                }
            }
            if methods.is_empty() {
                return ORIGIN_NOT_ALLOWED;
            }
            let allows = format!("allowed methods: {}", methods.join(", "));
            let name = token_or(method, "(invalid-name)");
            Reason::Named {
                header: format!("method not allowed; {allows}"),
                body: format!("method {name} not allowed; {allows}"),
            }
        }
        PreflightRefusal::Header(name) => match policy.filter(|p| allowed(p)) {
            None => ORIGIN_NOT_ALLOWED,
            Some(p) => {
                let mut listed: Vec<&str> = Vec::new();
                if p.any_header && !p.credentials {
                    listed.push("* (except authorization)");
                }
                listed.extend(p.headers.iter().copied());
                if listed.is_empty() {
                    listed.push("none");
                }
                let allows = format!("allowed headers: {}", listed.join(", "));
                let name = token_or(name, "(invalid-name)");
                Reason::Named {
                    header: format!("request header not allowed; {allows}"),
                    body: format!("request header {name} not allowed; {allows}"),
                }
            }
        },
        PreflightRefusal::PrivateNetwork => match policy.filter(|p| allowed(p)) {
            None => ORIGIN_NOT_ALLOWED,
            Some(_) => fixed_reason!("private network access not allowed"),
        },
    }
}

/// What a preflight refused by a `cors_route!` path itself tells its caller. For a method no
/// handler of the path is routed on: the method (when it is an HTTP token) and the routed
/// methods, but only to an origin that some policy of the path allows; any other caller
/// learns only that its origin is not allowed. For no single method (`None`): only that.
pub(crate) fn path_refusal_reason(
    policies: impl IntoIterator<Item = &'static Policy>,
    origin: &RequestOrigin<'_>,
    method: Option<&[u8]>,
    routed: &str,
) -> Reason {
    let Some(method) = method else {
        return MALFORMED_METHOD;
    };
    let allowed = policies
        .into_iter()
        .any(|p| matches!(origin.verdict(p), OriginVerdict::Allowed(_)));
    if !allowed {
        return ORIGIN_NOT_ALLOWED;
    }
    let name = token_or(method, "(invalid-name)");
    Reason::Named {
        header: format!("method is not routed on this path; routed methods: {routed}"),
        body: format!("method {name} is not routed on this path; routed methods: {routed}"),
    }
}

/// `bytes` as text if it is an HTTP token of at most 64 bytes, else `otherwise`.
fn token_or<'a>(bytes: &'a [u8], otherwise: &'a str) -> String {
    match bytes.len() <= 64 && crate::rules::is_token(bytes) {
        true => String::from_utf8_lossy(bytes).into_owned(),
        false => otherwise.into(),
    }
}

/// What each handler of a path answers preflights for: `` `app::update` answers PUT, DELETE ``.
fn path_methods(policies: &[&Policy]) -> String {
    let each = policies.iter().map(|p| {
        let methods = match p.preflight_methods() {
            ["*"] => "every method".to_string(),
            listed => listed.join(", "),
        };
        format!("`{}` answers {methods}", p.handler)
    });
    each.collect::<Vec<_>>().join("; ")
}

/// The response for an actual request refused by `reject_disallowed`.
pub(crate) fn reject_actual() -> Response {
    explained(forbidden(VARY_ORIGIN), REQUEST_ORIGIN_NOT_ALLOWED)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captures_origin() {
        let mut h = HeaderMap::new();
        assert!(matches!(RequestOrigin::capture(&h), RequestOrigin::Absent));
        h.append(ORIGIN, HeaderValue::from_static("http://a.test"));
        assert!(matches!(RequestOrigin::capture(&h), RequestOrigin::One(_)));
        h.append(ORIGIN, HeaderValue::from_static("http://b.test"));
        assert!(matches!(
            RequestOrigin::capture(&h),
            RequestOrigin::Repeated
        ));
    }

    #[test]
    fn shown_truncates_and_escapes() {
        assert_eq!(shown(b"a\nb"), "a\\nb");
        assert!(shown(&[b'x'; 500]).ends_with('…'));
    }
}
