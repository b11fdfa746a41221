//! A compiled CORS policy and the origin matching it does per request.
//!
//! The `#[cors]` macro builds one [`Policy`] per handler as a `static`: every header value is a
//! `HeaderValue::from_static`, exact origins sit in a collision-free hash table built at compile
//! time (one hash and one comparison per request, however many origins), and
//! nothing is parsed on the request path.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use http::HeaderValue;

use crate::rules::{self, OriginPattern, OriginSpec};

/// The CORS policy of one handler, built at compile time by `#[cors(...)]`.
///
/// Reach it as `handler::POLICY` (the companion module of an annotated handler `handler`) and
/// ask it [`allowed_origin`](Policy::allowed_origin) or [`validate`](Policy::validate). Its
/// fields serve generated code and are not part of the API.
#[derive(Debug)]
pub struct Policy {
    /// The handler's path (`my_app::routes::update`), for log lines.
    #[doc(hidden)]
    pub handler: &'static str,
    /// Which origins are granted.
    #[doc(hidden)]
    pub origins: Origins,
    /// Methods allowed in a preflight (exact, case-sensitive).
    #[doc(hidden)]
    pub methods: &'static [&'static str],
    /// `methods = "*"`.
    #[doc(hidden)]
    pub any_method: bool,
    /// Request headers allowed in a preflight, lower case.
    #[doc(hidden)]
    pub headers: &'static [&'static str],
    /// `headers = "*"` (never covers `authorization`).
    #[doc(hidden)]
    pub any_header: bool,
    /// `credentials`.
    #[doc(hidden)]
    pub credentials: bool,
    /// `private_network`.
    #[doc(hidden)]
    pub private_network: bool,
    /// `reject_disallowed`: answer actual requests from refused origins with 403, without
    /// running the handler.
    #[doc(hidden)]
    pub reject_disallowed: bool,
    /// Precomputed `Access-Control-Allow-Methods`.
    #[doc(hidden)]
    pub allow_methods: Option<HeaderValue>,
    /// Precomputed `Access-Control-Allow-Headers`.
    #[doc(hidden)]
    pub allow_headers: Option<HeaderValue>,
    /// Precomputed `Access-Control-Expose-Headers`.
    #[doc(hidden)]
    pub expose_headers: Option<HeaderValue>,
    /// Precomputed `Access-Control-Max-Age`.
    #[doc(hidden)]
    pub max_age: Option<HeaderValue>,
}

/// The origin part of a [`Policy`].
#[derive(Debug)]
pub struct Origins {
    /// `origins = "*"`.
    pub any: bool,
    /// `allow_null_origin`.
    pub null: bool,
    /// Exact origins and patterns written in the attribute.
    pub list: OriginList,
    /// `origins_fn = path`: called with a well-formed origin the list did not grant.
    pub func: Option<fn(&str) -> bool>,
    /// `origins_env = "VAR"`: read once, validated by the same rules as literal origins.
    pub env: Option<EnvOrigins>,
}

/// Exact origins (in a compile-time hash table) and wildcard patterns.
#[derive(Debug, Clone, Default)]
pub struct OriginList {
    /// Exact origins as ready-made header values.
    pub exact: Cow<'static, [HeaderValue]>,
    /// Where each exact origin sits: `slots[origin_hash(o, seed) & (len - 1)]` is 1 + its
    /// index in `exact` (0: empty). Built by the macro at compile time, so a lookup costs one
    /// hash and one comparison however many origins the policy lists.
    pub slots: Cow<'static, [u16]>,
    /// The seed that makes `slots` collision-free.
    pub seed: u64,
    /// Wildcard-subdomain and any-port patterns.
    pub patterns: Cow<'static, [OriginPattern]>,
}

/// Outcome of matching a request's `Origin` against a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OriginVerdict {
    /// No `Origin` header: not a CORS request.
    Absent,
    /// Granted: the value for `Access-Control-Allow-Origin`.
    Allowed(HeaderValue),
    /// Refused, and why.
    Refused(Refusal),
}

/// Why an origin was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// More than one `Origin` header.
    Repeated,
    /// Not a serialized origin.
    Malformed,
    /// `null` without `allow_null_origin`.
    Null,
    /// A well-formed origin the policy does not list.
    NotListed,
}

