//! A policy built at run time from the app's own configuration, checked by the same rules
//! (`rules::policy`) and in the same words as the attribute, before the server listens.
//!
//! [`CorsConfig`] holds the keys as the configuration wrote them: filled in code
//! (`CorsConfig::new().origins("https://app.example.com").credentials(true)`) or read with
//! serde (feature `serde`) from the table an app writes (`[cors]` in TOML, `cors:` in YAML),
//! every value kept as written so that a wrong type is a problem like any other.
//! [`CorsConfig::build`] checks every key at once and returns every problem, or a
//! [`PolicyLayer`] that works wherever a `cors_policy!` does: `.router()`, `.layer(..)`,
//! `.origins_async(..)`. The policy it builds is the one the macro would have compiled, down
//! to its origin table, kept for the rest of the program as a compiled policy's `static` is.

use std::fmt;

use http::HeaderValue;

use crate::policy::{EnvOrigins, OriginList, Origins, Policy};
use crate::router::PolicyLayer;
use crate::rules::policy::{
    check_policy, config_keys, list_value, At, Checked, Entry, Place, Value,
};
use crate::rules::OriginSpec;

/// A key's value as a configuration wrote it.
#[derive(Debug, Clone, PartialEq)]
enum Written {
    Bool(bool),
    Int(String),
    Str(String),
    List(Vec<String>),
    /// A value of another kind: what it is, for the message (only serde reads one).
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    Other(&'static str),
}

impl Written {
    fn value(&self) -> Value<'_> {
        match self {
            Written::Bool(b) => Value::Bool(*b),
            Written::Int(digits) => Value::Int(digits),
            Written::Str(s) => Value::Str(s),
            Written::List(items) => Value::List(items.iter().map(String::as_str).collect()),
            Written::Other(what) => Value::Other(what),
        }
    }

    fn shown(&self) -> String {
        match self {
            Written::Bool(b) => b.to_string(),
            Written::Int(digits) => digits.clone(),
            Written::Str(s) => format!("{s:?}"),
            Written::List(items) => format!("{items:?}"),
            Written::Other(what) => (*what).to_owned(),
        }
    }
}

/// A list as a configuration gives it: `"a, b"`, or its items.
#[derive(Debug, Clone)]
pub struct List(Written);

impl From<&str> for List {
    fn from(s: &str) -> Self {
        List(Written::Str(s.to_owned()))
    }
}

impl From<String> for List {
    fn from(s: String) -> Self {
        List(Written::Str(s))
    }
}

impl<S: AsRef<str>> From<&[S]> for List {
    fn from(items: &[S]) -> Self {
        List(Written::List(
            items.iter().map(|s| s.as_ref().to_owned()).collect(),
        ))
    }
}

impl<S: AsRef<str>, const N: usize> From<[S; N]> for List {
    fn from(items: [S; N]) -> Self {
        List::from(&items[..])
    }
}

impl<S: AsRef<str>> From<Vec<S>> for List {
    fn from(items: Vec<S>) -> Self {
        List::from(&items[..])
    }
}

/// A CORS policy as the app's configuration gives it, checked by [`CorsConfig::build`].
///
/// The keys are the attribute's, but `origins_fn` (a function is code): `origins`,
/// `origins_env`, `methods`, `headers`, `expose_headers`, `credentials`, `max_age`,
/// `private_network`, `allow_null_origin`, `reject_disallowed`.
#[derive(Debug, Clone, Default)]
pub struct CorsConfig {
    name: Option<String>,
    entries: Vec<(String, Written)>,
}

impl CorsConfig {
    /// An empty configuration: add its keys, then [`build`](Self::build) it.
    #[must_use]
    pub fn new() -> Self {
        CorsConfig::default()
    }

    /// The policy's name in log lines and errors (`the configured policy` by default).
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    fn with(mut self, key: &str, value: Written) -> Self {
        self.entries.push((key.to_owned(), value));
        self
    }

    /// `origins`: `"https://app.example.com, https://*.example.com"` or its items.
    #[must_use]
    pub fn origins(self, origins: impl Into<List>) -> Self {
        self.with("origins", origins.into().0)
    }

    /// `origins_env`: the environment variable the origins are read from, at start-up.
    #[must_use]
    pub fn origins_env(self, var: impl Into<String>) -> Self {
        self.with("origins_env", Written::Str(var.into()))
    }

    /// `methods`: `"GET, PUT"` or its items.
    #[must_use]
    pub fn methods(self, methods: impl Into<List>) -> Self {
        self.with("methods", methods.into().0)
    }

    /// `headers`: the request headers a preflight may ask for.
    #[must_use]
    pub fn headers(self, headers: impl Into<List>) -> Self {
        self.with("headers", headers.into().0)
    }

    /// `expose_headers`: the response headers the page may read.
    #[must_use]
    pub fn expose_headers(self, headers: impl Into<List>) -> Self {
        self.with("expose_headers", headers.into().0)
    }

    /// `credentials`: cookies and `Authorization` go with the requests.
    #[must_use]
    pub fn credentials(self, on: bool) -> Self {
        self.with("credentials", Written::Bool(on))
    }

