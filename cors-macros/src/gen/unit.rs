//! The handler of a function without generic parameters: a unit struct of the function's name
//! implementing axum's `Handler`, with the companions as its associated items.
//!
//! ```text
//! #[cors(...)] async fn update(a: A, b: B) -> R { body }
//! ```
//! becomes
//! ```text
//! #[derive(__CorsItems)] #[__cors_items(everything below)]   // see `__CorsItems`
//! struct update;                                     // the handler: `put(update)` takes its value
//! const _: () = {
//!     use ::axum_strict_cors::__private as __axum_strict_cors;        // the crate, named once
//!     impl Copy for update {}  impl Clone for update { .. }
//!     impl update { const POLICY: &'static Policy; const CLAIMS; const preflight: HandlerPreflight; fn validate() }
//!     impl HasPolicy, CorsHandler, the method markers for update { .. }
//!     async fn update(a: A, b: B) -> R { body }        // the user's function, untouched
//!     fn __cors_call(a: A, b: B) -> impl Future<Output = R> + Send { update(a, b) }
//!     impl Deref for update { type Target = fn(A, B) -> Called<R>; .. }   // `update(a, b).await`
//!     fn __cors_serve(a: A, b: B) -> impl Future<Output = impl IntoResponse> + Send { __cors_call(a, b) }
//!     impl<M, S> Handler<(M, A, B), S> for update where A: FromRequestParts<S>, B: FromRequest<S, M> {
//!         fn call(self, request, state) -> Pin<Box<dyn Future<Output = Response> + Send>> {
//!             serve2::<S, M, _, _, A, B>(update::POLICY, request, state, __cors_serve)
//!         }
//!     }
//! };
//! ```
//! `serve2` (the runtime's, one per number of arguments) judges `Origin` (a refusal under
//! `reject_disallowed`: 403), extracts the arguments in the order axum does and grants every
//! answer, an extractor's rejection included, in one boxed future as axum's own `Handler` of a
//! function: generic, so that it is type-checked once, in the runtime.
//! `put(update)` takes the struct's value; `update::POLICY`, `update::preflight` keep their paths.
//! In the anonymous block the value `update` is the user's function, so that attributes below
//! `#[cors]` (`debug_handler`, `instrument`) see it as written and call it by its name; the
//! handler itself derefs to a function pointer, so that a test calls `update(a, b).await`.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, Signature, Type};

use super::pieces::{
    allows_method_impls, claims_tokens, companion_fns, companion_vis, is_lint_attr, is_outer_attr,
    local, origins_fn_impl, Claim,
};
use crate::check::Model;
use crate::policy::policy_tokens;

/// The argument types of a function a unit struct can stand for, or `None` when a type cannot
/// carry it (generic parameters, a `where` clause, `impl Trait` arguments, `self`): such a
/// function keeps the wrapping `async fn`.
pub fn unit_inputs(sig: &Signature) -> Option<Vec<&Type>> {
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        return None;
    }
    let inputs: Vec<&Type> = sig
        .inputs
        .iter()
        .map(|arg| match arg {
            FnArg::Typed(t) => Some(&*t.ty),
            FnArg::Receiver(_) => None,
        })
        .collect::<Option<_>>()?;
    if inputs.iter().any(|ty| has_impl(ty.to_token_stream())) {
        return None;
    }
    Some(inputs)
}

