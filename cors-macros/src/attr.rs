//! Parsing `#[cors(...)]` into raw key/value pairs that keep their spans. Only the syntax is
//! checked here; what the values mean is `check.rs`'s business.

use proc_macro2::Span;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitBool, LitInt, LitStr, Token};

/// `key` or `key = value`.
pub struct Arg {
    pub key: Ident,
    pub value: Option<Value>,
}

pub enum Value {
    /// `"a, b"`
    Str(LitStr),
    /// `["a", "b"]`: one span per item.
    Array(Span, Vec<LitStr>),
    Int(LitInt),
    Bool(LitBool),
    /// `path::to::item`
    Path(syn::Path),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Str(s) => s.span(),
            Value::Array(span, _) => *span,
            Value::Int(i) => i.span(),
            Value::Bool(b) => b.span,
            Value::Path(p) => p
                .segments
                .last()
                .map_or_else(Span::call_site, |s| s.ident.span()),
        }
    }
}

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        // `crate` is a keyword, hence `parse_any`.
        let key = Ident::parse_any(input)?;
        if input.is_empty() || input.peek(Token![,]) {
            return Ok(Arg { key, value: None });
        }
        if !input.peek(Token![=]) {
            // `origins: "..."`, `origins("...")`: say what the syntax is.
            return Err(input.error(format!(
                "expected `=` after `{key}`: write `{key} = \"...\"` (or just `{key}` for a flag)"
            )));
        }
        input.parse::<Token![=]>()?;
        let value = if input.peek(LitStr) {
            Value::Str(input.parse()?)
        } else if input.peek(LitInt) {
            Value::Int(input.parse()?)
        } else if input.peek(LitBool) {
            Value::Bool(input.parse()?)
        } else if input.peek(syn::token::Bracket) {
            let content;
            let bracket = bracketed!(content in input);
            let items = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
            Value::Array(bracket.span.join(), items.into_iter().collect())
        } else if input.peek(Ident::peek_any) || input.peek(Token![::]) {
            Value::Path(input.parse()?)
        } else {
            return Err(input.error(
                "expected a value: a string (`\"a, b\"`), an array of strings (`[\"a\", \"b\"]`), a number, `true`/`false`, or a path",
            ));
        };
        Ok(Arg {
            key,
            value: Some(value),
        })
    }
}

/// The whole attribute: comma-separated args.
pub fn parse_args(tokens: proc_macro2::TokenStream) -> syn::Result<Vec<Arg>> {
    use syn::parse::Parser;
    let parser = Punctuated::<Arg, Token![,]>::parse_terminated;
    Ok(parser.parse2(tokens)?.into_iter().collect())
}

/// The `crate = path` argument, if any (`crate = "name"` or `crate = name`).
pub fn crate_path(args: &[Arg]) -> Option<syn::Path> {
    let arg = args.iter().find(|a| a.key == "crate")?;
    match arg.value.as_ref()? {
        Value::Path(p) => Some(p.clone()),
        Value::Str(s) => s.parse().ok(),
        _ => None,
    }
}