    /// `max_age`: how long, in seconds, a browser may keep a preflight's answer.
    #[must_use]
    pub fn max_age(self, secs: u64) -> Self {
        self.with("max_age", Written::Int(secs.to_string()))
    }

    /// `private_network`: answer Chromium's private network access preflights.
    #[must_use]
    pub fn private_network(self, on: bool) -> Self {
        self.with("private_network", Written::Bool(on))
    }

    /// `allow_null_origin`: the opt-in `"null"` in `origins` needs.
    #[must_use]
    pub fn allow_null_origin(self, on: bool) -> Self {
        self.with("allow_null_origin", Written::Bool(on))
    }

    /// `reject_disallowed`: answer a refused origin's actual request `403`, without running
    /// the handler.
    #[must_use]
    pub fn reject_disallowed(self, on: bool) -> Self {
        self.with("reject_disallowed", Written::Bool(on))
    }

    /// Checks every key by the attribute's rules and builds the policy, or returns every
    /// problem, each naming its key, its value and the fix, in the words of the compile error
    /// for the same mistake. Never panics.
    pub fn build(&self) -> Result<PolicyLayer, ConfigError> {
        let entries: Vec<Entry<'_>> = self
            .entries
            .iter()
            .map(|(key, value)| Entry {
                key,
                value: value.value(),
            })
            .collect();
        match check_policy(&entries, &[], &config_keys(), Place::Configured) {
            Ok(checked) => Ok(PolicyLayer::new(compile(self.policy_name(), checked))),
            Err(mut errors) => {
                // In the order the keys are written; a missing key first.
                errors.sort_by_key(|e| match e.at {
                    At::Whole => None,
                    At::Key(n) | At::Value(n) | At::Item(n, _) => Some(n),
                });
                Err(ConfigError {
                    policy: self.policy_name().to_owned(),
                    problems: errors
                        .into_iter()
                        .map(|e| self.problem(e.at, e.message))
                        .collect(),
                    list: false,
                })
            }
        }
    }

    fn policy_name(&self) -> &str {
        self.name.as_deref().unwrap_or("the configured policy")
    }

    /// A broken rule, with the key and value it is about.
    fn problem(&self, at: At, message: String) -> Problem {
        let entry = |n: usize| self.entries.get(n);
        let (key, value) = match at {
            At::Whole => (None, None),
            At::Key(n) => (entry(n).map(|e| e.0.clone()), None),
            At::Value(n) => (entry(n).map(|e| e.0.clone()), entry(n).map(|e| e.1.shown())),
            At::Item(n, i) => (
                entry(n).map(|e| e.0.clone()),
                entry(n).and_then(|e| item(&e.1, i)),
            ),
        };
        Problem {
            key,
            value,
            message,
        }
    }
}

/// Item `i` of a list value, as written.
fn item(value: &Written, i: usize) -> Option<String> {
    match value {
        Written::Str(s) => crate::rules::split_list(s).get(i).map(|s| (*s).to_owned()),
        Written::List(items) => items.get(i).map(|s| s.trim().to_owned()),
        _ => None,
    }
}

/// Leaks `text`: a built policy lives as long as the program, as a compiled one's `static`.
fn kept(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// The policy the macro would have compiled from the same keys.
fn compile(name: &str, checked: Checked) -> &'static Policy {
    let handler = kept(name.to_owned());
    let specs: Vec<OriginSpec> = checked
        .exact
        .iter()
        .cloned()
        .map(OriginSpec::Exact)
        .chain(checked.patterns.iter().cloned().map(OriginSpec::Pattern))
        .collect();
    let strs = |items: &[String]| -> &'static [&'static str] {
        Box::leak(
            items
                .iter()
                .map(|s| kept(s.clone()))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )
    };
    let expose = list_value(checked.any_expose, &checked.expose)
        .and_then(|value| HeaderValue::from_str(&value).ok());
    let policy = Policy {
        handler,
        origins: Origins {
            any: checked.any_origin,
            null: checked.null_origin,
            list: OriginList::from_specs(specs),
            func: None,
            env: checked
                .origins_env
                .map(|var| EnvOrigins::new(handler, kept(var), checked.credentials)),
        },
        methods: strs(&checked.methods),
        any_method: checked.any_method,
        headers: strs(&checked.headers),
        any_header: checked.any_header,
        credentials: checked.credentials,
        private_network: checked.private_network,
        reject_disallowed: checked.reject_disallowed,
        allow_methods: list_value(checked.any_method, &checked.methods).map(kept),
        allow_headers: list_value(checked.any_header, &checked.headers).map(kept),
        expose_headers: expose,
        max_age: checked.max_age.map(|secs| kept(secs.to_string())),
    };
    Box::leak(Box::new(policy))
}

/// An origin list from any source (a CLI flag, a file, a database), checked by the rules and
/// in the words of `origins = ...` and `origins_env`: for an `origins_fn` or `origins_async`
/// check that must not let a malformed entry silently never match.
///
/// `*` and `null` are not origins a check can list: a list holding them is refused.
#[derive(Debug)]
pub struct OriginSet {
    list: OriginList,
}

