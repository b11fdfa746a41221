//! Turns the raw arguments into a valid [`Model`], reporting every broken rule with its span.
//! The rules themselves live in the runtime's `rules` module; this file applies them to
//! spanned items and adds the rules that relate several keys (`*` with credentials, ...).

use proc_macro2::Span;

use crate::attr::{Arg, Value};
use crate::ctxt::Ctxt;
use crate::rules::{self, OriginPattern, OriginSpec};

/// Chromium caps `Access-Control-Max-Age` at 2 hours, Firefox at 24 hours.
const MAX_AGE_CHROMIUM: u64 = 7200;
const MAX_AGE_FIREFOX: u64 = 86400;

/// A valid policy, ready for code generation.
#[derive(Default, Clone)]
pub struct Model {
    /// The name of the named policy it comes from (`cors_policy!(API: ..)`), for messages.
    pub named: Option<String>,
    pub any_origin: bool,
    pub null_origin: bool,
    /// Exact origins; the expansion places them in a compile-time hash table.
    pub exact: Vec<String>,
    pub patterns: Vec<OriginPattern>,
    pub origins_fn: Option<syn::Path>,
    pub origins_env: Option<String>,
    pub methods: Vec<String>,
    pub any_method: bool,
    pub headers: Vec<String>,
    pub any_header: bool,
    pub expose: Vec<String>,
    pub any_expose: bool,
    pub credentials: bool,
    pub max_age: Option<u64>,
    pub private_network: bool,
    pub reject_disallowed: bool,
}

/// A list item with the span that shows it: its own literal in an array, the whole string
/// otherwise (stable Rust cannot point inside a literal, so messages quote the item).
struct Item {
    text: String,
    span: Span,
}

/// What the keys read so far hold, before the rules that relate keys are checked.
#[derive(Default)]
struct Given {
    model: Model,
    /// `origins`, with the key's span for an error about the list as a whole (empty).
    origins: Option<(Span, Vec<Item>)>,
    /// Whether `origins`, `origins_fn` or `origins_env` was written, valid or not.
    origin_source: bool,
    /// `allow_null_origin`, where it is written.
    null_opt_in: Option<Span>,
    methods: Option<Vec<Item>>,
    headers: Option<Vec<Item>>,
    expose_headers: Option<Vec<Item>>,
}

/// Reads the value of one key (named, and spanned by the key) into [`Given`].
type ReadKey = fn(&mut Given, &mut Ctxt, &str, Span, Option<Value>);

/// Every key the attribute knows and how its value is read: the one list of keys, from which
/// an unknown key's error suggests and lists.
const KEYS: &[(&str, ReadKey)] = &[
    // origins = "https://a.example, https://b.example"
    ("origins", |given, cx, key, span, value| {
        given.origins = list(cx, key, span, value).map(|items| (span, items));
    }),
    // origins_fn = crate::auth::is_trusted_origin
    ("origins_fn", |given, cx, key, span, value| {
        given.model.origins_fn = path(cx, key, span, value);
    }),
    // origins_env = "CORS_ORIGINS"
    ("origins_env", |given, cx, _, span, value| {
        given.model.origins_env = env_var(cx, span, value);
    }),
    // methods = "PUT, DELETE"
    ("methods", |given, cx, key, span, value| {
        given.methods = list(cx, key, span, value);
    }),
    // headers = "content-type, x-api-key"
    ("headers", |given, cx, key, span, value| {
        given.headers = list(cx, key, span, value);
    }),
    // expose_headers = "x-total-count"
    ("expose_headers", |given, cx, key, span, value| {
        given.expose_headers = list(cx, key, span, value);
    }),
    // credentials / credentials = true
    ("credentials", |given, cx, key, _, value| {
        given.model.credentials = flag(cx, key, value);
    }),
    // max_age = 600
    ("max_age", |given, cx, _, span, value| {
        given.model.max_age = max_age(cx, span, value);
    }),
    ("private_network", |given, cx, key, _, value| {
        given.model.private_network = flag(cx, key, value);
    }),
    ("allow_null_origin", |given, cx, key, span, value| {
        given.null_opt_in = flag(cx, key, value).then_some(span);
    }),
    ("reject_disallowed", |given, cx, key, _, value| {
        given.model.reject_disallowed = flag(cx, key, value);
    }),
    // crate = "my_cors" (when axum-strict-cors is renamed in Cargo.toml): checked here, used by
    // `attr::crate_path`.
    ("crate", |_, cx, key, span, value| {
        path(cx, key, span, value);
    }),
    // Reached only in a `cors_policy!` definition: `#[cors(policy = ..)]` is expanded before
    // any check.
    ("policy", |_, cx, _, span, _| {
        cx.error(
            span,
            "a named policy cannot use another one: list its keys in full",
        );
    }),
];

