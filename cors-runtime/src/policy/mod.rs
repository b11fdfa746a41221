//! A compiled CORS policy: the types the `#[cors]` macro fills in, and the per-request origin
//! check they answer.
//!
//! The `#[cors]` macro builds one [`Policy`] per handler as a `static`: every header value is a
//! `HeaderValue::from_static`, exact origins sit in a collision-free hash table built at compile
//! time (one hash and one comparison per request, however many origins), and
//! nothing is parsed on the request path.

mod env;
mod matching;
mod shared_path;

pub use env::{parse_origin_list, EnvOrigins, PolicyError};
pub(crate) use matching::serialized_origin;
pub use matching::OriginList;
pub use shared_path::{check_shared_path, Claims};

use std::cell::{Cell, RefCell};

use http::HeaderValue;

use crate::rules;

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
    /// `Access-Control-Allow-Methods`, checked by the macro. Text, not a `HeaderValue`: it is
    /// made into one when a preflight table is built, so that the compiler does not evaluate
    /// `HeaderValue::from_static` in every handler's `static`.
    #[doc(hidden)]
    pub allow_methods: Option<&'static str>,
    /// `Access-Control-Allow-Headers`, as `allow_methods`.
    #[doc(hidden)]
    pub allow_headers: Option<&'static str>,
    /// Precomputed `Access-Control-Expose-Headers`.
    #[doc(hidden)]
    pub expose_headers: Option<HeaderValue>,
    /// `Access-Control-Max-Age`, as `allow_methods`.
    #[doc(hidden)]
    pub max_age: Option<&'static str>,
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

thread_local! {
    /// Inside [`deciding_once`]: each `origins_fn` asked so far, with its answer.
    static ASKED: RefCell<Option<Vec<(usize, bool)>>> = const { RefCell::new(None) };
}

thread_local! {
    /// While a router-wide policy with an async origin check answers a request: its policy,
    /// whose check allowed the request's origin.
    static ALLOWED_BY_ASYNC: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Runs `answer` with the request's origin allowed for `policy` (a router-wide policy whose
/// async check said yes, the check having been awaited before): its preflight answer and its
/// grants then see the origin as allowed, and no other policy does.
pub(crate) fn with_origin_allowed_by<R>(policy: &Policy, answer: impl FnOnce() -> R) -> R {
    let key = std::ptr::from_ref(policy) as usize;
    let outer = ALLOWED_BY_ASYNC.with(|allowed| allowed.replace(Some(key)));
    let answered = answer();
    ALLOWED_BY_ASYNC.with(|allowed| allowed.set(outer));
    answered
}

/// Whether `policy`'s async check allowed the origin being matched.
#[inline]
fn decided_by_async(policy: &Policy) -> bool {
    ALLOWED_BY_ASYNC.get() == Some(std::ptr::from_ref(policy) as usize)
}

/// Runs `decide`, in which one request's origin is matched against several policies (the
/// policies of a path, for its 405 or a refused preflight), asking each `origins_fn` at most
/// once: policies that share one (a named policy used by several handlers) reuse its answer.
pub(crate) fn deciding_once<R>(decide: impl FnOnce() -> R) -> R {
    let outer = ASKED.with(|asked| asked.replace(Some(Vec::new())));
    let decided = decide();
    ASKED.with(|asked| asked.replace(outer));
    decided
}

/// `f(origin)`, or inside [`deciding_once`] its answer when it was already asked.
fn asked(f: fn(&str) -> bool, origin: &str) -> bool {
    let key = f as usize;
    let known = ASKED.with(|asked| {
        asked
            .borrow()
            .as_ref()
            .map(|asked| asked.iter().find(|(k, _)| *k == key).map(|(_, a)| *a))
    });
    match known {
        Some(Some(answer)) => answer,
        Some(None) => {
            let answer = f(origin);
            ASKED.with(|asked| {
                if let Some(asked) = asked.borrow_mut().as_mut() {
                    asked.push((key, answer));
                }
            });
            answer
        }
        None => f(origin),
    }
}

/// Outcome of matching a request's `Origin` against a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OriginVerdict {
    /// No `Origin` header: not a CORS request.
    Absent,
    /// Granted: the value for `Access-Control-Allow-Origin`.
    Allowed(HeaderValue),
    /// Refused, and why.
    Refused(Refusal),
}