impl OriginSet {
    /// Checks every origin of `origins` (`"https://a.example, https://*.b.example"` or its
    /// items); `credentials` refuses what credentials forbid (plain `http://` outside
    /// loopback). Every problem at once, each naming its origin and the fix.
    pub fn parse(origins: impl Into<List>, credentials: bool) -> Result<OriginSet, ConfigError> {
        let written = origins.into().0;
        let fail = |problems: Vec<Problem>| ConfigError {
            policy: "origin list".to_owned(),
            problems,
            list: true,
        };
        let value = written.value();
        let items: Vec<&str> = match &value {
            Value::Str(s) => crate::rules::split_list(s),
            Value::List(items) => items.iter().map(|s| s.trim()).collect(),
            _ => Vec::new(),
        };
        let problem = |i: Option<usize>, message: String| Problem {
            key: Some("origins".to_owned()),
            value: i.and_then(|i| item(&written, i)),
            message,
        };
        let specs =
            crate::rules::check_origin_list(&items, credentials, false).map_err(|errors| {
                fail(
                    errors
                        .into_iter()
                        .map(|e| problem(e.item, e.message))
                        .collect(),
                )
            })?;
        if let Some(i) = specs
            .iter()
            .position(|s| matches!(s, OriginSpec::Any | OriginSpec::Null))
        {
            let message = "`*` and `null` are not origins a check can list: list the origins it allows by name".to_owned();
            return Err(fail(vec![problem(Some(i), message)]));
        }
        Ok(OriginSet {
            list: OriginList::from_specs(specs),
        })
    }

    /// Whether `origin`, as a browser sends it in `Origin`, is in the list (an exact origin,
    /// or one a pattern matches).
    #[must_use]
    pub fn contains(&self, origin: &str) -> bool {
        HeaderValue::from_str(origin).is_ok_and(|value| self.list.find(&value).is_some())
    }
}

/// Every problem of a [`CorsConfig`]: what [`CorsConfig::build`] returns. Its `Display`
/// lists them, one a line, each with its key and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The policy's name (for an [`OriginSet`], `origin list`).
    pub policy: String,
    /// What is wrong, each with its key and value.
    pub problems: Vec<Problem>,
    /// Whether it is an [`OriginSet`]'s list rather than a policy.
    list: bool,
}

/// One broken rule of a configured policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The key it is about (`None`: the policy as a whole, such as a missing `origins`).
    pub key: Option<String>,
    /// The value or list item it is about, as written.
    pub value: Option<String>,
    /// What is wrong and how to fix it: the sentence of the compile error for the same
    /// mistake.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.key, &self.value) {
            (Some(key), Some(value)) => write!(f, "`{key}` ({value}): {}", self.message),
            (Some(key), None) => write!(f, "`{key}`: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        let s = if n == 1 { "" } else { "s" };
        match self.list {
            true => write!(f, "CORS origin list has {n} problem{s}:")?,
            false => write!(f, "CORS policy `{}` has {n} problem{s}:", self.policy)?,
        }
        for problem in &self.problems {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[cfg(feature = "serde")]
mod de {
    //! Reading a [`CorsConfig`] with serde: a table of keys, each value kept as written (a
    //! wrong type is a problem [`CorsConfig::build`] reports with the others, not a
    //! deserialization error that stops at the first).

    use std::fmt;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

    use super::{CorsConfig, Written};

    impl<'de> Deserialize<'de> for CorsConfig {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_map(Table)
        }
    }

    struct Table;

    impl<'de> Visitor<'de> for Table {
        type Value = CorsConfig;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a table of CORS keys such as `origins` and `methods`")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CorsConfig, A::Error> {
            let mut config = CorsConfig::new();
            while let Some(key) = map.next_key::<String>()? {
                let value: Loose = map.next_value()?;
                config.entries.push((key, value.0));
            }
            Ok(config)
        }
    }

    /// Any value, kept as written.
    struct Loose(Written);

    impl<'de> Deserialize<'de> for Loose {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(AnyValue).map(Loose)
        }
    }

    struct AnyValue;

    impl<'de> Visitor<'de> for AnyValue {
        type Value = Written;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, a list of strings, a number or a boolean")
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Written, E> {
            Ok(Written::Bool(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Written, E> {
            Ok(Written::Int(v.to_string()))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Written, E> {
            Ok(Written::Int(v.to_string()))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Written, E> {
            Ok(Written::Other("a number with a fraction"))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Written, E> {
            Ok(Written::Str(v.to_owned()))
        }

        fn visit_unit<E: de::Error>(self) -> Result<Written, E> {
            Ok(Written::Other("an empty value"))
        }

        fn visit_none<E: de::Error>(self) -> Result<Written, E> {
            Ok(Written::Other("an empty value"))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
            let mut items = Vec::new();
            let mut all_strings = true;
            while let Some(Loose(value)) = seq.next_element()? {
                match value {
                    Written::Str(s) => items.push(s),
                    _ => all_strings = false,
                }
            }
            Ok(match all_strings {
                true => Written::List(items),
                false => Written::Other("a list with items that are not strings"),
            })
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Written, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(Written::Other("a table"))
        }
    }
}