impl Policy {
    /// Matches the value of a request's single `Origin` header.
    pub(crate) fn match_origin(&self, origin: &HeaderValue) -> OriginVerdict {
        let origins = &self.origins;
        if origins.any {
            return OriginVerdict::Allowed(HeaderValue::from_static("*"));
        }
        if let Some(granted) = origins.list.find(origin) {
            return OriginVerdict::Allowed(granted);
        }
        let bytes = origin.as_bytes();
        if bytes == b"null" {
            return match origins.null {
                true => OriginVerdict::Allowed(HeaderValue::from_static("null")),
                false => OriginVerdict::Refused(Refusal::Null),
            };
        }
        if origins.env.is_none() && origins.func.is_none() {
            // Nothing else could grant it: refuse without parsing (the log says precisely why).
            return OriginVerdict::Refused(Refusal::NotListed);
        }
        let Some(text) = serialized_origin(bytes) else {
            return OriginVerdict::Refused(Refusal::Malformed);
        };
        if let Some(list) = origins.env.as_ref().and_then(EnvOrigins::list) {
            if list.any {
                return OriginVerdict::Allowed(HeaderValue::from_static("*"));
            }
            if let Some(granted) = list.origins.find(origin) {
                return OriginVerdict::Allowed(granted);
            }
        }
        if origins.func.is_some_and(|f| f(text)) {
            return OriginVerdict::Allowed(origin.clone());
        }
        OriginVerdict::Refused(Refusal::NotListed)
    }

    /// The `Access-Control-Allow-Origin` value this policy grants a request whose single
    /// `Origin` header is `origin`, or `None` if it refuses it. This is the whole per-request
    /// origin check: what the generated handlers and preflights call.
    /// (Example in the `axum-cors` crate documentation.)
    pub fn allowed_origin(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        match self.match_origin(origin) {
            OriginVerdict::Allowed(value) => Some(value),
            OriginVerdict::Refused(_) | OriginVerdict::Absent => None,
        }
    }

    /// Whether the answer to a request depends on its `Origin` (then `Vary: Origin` is due).
    pub(crate) fn varies_by_origin(&self) -> bool {
        !self.origins.any
    }

    /// Loads the environment-variable origins, if any. Called once at start-up by
    /// `preflight!` and by `handler::validate()`.
    pub fn validate(&self) -> Result<(), PolicyError> {
        match &self.origins.env {
            Some(env) => env.load().map(|_| ()).map_err(Clone::clone),
            None => Ok(()),
        }
    }

    /// Whether one request header name (any case) may be sent.
    pub(crate) fn allows_header(&self, name: &[u8]) -> bool {
        let listed = self
            .headers
            .iter()
            .any(|h| h.as_bytes().eq_ignore_ascii_case(name));
        listed
            || (self.any_header
                && !self.credentials
                && !name.eq_ignore_ascii_case(b"authorization"))
    }

    /// Every origin the policy names, for log lines.
    pub(crate) fn describe_origins(&self) -> String {
        let o = &self.origins;
        let mut parts: Vec<String> = Vec::new();
        if o.any {
            parts.push("*".into());
        }
        if !o.list.exact.is_empty() || !o.list.patterns.is_empty() {
            parts.push(o.list.describe());
        }
        if o.null {
            parts.push("null".into());
        }
        if let Some(env) = &o.env {
            // What was loaded, not just the variable's name: the operator sees what is allowed.
            let loaded = match env.loaded.get() {
                Some(Ok(list)) if list.any => "*".to_string(),
                Some(Ok(list)) => list.origins.describe(),
                Some(Err(_)) => "nothing (invalid)".to_string(),
                None => "not loaded yet".to_string(),
            };
            parts.push(format!("${} = {loaded}", env.var));
        }
        if o.func.is_some() {
            parts.push("origins_fn".into());
        }
        parts.join(", ")
    }
}

impl OriginList {
    /// The value of `Access-Control-Allow-Origin` for `origin` if the list grants it: the
    /// list's own static value for an exact origin, the request's value for a pattern.
    pub fn find(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        let bytes = origin.as_bytes();
        if !self.slots.is_empty() {
            let mask = self.slots.len() as u64 - 1;
            let slot = self.slots[(rules::origin_hash(bytes, self.seed) & mask) as usize];
            if let Some(candidate) = self.exact.get((slot as usize).wrapping_sub(1)) {
                if candidate.as_bytes() == bytes {
                    return Some(candidate.clone());
                }
            }
        }
        if self.patterns.is_empty() {
            return None;
        }
        let text = serialized_origin(bytes)?;
        self.patterns
            .iter()
            .any(|p| p.matches(text))
            .then(|| origin.clone())
    }

