//! The handler of a generic function (`async fn greet<L: Lang>()`), which no type can stand
//! for: a wrapping `async fn` of the same name, with its companions in a module of that name
//! (functions and modules live in different namespaces).
//!
//! ```text
//! #[cors(...)] async fn update<T>(a: A, b: B) -> R { body }
//! ```
//! becomes
//! ```text
//! async fn update<T>(req: CorsRequest<update::Cors>, a: Parts<A, _>, b: Last<B, impl Send + 'static>) -> Response {
//!     async fn update<T>(a: A, b: B) -> R { body }     // the user's function, untouched
//!     req.finish(update(a.0, b.0).await)
//! }
//! mod update { pub const POLICY: &'static Policy = ...; pub const preflight: HandlerPreflight = ...; }
//! ```
//! all emitted by a derive on a hidden unit struct (`__CorsItems`), as a unit handler's are.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, Signature};

use super::pieces::{
    allows_method_impls, carried, claims_tokens, companion_fns, companion_vis, is_lint_attr,
    is_outer_attr, local, origins_fn_impl, Claim,
};
use crate::check::Model;
use crate::policy::policy_tokens;

/// The wrapping `async fn`, its companion module and, for `origins_fn`, its check.
pub fn handler(model: &Model, function: &ItemFn, krate: &TokenStream, claim: Claim) -> TokenStream {
    let wrapper = wrapper(function, krate);
    let companions = companions(model, function, krate, claim);
    let name = &function.sig.ident;
    let origins_fn = origins_fn_impl(
        model,
        function,
        &quote!(#krate::__private),
        &quote!(#name::Cors),
    );
    let carrier = format_ident!("__cors_items_{}", name);
    carried(
        &carrier,
        function,
        krate,
        &quote!(#wrapper #companions #origins_fn),
    )
}

fn wrapper(function: &ItemFn, krate: &TokenStream) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        sig,
        block,
        ..
    } = function;
    let name = &sig.ident;
    let outer_attrs = attrs.iter().filter(|a| is_outer_attr(a));
    let inner_attrs = attrs
        .iter()
        .filter(|a| !is_outer_attr(a) || is_lint_attr(a));
    let marker = quote!(#name::Cors);
    let inputs = typed_inputs(sig);
    let last = inputs.len().checked_sub(1);
    // Generated locals are made once, with one span, and interpolated wherever they are used,
    // so that they resolve whatever mix of spans (a `macro_rules!` caller's, the attribute's)
    // the input has.
    let request = local("__cors_request");
    let (value, rejection) = (local("value"), local("rejection"));
    let mut params = Vec::new();
    let mut args = Vec::new();
    let mut unwrap_last = TokenStream::new();
    for (i, ty) in inputs.iter().enumerate() {
        let arg = local(&format!("__cors_arg{i}"));
        if Some(i) == last {
            // axum's extractor marker, inferred by `put(handler)`: an anonymous (`impl`) type
            // parameter, so that a turbofish names the user's parameters only (`greet::<En>`).
            params.push(quote_spanned!(ty.span()=> #arg: #krate::__private::Last<#ty, impl ::core::marker::Send + 'static>));
            // The last extractor's rejection comes back as a value: finish it with the grant.
            unwrap_last = quote! {
                let #arg = match #arg.0 {
                    ::core::result::Result::Ok(#value) => #value,
                    ::core::result::Result::Err(#rejection) => return #request.finish(#rejection),
                };
            };
            args.push(quote!(#arg));
        } else {
            params.push(quote_spanned!(ty.span()=> #arg: #krate::__private::Parts<#ty, #marker>));
            args.push(quote!(#arg.0));
        }
    }
    let (_, _, where_clause) = sig.generics.split_for_impl();
    let generic_params = &sig.generics.params;
    let turbofish = forwarded(sig);
    let output_span = match &sig.output {
        ReturnType::Default => sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let finish = quote_spanned!(output_span=> #request.finish(#name #turbofish(#(#args),*).await));
    let inner_sig = Signature {
        constness: None,
        ..sig.clone()
    };
    quote! {
        #(#outer_attrs)*
        #[allow(clippy::too_many_arguments, clippy::used_underscore_binding)]
        #vis async fn #name<#generic_params>(
            #request: #krate::__private::CorsRequest<#marker>,
            #(#params,)*
        ) -> #krate::__private::Response #where_clause {
            // Called directly, not passed to axum: clippy's `unused_async` would fire on every
            // handler without an `.await`, which axum requires to be `async` anyway.
            #[allow(clippy::unused_async)]
            #(#inner_attrs)*
            #inner_sig #block
            #unwrap_last
            #finish
        }
    }
}

fn companions(model: &Model, function: &ItemFn, krate: &TokenStream, claim: Claim) -> TokenStream {
    let name = &function.sig.ident;
    let vis = companion_vis(&function.vis);
    let cfgs = function.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    let module_doc = format!(
        "CORS companions of [`{name}`]: its compiled [`POLICY`](self::POLICY) and its [`preflight`](self::preflight) handler."
    );
    let module_path = quote!(::core::module_path!());
    let p = quote!(#krate::__private);
    let policy = policy_tokens(model, &name.to_string(), &p, &quote!(Cors), &module_path);
    let claims = claims_tokens(model, &p, &module_path, claim);
    let allows = allows_method_impls(model, &p, claim, &quote!(Cors));
    let fns = companion_fns(&p, &quote!(POLICY), &claims);
    let (call, glob) = match direct_call(function) {
        Some(call) => (
            call,
            quote!(
                #[allow(unused_imports)]
                use super::*;
            ),
        ),
        None => (quote!(), quote!()),
    };
    quote! {
        #(#cfgs)*
        #[doc = #module_doc]
        #[allow(non_snake_case)]
        #vis mod #name {
            /// Marker type tying the handler's extractors to its policy.
            #[doc(hidden)]
            pub struct Cors;

            impl #krate::__private::HasPolicy for Cors {
                const POLICY: &'static #krate::__private::Policy = POLICY;
            }

            /// The compiled CORS policy of this handler.
            pub const POLICY: &'static #krate::__private::Policy = {
                static POLICY: #krate::__private::Policy = #policy;
                &POLICY
            };

            #allows

            #fns

            #glob
            #call
        }
    }
}

/// `greet::call::<En>(args).await`: the user's function without CORS, for tests, since the
/// wrapper that stands for `greet` takes the request. It holds its own copy of the function,
/// whose names resolve through `use super::*`; a function whose body names `super::` or
/// `self::` paths (which would resolve differently inside the companion module) gets none.
fn direct_call(function: &ItemFn) -> Option<TokenStream> {
    if names_relative_paths(function.block.to_token_stream()) {
        return None;
    }
    let sig = &function.sig;
    let name = &sig.ident;
    let inner_attrs = function
        .attrs
        .iter()
        .filter(|a| !is_outer_attr(a) || is_lint_attr(a));
    let inputs = typed_inputs(sig);
    let args: Vec<Ident> = (0..inputs.len())
        .map(|i| local(&format!("__cors_arg{i}")))
        .collect();
    let generic_params = &sig.generics.params;
    let (_, _, where_clause) = sig.generics.split_for_impl();
    let turbofish = forwarded(sig);
    let output = &sig.output;
    let inner_sig = Signature {
        constness: None,
        ..sig.clone()
    };
    let block = &function.block;
    let doc = format!(
        "Runs [`{name}`](super::{name})'s function without CORS, as a unit test calls it: `{name}::call(..).await` (the handler itself takes the request)."
    );
    Some(quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments, clippy::used_underscore_binding)]
        pub async fn call<#generic_params>(#(#args: #inputs),*) #output #where_clause {
            #[allow(clippy::unused_async)]
            #(#inner_attrs)*
            #inner_sig #block
            #name #turbofish(#(#args),*).await
        }
    })
}

/// The types of the function's arguments (a receiver is refused before generation).
fn typed_inputs(sig: &Signature) -> Vec<&syn::Type> {
    sig.inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(t) => Some(&*t.ty),
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The user's type and const parameters, forwarded to the nested function (`::<L>`): one used
/// only in bounds (`fn greet<L: Lang>()`) cannot be inferred from the arguments.
fn forwarded(sig: &Signature) -> TokenStream {
    let forwarded: Vec<&Ident> = sig
        .generics
        .params
        .iter()
        .filter_map(|p| match p {
            syn::GenericParam::Type(t) => Some(&t.ident),
            syn::GenericParam::Const(c) => Some(&c.ident),
            syn::GenericParam::Lifetime(_) => None,
        })
        .collect();
    match forwarded.is_empty() {
        true => TokenStream::new(),
        false => quote!(::<#(#forwarded),*>),
    }
}

/// Whether `tokens` hold a `super::` or `self::` path.
fn names_relative_paths(tokens: TokenStream) -> bool {
    let mut previous: Option<String> = None;
    for tree in tokens {
        match &tree {
            proc_macro2::TokenTree::Group(group) => {
                if names_relative_paths(group.stream()) {
                    return true;
                }
                previous = None;
            }
            proc_macro2::TokenTree::Ident(ident) => previous = Some(ident.to_string()),
            proc_macro2::TokenTree::Punct(punct) => {
                if punct.as_char() == ':' && matches!(previous.as_deref(), Some("super" | "self")) {
                    return true;
                }
                previous = None;
            }
            proc_macro2::TokenTree::Literal(_) => previous = None,
        }
    }
    false
}
