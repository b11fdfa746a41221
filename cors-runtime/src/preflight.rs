//! The one place a preflight is answered.
//!
//! Every preflight answerer is a [`Table`]: the policies of a path by method. A `cors_route!`
//! path builds one from the methods its handlers are routed on ([`Table::routed`]);
//! `preflight!`, a handler's `preflight` companion and a router-wide policy build one from the
//! methods each policy claims ([`Table::claimed`]). Either way [`Table::options`] answers:
//! a plain `OPTIONS` (no `Access-Control-Request-Method`) gets what the path serves, a
//! preflight for a method the table has no policy for is refused by the path, and any other
//! preflight is judged by the policy for its method ([`judge_preflight`]).
//!
//! Fetch "CORS-preflight fetch": an `OPTIONS` request with `Origin` and
//! `Access-Control-Request-Method`. Every "no" is a logged `403` with its reason.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use axum::response::{IntoResponse, Response};
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS,
    ACCESS_CONTROL_REQUEST_METHOD, ALLOW, ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};

use crate::policy::{deciding_once, OriginVerdict, Policy};
use crate::respond::{
    explained, forbidden, named_reason, precise, refusal_text, refused, shown, shown_origin,
    token_or, Reason, RequestOrigin, MALFORMED_METHOD, ORIGIN_NOT_ALLOWED, TRUE, VARY_PREFLIGHT,
};
use crate::throttle;

const VARY_PREFLIGHT_PNA: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network",
);
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");
const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

/// The request headers a preflight is judged by, read in one pass over the request's headers
/// (no lookup hashes a header name): what `get_all` and `get` on each name would give.
pub(crate) struct PreflightHeaders<'a> {
    /// `Origin`.
    pub(crate) origin: RequestOrigin<'a>,
    /// The first `Access-Control-Request-Method`.
    method: Option<&'a HeaderValue>,
    /// Whether there is more than one `Access-Control-Request-Method`.
    methods_repeated: bool,
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

    /// Whether the request is a preflight: `Origin` and `Access-Control-Request-Method`.
    pub(crate) fn is_preflight(&self) -> bool {
        !matches!(self.origin, RequestOrigin::Absent) && self.method.is_some()
    }

    /// The requested method if the request names exactly one (an HTTP token).
    fn single_method(&self) -> Option<&'a [u8]> {
        self.method
            .filter(|_| !self.methods_repeated)
            .and_then(method_token)
    }
}

/// The value of `Access-Control-Request-Method` if it is an HTTP token (one method name).
fn method_token(value: &HeaderValue) -> Option<&[u8]> {
    let bytes = value.as_bytes();
    (bytes.len() <= 32 && crate::rules::is_token(bytes)).then_some(bytes)
}

/// One method a table answers preflights for, and the policy that judges them.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// The method, or `*` for any method (a policy with `methods = "*"`).
    method: Method,
    policy: &'static Policy,
    /// The headers of a granted preflight of this method.
    answer: Answer,
}