    /// `a, b, https://*.c` for log lines.
    fn describe(&self) -> String {
        let exact = self
            .exact
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let patterns = self.patterns.iter().map(OriginPattern::to_string);
        exact.chain(patterns).collect::<Vec<_>>().join(", ")
    }

    /// Builds a list from validated specs (the run-time path; the macro builds statics).
    fn from_specs(specs: Vec<OriginSpec>) -> Self {
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        for spec in specs {
            match spec {
                OriginSpec::Exact(s) => exact.extend(HeaderValue::from_str(&s).ok()),
                OriginSpec::Pattern(p) => patterns.push(p),
                OriginSpec::Any | OriginSpec::Null => {}
            }
        }
        exact.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        exact.dedup();
        let texts: Vec<&str> = exact.iter().filter_map(|v| v.to_str().ok()).collect();
        let (seed, slots) = rules::origin_table(&texts);
        OriginList {
            exact: Cow::Owned(exact),
            slots: Cow::Owned(slots),
            seed,
            patterns: Cow::Owned(patterns),
        }
    }
}

/// `bytes` as text if it has the shape of a serialized origin: a lower-case scheme, `://`,
/// and a host of lower-case letters, digits, `-`, `_`, `.` in labels of 1 to 63 (or a
/// bracketed IPv6 address) with an optional port that is not the scheme's default. Anything
/// else is treated as "not allowed". One pass over the bytes, no allocation.
pub(crate) fn serialized_origin(bytes: &[u8]) -> Option<&str> {
    if bytes.len() > rules::MAX_ORIGIN_LEN || !bytes.first()?.is_ascii_lowercase() {
        return None;
    }
    let scheme_char = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b);
    let scheme_end = bytes.iter().position(|b| !scheme_char(*b))?;
    let (scheme, rest) = bytes.split_at(scheme_end);
    let authority = rest.strip_prefix(b"://")?;
    let host_end = match authority.first()? {
        b'[' => ipv6_end(authority)?,
        _ => host_end(authority)?,
    };
    match &authority[host_end..] {
        [] => {}
        [b':', port @ ..] => {
            let port = rules::parse_port(std::str::from_utf8(port).ok()?)?;
            // Browsers omit the default port: `http://x:80` is not how one is sent.
            if rules::is_default_port(std::str::from_utf8(scheme).ok()?, port) {
                return None;
            }
        }
        _ => return None,
    }
    // Every byte checked above is ASCII.
    std::str::from_utf8(bytes).ok()
}

/// Where a host of labels (`a.b-c.d_e`) ends: at the end or at `:`.
fn host_end(authority: &[u8]) -> Option<usize> {
    let (mut label, mut last) = (0usize, b'.');
    for (i, &b) in authority.iter().enumerate() {
        match b {
            b':' if label > 0 && last != b'-' => return Some(i),
            b'.' if label > 0 && last != b'-' => label = 0,
            b'a'..=b'z' | b'0'..=b'9' | b'_' => label += 1,
            b'-' if label > 0 => label += 1,
            _ => return None,
        }
        if label > 63 {
            return None;
        }
        last = b;
    }
    (label > 0 && last != b'-').then_some(authority.len())
}

/// Where a bracketed IPv6 host (`[::1]`) ends.
fn ipv6_end(authority: &[u8]) -> Option<usize> {
    let close = authority.iter().position(|b| *b == b']')?;
    rules::is_ipv6_literal(&authority[1..close]).then_some(close + 1)
}

/// Origins read from an environment variable once, at start-up.
#[derive(Debug)]
pub struct EnvOrigins {
    /// The handler whose policy it is.
    pub handler: &'static str,
    /// The variable's name.
    pub var: &'static str,
    /// Whether the policy sends credentials (then `*` and plain-http non-loopback are refused).
    pub credentials: bool,
    loaded: OnceLock<Result<EnvList, PolicyError>>,
    reported: std::sync::atomic::AtomicBool,
}

#[derive(Debug)]
pub(crate) struct EnvList {
    any: bool,
    origins: OriginList,
}

/// A policy that arrived at run time (an environment variable) broke a rule: what
/// [`Policy::validate`], `handler::validate()` and `validate!` return. Its `Display` is a
/// complete sentence naming the handler, the variable, the bad item and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolicyError {
    /// The handler whose policy it is.
    pub handler: &'static str,
    /// The variable.
    pub var: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CORS policy of `{}`: environment variable {}: {}",
            self.handler, self.var, self.message
        )
    }
}

