//! What a policy does to actual requests: the headers of their responses, and what every
//! refusal says (a refused preflight's too, which `preflight` answers).
//!
//! Every refusal is logged once, with its reason, on the `axum_strict_cors` target: actual requests at
//! `debug` (the handler still answers, the browser withholds the response from the page),
//! preflights at `warn` (the browser will not send the request at all).

use axum::response::{IntoResponse, Response};
use http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_EXPOSE_HEADERS,
    ORIGIN, VARY,
};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use std::borrow::Cow;

use crate::policy::{OriginVerdict, Policy, Refusal};

pub(crate) const TRUE: HeaderValue = HeaderValue::from_static("true");
const STAR: HeaderValue = HeaderValue::from_static("*");
pub(crate) const VARY_ORIGIN: HeaderValue = HeaderValue::from_static("Origin");
pub(crate) const VARY_PREFLIGHT: HeaderValue = HeaderValue::from_static(
    "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
);
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
        if headers.len() == headers.keys_len() {
            // No name has a second value, so neither has `Origin`: one look-up, no walk.
            return match headers.get(ORIGIN) {
                None => RequestOrigin::Absent,
                Some(one) => RequestOrigin::One(Cow::Borrowed(one)),
            };
        }
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
    if !tracing::enabled!(target: "axum_strict_cors", tracing::Level::DEBUG) {
        return;
    }
    let captured = RequestOrigin::capture(request);
    let why = precise(why, &captured);
    let origin = shown_origin(&captured);
    tracing::debug!(
        target: "axum_strict_cors",
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
pub(crate) fn precise(why: Refusal, origin: &RequestOrigin<'_>) -> Refusal {
    match (why, origin) {
        (Refusal::NotListed, RequestOrigin::One(v))
            if crate::policy::serialized_origin(v.as_bytes()).is_none() =>
        {
            Refusal::Malformed
        }
        _ => why,
    }
}

pub(crate) fn refusal_text(why: Refusal) -> &'static str {
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

/// The response header that carries a refused preflight's reason. The browser hides a
/// refused preflight's details from page script, but DevTools shows this header (and the body)
/// on the preflight's entry in the Network panel. Unlike the body, the header never repeats
/// anything the request sent (response headers never echo request text): it says which kind of
/// refusal it was and what the path allows.
pub(crate) const REFUSED_HEADER: HeaderName = HeaderName::from_static("x-cors-refused");

const TEXT_PLAIN: HeaderValue = HeaderValue::from_static("text/plain; charset=utf-8");
const NOSNIFF: HeaderValue = HeaderValue::from_static("nosniff");

/// Puts a refused preflight's reason on its 403: `header` in [`REFUSED_HEADER`], `body` as a
/// plain-text body, and its `Content-Length` (what axum would add, without formatting it).
pub(crate) fn explained(mut response: Response, reason: Reason) -> Response {
    let (header, length, body) = match reason {
        Reason::Known {
            header,
            length,
            body,
        } => (Some(header), length, axum::body::Body::from(body)),
        Reason::Fixed { header, body } => (
            Some(HeaderValue::from_static(header)),
            content_length(body.len()),
            axum::body::Body::from(body),
        ),
        Reason::Named { header, body } => {
            let body = format!("CORS preflight refused: {body}\n");
            (
                HeaderValue::from_str(&header).ok(),
                content_length(body.len()),
                axum::body::Body::from(body),
            )
        }
    };
    let headers = response.headers_mut();
    if let Some(value) = header {
        headers.insert(REFUSED_HEADER, value);
    }
    headers.insert(http::header::CONTENT_TYPE, TEXT_PLAIN);
    headers.insert(http::header::X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    headers.insert(http::header::CONTENT_LENGTH, length);
    *response.body_mut() = body;
    response
}

/// Every number below 1000 in three digits, `000` to `999`: the `Content-Length` of a
/// refusal's body is a slice of it (made at compile time for a [`Reason::Known`]), not a
/// number formatted into a new allocation.
static DECIMALS: [u8; 3000] = {
    let mut digits = [0; 3000];
    let mut n = 0;
    while n < 1000 {
        digits[3 * n] = b'0' + (n / 100) as u8;
        digits[3 * n + 1] = b'0' + (n / 10 % 10) as u8;
        digits[3 * n + 2] = b'0' + (n % 10) as u8;
        n += 1;
    }
    digits
};

/// `len` in decimal, for `len` below 1000.
const fn decimal(len: usize) -> &'static str {
    assert!(len < 1000, "a number below 1000");
    let lead = match len {
        100.. => 0,
        10.. => 1,
        _ => 2,
    };
    let (_, from) = DECIMALS.split_at(3 * len + lead);
    let (digits, _) = from.split_at(3 - lead);
    match std::str::from_utf8(digits) {
        Ok(text) => text,
        Err(_) => panic!("ASCII digits"),
    }
}

/// `len` as a `Content-Length` value.
fn content_length(len: usize) -> HeaderValue {
    match len {
        0..1000 => HeaderValue::from_static(decimal(len)),
        _ => HeaderValue::from(len),
    }
}

/// Why a preflight (or, under `reject_disallowed`, an actual request) was refused, as its
/// `x-cors-refused` header and its body say it.
pub(crate) enum Reason {
    /// The same text for every such refusal, its header value made at compile time.
    Known {
        header: HeaderValue,
        /// The body's `Content-Length`.
        length: HeaderValue,
        /// The whole body.
        body: &'static str,
    },
    /// The same text for every such refusal: written without allocating.
    Fixed {
        header: &'static str,
        /// The whole body.
        body: &'static str,
    },
    /// Text naming the refused method or header and what is allowed instead.
    Named { header: String, body: String },
}

/// The kinds of refusal, as the `x-cors-refused` header starts: the kind alone, or the kind,
/// `; ` and what is allowed instead. `axum_strict_cors::test_util` reads them to say why a preflight
/// was refused.
pub mod refused {
    /// An origin the policy does not allow: the only reason such an origin learns.
    pub const ORIGIN: &str = "origin not allowed";
    /// `Access-Control-Request-Method` is not one method name.
    pub const MALFORMED_METHOD: &str = "Access-Control-Request-Method is not one method name";
    /// A method the policy judging the path does not list (`; allowed methods: ..`).
    pub const METHOD: &str = "method not allowed";
    /// A method no handler of a `cors_route!` path is routed on (`; routed methods: ..`).
    pub const METHOD_NOT_ROUTED: &str = "method is not routed on this path";
    /// A requested header the policy does not allow (`; allowed headers: ..`).
    pub const HEADER: &str = "request header not allowed";
}

/// A [`Reason::Fixed`] of a preflight from the text of its kind (a literal, so that the body
/// is one constant too); a unit test checks that each equals its [`refused`] constant.
macro_rules! fixed_reason {
    ($text:literal) => {
        Reason::Known {
            header: HeaderValue::from_static($text),
            length: HeaderValue::from_static(decimal(
                concat!("CORS preflight refused: ", $text, "\n").len(),
            )),
            body: concat!("CORS preflight refused: ", $text, "\n"),
        }
    };
}

/// The only reason an origin that is not allowed learns.
pub(crate) const ORIGIN_NOT_ALLOWED: Reason = fixed_reason!("origin not allowed");
/// What `reject_disallowed` answers an actual request from an origin that is not allowed.
pub(crate) const REQUEST_ORIGIN_NOT_ALLOWED: Reason = {
    const BODY: &str = "CORS request refused: origin not allowed\n";
    Reason::Known {
        header: HeaderValue::from_static(refused::ORIGIN),
        length: HeaderValue::from_static(decimal(BODY.len())),
        body: BODY,
    }
};
/// The reason of a preflight whose `Access-Control-Request-Method` is not one method name.
pub(crate) const MALFORMED_METHOD: Reason =
    fixed_reason!("Access-Control-Request-Method is not one method name");

/// A [`Reason::Named`]: the kind and what is allowed instead in the header; in the body the
/// kind with the refused `item` after its `noun` (`method PATCH not allowed; allowed
/// methods: GET`).
pub(crate) fn named_reason(kind: &str, noun: &str, item: &str, allows: &str) -> Reason {
    let named = kind.replacen(noun, &format!("{noun} {item}"), 1);
    Reason::Named {
        header: format!("{kind}; {allows}"),
        body: format!("{named}; {allows}"),
    }
}

/// `bytes` as text if it is an HTTP token of at most 64 bytes, else `otherwise`.
pub(crate) fn token_or<'a>(bytes: &'a [u8], otherwise: &'a str) -> String {
    match bytes.len() <= 64 && crate::rules::is_token(bytes) {
        true => String::from_utf8_lossy(bytes).into_owned(),
        false => otherwise.into(),
    }
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
        // Another name with two values: `Origin` is still one.
        h.append(VARY, HeaderValue::from_static("a"));
        h.append(VARY, HeaderValue::from_static("b"));
        assert!(
            matches!(RequestOrigin::capture(&h), RequestOrigin::One(v) if v.as_ref() == "http://a.test")
        );
        h.append(ORIGIN, HeaderValue::from_static("http://b.test"));
        assert!(matches!(
            RequestOrigin::capture(&h),
            RequestOrigin::Repeated
        ));
    }

    #[test]
    fn fixed_reasons_say_their_kind() {
        for (reason, kind) in [
            (ORIGIN_NOT_ALLOWED, refused::ORIGIN),
            (MALFORMED_METHOD, refused::MALFORMED_METHOD),
            (REQUEST_ORIGIN_NOT_ALLOWED, refused::ORIGIN),
        ] {
            let Reason::Known {
                header,
                length,
                body,
            } = reason
            else {
                panic!("not known");
            };
            assert_eq!(header, kind);
            assert_eq!(length, body.len().to_string());
            assert!(body.ends_with(&format!("refused: {kind}\n")), "{body}");
        }
    }

    #[test]
    fn named_reasons_put_the_item_after_its_noun() {
        let Reason::Named { header, body } =
            named_reason(refused::METHOD, "method", "PATCH", "allowed methods: GET")
        else {
            panic!("not named");
        };
        assert_eq!(header, "method not allowed; allowed methods: GET");
        assert_eq!(body, "method PATCH not allowed; allowed methods: GET");
        let Reason::Named { body, .. } = named_reason(
            refused::HEADER,
            "request header",
            "x-a",
            "allowed headers: none",
        ) else {
            panic!("not named");
        };
        assert_eq!(
            body,
            "request header x-a not allowed; allowed headers: none"
        );
    }

    #[test]
    fn content_lengths_are_decimal() {
        for len in [0, 7, 10, 43, 99, 100, 512, 999, 1000, 123_456] {
            assert_eq!(content_length(len), len.to_string(), "{len}");
        }
    }

    #[test]
    fn shown_truncates_and_escapes() {
        assert_eq!(shown(b"a\nb"), "a\\nb");
        assert!(shown(&[b'x'; 500]).ends_with('…'));
    }
}
