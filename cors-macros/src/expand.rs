//! `#[cors(...)]`: reads the attribute (or the named policy it uses), checks the policy and the
//! function's shape, collecting every error, and hands the result to `gen`: the handler, or
//! the same handler around an empty policy beside the errors.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{ItemFn, Signature};

use crate::attr;
use crate::check::{self, Model};
use crate::ctxt::Ctxt;
use crate::gen::{self, pieces::Claim};
use crate::named::{self, FromPolicy};

/// The function `#[cors]` is on: its attributes, visibility and signature parsed, its body kept
/// as the tokens it was written with (one statement, verbatim). The body is never read, only
/// emitted again, and parsing it is most of what a handler's parse costs.
pub(crate) fn parse_function(tokens: TokenStream) -> syn::Result<ItemFn> {
    syn::parse::Parser::parse2(
        |input: syn::parse::ParseStream<'_>| {
            let attrs = input.call(syn::Attribute::parse_outer)?;
            let vis: syn::Visibility = input.parse()?;
            let sig: Signature = input.parse()?;
            let body;
            let brace_token = syn::braced!(body in input);
            let body: TokenStream = body.parse()?;
            Ok(ItemFn {
                attrs,
                vis,
                modifiers: syn::FnModifiers::default(),
                sig,
                block: Box::new(syn::Block {
                    brace_token,
                    stmts: vec![syn::Stmt::Expr(syn::Expr::Verbatim(body), None)],
                }),
            })
        },
        tokens,
    )
}

/// The handler; `Err` only when there is no function to generate around (or no `axum-strict-cors` to
/// name), else errors come with the handler generated around an empty policy.
pub fn expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let attr_span = Span::call_site();
    let raw_args = args.clone();
    // `args`: the policy as written; `additions`: what a handler adds to a named policy.
    let (args, additions, invalid, named) = match named::from_policy(&args) {
        Some(FromPolicy::Valid {
            name,
            policy,
            additions,
        }) => (attr::parse_args(policy), additions, false, Some(name)),
        Some(FromPolicy::Invalid { additions }) => (Ok(Vec::new()), additions, true, None),
        None => (
            attr::parse_args(args.clone()),
            TokenStream::new(),
            false,
            None,
        ),
    };
    let additions = attr::parse_args(additions)?;
    let explicit = additions
        .iter()
        .chain(args.iter().flatten())
        .find(|a| a.key == "crate")
        .and_then(|a| attr::crate_path(std::slice::from_ref(a)));
    // Known even when the policy has errors, so that the fallback resolves.
    let krate = crate::krate::path(explicit)?;
    let parsed_function = parse_function(item.clone());
    if let Ok(function) = &parsed_function {
        if let Some(first) = first_module_level(function, &raw_args, &krate) {
            return Ok(first);
        }
    }
    if let Ok(parsed) = &args {
        let function = parsed_function.as_ref().ok();
        if let Some(call) = named::use_policy(parsed, raw_args, item.clone(), function, &krate) {
            return Ok(call);
        }
    }
    let function: ItemFn = parsed_function.map_err(|_| {
        syn::Error::new(
            item.into_iter().next().map_or_else(Span::call_site, |t| t.span()),
            "#[cors] goes on an `async fn` axum handler, e.g. `#[cors(origins = \"https://app.example.com\")] async fn handler() {}`",
        )
    })?;
    if invalid {
        // The named policy's errors are reported where it is defined.
        return Ok(gen::fallback(None, &function, &krate));
    }
    let mut cx = Ctxt::new();
    let model = match args.and_then(|args| check::check(args, additions, attr_span)) {
        Ok(model) => Some(Model { named, ..model }),
        Err(e) => {
            cx.push(e);
            None
        }
    };
    if let Err(e) = check_shape(&function.sig) {
        cx.push(e);
    }
    Ok(match (model, cx.finish()) {
        (Some(model), Ok(())) => gen::handler(&model, &function, &krate, Claim::Policy),
        (_, errors) => gen::fallback(errors.err(), &function, &krate),
    })
}

/// Attribute macros below `#[cors]` that must see the function at module level, where their
/// own items stand beside it: `#[utoipa::path(..)]` defines `__path_update` next to `update`.
/// They are moved above `#[cors]`, which runs again after them: as if written above it.
fn first_module_level(
    function: &ItemFn,
    args: &TokenStream,
    krate: &TokenStream,
) -> Option<TokenStream> {
    let is_module_level = |attr: &syn::Attribute| {
        let segments: Vec<String> = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        // Only the full path: a bare `#[path(..)]` is rustc's own `path` attribute (ambiguous
        // with an imported `utoipa::path`, so never that), and moving it would loop.
        matches!(segments.as_slice(), [.., utoipa, path] if utoipa == "utoipa" && path == "path")
    };
    if !function.attrs.iter().any(is_module_level) {
        return None;
    }
    let mut function = function.clone();
    let (first, rest): (Vec<_>, Vec<_>) = function.attrs.drain(..).partition(is_module_level);
    function.attrs = rest;
    Some(quote! {
        #(#first)*
        #[#krate::cors(#args)]
        #function
    })
}

/// axum implements `Handler` for functions of up to 16 extractors; the wrapping `async fn` of a
/// generic handler takes one more than the user's function (its `CorsRequest`). A unit-struct
/// handler extracts the arguments itself, so it takes at least axum's 16.
const MAX_EXTRACTORS_GENERIC: usize = 15;

/// The function must be a free `async fn`; a generic one of at most [`MAX_EXTRACTORS_GENERIC`]
/// arguments.
fn check_shape(sig: &Signature) -> Result<(), syn::Error> {
    if let Some(receiver) = sig.receiver() {
        return Err(syn::Error::new(
            receiver.span(),
            "#[cors] handlers cannot take `self`: axum handlers are free functions; move the method out of the `impl` block",
        ));
    }
    let extra = sig.inputs.iter().nth(MAX_EXTRACTORS_GENERIC);
    if let (Some(extra), None) = (extra, gen::unit_inputs(sig)) {
        return Err(syn::Error::new(
            extra.span(),
            format!(
                "generic #[cors] handlers take at most {MAX_EXTRACTORS_GENERIC} arguments: axum calls a handler with up to 16 extractors, and the generated wrapper of a generic handler uses one to read `Origin`; group some arguments into a tuple, which is an extractor too: `(a, b): (A, B)`"
            ),
        ));
    }
    if sig.asyncness.is_none() {
        return Err(syn::Error::new(
            sig.fn_token.span(),
            "#[cors] handlers must be `async fn`: write `async fn` (axum handlers are async)",
        ));
    }
    Ok(())
}