/// The headers a granted preflight carries besides the origin, made from the policy's text
/// once, when the table is built.
#[derive(Clone, Debug)]
struct Answer {
    /// `Access-Control-Allow-Methods`.
    allow_methods: Option<HeaderValue>,
    /// `Access-Control-Allow-Headers`.
    allow_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`.
    max_age: Option<HeaderValue>,
}

impl Answer {
    fn new(policy: &Policy, allow_methods: Option<HeaderValue>) -> Self {
        Answer {
            allow_methods,
            allow_headers: policy.allow_headers.map(HeaderValue::from_static),
            max_age: policy.max_age.map(HeaderValue::from_static),
        }
    }
}

impl Entry {
    /// The handler routed on `method` has `policy`. A policy without `methods` allows the
    /// method its handler is routed on: say so to the browser when that method needs it (GET,
    /// HEAD and POST never do).
    pub(crate) fn routed(method: Method, policy: &'static Policy) -> Self {
        let safelisted = crate::rules::SAFELISTED_METHODS.contains(&method.as_str());
        let allow_methods = match (policy.allow_methods, safelisted) {
            (Some(listed), _) => Some(HeaderValue::from_static(listed)),
            (None, false) => HeaderValue::from_str(method.as_str()).ok(),
            (None, true) => None,
        };
        Entry {
            method,
            policy,
            answer: Answer::new(policy, allow_methods),
        }
    }

    /// `policy` claims `method` (one of its `methods`, or GET, HEAD and POST without any).
    fn claimed(method: &str, policy: &'static Policy) -> Self {
        Entry {
            method: Method::from_bytes(method.as_bytes()).expect("a policy's methods are tokens"),
            policy,
            answer: Answer::new(policy, policy.allow_methods.map(HeaderValue::from_static)),
        }
    }
}

/// How a table came to know its methods, which decides what it says when a method has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The methods the handlers of a `cors_route!` path are routed on.
    Routed,
    /// The methods the policies claim (`preflight!`, a companion, a router-wide policy).
    Claimed,
}

/// The policies of a path, by method: what answers its preflights.
#[derive(Debug)]
pub(crate) struct Table {
    /// Which table this is, for the log's throttle (an address may be reused once a router
    /// is dropped; this never is).
    id: usize,
    entries: Box<[Entry]>,
    source: Source,
    /// `Allow` for a plain `OPTIONS` on a `cors_route!` path: the routed methods.
    allow: Option<HeaderValue>,
    /// `GET (app::list), POST (app::create)`, or for claimed methods `` `app::list` answers
    /// GET, HEAD, POST ``: what the path serves, for log lines.
    described: String,
    /// `GET, POST`: the methods the table answers for, for the reason of a refused preflight.
    methods: String,
    /// How many headers a granted preflight's map is made for: its own, axum's
    /// `Content-Length`, and under a router-wide policy axum's `Allow` (the answer then comes
    /// from the path's 405 fallback). Growing the map costs more than a larger one, and a
    /// larger one more than a small one: the right size for each.
    room: usize,
    /// For each of [`STANDARD_METHODS`], the index of its entry in `entries`, so that a
    /// request's method needs no search.
    standard: [Option<u16>; STANDARD_METHODS.len()],
    /// The entry for any other method (`methods = "*"`).
    any: Option<u16>,
}

/// The methods [`standard_method`] recognises.
const STANDARD_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
];

/// The index of `method` in [`STANDARD_METHODS`] (methods are case-sensitive).
fn standard_method(method: &[u8]) -> Option<usize> {
    Some(match method {
        b"GET" => 0,
        b"HEAD" => 1,
        b"POST" => 2,
        b"PUT" => 3,
        b"DELETE" => 4,
        b"PATCH" => 5,
        b"OPTIONS" => 6,
        b"CONNECT" => 7,
        b"TRACE" => 8,
        _ => return None,
    })
}

impl Table {
    /// The table of a `cors_route!` path: one entry per routed method.
    pub(crate) fn routed(entries: Vec<Entry>) -> Self {
        let mut described = String::new();
        for entry in &entries {
            if !described.is_empty() {
                described.push_str(", ");
            }
            let _ = write!(described, "{} (`{}`)", entry.method, entry.policy.handler);
        }
        let mut allow: Vec<&str> = entries.iter().map(|e| e.method.as_str()).collect();
        let methods = allow.join(", ");
        if allow.contains(&"GET") && !allow.contains(&"HEAD") {
            allow.push("HEAD");
        }
        allow.push("OPTIONS");
        let allow = HeaderValue::from_str(&allow.join(",")).expect("method names are tokens");
        Table::new(entries, Source::Routed, Some(allow), described, methods)
    }

    /// The table of policies that each answer the methods they claim (the first claiming a
    /// method judges it; `preflight!` has checked at compile time that no two differ).
    pub(crate) fn claimed(policies: &[&'static Policy]) -> Self {
        let mut entries: Vec<Entry> = Vec::new();
        let mut methods: Vec<&str> = Vec::new();
        for policy in policies {
            for &method in policy.preflight_methods() {
                if !entries.iter().any(|e| e.method.as_str() == method) {
                    entries.push(Entry::claimed(method, policy));
                    methods.push(method);
                }
            }
        }
        let described = policies
            .iter()
            .map(|p| {
                let methods = match p.preflight_methods() {
                    ["*"] => "every method".to_string(),
                    listed => listed.join(", "),
                };
                format!("`{}` answers {methods}", p.handler)
            })
            .collect::<Vec<_>>()
            .join("; ");
        let methods = methods.join(", ");
        Table::new(entries, Source::Claimed, None, described, methods)
    }

    fn new(
        entries: Vec<Entry>,
        source: Source,
        allow: Option<HeaderValue>,
        described: String,
        methods: String,
    ) -> Self {
        let index = |at: usize| u16::try_from(at).expect("at most one entry per method");
        let any = entries.iter().position(|e| e.method.as_str() == "*");
        static TABLES: AtomicUsize = AtomicUsize::new(0);
        let mut table = Table {
            id: TABLES.fetch_add(1, Ordering::Relaxed),
            entries: entries.into_boxed_slice(),
            source,
            allow,
            described,
            methods,
            standard: [None; STANDARD_METHODS.len()],
            any: any.map(index),
            room: 6,
        };
        for (i, method) in STANDARD_METHODS.iter().enumerate() {
            table.standard[i] = table.search(method.as_bytes()).map(index);
        }
        table
    }

    /// The table of a router-wide policy: [`Table::claimed`], answering from a path's 405
    /// fallback, to which axum adds `Allow`. Made once per policy for the life of the program
    /// (policies live as long: `static`s, or leaked when built from a configuration), so that
    /// the routes under it share it and a route's clone per request copies a reference (the
    /// `Arc` is for reporting it as an inner policy's answerer, at start-up). Its
    /// log throttle is the policy's, as a refused origin's already is.
    pub(crate) fn router_wide(policy: &'static Policy) -> &'static Arc<Table> {
        static MADE: Mutex<Option<HashMap<usize, &'static Arc<Table>>>> = Mutex::new(None);
        let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
        made.get_or_insert_with(HashMap::new)
            .entry(std::ptr::from_ref(policy) as usize)
            .or_insert_with(|| {
                Box::leak(Box::new(Arc::new(Table {
                    room: 8,
                    ..Table::claimed(&[policy])
                })))
            })
    }

    /// Validates what the policies read at start-up (`origins_env`) and panics with the
    /// policy's error if one is invalid: called when a router is built, so that a bad value
    /// stops the program there, never on a request.
    pub(crate) fn validated(self) -> Self {
        for entry in self.entries.iter() {
            if let Err(e) = entry.policy.validate() {
                panic!("{e}");
            }
        }
        self
    }

    /// The entry for `method`: its own, GET's for HEAD (axum serves HEAD with the GET
    /// handler), or the one for any method.
    fn entry(&self, method: &[u8]) -> Option<&Entry> {
        let at = match standard_method(method) {
            Some(i) => self.standard[i],
            None => self.search(method).and_then(|at| u16::try_from(at).ok()),
        };
        at.map(|at| &self.entries[usize::from(at)])
    }

    /// [`entry`](Self::entry)'s index in `entries`, by a search.
    fn search(&self, method: &[u8]) -> Option<usize> {
        let exact = self
            .entries
            .iter()
            .position(|e| e.method.as_str().as_bytes() == method);
        exact
            .or_else(|| match method {
                b"HEAD" => self.entries.iter().position(|e| e.method == Method::GET),
                _ => None,
            })
            .or_else(|| self.any.map(usize::from))
    }

    /// The policy that judges requests with `method` (HEAD as GET), if any.
    pub(crate) fn policy_for(&self, method: &Method) -> Option<&'static Policy> {
        self.entry(method.as_str().as_bytes()).map(|e| e.policy)
    }

    /// The policies of the path, in order.
    pub(crate) fn policies(&self) -> impl Iterator<Item = &'static Policy> + '_ {
        self.entries.iter().map(|e| e.policy)
    }

    /// The answer to an `OPTIONS` request on the path.
    pub(crate) fn options(&self, request: &HeaderMap) -> Response {
        let read = PreflightHeaders::read(request);
        if !read.is_preflight() {
            return self.plain_options(&read);
        }
        self.preflight(&read)
    }

    /// The answer to a preflight whose headers are read ([`PreflightHeaders::is_preflight`]).
    pub(crate) fn preflight(&self, read: &PreflightHeaders<'_>) -> Response {
        let origin = &read.origin;
        let Some(method) = read.single_method() else {
            return self.refuse(origin, None);
        };
        match self.entry(method) {
            Some(entry) => judge_preflight(entry.policy, read, &entry.answer, self.room),
            None => self.refuse(origin, Some(method)),
        }
    }

    /// `OPTIONS` that is not a preflight: never a grant. A `cors_route!` path says what it
    /// serves (RFC 9110, OPTIONS); an `OPTIONS` route that only answers preflights answers it
    /// as axum answers a method it has no handler for.
    fn plain_options(&self, read: &PreflightHeaders<'_>) -> Response {
        if read.method.is_some() {
            tracing::debug!(target: "axum_strict_cors", "OPTIONS with Access-Control-Request-Method but no Origin: not a preflight");
        }
        let mut response = match &self.allow {
            Some(allow) => {
                let mut response = StatusCode::NO_CONTENT.into_response();
                response.headers_mut().insert(ALLOW, allow.clone());
                response
            }
            None => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        };
        response.headers_mut().append(VARY, VARY_PREFLIGHT);
        response
    }

    /// A preflight for a method the table has no policy for (or for no single method): 403,
    /// logged with what the path serves; its reason in the body and the `x-cors-refused`
    /// header (the path's methods only to an origin the path allows).
    fn refuse(&self, origin: &RequestOrigin<'_>, method: Option<&[u8]>) -> Response {
        let vary = self
            .entries
            .first()
            .map_or(VARY_PREFLIGHT, |e| vary_preflight(e.policy));
        let kind = match method {
            Some(_) => refused::METHOD,
            None => refused::MALFORMED_METHOD,
        };
        // Tables and policies never share a place: a table's is odd, a policy's address even.
        if let Some(loudness) = throttle::loudness(self.id * 2 + 1, kind) {
            let reason = match (method, self.source) {
                (Some(method), Source::Routed) => format!(
                    "method {} is not routed on this path (routed: {}); route it in the same cors_route!(..) to a #[cors] handler whose policy allows it",
                    shown(method),
                    self.described
                ),
                (Some(method), Source::Claimed) => format!(
                    "method {} is not allowed on this path ({}); add it to `methods` of the policy that serves it",
                    shown(method),
                    self.described,
                ),
                (None, _) => format!(
                    "Access-Control-Request-Method is not a single method name (browsers send exactly one); on this path: {}",
                    self.described
                ),
            };
            let origin = shown_origin(origin);
            throttle::log(
                loudness,
                "",
                &origin,
                format_args!("CORS preflight from {origin} to this path refused with 403: {reason}. The browser will not send the request."),
            );
        }
        let reason = deciding_once(|| self.refusal_reason(origin, method));
        explained(forbidden(vary), reason)
    }

    /// What a preflight refused by the path itself tells its caller: for a method the path
    /// has no policy for, the method (when it is an HTTP token) and the path's methods, but
    /// only to an origin that some policy of the path allows; any other caller learns only
    /// that its origin is not allowed.
    fn refusal_reason(&self, origin: &RequestOrigin<'_>, method: Option<&[u8]>) -> Reason {
        let Some(method) = method else {
            return MALFORMED_METHOD;
        };
        let allowed = |p: &Policy| matches!(origin.verdict(p), OriginVerdict::Allowed(_));
        let name = token_or(method, "(invalid-name)");
        match self.source {
            Source::Routed => {
                if !self.policies().any(allowed) {
                    return ORIGIN_NOT_ALLOWED;
                }
                let routed = &self.methods;
                named_reason(
                    refused::METHOD_NOT_ROUTED,
                    "method",
                    &name,
                    &format!("routed methods: {routed}"),
                )
            }
            Source::Claimed => {
                // Only the methods of the policies that allow this origin.
                let mut methods: Vec<&str> = Vec::new();
                for entry in self.entries.iter().filter(|e| allowed(e.policy)) {
                    if !methods.contains(&entry.method.as_str()) {
                        methods.push(entry.method.as_str());
                    }
                }
                if methods.is_empty() {
                    return ORIGIN_NOT_ALLOWED;
                }
                let allows = format!("allowed methods: {}", methods.join(", "));
                named_reason(refused::METHOD, "method", &name, &allows)
            }
        }
    }
}

/// A claimed table built on first use: the `preflight` companion of a handler.
pub struct PreflightCell(OnceLock<Arc<Table>>);

impl PreflightCell {
    /// An empty cell, for a `static`.
    #[must_use]
    pub const fn new() -> Self {
        PreflightCell(OnceLock::new())
    }

    /// The answer to an `OPTIONS` request judged by `policies` (the table is built, and the
    /// policies validated, on the first request).
    pub fn answer(&self, policies: &[&'static Policy], request: &HeaderMap) -> Response {
        self.table(policies).options(request)
    }

    /// The table, built now if no request has built it yet.
    pub(crate) fn table(&self, policies: &[&'static Policy]) -> &Arc<Table> {
        self.0.get_or_init(|| Arc::new(Table::claimed(policies)))
    }
}

impl Default for PreflightCell {
    fn default() -> Self {
        PreflightCell::new()
    }
}

/// The answer to a preflight once `policy` is known to judge its method: the origin, the
/// requested headers and private network access are checked; `answer` holds the headers to
/// send besides the origin.
fn judge_preflight(
    policy: &Policy,
    request: &PreflightHeaders<'_>,
    answer: &Answer,
    room: usize,
) -> Response {
    let origin = &request.origin;
    let acao = match origin.verdict(policy) {
        OriginVerdict::Allowed(v) => v,
        OriginVerdict::Refused(why) => {
            return refuse_preflight(policy, origin, PreflightRefusal::Origin(why))
        }
        OriginVerdict::Absent => unreachable!("a preflight has an Origin"),
    };
    if let Some(name) = first_disallowed_header(policy, request) {
        return refuse_preflight(policy, origin, PreflightRefusal::Header(name));
    }
    // Private network access is granted only when the policy says `private_network`; without
    // it the CORS part is still granted, without `Access-Control-Allow-Private-Network` (the
    // browser decides what a missing grant means: Chrome, when it does not enforce, warns).
    let grant_pna = request.wants_private_network && policy.private_network;
    if request.wants_private_network && !policy.private_network {
        tracing::debug!(
            target: "axum_strict_cors",
            handler = policy.handler,
            "CORS preflight to `{}` asks for private network access (Access-Control-Request-Private-Network); granted without it: the policy does not say `private_network`",
            policy.handler,
        );
    }
    // One allocation of the map, no growth (`room`: what the table's answers hold).
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    let headers = response.headers_mut();
    headers.reserve(room);
    headers.insert(ACCESS_CONTROL_ALLOW_ORIGIN, acao);
    if policy.credentials {
        headers.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(v) = &answer.allow_methods {
        headers.insert(ACCESS_CONTROL_ALLOW_METHODS, v.clone());
    }
    if let Some(v) = &answer.allow_headers {
        headers.insert(ACCESS_CONTROL_ALLOW_HEADERS, v.clone());
    }
    if let Some(v) = &answer.max_age {
        headers.insert(ACCESS_CONTROL_MAX_AGE, v.clone());
    }
    if grant_pna {
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

/// Why the policy judging a preflight refused it.
enum PreflightRefusal<'a> {
    Origin(crate::policy::Refusal),
    Header(&'a [u8]),
}

fn refuse_preflight(
    policy: &Policy,
    origin: &RequestOrigin<'_>,
    why: PreflightRefusal<'_>,
) -> Response {
    let kind = match why {
        PreflightRefusal::Origin(_) => refused::ORIGIN,
        PreflightRefusal::Header(_) => refused::HEADER,
    };
    if let Some(loudness) = throttle::loudness(throttle::place(policy), kind) {
        let reason = match &why {
            PreflightRefusal::Origin(r) => format!(
                "{}; the policy allows origins: {}",
                refusal_text(precise(*r, origin)),
                policy.describe_origins()
            ),
            PreflightRefusal::Header(h) => format!(
                "request header `{}` is not allowed; allowed headers: {} (add it to `headers`)",
                shown(h),
                allowed_headers(policy, "* (not authorization)").join(", ")
            ),
        };
        let origin = shown_origin(origin);
        throttle::log(
            loudness,
            policy.handler,
            &origin,
            format_args!(
                "CORS preflight from {origin} to `{}` refused with 403: {reason}. The browser will not send the request.",
                policy.handler
            ),
        );
    }
    let reason = match why {
        // The only reason an origin that is not allowed learns.
        PreflightRefusal::Origin(_) => ORIGIN_NOT_ALLOWED,
        PreflightRefusal::Header(name) => {
            let allows = format!(
                "allowed headers: {}",
                allowed_headers(policy, "* (except authorization)").join(", ")
            );
            let name = token_or(name, "(invalid-name)");
            named_reason(refused::HEADER, "request header", &name, &allows)
        }
    };
    explained(forbidden(vary_preflight(policy)), reason)
}

/// The headers `policy` allows, for a refusal: `star` for `headers = "*"`, or `none`.
fn allowed_headers(policy: &Policy, star: &'static str) -> Vec<&'static str> {
    let mut listed: Vec<&str> = Vec::new();
    if policy.any_header && !policy.credentials {
        listed.push(star);
    }
    listed.extend(policy.headers.iter().copied());
    if listed.is_empty() {
        listed.push("none");
    }
    listed
}