/// The keys a handler may add to a named policy, and how each is added: none of them changes
/// how a preflight is answered, so handlers sharing a policy still answer preflights alike.
const ADDITIONS: &[(&str, ReadKey)] = &[
    // Added to the policy's own list; a name in both is "listed twice".
    ("expose_headers", |given, cx, key, span, value| {
        if let Some(items) = list(cx, key, span, value) {
            given
                .expose_headers
                .get_or_insert_with(Vec::new)
                .extend(items);
        }
    }),
    ("reject_disallowed", |given, cx, key, span, value| {
        let on = flag(cx, key, value);
        if on && given.model.reject_disallowed {
            cx.error(
                span,
                "`reject_disallowed` is already in the policy; remove it here",
            );
        }
        given.model.reject_disallowed |= on;
    }),
    ("crate", |_, cx, key, span, value| {
        path(cx, key, span, value);
    }),
];

/// Whether a handler may add `key` to a named policy ([`ADDITIONS`]).
pub fn is_addable(key: &str) -> bool {
    ADDITIONS.iter().any(|(name, _)| *name == key)
}

/// The names of [`KEYS`].
fn key_names() -> Vec<&'static str> {
    KEYS.iter().map(|(name, _)| *name).collect()
}

/// Checks a policy: `args` as written in `#[cors(...)]` (or in `cors_policy!`), `additions`
/// the keys a handler adds to a named policy ([`ADDITIONS`]; the caller refuses any other).
/// Errors point where each key was written.
pub fn check(args: Vec<Arg>, additions: Vec<Arg>, attr_span: Span) -> Result<Model, syn::Error> {
    let mut cx = Ctxt::new();
    let mut given = Given::default();
    let mut keys_given: Vec<&str> = Vec::new();
    for arg in args {
        let key = arg.key.to_string();
        let span = arg.key.span();
        let Some(&(name, read)) = KEYS.iter().find(|(name, _)| *name == key) else {
            // `orgins = ...` already gets "did you mean `origins`?": no "missing" on top.
            let meant = unknown_key(&mut cx, &key, span);
            given.origin_source |= meant.is_some_and(|k| k.starts_with("origins"));
            continue;
        };
        // Given, even if its value turns out invalid: its own error says what is wrong.
        given.origin_source |= name.starts_with("origins");
        if keys_given.contains(&name) {
            cx.error(
                span,
                format!("duplicate key `{key}`: it is already given above; keep one"),
            );
            continue;
        }
        keys_given.push(name);
        read(&mut given, &mut cx, name, span, arg.value);
    }
    for arg in additions {
        let key = arg.key.to_string();
        let span = arg.key.span();
        match ADDITIONS.iter().find(|(name, _)| *name == key) {
            Some(&(name, add)) => add(&mut given, &mut cx, name, span, arg.value),
            None => cx.error(span, format!("`{key}` cannot be added to a named policy")),
        }
    }
    let Given {
        mut model,
        origins,
        origin_source,
        null_opt_in,
        methods,
        headers,
        expose_headers,
    } = given;
    match origins {
        Some((span, items)) => check_origins(&mut cx, &mut model, span, items, null_opt_in),
        None if !origin_source => cx.error(
            attr_span,
            "missing `origins`: say which pages may call this handler, e.g. `#[cors(origins = \"https://app.example.com\")]` (or give `origins_fn` / `origins_env`)",
        ),
        None => {
            if let Some(span) = null_opt_in {
                cx.error(span, "`allow_null_origin` has no effect without `\"null\"` in `origins`");
            }
        }
    }
    if let Some(items) = methods {
        check_methods(&mut cx, &mut model, items);
    }
    if let Some(items) = headers {
        (model.any_header, model.headers) = check_header_names(
            &mut cx,
            model.credentials,
            "headers",
            items,
            rules::check_request_header,
        );
    }
    if let Some(items) = expose_headers {
        (model.any_expose, model.expose) = check_header_names(
            &mut cx,
            model.credentials,
            "expose_headers",
            items,
            rules::check_exposed_header,
        );
    }
    cx.finish().map(|()| model)
}

