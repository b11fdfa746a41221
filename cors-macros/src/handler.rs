//! The handler of a function without generic parameters: a unit struct of the function's name
//! implementing axum's `Handler`, with the companions as its associated items.
//!
//! ```text
//! #[cors(...)] async fn update(a: A, b: B) -> R { body }
//! ```
//! becomes
//! ```text
//! struct update;
//! impl update { const POLICY: &'static Policy; const CLAIMS; async fn preflight(..); fn validate() }
//! impl<M, S> Handler<(M, A, B), S> for update where A: FromRequestParts<S>, B: FromRequest<S, M> {
//!     fn call(self, request, state) -> CorsFuture<..> {
//!         async fn update(a: A, b: B) -> R { body }      // the user's function, untouched
//!         async fn answer(a: A, b: B) -> Response { update(a, b).await.into_response() }
//!         call(POLICY, answer, request, state)              // axum's own `Handler::call`
//!     }
//! }
//! ```
//! `put(update)` takes the struct's value; `update::POLICY`, `update::preflight` keep their paths.

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, Signature, Type};

use crate::check::Model;
use crate::expand::{
    allows_method_impls, claims_tokens, companion_vis, is_lint_attr, is_outer_attr, local,
    origins_fn_impl, policy_tokens, Claim,
};

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
pub fn unit_handler(model: &Model, function: &ItemFn, krate: &TokenStream) -> Option<TokenStream> {
    let sig = &function.sig;
    let inputs = unit_inputs(sig)?;
    let p = quote!(#krate::__private);
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
    let policy = policy_tokens(model, &name.to_string(), krate, &marker, &path);
    let claims = claims_tokens(model, krate, &path);
    let allows = allows_method_impls(model, krate, Claim::Policy, &marker);
    let origins_fn = origins_fn_impl(model, function, krate, &marker);

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
    let args: Vec<Ident> = (0..inputs.len())
        .map(|i| local(&format!("__cors_arg{i}")))
        .collect();
    let answer = local("__cors_answer");
    let (request, state_value) = (local("__cors_request"), local("__cors_state"));
    let output_span = match &sig.output {
        ReturnType::Default => sig.ident.span(),
        ReturnType::Type(_, ty) => ty.span(),
    };
    let into_response =
        quote_spanned!(output_span=> #p::IntoResponse::into_response(#name(#(#args),*).await));
    let inner_sig = Signature {
        constness: None,
        ..sig.clone()
    };
    let block = &function.block;
    let policy_doc = format!("The compiled CORS policy of [`{name}`].");
    Some(quote! {
        #(#outer_attrs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
        #vis struct #name;

        #(#cfgs)*
        impl #name {
            #[doc = #policy_doc]
            pub const POLICY: &'static #p::Policy = {
                static POLICY: #p::Policy = #policy;
                &POLICY
            };

            /// The methods this handler answers preflights for, checked by `preflight!`.
            #[doc(hidden)]
            pub const CLAIMS: #p::Claims = #claims;

            /// Answers CORS preflights (`OPTIONS`) for this handler: `.options(handler::preflight)`.
            /// When several annotated handlers share a path, use `cors_route!` instead.
            pub async fn preflight(request: #p::Request) -> #p::Response {
                #p::preflight(&[Self::POLICY], request.headers())
            }

            /// Loads and validates what the policy reads at start-up (`origins_env`); call it
            /// in `main` to fail early with a clear error. `cors_route!` calls it for you.
            ///
            /// # Errors
            ///
            /// The first invalid origin of the environment variable, or its absence.
            pub fn validate() -> ::core::result::Result<(), #krate::PolicyError> {
                Self::POLICY.validate()
            }
        }

        #(#cfgs)*
        impl #p::HasPolicy for #name {
            #[inline]
            fn policy() -> &'static #p::Policy {
                Self::POLICY
            }
        }

        #(#cfgs)*
        #[diagnostic::do_not_recommend]
        impl<__CorsT> #p::CorsHandler<__CorsT> for #name {
            type Marker = #name;
        }

        #(#cfgs)*
        const _: () = {
            #allows
        };

        #origins_fn

        #(#cfgs)*
        impl<#params> #p::Handler<#extracted, #state> for #name
        where
            #state: ::core::marker::Send + ::core::marker::Sync + 'static,
            #(#bounds,)*
        {
            type Future = #p::CorsFuture<#p::BoxedAnswer>;

            #[inline]
            fn call(self, #request: #p::Request, #state_value: #state) -> Self::Future {
                // Called by `answer` only, not passed to axum: clippy's `unused_async` would fire
                // on every handler without an `.await`, which axum requires to be `async` anyway.
                #[allow(clippy::unused_async)]
                #(#inner_attrs)*
                #inner_sig #block

                #[allow(clippy::too_many_arguments, clippy::used_underscore_binding)]
                async fn #answer(#(#args: #inputs),*) -> #p::Response {
                    #into_response
                }

                #p::call(Self::POLICY, #answer, #request, #state_value)
            }
        }
    })
}

/// Whether a type mentions `impl Trait`.
fn has_impl(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        TokenTree::Ident(i) => i == "impl",
        TokenTree::Group(g) => has_impl(g.stream()),
        _ => false,
    })
}
