//! The rules of a whole policy, over its keys as written: the same for `#[cors(...)]` (each
//! error then pointed at its key, value or item by the macro) and for a policy an app builds
//! at run time from its configuration (each error then named by its key and value). Every
//! message is the same sentence either way.

use super::{
    check_exposed_header, check_method, check_origin_list, check_request_header, did_you_mean,
    quote_list, split_list, OriginPattern, OriginSpec,
};

/// Chromium caps `Access-Control-Max-Age` at 2 hours.
pub const MAX_AGE_CHROMIUM: u64 = 7200;
/// Firefox caps `Access-Control-Max-Age` at 24 hours: the most any browser honours.
pub const MAX_AGE_FIREFOX: u64 = 86400;

/// A key's value as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value<'a> {
    /// The key alone (`credentials`).
    Flag,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number, as its digits (`600`, or `-1` from a configuration).
    Int(&'a str),
    /// A string: for a list key, a comma-separated list.
    Str(&'a str),
    /// An array of strings: one item each.
    List(Vec<&'a str>),
    /// A path (`origins_fn = crate::is_partner`): only the attribute writes one.
    Path,
    /// Anything else, by what it is (`a number with a fraction`, `a table`).
    Other(&'static str),
}

/// One key of a policy as written.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// The key (`origins`).
    pub key: &'a str,
    /// Its value.
    pub value: Value<'a>,
}

/// Where a broken rule is: what the macro underlines, and what a run-time error names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The policy as a whole (a missing key).
    Whole,
    /// The key of entry `n`.
    Key(usize),
    /// The value of entry `n`.
    Value(usize),
    /// Item `i` of entry `n`'s list (for a comma-separated string, every item is its string).
    Item(usize, usize),
}

/// A broken rule: where, and a complete sentence saying what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// Where it is.
    pub at: At,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// Where a policy is written, for the sentences that name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// `#[cors(...)]` on a handler.
    Handler,
    /// `cors_policy!(NAME: ...)`, with its name. There `origins = []` says that the policy
    /// lists no origins: an async check (`NAME.origins_async(check)`) allows them.
    Named(&'a str),
    /// A policy an app builds at run time from its configuration.
    Configured,
}

/// A valid policy, as its keys say: what the macro generates from and the runtime builds from.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Checked {
    /// `origins = "*"`.
    pub any_origin: bool,
    /// `"null"` listed (with `allow_null_origin`).
    pub null_origin: bool,
    /// Exact origins, sorted.
    pub exact: Vec<String>,
    /// Wildcard patterns.
    pub patterns: Vec<OriginPattern>,
    /// `origins_fn` was written.
    pub origins_fn: bool,
    /// `origins_env = "VAR"`.
    pub origins_env: Option<String>,
    /// Methods, as written (upper case).
    pub methods: Vec<String>,
    /// `methods = "*"`.
    pub any_method: bool,
    /// Request headers, lower case.
    pub headers: Vec<String>,
    /// `headers = "*"`.
    pub any_header: bool,
    /// Exposed headers, lower case.
    pub expose: Vec<String>,
    /// `expose_headers = "*"`.
    pub any_expose: bool,
    /// `credentials`.
    pub credentials: bool,
    /// `max_age`, in seconds.
    pub max_age: Option<u64>,
    /// `private_network`.
    pub private_network: bool,
    /// `reject_disallowed`.
    pub reject_disallowed: bool,
}

/// The keys a policy has, in the attribute's order. `crate` and `policy` belong to the
/// attribute alone; a configuration has the keys from `origins` to `reject_disallowed` but
/// `origins_fn` (a function is code).
pub const KEYS: &[&str] = &[
    "origins",
    "origins_fn",
    "origins_env",
    "methods",
    "headers",
    "expose_headers",
    "credentials",
    "max_age",
    "private_network",
    "allow_null_origin",
    "reject_disallowed",
    "crate",
    "policy",
];

/// The keys a handler may add to a named policy: none of them changes how a preflight is
/// answered, so handlers sharing a policy still answer preflights alike.
pub const ADDITIONS: &[&str] = &["expose_headers", "reject_disallowed", "crate"];

/// The keys only the attribute has: a function (`origins_fn`), the crate's path, a named
/// policy.
const ATTRIBUTE_ONLY: &[&str] = &["origins_fn", "crate", "policy"];