/// Reports an unknown key; returns the key it is probably a typo of.
fn unknown_key(cx: &mut Ctxt, key: &str, span: Span) -> Option<&'static str> {
    let names = key_names();
    let meant = rules::did_you_mean(key, &names);
    let hint = match meant {
        Some(fix) => format!("did you mean `{fix}`?"),
        None => format!("the keys are {}", rules::quote_list(&names)),
    };
    cx.error(span, format!("unknown key `{key}`: {hint}"));
    meant
}

/// A list value: `"a, b"` or `["a", "b"]`.
fn list(cx: &mut Ctxt, key: &str, span: Span, value: Option<Value>) -> Option<Vec<Item>> {
    let items: Vec<Item> = match value {
        Some(Value::Str(s)) => {
            let text = s.value();
            rules::split_list(&text)
                .into_iter()
                .map(|t| Item {
                    text: t.to_string(),
                    span: s.span(),
                })
                .collect()
        }
        Some(Value::Array(_, lits)) => lits
            .iter()
            .map(|l| Item {
                text: l.value().trim().to_string(),
                span: l.span(),
            })
            .collect(),
        Some(other) => {
            cx.error(other.span(), format!("`{key}` takes a string such as `{key} = \"a, b\"` or an array such as `{key} = [\"a\", \"b\"]`"));
            return None;
        }
        None => {
            cx.error(span, format!("`{key}` needs a value: `{key} = \"...\"`"));
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
        cx.error(span, format!("`{key}` is empty: {fix}"));
        return None;
    }
    Some(items)
}

fn flag(cx: &mut Ctxt, key: &str, value: Option<Value>) -> bool {
    match value {
        None => true,
        Some(Value::Bool(b)) => b.value,
        Some(other) => {
            cx.error(
                other.span(),
                format!("`{key}` is a flag: write `{key}` or `{key} = true`"),
            );
            false
        }
    }
}

fn max_age(cx: &mut Ctxt, span: Span, value: Option<Value>) -> Option<u64> {
    let Some(Value::Int(lit)) = value else {
        let at = value.as_ref().map_or(span, Value::span);
        cx.error(at, "`max_age` takes a number of seconds: `max_age = 600`");
        return None;
    };
    let Ok(secs) = lit.base10_parse::<u64>() else {
        cx.error(
            lit.span(),
            format!("`max_age` must be a whole number of seconds from 0 to {MAX_AGE_FIREFOX}"),
        );
        return None;
    };
    if secs > MAX_AGE_FIREFOX {
        cx.error(lit.span(), format!(
            "`max_age = {secs}` is more than browsers honour: Firefox caps it at {MAX_AGE_FIREFOX} s and Chromium at {MAX_AGE_CHROMIUM} s; write `max_age = {MAX_AGE_CHROMIUM}`"
        ));
        return None;
    }
    Some(secs)
}

fn path(cx: &mut Ctxt, key: &str, span: Span, value: Option<Value>) -> Option<syn::Path> {
    match value {
        Some(Value::Path(p)) => Some(p),
        Some(Value::Str(s)) => match s.parse::<syn::Path>() {
            Ok(p) => Some(p),
            Err(_) => {
                cx.error(
                    s.span(),
                    format!("`{key}` takes a path, e.g. `{key} = my::path`"),
                );
                None
            }
        },
        other => {
            let at = other.as_ref().map_or(span, Value::span);
            cx.error(at, format!("`{key}` takes a path, e.g. `{key} = my::path`"));
            None
        }
    }
}

fn env_var(cx: &mut Ctxt, span: Span, value: Option<Value>) -> Option<String> {
    let Some(Value::Str(s)) = value else {
        let at = value.as_ref().map_or(span, Value::span);
        cx.error(at, "`origins_env` takes the name of an environment variable: `origins_env = \"CORS_ORIGINS\"`");
        return None;
    };
    let name = s.value();
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !valid {
        cx.error(s.span(), format!("`{name}` is not an environment variable name: use letters, digits and `_`, e.g. `CORS_ORIGINS`"));
        return None;
    }
    Some(name)
}

/// The origin list: every rule is `rules::check_origin_list`'s (shared with the runtime);
/// here each error gets the span of its item, or of the key for the list as a whole.
fn check_origins(
    cx: &mut Ctxt,
    model: &mut Model,
    key_span: Span,
    items: Vec<Item>,
    null_opt_in: Option<Span>,
) {
    let texts: Vec<&str> = items.iter().map(|item| item.text.as_str()).collect();
    let null_listed = texts.iter().any(|t| t.eq_ignore_ascii_case("null"));
    match rules::check_origin_list(&texts, model.credentials, null_opt_in.is_some()) {
        Ok(specs) => {
            for spec in specs {
                match spec {
                    OriginSpec::Any => model.any_origin = true,
                    OriginSpec::Null => model.null_origin = true,
                    OriginSpec::Exact(o) => model.exact.push(o),
                    OriginSpec::Pattern(p) => model.patterns.push(p),
                }
            }
            model.exact.sort();
        }
        Err(errors) => {
            for error in errors {
                let span = error.item.map_or(key_span, |i| items[i].span);
                cx.error(span, error.message);
            }
        }
    }
    if let (Some(span), false) = (null_opt_in, null_listed) {
        cx.error(
            span,
            "`allow_null_origin` has no effect without `\"null\"` in `origins`",
        );
    }
}

/// The `*` of a list, if it has one: the list then allows every value.
fn star_item(items: &[Item]) -> Option<&Item> {
    items.iter().find(|i| i.text == "*")
}

/// Reports a `*` that is not alone, or that meets credentials (Fetch: with credentials `*` is a
/// literal name, not a wildcard).
fn check_star(cx: &mut Ctxt, credentials: bool, key: &str, star: &Item, items: &[Item]) {
    // Fetch: `*` never covers `authorization`, so `headers = "*, authorization"` is meaningful.
    let others = items
        .iter()
        .filter(|i| i.text != "*")
        .filter(|i| !(key == "headers" && i.text.eq_ignore_ascii_case("authorization")))
        .count();
    if credentials {
        cx.error(star.span, format!("`{key} = \"*\"` cannot be combined with `credentials`: with credentials browsers read `*` as a literal name, not a wildcard; list the {key} by name"));
    } else if others > 0 {
        let but = match key {
            "headers" => " (only `authorization` may stand beside it, as `*` never covers it)",
            _ => "",
        };
        cx.error(
            star.span,
            format!(
                "`*` already allows every value of `{key}`: use it alone{but}, or list names without it"
            ),
        );
    }
}

fn check_methods(cx: &mut Ctxt, model: &mut Model, items: Vec<Item>) {
    if let Some(star) = star_item(&items) {
        check_star(cx, model.credentials, "methods", star, &items);
        model.any_method = true;
        return;
    }
    for item in items {
        if let Err(message) = rules::check_method(&item.text) {
            cx.error(item.span, message);
        } else if model.methods.contains(&item.text) {
            cx.error(
                item.span,
                format!("method `{}` is listed twice; keep one", item.text),
            );
        } else {
            model.methods.push(item.text);
        }
    }
}

/// `headers` or `expose_headers`: whether the list is `*`, and its names in lower case, each
/// checked by `rule` (the request- or response-header rule) and listed once. Beside `*` only
/// `authorization` is kept, which `*` never covers (`check_star` reports anything else).
fn check_header_names(
    cx: &mut Ctxt,
    credentials: bool,
    key: &str,
    items: Vec<Item>,
    rule: fn(&str) -> Result<String, String>,
) -> (bool, Vec<String>) {
    if let Some(star) = star_item(&items) {
        check_star(cx, credentials, key, star, &items);
        let authorization = items
            .iter()
            .any(|i| i.text.eq_ignore_ascii_case("authorization"));
        return (
            true,
            authorization
                .then(|| "authorization".into())
                .into_iter()
                .collect(),
        );
    }
    let mut names: Vec<String> = Vec::new();
    for item in items {
        match rule(&item.text) {
            Err(message) => cx.error(item.span, message),
            Ok(lower) if names.contains(&lower) => cx.error(
                item.span,
                format!(
                    "header `{}` is listed twice (header names ignore case); keep one",
                    item.text
                ),
            ),
            Ok(lower) => names.push(lower),
        }
    }
    (false, names)
}

#[cfg(test)]
mod tests {
    use super::key_names;

    /// The guide's policy table documents exactly the keys the attribute knows (in any order).
    #[test]
    fn the_guide_documents_every_key() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../src/guide/policies.md");
        let guide = std::fs::read_to_string(path).expect("the guide's chapter on policies");
        let table = guide
            .split("\n# The policy\n")
            .nth(1)
            .and_then(|section| section.split("\n#").next())
            .expect("a section `# The policy`");
        let mut documented: Vec<&str> = table
            .lines()
            .filter_map(|row| row.strip_prefix("| `"))
            .map(|cell| cell.split(['`', ' ']).next().unwrap_or(""))
            .collect();
        let mut known = key_names();
        documented.sort_unstable();
        known.sort_unstable();
        assert_eq!(documented, known);
    }
}
