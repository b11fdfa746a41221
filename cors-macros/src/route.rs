//! `cors_route!(get(list).post(create).route_layer(auth))`: the chain a user writes for axum's
//! `MethodRouter`, read as data so that each handler is known with the method it is routed
//! on. Handler routings become calls on the runtime's `CorsRoute` (which checks the handler
//! has a policy allowing that method, and records it); every other call (`route_layer`,
//! `layer`, `with_state`, ...) is applied to the `MethodRouter` in its place; `finish()` adds
//! the grant layer and the `OPTIONS` route after all of them. When route layers are the only
//! such calls, the last one carries the grant around its own service instead
//! (`route_layer_granting`, then `finish_folded()`).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, ExprMethodCall, Ident, Token};

/// The methods a `#[cors]` handler can be routed on.
const ROUTED: &[&str] = &["get", "head", "post", "put", "delete", "patch"];

/// One call of the chain, in order.
enum Step {
    /// `.put(handler)`, or the root `put(handler)` (then `root` is that call).
    Route {
        method: Ident,
        handler: Expr,
        root: Option<ExprCall>,
    },
    /// Any other `MethodRouter` call, applied as written.
    Other(ExprMethodCall),
}

/// `crate = path;` before the chain, as `#[cors(crate = path)]`: where `axum-strict-cors` is when the
/// macro cannot tell (a re-export through another crate).
struct Input {
    krate: Option<syn::Path>,
    chain: TokenStream,
}

impl syn::parse::Parse for Input {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let mut krate = None;
        if input.peek(Token![crate]) && input.peek2(Token![=]) {
            input.parse::<Token![crate]>()?;
            input.parse::<Token![=]>()?;
            krate = Some(input.parse()?);
            input.parse::<Token![;]>()?;
        }
        Ok(Input {
            krate,
            chain: input.parse()?,
        })
    }
}