/// The keys of a policy built at run time from a configuration: [`KEYS`] but those that are
/// code.
#[must_use]
pub fn config_keys() -> Vec<&'static str> {
    KEYS.iter()
        .copied()
        .filter(|key| !ATTRIBUTE_ONLY.contains(key))
        .collect()
}

/// What the keys read so far hold, before the rules that relate keys are checked.
#[derive(Default)]
struct Given<'a> {
    checked: Checked,
    /// `origins`: its entry and items.
    origins: Option<(usize, Vec<&'a str>)>,
    /// Whether `origins`, `origins_fn` or `origins_env` was written, valid or not.
    origin_source: bool,
    /// `allow_null_origin`: its entry.
    null_opt_in: Option<usize>,
    /// The lists, each item with where it is.
    methods: Option<Vec<(At, &'a str)>>,
    headers: Option<Vec<(At, &'a str)>>,
    expose_headers: Option<Vec<(At, &'a str)>>,
}

/// The items of entry `n`'s list, each with where it is.
fn placed(n: usize, items: Vec<&str>) -> Vec<(At, &str)> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, text)| (At::Item(n, i), text))
        .collect()
}

/// Checks a policy: `entries` as written, `additions` what a handler adds to a named policy
/// (their entries are numbered after `entries`), `keys` the keys this place knows. Every
/// broken rule is returned, each with where it is.
pub fn check_policy(
    entries: &[Entry<'_>],
    additions: &[Entry<'_>],
    keys: &[&'static str],
    place: Place<'_>,
) -> Result<Checked, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut given = Given::default();
    let mut keys_given: Vec<&str> = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let Some(&key) = keys.iter().find(|k| **k == entry.key) else {
            // `orgins = ...` already gets "did you mean `origins`?": no "missing" on top.
            let meant = unknown_key(&mut errors, n, entry.key, keys);
            given.origin_source |= meant.is_some_and(|k| k.starts_with("origins"));
            continue;
        };
        // Given, even if its value turns out invalid: its own error says what is wrong.
        given.origin_source |= key.starts_with("origins");
        if keys_given.contains(&key) {
            let message = format!(
                "duplicate key `{}`: it is already given above; keep one",
                entry.key
            );
            errors.push(RuleError {
                at: At::Key(n),
                message,
            });
            continue;
        }
        keys_given.push(key);
        read(&mut given, &mut errors, n, entry);
    }
    for (i, entry) in additions.iter().enumerate() {
        add(&mut given, &mut errors, entries.len() + i, entry);
    }
    let mut checked = relate(given, &mut errors, place);
    checked.exact.sort();
    match errors.is_empty() {
        true => Ok(checked),
        false => Err(errors),
    }
}

/// Reports an unknown key; returns the key it is probably a typo of.
fn unknown_key(
    errors: &mut Vec<RuleError>,
    n: usize,
    key: &str,
    keys: &[&'static str],
) -> Option<&'static str> {
    let meant = did_you_mean(key, keys);
    let hint = match meant {
        Some(fix) => format!("did you mean `{fix}`?"),
        None => format!("the keys are {}", quote_list(keys)),
    };
    errors.push(RuleError {
        at: At::Key(n),
        message: format!("unknown key `{key}`: {hint}"),
    });
    meant
}

/// Reads the value of one known key.
fn read<'a>(given: &mut Given<'a>, errors: &mut Vec<RuleError>, n: usize, entry: &Entry<'a>) {
    let key = entry.key;
    let mut fail = |at: At, message: String| errors.push(RuleError { at, message });
    match key {
        // origins = "https://a.example, https://b.example"
        "origins" => given.origins = list(&mut fail, n, entry).map(|items| (n, items)),
        // origins_fn = crate::auth::is_trusted_origin
        "origins_fn" => {
            given.checked.origins_fn = path(&mut fail, n, entry);
        }
        // origins_env = "CORS_ORIGINS"
        "origins_env" => given.checked.origins_env = env_var(&mut fail, n, entry),
        // methods = "PUT, DELETE"
        "methods" => given.methods = list(&mut fail, n, entry).map(|items| placed(n, items)),
        // headers = "content-type, x-api-key"
        "headers" => given.headers = list(&mut fail, n, entry).map(|items| placed(n, items)),
        // expose_headers = "x-total-count"
        "expose_headers" => {
            given.expose_headers = list(&mut fail, n, entry).map(|items| placed(n, items));
        }
        "credentials" => given.checked.credentials = flag(&mut fail, n, entry),
        // max_age = 600
        "max_age" => given.checked.max_age = max_age(&mut fail, n, entry),
        "private_network" => given.checked.private_network = flag(&mut fail, n, entry),
        "allow_null_origin" => {
            given.null_opt_in = flag(&mut fail, n, entry).then_some(n);
        }
        "reject_disallowed" => given.checked.reject_disallowed = flag(&mut fail, n, entry),
        // crate = my_cors (when axum-strict-cors is renamed in Cargo.toml)
        "crate" => {
            path(&mut fail, n, entry);
        }
        // Reached only in a `cors_policy!` definition: `#[cors(policy = ..)]` is expanded
        // before any check.
        "policy" => fail(
            At::Key(n),
            "a named policy cannot use another one: list its keys in full".into(),
        ),
        _ => unreachable!("every key of KEYS is read"),
    }
}