/// The unit-struct handler, or `None` for a function a type cannot stand for ([`unit_inputs`]).
/// `claim`: what its `CLAIMS` and method markers say (nothing, beside a policy error).
pub fn handler(
    model: &Model,
    function: &ItemFn,
    krate: &TokenStream,
    claim: Claim,
) -> Option<TokenStream> {
    let sig = &function.sig;
    let inputs = unit_inputs(sig)?;
    // Inside the generated block the crate's `__private` module is `__axum_strict_cors` (see `items`
    // below).
    let alias = Ident::new("__axum_strict_cors", Span::call_site());
    let p = alias.to_token_stream();
    let name = &sig.ident;
    let vis = companion_vis(&function.vis);
    let attrs = &function.attrs;
    let outer_attrs = attrs.iter().filter(|a| is_outer_attr(a));
    let inner_attrs = attrs
        .iter()
        .filter(|a| !is_outer_attr(a) || is_lint_attr(a));
    let cfgs: Vec<_> = attrs.iter().filter(|a| a.path().is_ident("cfg")).collect();
    let marker = quote!(#name);
    let path = quote!(::core::concat!(
        ::core::module_path!(),
        "::",
        ::core::stringify!(#name)
    ));
    let policy = policy_tokens(model, &name.to_string(), &p, &marker, &path);
    let claims = claims_tokens(model, &p, &path, claim);
    let allows = allows_method_impls(model, &p, claim, &marker);
    let origins_fn = origins_fn_impl(model, function, &p, &marker);

    // axum's `Handler<T, S>` of a function: `T` is `((),)` without arguments, else
    // `(M, A1, .., An)` with `M` the last argument's marker (`ViaParts` or `ViaRequest`).
    let state = Ident::new("__CorsState", Span::call_site());
    let via = Ident::new("__CorsVia", Span::call_site());
    let last = inputs.len().checked_sub(1);
    let bounds = inputs.iter().enumerate().map(|(i, ty)| match Some(i) == last {
        true => quote_spanned!(ty.span()=> #ty: #p::FromRequest<#state, #via> + ::core::marker::Send),
        false => quote_spanned!(ty.span()=> #ty: #p::FromRequestParts<#state> + ::core::marker::Send),
    });
    let (params, extracted) = match last {
        None => (quote!(#state), quote!(((),))),
        Some(_) => (quote!(#via, #state), quote!((#via, #(#inputs,)*))),
    };
    // `CorsHandler` of the same tuple as `Handler`: its argument types, written out, tell the
    // compiler at a glance that the impl cannot overlap the runtime's impls for functions
    // (whose second element is `CorsRequest<P>` or `NotCors`), where an impl for every `T`
    // had to be checked against each of them.
    let cors_params = last.map(|_| quote!(#via));
    let args: Vec<Ident> = (0..inputs.len())
        .map(|i| local(&format!("__cors_arg{i}")))
        .collect();
    let (request, state_value) = (local("cors_request"), local("cors_state"));
    let output_span = match &sig.output {
        ReturnType::Default => sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    // The user's function, called through `__cors_call`: its future is declared `Send` there,
    // so that a future that is not `Send` is one error, at the signature.
    let call = local("__cors_call");
    // The user's function as the handler serves it: its answer declared `IntoResponse` at the
    // return type, so that a type that is not is one error, there.
    let serve_call = local("__cors_serve");
    let answer = respanned(quote!(impl #p::IntoResponse), output_span);
    let call_at_output = Ident::new("__cors_call", call.span().located_at(output_span));
    let body = quote_spanned!(output_span=> #call_at_output(#(#args),*));
    let served = respanned(
        quote!(impl ::core::future::Future<Output = #answer> + ::core::marker::Send),
        output_span,
    );
    let serve_fn = quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn #serve_call(#(#args: #inputs),*) -> #served {
            #body
        }
    };
    // What axum's `Handler` of a function does, with the grant on every answer: the runtime's
    // `serveN` for N arguments, generic, so that it is type-checked once in the runtime and
    // only instantiated here.
    let serve = Ident::new(&format!("serve{}", inputs.len()), Span::call_site());
    let turbofish = match last {
        None => quote!(::<#state, _, _>),
        Some(_) => quote!(::<#state, #via, _, _, #(#inputs),*>),
    };
    let inner_sig = Signature {
        constness: None,
        ..sig.clone()
    };
    let block = &function.block;
    let direct = direct_call(sig, &inputs, &args, &call, &p);
    // A policy that reads the environment (`origins_env`) is validated at start-up by a
    // router-wide policy over this handler's route, which learns it when it clones the route;
    // any other handler's clone does nothing.
    // Written out rather than derived: a derived `Clone` of a `Copy` type comes with one more
    // impl for the compiler to check.
    let heard = model
        .origins_env
        .as_ref()
        .map(|_| quote!(#krate::__private::heard(Self::POLICY);));
    let clone = quote! {
        #[allow(clippy::expl_impl_clone_on_copy)]
        impl ::core::clone::Clone for #name {
            #[inline]
            fn clone(&self) -> Self {
                #heard
                *self
            }
        }
    };
    // What an OpenAPI generator documents as the answer: the return type, or a `Response` for
    // one that cannot be named (`impl IntoResponse`).
    let documented_output = match &sig.output {
        ReturnType::Default => quote!(()),
        ReturnType::Type(_, ty) if has_impl(ty.to_token_stream()) => quote!(#p::Response),
        ReturnType::Type(_, ty) => ty.to_token_stream(),
    };
    // Named by the type: a `static` inside the impl cannot name `Self`.
    let fns = companion_fns(&p, &quote!(#name::POLICY), &claims);
    let policy_doc = format!("The compiled CORS policy of [`{name}`].");
    // The signature below the user's own doc comment (rustdoc shows a unit struct without
    // one); none without a doc comment, so that `missing_docs` still asks for one.
    let documented = attrs.iter().any(|a| a.path().is_ident("doc"));
    let signature_doc = documented.then(|| {
        let doc = format!(
            "\n\nAn axum handler with a CORS policy (`#[cors]`): `{}`, with its [`POLICY`]({name}::POLICY). Called directly (`{name}(..).await`), it runs the function without CORS.",
            shown_signature(sig)
        );
        quote!(#[doc = #doc])
    });
    // One block: the crate is named once, its `__private` module as `__axum_strict_cors` (fewer
    // tokens for the compiler to carry, parse and resolve), and the user's function, named as
    // written, sits beside what calls it: in this block `update` is the function (a value),
    // while the type `update` is still the handler.
    let items = quote! {
            use #krate::__private as #alias;

            impl ::core::marker::Copy for #name {}

            #clone

            impl #name {
                #[doc = #policy_doc]
                pub const POLICY: &'static #p::Policy = {
                    static POLICY: #p::Policy = #policy;
                    &POLICY
                };

                #fns
            }

            #[doc(hidden)]
            impl #p::HasPolicy for #name {
                // The inherent constant (inherent items are found first).
                const POLICY: &'static #p::Policy = Self::POLICY;
            }

            #[doc(hidden)]
            #[diagnostic::do_not_recommend]
            impl<#cors_params> #p::CorsHandler<#extracted> for #name {
                type Marker = #name;
            }

            #allows

            #origins_fn

            #p::aide_operation_handler!(#name, (#(#inputs,)*), #documented_output);

            // clippy's `unused_async` would fire on every handler without an `.await`, which
            // axum requires to be `async` anyway.
            #[allow(clippy::unused_async)]
            #(#inner_attrs)*
            #inner_sig #block

            #direct

            #serve_fn

            #[doc(hidden)]
            impl<#params> #p::Handler<#extracted, #state> for #name
            where
                #state: ::core::marker::Send + ::core::marker::Sync + 'static,
                #(#bounds,)*
            {
                type Future = #p::BoxedAnswer;

                #[inline]
                fn call(self, #request: #p::Request, #state_value: #state) -> Self::Future {
                    #p::#serve #turbofish(Self::POLICY, #request, #state_value, #serve_call)
                }
            }
    };
    // Everything but the struct rides on it (see `__CorsItems`): on an associated function,
    // in an `impl` block, rustc rejects the struct before the derive runs, so that is the one
    // error, instead of one per generated item. (The items in the length of a hidden struct's
    // array cost the compiler less, but rust-analyzer does not see an `impl` there: a user's
    // editor then marks `update::POLICY` and the direct call as errors.)
    Some(quote! {
        #(#outer_attrs)*
        #signature_doc
        #[allow(non_camel_case_types, missing_debug_implementations)]
        #[derive(#krate::__private::__CorsItems)]
        #[__cors_items(
            #(#cfgs)*
            #[allow(deprecated)]
            const _: () = { #items };
        )]
        #vis struct #name;
    })
}

/// `__cors_call`, the user's function with its future declared `Send` (so that the handler's
/// boxed future needs no proof of its own), and the handler's `Deref` to a function pointer
/// that makes `update(a, b).await` call the user's function, without CORS. Its future is
/// boxed, as a pointer's type must name it; a return type that cannot be named
/// (`impl IntoResponse`) is called as the `Response` it makes.
fn direct_call(
    sig: &Signature,
    inputs: &[&Type],
    args: &[Ident],
    call: &Ident,
    p: &TokenStream,
) -> TokenStream {
    let name = &sig.ident;
    let (output, named) = match &sig.output {
        ReturnType::Default => (quote!(()), true),
        ReturnType::Type(_, ty) => (ty.to_token_stream(), !has_impl(ty.to_token_stream())),
    };
    let send_span = sig.fn_token.span();
    let future = quote_spanned!(send_span=> impl ::core::future::Future<Output = #output> + ::core::marker::Send);
    let (called, boxed) = match named {
        true => (quote!(#output), quote!(#p::called(#call(#(#args),*)))),
        false => (
            quote!(#p::Response),
            quote!(#p::called_responding(#call(#(#args),*))),
        ),
    };
    let pointer = quote!(fn(#(#inputs),*) -> #p::Called<#called>);
    quote! {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        fn #call(#(#args: #inputs),*) -> #future {
            #name(#(#args),*)
        }

        #[doc(hidden)]
        impl ::core::ops::Deref for #name {
            type Target = #pointer;

            #[inline]
            fn deref(&self) -> &Self::Target {
                // A promoted constant, not a `static` (compiled only where a direct call uses
                // it) nor a `const` item (one more body for the compiler to check); of a
                // closure, checked with this body, not a function of its own.
                &((|#(#args: #inputs),*| #boxed) as #pointer)
            }
        }
    }
}

/// The function's signature as the user wrote it, for the handler's documentation (a unit
/// struct shows none of its own), spaced as rustfmt spaces it.
fn shown_signature(sig: &Signature) -> String {
    let mut out = String::new();
    render(sig.to_token_stream(), &mut out);
    out.replace('`', "'")
}

/// Appends `tokens` to `out`: a space between two words and around `->`, `=` and `+`, after
/// `,` and a lone `:`; none around `::` or inside brackets, nor in a lifetime.
fn render(tokens: TokenStream, out: &mut String) {
    let word_end = |out: &str| {
        out.chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ')' || c == ']')
    };
    for tree in tokens {
        match tree {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if word_end(out) {
                    out.push(' ');
                }
                out.push_str(&tree.to_string());
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => ('(', ')'),
                    proc_macro2::Delimiter::Bracket => ('[', ']'),
                    proc_macro2::Delimiter::Brace => ('{', '}'),
                    proc_macro2::Delimiter::None => {
                        render(group.stream(), out);
                        continue;
                    }
                };
                out.push(open);
                render(group.stream(), out);
                out.push(close);
            }
            TokenTree::Punct(punct) => {
                let joint = punct.spacing() == proc_macro2::Spacing::Joint;
                match punct.as_char() {
                    ':' if joint || out.ends_with(':') && !out.ends_with("::") => out.push(':'),
                    c @ (',' | ':' | ';') => {
                        out.push(c);
                        out.push(' ');
                    }
                    '-' if joint => out.push_str(" -"),
                    '>' if out.ends_with(" -") => out.push_str("> "),
                    c @ ('=' | '+') => {
                        out.push(' ');
                        out.push(c);
                        out.push(' ');
                    }
                    c => out.push(c),
                }
            }
        }
    }
    for (from, to) in [(" )", ")"), (" ]", "]"), ("  ", " ")] {
        while out.contains(from) {
            *out = out.replace(from, to);
        }
    }
}

/// `tokens` with every span at `span` (where the compiler reports an unmet bound they name).
fn respanned(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut tree| {
            if let TokenTree::Group(group) = &tree {
                let mut inner =
                    proc_macro2::Group::new(group.delimiter(), respanned(group.stream(), span));
                inner.set_span(span);
                tree = TokenTree::Group(inner);
            }
            tree.set_span(span);
            tree
        })
        .collect()
}

/// Whether a type mentions `impl Trait`.
fn has_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "impl",
        TokenTree::Group(g) => has_impl(g.stream()),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn signatures_are_shown_as_written() {
        for written in [
            "async fn update(Path(id): Path<u64>, Json(u): Json<User>) -> Json<User>",
            "async fn list(State(db): State<Arc<Db>>, q: Query<HashMap<String, String>>) -> impl IntoResponse",
            "async fn save(body: &'static str, x: axum::extract::Path<(u32, String)>) -> Result<(), AppError>",
            "async fn nothing()",
        ] {
            let sig: syn::Signature = syn::parse_str(written).unwrap();
            assert_eq!(super::shown_signature(&sig), written);
        }
    }
}
