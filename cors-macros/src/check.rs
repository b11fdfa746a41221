//! Turns the raw arguments into a valid [`Model`], reporting every broken rule with its span.
//! The rules of a policy, from each key's value to those that relate keys (`*` with
//! credentials, ...), live in the runtime's `rules::policy`, which also checks a policy an app
//! builds at run time from its configuration: this file hands it the keys as written and
//! points each broken rule at its key, value or item.

use proc_macro2::Span;

use crate::attr::{Arg, Value};
use crate::ctxt::Ctxt;
use crate::rules::policy::{self as rules_policy, At, Checked, Entry, Place};

/// A valid policy, ready for code generation: what the rules checked (read through `Deref`:
/// `model.methods`), the `origins_fn` path as written, and the named policy it comes from.
#[derive(Default, Clone)]
pub struct Model {
    /// The name of the named policy it comes from (`cors_policy!(API: ..)`), for messages.
    pub named: Option<String>,
    /// `origins_fn = path`, as written.
    pub origins_fn: Option<syn::Path>,
    /// Every other key, as the rules checked it.
    pub checked: Checked,
}

impl std::ops::Deref for Model {
    type Target = Checked;

    fn deref(&self) -> &Checked {
        &self.checked
    }
}

/// Whether a handler may add `key` to a named policy.
pub fn is_addable(key: &str) -> bool {
    rules_policy::ADDITIONS.contains(&key)
}

/// The keys the attribute knows.
#[cfg(test)]
fn key_names() -> Vec<&'static str> {
    rules_policy::KEYS.to_vec()
}

/// A value's text, owned, for the rules to borrow.
enum Text {
    Flag,
    Bool(bool),
    Int(String),
    Str(String),
    List(Vec<String>),
    Path,
}

impl Text {
    /// `value` of `key` as the rules read it: a string naming a path is a path where the key
    /// takes one (`crate = "my_cors"`).
    fn of(key: &str, value: Option<&Value>) -> Text {
        match value {
            None => Text::Flag,
            Some(Value::Bool(b)) => Text::Bool(b.value),
            Some(Value::Int(i)) => Text::Int(i.base10_digits().to_owned()),
            Some(Value::Str(s)) => {
                let takes_path = matches!(key, "origins_fn" | "crate");
                match takes_path && s.parse::<syn::Path>().is_ok() {
                    true => Text::Path,
                    false => Text::Str(s.value()),
                }
            }
            Some(Value::Array(_, lits)) => {
                Text::List(lits.iter().map(syn::LitStr::value).collect())
            }
            Some(Value::Path(_)) => Text::Path,
        }
    }

    fn value(&self) -> rules_policy::Value<'_> {
        match self {
            Text::Flag => rules_policy::Value::Flag,
            Text::Bool(b) => rules_policy::Value::Bool(*b),
            Text::Int(digits) => rules_policy::Value::Int(digits),
            Text::Str(s) => rules_policy::Value::Str(s),
            Text::List(items) => {
                rules_policy::Value::List(items.iter().map(String::as_str).collect())
            }
            Text::Path => rules_policy::Value::Path,
        }
    }
}

/// Checks a handler's policy: `args` as written in `#[cors(...)]`, `additions` the keys it
/// adds to a named policy. Errors point where each key was written.
pub fn check(args: Vec<Arg>, additions: Vec<Arg>, attr_span: Span) -> Result<Model, syn::Error> {
    check_at(args, additions, attr_span, Place::Handler)
}

/// [`check`] for a policy written at `place` (a handler's attribute, or `cors_policy!`).
pub fn check_at(
    args: Vec<Arg>,
    additions: Vec<Arg>,
    attr_span: Span,
    place: Place,
) -> Result<Model, syn::Error> {
    let texts: Vec<Text> = args
        .iter()
        .chain(&additions)
        .map(|arg| Text::of(&arg.key.to_string(), arg.value.as_ref()))
        .collect();
    let keys: Vec<String> = args
        .iter()
        .chain(&additions)
        .map(|a| a.key.to_string())
        .collect();
    let entries: Vec<Entry<'_>> = keys
        .iter()
        .zip(&texts)
        .map(|(key, text)| Entry {
            key,
            value: text.value(),
        })
        .collect();
    let (own, added) = entries.split_at(args.len());
    match rules_policy::check_policy(own, added, rules_policy::KEYS, place) {
        Ok(checked) => Ok(model(checked, &args)),
        Err(errors) => {
            let all: Vec<&Arg> = args.iter().chain(&additions).collect();
            let mut cx = Ctxt::new();
            for error in errors {
                cx.error(span_of(&all, error.at, attr_span), error.message);
            }
            cx.finish().map(|()| Model::default())
        }
    }
}

/// What the macro underlines for a broken rule at `at`.
fn span_of(args: &[&Arg], at: At, attr_span: Span) -> Span {
    let key = |n: usize| args.get(n).map_or(attr_span, |a| a.key.span());
    let value = |n: usize| {
        args.get(n)
            .and_then(|a| a.value.as_ref())
            .map_or_else(|| key(n), Value::span)
    };
    match at {
        At::Whole => attr_span,
        At::Key(n) => key(n),
        At::Value(n) => value(n),
        At::Item(n, i) => match args.get(n).and_then(|a| a.value.as_ref()) {
            // Stable Rust cannot point inside a literal: every item of a string is the string.
            Some(Value::Array(_, lits)) => lits.get(i).map_or_else(|| value(n), syn::LitStr::span),
            _ => value(n),
        },
    }
}

/// The model of a valid policy: what the rules checked, and the `origins_fn` path as written.
fn model(checked: Checked, args: &[Arg]) -> Model {
    let origins_fn =
        args.iter()
            .find(|a| a.key == "origins_fn")
            .and_then(|a| match a.value.as_ref()? {
                Value::Path(p) => Some(p.clone()),
                Value::Str(s) => s.parse().ok(),
                _ => None,
            });
    Model {
        named: None,
        origins_fn,
        checked,
    }
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