/// Adds what a handler adds to a named policy ([`ADDITIONS`]).
fn add<'a>(given: &mut Given<'a>, errors: &mut Vec<RuleError>, n: usize, entry: &Entry<'a>) {
    let key = entry.key;
    let mut fail = |at: At, message: String| errors.push(RuleError { at, message });
    match key {
        // Added to the policy's own list; a name in both is "listed twice".
        "expose_headers" => {
            if let Some(items) = list(&mut fail, n, entry) {
                given
                    .expose_headers
                    .get_or_insert_with(Vec::new)
                    .extend(placed(n, items));
            }
        }
        "reject_disallowed" => {
            let on = flag(&mut fail, n, entry);
            if on && given.checked.reject_disallowed {
                fail(
                    At::Key(n),
                    "`reject_disallowed` is already in the policy; remove it here".into(),
                );
            }
            given.checked.reject_disallowed |= on;
        }
        "crate" => {
            path(&mut fail, n, entry);
        }
        _ => fail(
            At::Key(n),
            format!("`{key}` cannot be added to a named policy"),
        ),
    }
}

/// A list value: `"a, b"` or `["a", "b"]`.
fn list<'a>(
    fail: &mut impl FnMut(At, String),
    n: usize,
    entry: &Entry<'a>,
) -> Option<Vec<&'a str>> {
    let key = entry.key;
    let items: Vec<&'a str> = match &entry.value {
        Value::Str(s) => split_list(s),
        Value::List(items) => items.iter().map(|s| s.trim()).collect(),
        Value::Flag => {
            fail(
                At::Key(n),
                format!("`{key}` needs a value: `{key} = \"...\"`"),
            );
            return None;
        }
        _ => {
            fail(At::Value(n), format!("`{key}` takes a string such as `{key} = \"a, b\"` or an array such as `{key} = [\"a\", \"b\"]`"));
            return None;
        }
    };
    if items.is_empty() && key != "origins" {
        let fix = match key {
            "methods" => {
                "remove the key to allow only simple requests (GET, HEAD, POST), or list methods"
            }
            _ => "remove the key, or list at least one header",
        };
        fail(At::Key(n), format!("`{key}` is empty: {fix}"));
        return None;
    }
    Some(items)
}

fn flag(fail: &mut impl FnMut(At, String), n: usize, entry: &Entry<'_>) -> bool {
    match entry.value {
        Value::Flag => true,
        Value::Bool(b) => b,
        _ => {
            let key = entry.key;
            fail(
                At::Value(n),
                format!("`{key}` is a flag: write `{key}` or `{key} = true`"),
            );
            false
        }
    }
}

fn max_age(fail: &mut impl FnMut(At, String), n: usize, entry: &Entry<'_>) -> Option<u64> {
    let digits = match entry.value {
        Value::Int(digits) => digits,
        Value::Flag => {
            fail(
                At::Key(n),
                "`max_age` takes a number of seconds: `max_age = 600`".into(),
            );
            return None;
        }
        _ => {
            fail(
                At::Value(n),
                "`max_age` takes a number of seconds: `max_age = 600`".into(),
            );
            return None;
        }
    };
    let Ok(secs) = digits.parse::<u64>() else {
        fail(
            At::Value(n),
            format!("`max_age` must be a whole number of seconds from 0 to {MAX_AGE_FIREFOX}"),
        );
        return None;
    };
    if secs > MAX_AGE_FIREFOX {
        fail(At::Value(n), format!(
            "`max_age = {secs}` is more than browsers honour: Firefox caps it at {MAX_AGE_FIREFOX} s and Chromium at {MAX_AGE_CHROMIUM} s; write at most `max_age = {MAX_AGE_FIREFOX}` (Chromium then waits {MAX_AGE_CHROMIUM} s)"
        ));
        return None;
    }
    Some(secs)
}

