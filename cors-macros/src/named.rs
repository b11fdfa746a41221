//! Named policies: `cors_policy!(pub API: origins = "...", methods = "...")` checks a policy
//! where it is written and defines a `macro_rules!` callback `API` holding its tokens;
//! `#[cors(policy = API, expose_headers = "x")]` expands to a call of that callback, which
//! writes `#[cors(<the policy's tokens>, <the additions>)]` back on the function.
//!
//! ```text
//! cors_policy!(pub API: origins = "https://app.example.com");
//!   => macro_rules! __axum_strict_cors_policy_API_<hash> {
//!          (($($krate:tt)*) [$($add:tt)*] $($item:tt)*) => {
//!              #[$($krate)*::cors(__policy API [origins = "https://app.example.com"] [$($add)*])]
//!              $($item)*
//!          };
//!      }
//!      pub use __axum_strict_cors_policy_API_<hash> as API;
//!
//! #[cors(policy = API, expose_headers = "x")] async fn h() {}
//!   => API! { (::axum_strict_cors) [expose_headers = "x", crate = ::axum_strict_cors] async fn h() {} }
//!   => #[::axum_strict_cors::cors(__policy API [origins = ...] [expose_headers = "x", crate = ::axum_strict_cors])]
//!      async fn h() {}
//! ```
//!
//! Beside the call, the runtime's `PolicyNotFound` is glob-imported under the handler's name
//! (`policy_not_found`): shadowed by the handler the callback generates, it stands for it when
//! `API!` is not found, so that rustc's "cannot find macro" is the only error. Both ride on a
//! hidden unit struct's derive (`__CorsItems`), as a handler's items do, so that in an `impl`
//! block the one error is rustc's rejection of that struct.
//!
//! The policy's tokens keep the spans they were written with, so an error in them points at the
//! definition; the definition is checked when it is written, so none is expected at a use.

use std::sync::atomic::{AtomicU64, Ordering};

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Token, Visibility};

use crate::attr::{self, Arg, Value};
use crate::check;
use crate::ctxt::Ctxt;

/// Marks an attribute written by a policy's callback.
const FROM_POLICY: &str = "__policy";
/// Marks an attribute written by the callback of a policy that failed its checks: the
/// definition's errors are reported once, where it is written.
const FROM_INVALID_POLICY: &str = "__policy_invalid";

/// `#(attrs)* vis NAME: args`
struct Definition {
    attrs: Vec<Attribute>,
    vis: Visibility,
    name: Ident,
    args: TokenStream,
}

impl Parse for Definition {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let name: Ident = input.parse().map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected the policy's name: `cors_policy!(pub API: origins = \"https://app.example.com\")`",
            )
        })?;
        if !input.peek(Token![:]) {
            return Err(input.error(format!(
                "expected `:` after the policy's name: `cors_policy!({name}: origins = \"...\")`"
            )));
        }
        input.parse::<Token![:]>()?;
        Ok(Definition {
            attrs,
            vis,
            name,
            args: input.parse()?,
        })
    }
}