/// `cors_route!(..)`.
pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let Input { krate, chain } = syn::parse2(input)?;
    let chain: Expr = syn::parse2(chain).map_err(|e| {
        syn::Error::new(
            e.span(),
            format!("cors_route! takes the chain you would give axum's `.route(path, ...)`, e.g. `cors_route!(get(list).post(create))`: {e}"),
        )
    })?;
    let steps = flatten(chain)?;
    check_steps(&steps)?;
    let krate = crate::krate::path(krate)?;
    let router = Ident::new("__cors_router", Span::mixed_site());
    // When layers and route layers are the chain's only calls besides routings, the grant goes
    // around the last one's service (`route_layer_granting`, `layer_granting`) instead of in a
    // layer of its own; but not around a last route layer after a layer, which wraps the 405
    // fallback that a route layer does not (the grant layer of `finish` then covers both).
    let others: Vec<&ExprMethodCall> = steps
        .iter()
        .filter_map(|s| match s {
            Step::Other(call) => Some(call),
            Step::Route { .. } => None,
        })
        .collect();
    let is = |c: &ExprMethodCall, name: &str| c.method == name && c.turbofish.is_none();
    let folded = others.last().copied().filter(|_| {
        others
            .iter()
            .all(|c| is(c, "route_layer") || is(c, "layer"))
            && (others.iter().all(|c| is(c, "route_layer"))
                || is(others[others.len() - 1], "layer"))
    });
    let calls = steps.iter().skip(1).map(|step| match step {
        Step::Route {
            method, handler, ..
        } => {
            // Spanned on the handler: "no #[cors]" and "methods does not list PUT" land there.
            quote_spanned!(handler.span()=> .#method(#handler))
        }
        Step::Other(call) if folded.is_some_and(|f| std::ptr::eq(f, call)) => {
            let args = &call.args;
            let granting = format_ident!("{}_granting", call.method, span = call.method.span());
            quote_spanned!(call.method.span()=> .#granting(#args))
        }
        Step::Other(call) => {
            let ExprMethodCall {
                method,
                turbofish,
                args,
                ..
            } = call;
            quote!(.map(|#router| #router.#method #turbofish (#args)))
        }
    });
    // The first call, the user's routing function (`get(list)`), is routed as the others are,
    // on an empty `MethodRouter` (axum's `get(h)` is `MethodRouter::new().get(h)`): the compiler
    // then proves once that the handler is one, instead of once for `get(list)` and again to
    // record it, and every handler's error reads alike. The function's path is imported, unused,
    // so that the user's import of it stays used. One expression, without a `let`: the types
    // the chain leaves open (the router's state) are settled where it is used, and the
    // compiler carries fewer pending obligations through the statements of a long router.
    let Some(Step::Route {
        method,
        handler,
        root,
    }) = steps.first()
    else {
        unreachable!("flatten always yields the root first");
    };
    let used = root.as_ref().and_then(|root| match &*root.func {
        Expr::Path(path) if path.qself.is_none() => {
            let mut path = path.path.clone();
            for segment in &mut path.segments {
                segment.arguments = syn::PathArguments::None;
            }
            Some(quote!(#[allow(unused_imports)] use #path as _;))
        }
        _ => None,
    });
    let start = quote_spanned!(handler.span()=> .#method(#handler));
    // Only handlers: their wrappers grant all their answers, and only axum's 405 needs it.
    let finish = match (folded, others.is_empty()) {
        (Some(_), _) => quote!(finish_folded),
        (None, true) => quote!(finish_handlers_only),
        (None, false) => quote!(finish),
    };
    Ok(quote! {{
        #used
        #krate::__private::CorsRoute::start(#krate::__private::MethodRouter::new()) #start #(#calls)* .#finish()
    }})
}

/// `get(a).post(b).route_layer(l)` into its steps, root first.
fn flatten(expr: Expr) -> syn::Result<Vec<Step>> {
    let mut steps = Vec::new();
    let mut current = expr;
    loop {
        match current {
            Expr::MethodCall(call) => {
                let receiver = (*call.receiver).clone();
                steps.push(method_step(call)?);
                current = receiver;
            }
            Expr::Call(call) => {
                steps.push(root_step(call)?);
                break;
            }
            Expr::Paren(paren) => current = *paren.expr,
            Expr::Group(group) => current = *group.expr,
            other => return Err(not_a_chain(other.span())),
        }
    }
    steps.reverse();
    Ok(steps)
}

fn not_a_chain(span: Span) -> syn::Error {
    syn::Error::new(
        span,
        "cors_route! starts with a routing function and a #[cors] handler, then chains: `cors_route!(get(list).post(create).route_layer(auth))`",
    )
}

/// The root: `get(list)`, `routing::put(update)`, `axum::routing::delete(remove)`.
fn root_step(call: ExprCall) -> syn::Result<Step> {
    let Expr::Path(path) = &*call.func else {
        return Err(not_a_chain(call.func.span()));
    };
    let Some(last) = path.path.segments.last() else {
        return Err(not_a_chain(call.span()));
    };
    let method = last.ident.clone();
    if !ROUTED.contains(&method.to_string().as_str()) {
        refuse_method(&method)?;
        return Err(not_a_chain(method.span()));
    }
    let handler = one_handler(&method, &call.args, call.paren_token.span.join())?;
    Ok(Step::Route {
        method,
        handler,
        root: Some(call),
    })
}

fn method_step(call: ExprMethodCall) -> syn::Result<Step> {
    let name = call.method.to_string();
    if ROUTED.contains(&name.as_str()) && call.turbofish.is_none() {
        let handler = one_handler(&call.method, &call.args, call.paren_token.span.join())?;
        return Ok(Step::Route {
            method: call.method,
            handler,
            root: None,
        });
    }
    refuse_method(&call.method)?;
    Ok(Step::Other(call))
}

fn one_handler(
    method: &Ident,
    args: &Punctuated<Expr, Token![,]>,
    span: Span,
) -> syn::Result<Expr> {
    match args.len() {
        1 => Ok(args[0].clone()),
        _ => Err(syn::Error::new(
            span,
            format!("`{method}` takes one handler: `{method}(handler)`"),
        )),
    }
}

/// Calls that cannot be part of a CORS registration, each with what to do instead.
fn refuse_method(method: &Ident) -> syn::Result<()> {
    let name = method.to_string();
    let message = match name.as_str() {
        "options" | "options_service" => "cors_route! adds the `OPTIONS` route itself (it answers the preflights of the handlers given here); remove this `options` call".to_string(),
        "trace" | "connect" | "trace_service" | "connect_service" => format!(
            "`{name}` cannot be routed in cors_route!: browsers never send {} cross-origin; chain it after the macro: `cors_route!(get(list)).{name}(..)`",
            name.trim_end_matches("_service").to_uppercase()
        ),
        "on" | "on_service" | "any" | "any_service" | "get_service" | "head_service"
        | "post_service" | "put_service" | "delete_service" | "patch_service" => format!(
            "`{name}` routes methods or services whose CORS policy cors_route! cannot see: route #[cors] handlers with `.get(handler)`, `.put(handler)`, ..., or chain `{name}` after the macro (outside CORS): `cors_route!(get(list)).{name}(..)`"
        ),
        "merge" => "cors_route! builds one path's routes in one place: instead of `merge`, route every method of the path in this chain".to_string(),
        _ => return Ok(()),
    };
    Err(syn::Error::new(method.span(), message))
}

/// A method routed twice makes axum panic when the router is built; say so at compile time.
fn check_steps(steps: &[Step]) -> syn::Result<()> {
    let mut seen: Vec<(String, &Expr)> = Vec::new();
    for step in steps {
        let Step::Route {
            method, handler, ..
        } = step
        else {
            continue;
        };
        let name = method.to_string();
        if let Some((_, first)) = seen.iter().find(|(m, _)| *m == name) {
            return Err(syn::Error::new(
                method.span(),
                format!(
                    "{} is routed twice on this path (first to `{}`): a path has one handler per method; keep one",
                    name.to_uppercase(),
                    quote!(#first)
                ),
            ));
        }
        seen.push((name, handler));
    }
    Ok(())
}