fn path(fail: &mut impl FnMut(At, String), n: usize, entry: &Entry<'_>) -> bool {
    let key = entry.key;
    match entry.value {
        Value::Path => true,
        Value::Flag => {
            fail(
                At::Key(n),
                format!("`{key}` takes a path, e.g. `{key} = my::path`"),
            );
            false
        }
        _ => {
            fail(
                At::Value(n),
                format!("`{key}` takes a path, e.g. `{key} = my::path`"),
            );
            false
        }
    }
}

fn env_var(fail: &mut impl FnMut(At, String), n: usize, entry: &Entry<'_>) -> Option<String> {
    let Value::Str(name) = entry.value else {
        let at = match entry.value {
            Value::Flag => At::Key(n),
            _ => At::Value(n),
        };
        fail(at, "`origins_env` takes the name of an environment variable: `origins_env = \"CORS_ORIGINS\"`".into());
        return None;
    };
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        fail(At::Value(n), format!("`{name}` is not an environment variable name: use letters, digits and `_`, e.g. `CORS_ORIGINS`"));
        return None;
    }
    Some(name.to_owned())
}

/// The rules that relate keys, once every key is read.
fn relate(given: Given<'_>, errors: &mut Vec<RuleError>, place: Place<'_>) -> Checked {
    let Given {
        mut checked,
        origins,
        origin_source,
        null_opt_in,
        methods,
        headers,
        expose_headers,
    } = given;
    let null_without = NULL_WITHOUT;
    match origins {
        // A named policy whose origins only an async check allows.
        Some((_, items)) if items.is_empty() && matches!(place, Place::Named(_)) => {}
        Some((n, items)) => check_origins(errors, &mut checked, n, &items, null_opt_in),
        None if !origin_source => errors.push(RuleError {
            at: At::Whole,
            message: missing_origins(place),
        }),
        None => {
            if let Some(n) = null_opt_in {
                errors.push(RuleError {
                    at: At::Key(n),
                    message: null_without.into(),
                });
            }
        }
    }
    if let Some(items) = methods {
        check_methods(errors, &mut checked, &items);
    }
    if let Some(items) = headers {
        (checked.any_header, checked.headers) = header_names(
            errors,
            checked.credentials,
            "headers",
            &items,
            check_request_header,
        );
    }
    if let Some(items) = expose_headers {
        (checked.any_expose, checked.expose) = header_names(
            errors,
            checked.credentials,
            "expose_headers",
            &items,
            check_exposed_header,
        );
    }
    checked
}

const NULL_WITHOUT: &str = "`allow_null_origin` has no effect without `\"null\"` in `origins`";

/// The sentence for a policy without any source of origins.
fn missing_origins(place: Place<'_>) -> String {
    match place {
        Place::Handler => "missing `origins`: say which pages may call this handler, e.g. `#[cors(origins = \"https://app.example.com\")]` (or give `origins_fn` / `origins_env`)".into(),
        Place::Named(name) => format!("missing `origins`: say which pages this policy lets call, e.g. `cors_policy!({name}: origins = \"https://app.example.com\")` (or give `origins_fn` / `origins_env`; for origins only an async check allows, write `origins = []` and apply the policy as `{name}.origins_async(check)`)"),
        Place::Configured => "missing `origins`: say which pages this policy lets call, e.g. `origins = \"https://app.example.com\"` (or give `origins_env`)".into(),
    }
}