/// `cors_policy!(..)`.
pub fn define(input: TokenStream) -> syn::Result<TokenStream> {
    let definition: Definition = syn::parse2(input)?;
    let Definition {
        attrs,
        vis,
        name,
        args,
    } = definition;
    let mut cx = Ctxt::new();
    let mut origins_fn_check = TokenStream::new();
    let mut model = None;
    match attr::parse_args(args.clone()) {
        Ok(parsed) => {
            for arg in &parsed {
                if arg.key == "crate" {
                    cx.push(syn::Error::new(
                        arg.key.span(),
                        format!("`crate` does not go in a named policy: the path to axum-strict-cors is the using crate's; write `#[cors(policy = {name}, crate = ...)]` where it is needed"),
                    ));
                }
                if arg.key == "origins_fn" {
                    if let Some(Value::Path(path)) = &arg.value {
                        match origins_fn_root(path) {
                            Ok(()) => {
                                let check = quote::quote_spanned! {path_span(path)=>
                                    const _: fn(&str) -> bool = #path;
                                };
                                origins_fn_check = check;
                            }
                            Err(e) => cx.push(e),
                        }
                    }
                }
            }
            let named = name.to_string();
            match check::check_at(
                parsed,
                Vec::new(),
                name.span(),
                crate::rules::policy::Place::Named(&named),
            ) {
                Ok(checked) => model = Some(checked),
                Err(e) => cx.push(e),
            }
        }
        Err(e) => cx.push(e),
    }
    let errors = cx.finish().err();
    let hidden = hidden_name(&name, &args);
    let exported = matches!(vis, Visibility::Public(_));
    let export = exported.then(|| quote!(#[macro_export]));
    let dollar = || TokenTree::Punct(Punct::new('$', Spacing::Alone));
    let d = dollar();
    let body = match &errors {
        None => {
            let tokens = dollar_crate(args);
            let from = Ident::new(FROM_POLICY, Span::call_site());
            quote!(#from #name [#tokens] [#d(#d add)*])
        }
        Some(_) => {
            let from = Ident::new(FROM_INVALID_POLICY, Span::call_site());
            quote!(#from [#d(#d add)*])
        }
    };
    let layer = layer_const(
        &attrs,
        &vis,
        &name,
        model.as_ref().filter(|_| errors.is_none()),
    );
    let errors = errors.map(syn::Error::into_compile_error);
    let doc_name = format!("The CORS policy `{name}`: `#[cors(policy = {name})]` on a handler.");
    let has_doc = attrs.iter().any(|a| a.path().is_ident("doc"));
    let default_doc = (!has_doc).then(|| quote!(#[doc = #doc_name]));
    Ok(quote! {
        #errors
        #origins_fn_check
        #[doc(hidden)]
        #export
        macro_rules! #hidden {
            ((#d(#d krate:tt)*) [#d(#d add:tt)*] #d(#d item:tt)*) => {
                #[#d(#d krate)*::cors(#body)]
                #d(#d item)*
            };
        }
        #(#attrs)*
        #default_doc
        #[allow(unused_imports)]
        #vis use #hidden as #name;
        #layer
    })
}

/// The policy as a value, in the value namespace beside the callback (a macro): `SPA` is a
/// `PolicyLayer`, so `Router::layer(SPA)` applies it to a whole router. For an invalid policy,
/// a stand-in of the same type, so that its uses raise no error of their own.
fn layer_const(
    attrs: &[Attribute],
    vis: &Visibility,
    name: &Ident,
    model: Option<&check::Model>,
) -> TokenStream {
    // Where `axum-strict-cors` is for the defining crate; a crate that reaches it only through a
    // re-export (`crate = ..` on its handlers) gets the callback alone.
    let Ok(krate) = crate::krate::path(None) else {
        return TokenStream::new();
    };
    let docs = attrs.iter().filter(|a| a.path().is_ident("doc"));
    let cfgs = attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let text = name.to_string();
    let doc = format!("The CORS policy `{text}` for a whole app: `{text}.router().route(..)` keeps every route, layer and route layer of the app inside it, in any order, answering preflights and granting every answer; `#[cors(policy = {text})]` gives it to one handler.");
    let p = quote!(#krate::__private);
    let value = match model {
        Some(model) => {
            let marker = quote!(__CorsOrigins);
            let origins_fn = model.origins_fn.as_ref().map(|path| {
                quote! {
                    struct __CorsOrigins;
                    impl #p::OriginsFn for __CorsOrigins {
                        const ALLOW: fn(&str) -> bool = #path;
                    }
                }
            });
            let path = quote!(::core::concat!(::core::module_path!(), "::", #text));
            let named = check::Model {
                named: Some(text.clone()),
                ..model.clone()
            };
            let policy = crate::policy::policy_tokens(&named, &text, &p, &marker, &path);
            quote! {{
                #origins_fn
                static POLICY: #p::Policy = #policy;
                #krate::PolicyLayer::new(&POLICY)
            }}
        }
        None => quote!(#krate::PolicyLayer::invalid()),
    };
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[doc = #doc]
        #[allow(non_upper_case_globals)]
        #vis const #name: #krate::PolicyLayer = #value;
    }
}

/// A name for the callback unique in the crate (`#[macro_export]` puts every exported macro
/// at the crate root, so two modules defining `pub API` alike must not meet there): the
/// policy's name, a hash of its keys and the number of policies this process has expanded
/// before it. rustc expands a crate's macros in the order they are written, so the name is
/// the same on every build of the same code; nothing names it but the `pub use` beside it.
fn hidden_name(name: &Ident, args: &TokenStream) -> Ident {
    static EXPANDED: AtomicU64 = AtomicU64::new(0);
    let count = EXPANDED.fetch_add(1, Ordering::Relaxed);
    // FNV-1a: stable across builds, unlike `DefaultHasher`'s promise.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.to_string().bytes().chain(args.to_string().bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format_ident!("__axum_strict_cors_policy_{}_{:016x}_{}", name, hash, count)
}

fn path_span(path: &syn::Path) -> Span {
    path.segments
        .first()
        .map_or_else(Span::call_site, |s| s.ident.span())
}

/// A policy is used from other modules (and crates): its `origins_fn` must name the function
/// from the crate root, where it resolves the same everywhere.
fn origins_fn_root(path: &syn::Path) -> Result<(), syn::Error> {
    let first = path.segments.first().map(|s| s.ident.to_string());
    if path.leading_colon.is_some() || first.as_deref() == Some("crate") {
        return Ok(());
    }
    let written = path.to_token_stream().to_string().replace(' ', "");
    let last = path
        .segments
        .last()
        .map_or_else(String::new, |s| s.ident.to_string());
    Err(syn::Error::new(
        path_span(path),
        format!("in a named policy, `origins_fn` is a path from the crate root, e.g. `crate::auth::{last}`: the policy is used from other modules, where `{written}` may not resolve"),
    ))
}

/// The policy's tokens for the callback's body: `crate::` in a path becomes `$crate::`, so that
/// `origins_fn = crate::auth::f` names the defining crate's function wherever the policy is
/// used (`$crate` is the only path a `macro_rules!` resolves at its definition).
fn dollar_crate(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut previous_is_colon = false;
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) if ident == "crate" && !previous_is_colon => {
                out.push(TokenTree::Punct(Punct::new('$', Spacing::Alone)));
                out.push(TokenTree::Ident(ident));
                previous_is_colon = false;
            }
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), dollar_crate(group.stream()));
                inner.set_span(group.span());
                out.push(TokenTree::Group(inner));
                previous_is_colon = false;
            }
            other => {
                previous_is_colon = matches!(&other, TokenTree::Punct(p) if p.as_char() == ':');
                out.push(other);
            }
        }
    }
    out.into_iter().collect()
}

/// `#[cors(policy = API, ...)]`: the call of `API`'s callback, or `None` if `args` name no
/// policy.
pub fn use_policy(
    args: &[Arg],
    raw: TokenStream,
    item: TokenStream,
    function: Option<&syn::ItemFn>,
    krate: &TokenStream,
) -> Option<TokenStream> {
    let policy = args.iter().find(|a| a.key == "policy")?;
    let mut cx = Ctxt::new();
    let path = match &policy.value {
        Some(Value::Path(path)) => Some(path.clone()),
        other => {
            let at = other.as_ref().map_or(policy.key.span(), Value::span);
            cx.push(syn::Error::new(
                at,
                "`policy` takes the name of a policy defined with `cors_policy!`, e.g. `policy = API` (or `policy = crate::cors::API`)",
            ));
            None
        }
    };
    let shown = path.as_ref().map_or_else(
        || "the policy".to_string(),
        |p| format!("`{}`", p.to_token_stream().to_string().replace(' ', "")),
    );
    let mut policies = 0;
    for arg in args {
        let key = arg.key.to_string();
        if key == "policy" {
            policies += 1;
            if policies > 1 {
                cx.push(syn::Error::new(
                    arg.key.span(),
                    "duplicate key `policy`: a handler uses one named policy",
                ));
            }
        } else if !check::is_addable(&key) {
            cx.push(syn::Error::new(
                arg.key.span(),
                format!("`{key}` comes from the policy {shown}: a handler using a named policy may add only `expose_headers` and `reject_disallowed`, which never change how its preflights are answered; for another `{key}`, define another policy with `cors_policy!` (or write this handler's policy in full)"),
            ));
        }
    }
    let errors = cx.finish().err().map(syn::Error::into_compile_error);
    let Some(path) = path else {
        // No callback to call: the function as it is, beside the error.
        return Some(quote!(#errors #item));
    };
    // The additions as written (their spans kept), then the crate path the handler's crate
    // uses, which the policy's crate cannot know.
    let additions: Vec<TokenStream> = split_args(raw)
        .into_iter()
        .filter(|segment| {
            matches!(segment.clone().into_iter().next(), Some(TokenTree::Ident(key))
                if key != "crate" && check::is_addable(&key.to_string()))
        })
        .collect();
    let call = quote!(#path! { (#krate) [#(#additions,)* crate = #krate] #item });
    let Some(function) = function else {
        return Some(quote!(#errors #call));
    };
    let stand_in = policy_not_found(function, krate);
    let carrier = format_ident!("__cors_policy_{}", function.sig.ident);
    let carried = crate::gen::pieces::carried(&carrier, function, krate, &quote!(#stand_in #call));
    Some(quote!(#errors #carried))
}

/// What stands for the handler when `NAME!` is not found (a misspelt `policy = NAME`): the
/// runtime's `PolicyNotFound`, glob-imported under the handler's name, which the handler the
/// callback generates shadows. rustc's "cannot find macro" is then the only error: the
/// handler's uses resolve either way.
fn policy_not_found(function: &syn::ItemFn, krate: &TokenStream) -> TokenStream {
    let name = &function.sig.ident;
    let vis = &function.vis;
    let cfgs = function.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    // Not for rustdoc, which documents a glob-imported item in place of the item shadowing it.
    let cfgs = quote!(#(#cfgs)* #[cfg(not(doc))]);
    let module = format_ident!("__cors_policy_not_found_{}", name);
    quote! {
        #cfgs
        #[doc(hidden)]
        #[allow(non_snake_case, unused_imports)]
        mod #module {
            pub use #krate::__private::PolicyNotFound as #name;
        }
        #cfgs
        #[doc(hidden)]
        #[allow(unused_imports, clippy::wildcard_imports)]
        #vis use #module::*;
    }
}

/// Top-level comma-separated segments of an attribute's arguments.
fn split_args(raw: TokenStream) -> Vec<TokenStream> {
    let mut segments = vec![Vec::new()];
    for tree in raw {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => segments.push(Vec::new()),
            _ => segments.last_mut().expect("never empty").push(tree),
        }
    }
    segments
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.into_iter().collect())
        .collect()
}

/// What a policy's callback wrote: `__policy NAME [policy] [additions]`, or
/// `__policy_invalid [additions]`.
pub enum FromPolicy {
    Valid {
        /// The policy's name.
        name: String,
        policy: TokenStream,
        additions: TokenStream,
    },
    Invalid {
        additions: TokenStream,
    },
}

/// Recognises the arguments a policy's callback writes; `None` for anything else.
pub fn from_policy(args: &TokenStream) -> Option<FromPolicy> {
    let mut trees = args.clone().into_iter();
    let marker = match trees.next()? {
        TokenTree::Ident(i) => i.to_string(),
        _ => return None,
    };
    match marker.as_str() {
        FROM_POLICY => {
            // The policy's name: for messages about it, and whoever reads the expansion.
            let TokenTree::Ident(name) = trees.next()? else {
                return None;
            };
            let policy = next_bracketed(&mut trees)?;
            let additions = next_bracketed(&mut trees)?;
            Some(FromPolicy::Valid {
                name: name.to_string(),
                policy,
                additions,
            })
        }
        FROM_INVALID_POLICY => Some(FromPolicy::Invalid {
            additions: next_bracketed(&mut trees)?,
        }),
        _ => None,
    }
}

fn next_bracketed(trees: &mut impl Iterator<Item = TokenTree>) -> Option<TokenStream> {
    match trees.next()? {
        TokenTree::Group(g) if g.delimiter() == Delimiter::Bracket => Some(g.stream()),
        _ => None,
    }
}