/// Why an origin was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
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
    /// Matches the value of a request's single `Origin` header. The common case, an origin
    /// the policy lists exactly, is decided here (inlined into the generated handler); the
    /// rest in [`Policy::match_origin_otherwise`].
    #[inline]
    pub(crate) fn match_origin(&self, origin: &HeaderValue) -> OriginVerdict {
        let origins = &self.origins;
        if !origins.any {
            let bytes = origin.as_bytes();
            if let Some(granted) = origins.list.find_exact(bytes) {
                return OriginVerdict::Allowed(granted.clone());
            }
            // A policy of exact origins alone refuses here what its list lacks, unless an
            // async check allowed it or it is `null` (refused for a reason of its own).
            if origins.list.patterns.is_empty()
                && origins.env.is_none()
                && origins.func.is_none()
                && bytes != b"null"
                && !decided_by_async(self)
            {
                return OriginVerdict::Refused(Refusal::NotListed);
            }
        }
        self.match_origin_otherwise(origin)
    }

    /// [`Policy::match_origin`] for an origin the policy does not list exactly.
    fn match_origin_otherwise(&self, origin: &HeaderValue) -> OriginVerdict {
        let origins = &self.origins;
        if origins.any {
            return OriginVerdict::Allowed(HeaderValue::from_static("*"));
        }
        if let Some(granted) = origins.list.find_pattern(origin) {
            return OriginVerdict::Allowed(granted);
        }
        let bytes = origin.as_bytes();
        if bytes == b"null" {
            return match origins.null {
                true => OriginVerdict::Allowed(HeaderValue::from_static("null")),
                false => OriginVerdict::Refused(Refusal::Null),
            };
        }
        if decided_by_async(self) {
            // A router-wide policy's async check allowed this well-formed origin.
            return OriginVerdict::Allowed(origin.clone());
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
        if origins.func.is_some_and(|f| asked(f, text)) {
            return OriginVerdict::Allowed(origin.clone());
        }
        OriginVerdict::Refused(Refusal::NotListed)
    }

    /// The `Access-Control-Allow-Origin` value this policy grants a request whose single
    /// `Origin` header is `origin`, or `None` if it refuses it. This is the whole per-request
    /// origin check: what the generated handlers and preflights call.
    /// (Example in the `axum-strict-cors` crate documentation.)
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

    /// The methods this policy answers preflights for ([`rules::preflight_methods`]); `*`
    /// only without credentials.
    pub(crate) fn preflight_methods(&self) -> &'static [&'static str] {
        rules::preflight_methods(self.any_method && !self.credentials, self.methods)
    }

    /// Whether one request header name (any case) may be sent.
    pub(crate) fn allows_header(&self, name: &[u8]) -> bool {
        let listed = self
            .headers
            .iter()
            // Browsers send the names in lower case, as policies list them: equal bytes first.
            .any(|h| {
                let h = h.as_bytes();
                h.len() == name.len() && (h == name || h.eq_ignore_ascii_case(name))
            });
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
            parts.push(env.describe());
        }
        if o.func.is_some() {
            parts.push("origins_fn".into());
        }
        parts.join(", ")
    }
}

/// A policy that allows nothing: what stands for a policy with compile errors (reported where
/// they are written), so that its uses compile and add no error of their own.
pub(crate) static NOTHING: Policy = Policy {
    handler: "(a policy with compile errors)",
    origins: Origins {
        any: false,
        null: false,
        list: OriginList {
            exact: std::borrow::Cow::Borrowed(&[]),
            slots: std::borrow::Cow::Borrowed(&[]),
            seed: 0,
            patterns: std::borrow::Cow::Borrowed(&[]),
        },
        func: None,
        env: None,
    },
    methods: &[],
    any_method: false,
    headers: &[],
    any_header: false,
    credentials: false,
    private_network: false,
    reject_disallowed: false,
    allow_methods: None,
    allow_headers: None,
    expose_headers: None,
    max_age: None,
};