/// The origin list: every rule is `check_origin_list`'s (shared with `origins_env`).
fn check_origins(
    errors: &mut Vec<RuleError>,
    checked: &mut Checked,
    n: usize,
    items: &[&str],
    null_opt_in: Option<usize>,
) {
    let null_listed = items.iter().any(|t| t.eq_ignore_ascii_case("null"));
    match check_origin_list(items, checked.credentials, null_opt_in.is_some()) {
        Ok(specs) => {
            for spec in specs {
                match spec {
                    OriginSpec::Any => checked.any_origin = true,
                    OriginSpec::Null => checked.null_origin = true,
                    OriginSpec::Exact(o) => checked.exact.push(o),
                    OriginSpec::Pattern(p) => checked.patterns.push(p),
                }
            }
        }
        Err(list_errors) => {
            for error in list_errors {
                let at = error.item.map_or(At::Key(n), |i| At::Item(n, i));
                errors.push(RuleError {
                    at,
                    message: error.message,
                });
            }
        }
    }
    if let (Some(k), false) = (null_opt_in, null_listed) {
        errors.push(RuleError {
            at: At::Key(k),
            message: NULL_WITHOUT.into(),
        });
    }
}

/// Reports a `*` that is not alone, or that meets credentials (Fetch: with credentials `*` is a
/// literal name, not a wildcard).
fn check_star(
    errors: &mut Vec<RuleError>,
    credentials: bool,
    key: &str,
    star: At,
    items: &[(At, &str)],
) {
    // Fetch: `*` never covers `authorization`, so `headers = "*, authorization"` is meaningful.
    let others = items
        .iter()
        .filter(|(_, t)| *t != "*")
        .filter(|(_, t)| !(key == "headers" && t.eq_ignore_ascii_case("authorization")))
        .count();
    let message = if credentials {
        format!("`{key} = \"*\"` cannot be combined with `credentials`: with credentials browsers read `*` as a literal name, not a wildcard; list the {key} by name")
    } else if others > 0 {
        let but = match key {
            "headers" => " (only `authorization` may stand beside it, as `*` never covers it)",
            _ => "",
        };
        format!(
            "`*` already allows every value of `{key}`: use it alone{but}, or list names without it"
        )
    } else {
        return;
    };
    errors.push(RuleError { at: star, message });
}

fn check_methods(errors: &mut Vec<RuleError>, checked: &mut Checked, items: &[(At, &str)]) {
    if let Some((at, _)) = items.iter().find(|(_, t)| *t == "*") {
        check_star(errors, checked.credentials, "methods", *at, items);
        checked.any_method = true;
        return;
    }
    for &(at, text) in items {
        if let Err(message) = check_method(text) {
            errors.push(RuleError { at, message });
        } else if checked.methods.iter().any(|m| m == text) {
            errors.push(RuleError {
                at,
                message: format!("method `{text}` is listed twice; keep one"),
            });
        } else {
            checked.methods.push(text.to_owned());
        }
    }
}

/// `headers` or `expose_headers`: whether the list is `*`, and its names in lower case, each
/// checked by `rule` (the request- or response-header rule) and listed once. Beside `*` only
/// `authorization` is kept, which `*` never covers (`check_star` reports anything else).
fn header_names(
    errors: &mut Vec<RuleError>,
    credentials: bool,
    key: &str,
    items: &[(At, &str)],
    rule: fn(&str) -> Result<String, String>,
) -> (bool, Vec<String>) {
    if let Some((at, _)) = items.iter().find(|(_, t)| *t == "*") {
        check_star(errors, credentials, key, *at, items);
        let authorization = items
            .iter()
            .any(|(_, t)| t.eq_ignore_ascii_case("authorization"));
        return (
            true,
            authorization
                .then(|| "authorization".into())
                .into_iter()
                .collect(),
        );
    }
    let mut names: Vec<String> = Vec::new();
    for &(at, text) in items {
        match rule(text) {
            Err(message) => errors.push(RuleError { at, message }),
            Ok(lower) if names.contains(&lower) => errors.push(RuleError {
                at,
                message: format!(
                    "header `{text}` is listed twice (header names ignore case); keep one"
                ),
            }),
            Ok(lower) => names.push(lower),
        }
    }
    (false, names)
}

/// A list header's value (`Access-Control-Allow-Methods`, ...): `*` (with `authorization`
/// after it for headers, as `*` never covers it), the names, or no header for no names.
pub fn list_value(any: bool, items: &[String]) -> Option<String> {
    let value = match any {
        true => std::iter::once("*")
            .chain(items.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(", "),
        false => items.join(", "),
    };
    (any || !items.is_empty()).then_some(value)
}
