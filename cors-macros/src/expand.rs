//! Code generation from a valid [`Model`]: the wrapped handler and its companion module.
//!
//! ```text
//! #[cors(...)] async fn update(a: A, b: B) -> R { body }
//! ```
//! becomes
//! ```text
//! async fn update(req: CorsRequest<update::Cors>, a: Parts<A, _>, b: Last<B, impl Send + 'static>) -> Response {
//!     async fn update(a: A, b: B) -> R { body }     // the user's function, untouched
//!     req.finish(update(a.0, b.0).await)
//! }
//! mod update { pub const POLICY: &'static Policy = ...; pub async fn preflight(..) ...; }
//! ```

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, ItemFn, ReturnType, Signature};

use crate::attr;
use crate::check::{self, Model};
use crate::named::{self, FromPolicy};
use crate::pieces::{
    allows_method_impls, claims_tokens, companion_fns, companion_vis, is_lint_attr, is_outer_attr,
    local, origins_fn_impl, Claim,
};
use crate::policy::policy_tokens;

pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
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
    let additions = match attr::parse_args(additions) {
        Ok(additions) => additions,
        Err(e) => return with_error(e, item),
    };
    let explicit = additions
        .iter()
        .chain(args.iter().flatten())
        .find(|a| a.key == "crate")
        .and_then(|a| attr::crate_path(std::slice::from_ref(a)));
    // Known even when the policy has errors, so that the fallback's stubs resolve.
    let krate = match crate::krate::path(explicit) {
        Ok(krate) => krate,
        Err(not_found) => return with_error(not_found, item),
    };
    if let Some(first) = first_module_level(&item, &raw_args, &krate) {
        return first;
    }
    if let Ok(parsed) = &args {
        if let Some(call) = named::use_policy(parsed, raw_args, item.clone(), &krate) {
            return call;
        }
    }
    let function: ItemFn = match syn::parse2(item.clone()) {
        Ok(f) => f,
        Err(_) => {
            let error = syn::Error::new(
                item.clone().into_iter().next().map_or_else(Span::call_site, |t| t.span()),
                "#[cors] goes on an `async fn` axum handler, e.g. `#[cors(origins = \"https://app.example.com\")] async fn handler() {}`",
            );
            return with_error(error, item);
        }
    };
    if invalid {
        // The named policy's errors are reported where it is defined.
        return fallback(None, &function, &krate);
    }
    let policy = args
        .and_then(|args| check::check(args, additions, attr_span))
        .map(|model| check::Model { named, ..model });
    let shape = check_shape(&function.sig);
    match (policy, shape) {
        (Ok(model), Ok(())) => generate(&model, &function, &krate),
        (Err(mut e), Err(shape)) => {
            e.combine(shape);
            fallback(Some(e), &function, &krate)
        }
        (Err(e), _) | (_, Err(e)) => fallback(Some(e), &function, &krate),
    }
}

/// Attribute macros below `#[cors]` that must see the function at module level, where their
/// own items stand beside it: `#[utoipa::path(..)]` defines `__path_update` next to `update`.
/// They are moved above `#[cors]`, which runs again after them: as if written above it.
fn first_module_level(
    item: &TokenStream,
    args: &TokenStream,
    krate: &TokenStream,
) -> Option<TokenStream> {
    let mut function: ItemFn = syn::parse2(item.clone()).ok()?;
    let is_module_level = |attr: &syn::Attribute| {
        let segments: Vec<String> = attr
            .path()
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let list = matches!(attr.meta, syn::Meta::List(_));
        match segments.as_slice() {
            [.., utoipa, path] => utoipa == "utoipa" && path == "path",
            [path] => path == "path" && list,
            [] => false,
        }
    };
    let (first, rest): (Vec<_>, Vec<_>) = function.attrs.drain(..).partition(is_module_level);
    if first.is_empty() {
        return None;
    }
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
    if let (Some(extra), None) = (extra, crate::handler::unit_inputs(sig)) {
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

fn with_error(error: syn::Error, item: TokenStream) -> TokenStream {
    let error = error.into_compile_error();
    quote!(#error #item)
}

/// On error: the compile errors, the user's function unchanged and stub companions, so that
/// the build shows only the policy errors and not a cascade (`update::preflight` unresolved).
fn fallback(error: Option<syn::Error>, function: &ItemFn, krate: &TokenStream) -> TokenStream {
    let error = error.map(syn::Error::into_compile_error);
    if function.sig.receiver().is_some() {
        // A method: no module can stand beside it in an `impl`.
        return quote!(#error #function);
    }
    let companions = companions(&Model::default(), function, krate, Claim::Nothing);
    if function.sig.asyncness.is_some() && function.sig.inputs.len() <= MAX_EXTRACTORS_GENERIC {
        // The wrapped handler, as without the error: it still fits `cors_route!` and axum.
        let wrapper = wrapper(function, krate);
        return quote!(#error #wrapper #companions);
    }
    quote!(#error #function #companions)
}

fn generate(model: &Model, function: &ItemFn, krate: &TokenStream) -> TokenStream {
    if let Some(handler) = crate::handler::unit_handler(model, function, krate) {
        return handler;
    }
    // Generic: a type cannot carry the function's own parameters; the wrapping `async fn`.
    let wrapper = wrapper(function, krate);
    let companions = companions(model, function, krate, Claim::Policy);
    let name = &function.sig.ident;
    let origins_fn = origins_fn_impl(model, function, krate, &quote!(#name::Cors));
    quote!(#wrapper #companions #origins_fn)
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
    let inputs: Vec<_> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(t) => Some(&*t.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
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
    // The user's type and const parameters, forwarded to the nested function: one used only in
    // bounds (`fn greet<L: Lang>()`) cannot be inferred from the arguments.
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
    let turbofish = match forwarded.is_empty() {
        true => TokenStream::new(),
        false => quote!(::<#(#forwarded),*>),
    };
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
    let policy = policy_tokens(model, &name.to_string(), krate, &quote!(Cors), &module_path);
    let claims = match claim {
        Claim::Policy => claims_tokens(model, krate, &module_path),
        Claim::Nothing => quote!(#krate::__private::Claims {
            handler: ::core::module_path!(),
            methods: &[],
            fingerprint: "",
        }),
    };
    let allows = allows_method_impls(model, krate, claim, &quote!(Cors));
    let fns = companion_fns(krate, &quote!(POLICY), &claims);
    quote! {
        #(#cfgs)*
        #[doc = #module_doc]
        #[allow(non_snake_case)]
        #vis mod #name {
            /// Marker type tying the handler's extractors to its policy.
            #[doc(hidden)]
            pub struct Cors;

            impl #krate::__private::HasPolicy for Cors {
                #[inline]
                fn policy() -> &'static #krate::__private::Policy {
                    POLICY
                }
            }

            /// The compiled CORS policy of this handler.
            pub const POLICY: &'static #krate::__private::Policy = {
                static POLICY: #krate::__private::Policy = #policy;
                &POLICY
            };

            #allows

            #fns
        }
    }
}