impl std::error::Error for PolicyError {}

impl EnvOrigins {
    /// Used by generated code.
    pub const fn new(handler: &'static str, var: &'static str, credentials: bool) -> Self {
        EnvOrigins {
            handler,
            var,
            credentials,
            loaded: OnceLock::new(),
            reported: std::sync::atomic::AtomicBool::new(false),
        }
    }

    fn load(&self) -> Result<&EnvList, &PolicyError> {
        self.loaded.get_or_init(|| self.read()).as_ref()
    }

    /// The list, or `None` (refuse everything) if the variable was invalid.
    pub(crate) fn list(&self) -> Option<&EnvList> {
        match self.load() {
            Ok(list) => Some(list),
            Err(e) => {
                // Once, not on every request: a bad variable must not flood the log.
                if !self
                    .reported
                    .swap(true, std::sync::atomic::Ordering::Relaxed)
                {
                    tracing::error!(target: "axum_cors", "{e}; refusing every origin it would have allowed");
                }
                None
            }
        }
    }

    fn read(&self) -> Result<EnvList, PolicyError> {
        let fail = |message: String| PolicyError {
            handler: self.handler,
            var: self.var,
            message,
        };
        let value = std::env::var(self.var).map_err(|e| match e {
            std::env::VarError::NotPresent => fail("is not set; set it to a comma-separated list of origins such as `https://app.example.com`".into()),
            std::env::VarError::NotUnicode(_) => fail("is not valid UTF-8".into()),
        })?;
        let specs = parse_origin_list(&value, self.credentials).map_err(fail)?;
        let any = specs.contains(&OriginSpec::Any);
        Ok(EnvList {
            any,
            origins: OriginList::from_specs(specs),
        })
    }
}

/// Parses and validates a comma-separated origin list that arrives at run time (an
/// `origins_env` variable) with the rules the macro applies to literal origins: the very same
/// function, `rules::check_origin_list`. `null` is never accepted from the environment. The
/// error is the first broken rule's message.
pub fn parse_origin_list(value: &str, credentials: bool) -> Result<Vec<OriginSpec>, String> {
    rules::check_origin_list(&rules::split_list(value), credentials, false).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .map(|e| e.message)
            .unwrap_or_default()
    })
}

/// What a handler claims on a shared preflight: checked at compile time by `preflight!`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Claims {
    /// The handler, with its module path.
    pub handler: &'static str,
    /// Methods whose preflights this policy answers.
    pub methods: &'static [&'static str],
    /// A canonical rendering of what judges a preflight (origins, methods, headers,
    /// credentials, `max_age`, `private_network`), lists sorted: policies that answer
    /// preflights alike render alike, whatever order their lists were written in.
    pub fingerprint: &'static str,
}

/// Compile-time check that no two different policies answer preflights for the same method.
/// `call` is the macro call (`preflight!(a, b)`), quoted by the compile error otherwise, which
/// names the method and the two handlers.
#[doc(hidden)]
pub const fn check_shared_path(claims: &[Claims], call: &str) {
    let mut i = 0;
    while i < claims.len() {
        let mut j = i + 1;
        while j < claims.len() {
            if !str_eq(claims[i].fingerprint, claims[j].fingerprint) {
                if let Some(method) = overlap(claims[i].methods, claims[j].methods) {
                    let message = Message::new()
                        .push(call)
                        .push(": `")
                        .push(claims[i].handler)
                        .push("` and `")
                        .push(claims[j].handler)
                        .push("` have different #[cors] policies and both answer preflights for ")
                        .push(method)
                        .push(" (a handler without `methods` answers for GET, HEAD and POST). A preflight names one method, so one policy must judge it: give each handler `methods = \"...\"` naming only the methods it serves, or make their policies identical.");
                    panic!("{}", message.as_str());
                }
            }
            j += 1;
        }
        i += 1;
    }
}

/// The first method both lists claim, as the error names it.
const fn overlap(a: &[&'static str], b: &[&'static str]) -> Option<&'static str> {
    let mut i = 0;
    while i < a.len() {
        let mut j = 0;
        while j < b.len() {
            let (x, y) = (a[i], b[j]);
            if str_eq(x, y) || str_eq(y, "*") {
                return Some(if str_eq(x, "*") { "every method" } else { x });
            }
            if str_eq(x, "*") {
                return Some(y);
            }
            j += 1;
        }
        i += 1;
    }
    None
}

/// A compile-time error message, built without allocating (a `const fn` cannot).
struct Message {
    bytes: [u8; 2048],
    len: usize,
    full: bool,
}

impl Message {
    const fn new() -> Self {
        Message {
            bytes: [0; 2048],
            len: 0,
            full: false,
        }
    }

    /// Appends `text` whole; once something does not fit, `…` and nothing more (so that the
    /// message stays valid UTF-8).
    const fn push(mut self, text: &str) -> Self {
        const ELLIPSIS: &str = "…";
        if self.full {
            return self;
        }
        let room = self.bytes.len() - ELLIPSIS.len() - self.len;
        let text = match text.len() <= room {
            true => text.as_bytes(),
            false => {
                self.full = true;
                ELLIPSIS.as_bytes()
            }
        };
        let mut i = 0;
        while i < text.len() {
            self.bytes[self.len + i] = text[i];
            i += 1;
        }
        self.len += text.len();
        self
    }

    const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::{check_shared_path, serialized_origin, Claims};

    fn conflict(claims: &[Claims]) -> Option<String> {
        let result = std::panic::catch_unwind(|| check_shared_path(claims, "preflight!(a, b)"));
        result.err().map(|e| *e.downcast::<String>().unwrap())
    }

    const fn claims(
        handler: &'static str,
        methods: &'static [&'static str],
        fingerprint: &'static str,
    ) -> Claims {
        Claims {
            handler,
            methods,
            fingerprint,
        }
    }

    #[test]
    fn shared_path_conflict_names_the_method_and_both_handlers() {
        let message = conflict(&[
            claims("app::list", &["GET", "HEAD", "POST"], "one"),
            claims("app::create", &["POST"], "two"),
        ])
        .expect("a conflict");
        assert!(
            message.starts_with("preflight!(a, b): `app::list` and `app::create`"),
            "{message}"
        );
        assert!(
            message.contains("both answer preflights for POST "),
            "{message}"
        );
        let message =
            conflict(&[claims("a", &["*"], "one"), claims("b", &["PATCH"], "two")]).unwrap();
        assert!(message.contains("for PATCH "), "{message}");
        let message = conflict(&[claims("a", &["*"], "one"), claims("b", &["*"], "two")]).unwrap();
        assert!(message.contains("for every method "), "{message}");
    }

    #[test]
    fn shared_path_without_conflict_passes() {
        assert!(conflict(&[claims("a", &["PUT"], "one"), claims("b", &["PUT"], "one")]).is_none());
        assert!(conflict(&[claims("a", &["PUT"], "one"), claims("b", &["GET"], "two")]).is_none());
    }

    #[test]
    fn shared_path_conflict_message_is_cut_whole_when_too_long() {
        let long: &'static str = Box::leak("m::".repeat(1000).into_boxed_str());
        let message =
            conflict(&[claims(long, &["PUT"], "one"), claims("b", &["PUT"], "two")]).unwrap();
        assert!(message.len() <= 2048, "{}", message.len());
        assert!(message.ends_with('…'), "{message}");
    }

    #[test]
    fn serialized_origins() {
        for ok in [
            "https://a.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
            "http://[::1]",
            "tauri://localhost",
            "chrome-extension://abcdefghijklmnop",
            "https://a_b.example.com",
            "https://xn--bcher-kva.example",
            "http://a-b.c:65535",
        ] {
            assert_eq!(serialized_origin(ok.as_bytes()), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "https://",
            "https://a.example.com/",
            "https://a.example.com.",
            "https://.example.com",
            "https://a..example.com",
            "https://-a.example.com",
            "https://a-.example.com",
            "https://A.example.com",
            "HTTPS://a.example.com",
            "https://a.example.com:443",
            "http://a.example.com:80",
            "http://a:0",
            "http://a:65536",
            "http://a:03000",
            "http://a:",
            "http://a:3000x",
            "https://user@a.example.com",
            "https//a.example.com",
            "1http://a",
            "http://[]",
            "http://[::1",
            "http://[::1]x",
            "http://a b",
            "null",
        ] {
            assert_eq!(serialized_origin(bad.as_bytes()), None, "{bad}");
        }
        let long_label = format!("https://{}.example.com", "a".repeat(64));
        assert_eq!(serialized_origin(long_label.as_bytes()), None);
        assert_eq!(serialized_origin("https://ü.example.com".as_bytes()), None);
        assert_eq!(serialized_origin(b"https://\xff.example.com"), None);
    }
}
