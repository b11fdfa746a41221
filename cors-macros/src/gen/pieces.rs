//! What both shapes of generated handler (the unit struct of `unit.rs`, the wrapping
//! `async fn` of `generic.rs`) write beside the user's function: hygienic locals, which
//! attributes go where, and the companions' pieces (`CLAIMS`, `OriginsFn`, the method
//! markers `cors_route!` checks).

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, ItemFn, Visibility};

use crate::check::Model;
use crate::rules::PortRule;

/// A local variable of the generated code: hygienic (the user's code cannot name it by
/// accident), and the same identifier at its definition and every use.
pub(crate) fn local(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// What the companion `CLAIMS` say: the policy's methods, or nothing for the stubs emitted
/// beside a policy error (so that `preflight!` reports no conflict of its own).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Claim {
    Policy,
    Nothing,
}

/// Attributes that belong on the outer (public) function; the rest (`debug_handler`,
/// `instrument`, ...) stay on the user's function, whose signature is the real handler's.
pub(crate) fn is_outer_attr(attr: &Attribute) -> bool {
    let path = attr.path();
    ["doc", "cfg", "cfg_attr", "deprecated", "must_use"]
        .iter()
        .any(|n| path.is_ident(n))
        || is_lint_attr(attr)
}

pub(crate) fn is_lint_attr(attr: &Attribute) -> bool {
    ["allow", "warn", "deny", "forbid", "expect"]
        .iter()
        .any(|n| attr.path().is_ident(n))
}

/// The module is as visible as the function; inherited (private) stays private.
pub(crate) fn companion_vis(vis: &Visibility) -> TokenStream {
    vis.to_token_stream()
}

/// `origins_fn = path`, implemented beside the handler so that the path resolves where the
/// user wrote it (not inside the companion module); type errors land on the path.
pub(crate) fn origins_fn_impl(
    model: &Model,
    function: &ItemFn,
    p: &TokenStream,
    marker: &TokenStream,
) -> TokenStream {
    let Some(path) = &model.origins_fn else {
        return TokenStream::new();
    };
    let cfgs = function.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    // The user's function itself, so that handlers sharing a named policy share one `fn`
    // pointer (a request's origin is then asked about once); a wrong type is reported on the path.
    let allow = quote_spanned! {path.span()=>
        const ALLOW: fn(&str) -> bool = #path;
    };
    quote! {
        #(#cfgs)*
        #[doc(hidden)]
        impl #p::OriginsFn for #marker {
            #allow
        }
    }
}

/// The methods whose preflights this policy answers on a shared path, the handler's path, and
/// a canonical rendering of what judges a preflight (policies that answer alike may share).
pub(crate) fn claims_tokens(
    model: &Model,
    p: &TokenStream,
    path: &TokenStream,
    claim: Claim,
) -> TokenStream {
    if claim == Claim::Nothing {
        return quote!(#p::Claims {
            handler: #path,
            methods: &[],
            fingerprint: "",
        });
    }
    let listed: Vec<&str> = model.methods.iter().map(String::as_str).collect();
    let methods = crate::rules::preflight_methods(model.any_method, &listed);
    let fingerprint = fingerprint(model);
    quote!(#p::Claims {
        handler: #path,
        methods: &[#(#methods),*],
        fingerprint: #fingerprint,
    })
}

/// What judges a preflight, as text with every list sorted: `origins = "b, a"` and
/// `origins = ["a", "b"]` render alike. `expose_headers` and `reject_disallowed` are left out:
/// they shape actual responses only, never a preflight's answer.
fn fingerprint(model: &Model) -> String {
    fn sorted(items: impl IntoIterator<Item = String>) -> String {
        let mut items: Vec<String> = items.into_iter().collect();
        items.sort();
        items.join(",")
    }
    let mut origins: Vec<String> = model.exact.clone();
    origins.extend(model.patterns.iter().map(|p| {
        let star = if p.subdomains { "*." } else { "" };
        let port = match p.port {
            PortRule::Default => String::new(),
            PortRule::Exact(n) => format!(":{n}"),
            PortRule::Any => ":*".into(),
        };
        format!("{}://{star}{}{port}", p.scheme, p.host)
    }));
    if model.any_origin {
        origins.push("*".into());
    }
    if model.null_origin {
        origins.push("null".into());
    }
    let mut parts = vec![format!("origins={}", sorted(origins))];
    if let Some(path) = &model.origins_fn {
        parts.push(format!("origins_fn={}", path.to_token_stream()));
    }
    if let Some(var) = &model.origins_env {
        parts.push(format!("origins_env={var}"));
    }
    let methods = match model.any_method {
        true => "*".to_string(),
        false => sorted(model.methods.iter().cloned()),
    };
    parts.push(format!("methods={methods}"));
    let mut headers: Vec<String> = model.headers.clone();
    if model.any_header {
        headers.push("*".into());
    }
    parts.push(format!("headers={}", sorted(headers)));
    if let Some(secs) = model.max_age {
        parts.push(format!("max_age={secs}"));
    }
    for (on, flag) in [
        (model.credentials, "credentials"),
        (model.private_network, "private_network"),
    ] {
        if on {
            parts.push(flag.into());
        }
    }
    parts.join(";")
}

/// The companions every handler has, whatever its shape, beside its `POLICY` (`policy`: how
/// they reach it): `CLAIMS` for `preflight!`, the `preflight` handler and `validate()`.
pub(crate) fn companion_fns(
    p: &TokenStream,
    policy: &TokenStream,
    claims: &TokenStream,
) -> TokenStream {
    // One `doc` attribute per item (a `///` line is one each): fewer tokens per handler.
    let preflight_doc = "Answers CORS preflights (`OPTIONS`) for this handler alone: \
        `.options(handler::preflight)`. Register the path with `cors_route!` instead, which \
        adds the preflight route itself, for every handler of the path.";
    let validate_doc = "Loads and validates what the policy reads at start-up (`origins_env`); \
        call it in `main` to fail early with a clear error. `cors_route!`, `preflight!` and a \
        router-wide policy over the handler's route call it for you.\n\n# Errors\n\n\
        The first invalid origin of the environment variable, or its absence.";
    quote! {
        // The methods this handler answers preflights for, checked by `preflight!`.
        #[doc(hidden)]
        pub const CLAIMS: #p::Claims = #claims;

        #[doc = #preflight_doc]
        #[allow(non_upper_case_globals)]
        pub const preflight: #p::HandlerPreflight = {
            static TABLE: #p::PreflightCell = #p::PreflightCell::new();
            // `policy` names a constant, so the array is promoted to a `'static` one.
            #p::HandlerPreflight::new(&TABLE, &[#policy])
        };

        #[doc = #validate_doc]
        #[inline]
        pub fn validate() -> ::core::result::Result<(), #p::PolicyError> {
            #policy.validate()
        }
    }
}

/// The preflighted methods the policy allows a route to put this handler on (`cors_route!`
/// checks them): those in `methods`; every one without `methods` (the routed method is what it
/// allows) or with `*`, and for the stubs beside a policy error (no second error).
pub(crate) fn allows_method_impls(
    model: &Model,
    p: &TokenStream,
    claim: Claim,
    marker: &TokenStream,
) -> TokenStream {
    let all = claim == Claim::Nothing || model.any_method || model.methods.is_empty();
    let impls = [("PUT", "Put"), ("DELETE", "Delete"), ("PATCH", "Patch")]
        .into_iter()
        .filter(|(m, _)| all || model.methods.iter().any(|listed| listed == m))
        .map(|(_, t)| {
            let t = format_ident!("{}", t);
            quote!(#[doc(hidden)] #[allow(deprecated)] impl #p::method::#t for #marker {})
        });
    quote!(#(#impls)*)
}

/// `items` carried by a hidden unit struct named `carrier`, and emitted by its derive
/// (`__CorsItems`): they exist only where the struct does, so that on an associated function,
/// in an `impl` block, rustc's rejection of the struct is the one error.
pub(crate) fn carried(
    carrier: &Ident,
    function: &ItemFn,
    krate: &TokenStream,
    items: &TokenStream,
) -> TokenStream {
    let cfgs = function.attrs.iter().filter(|a| a.path().is_ident("cfg"));
    quote! {
        #(#cfgs)*
        #[doc(hidden)]
        #[allow(non_camel_case_types, dead_code)]
        #[derive(#krate::__private::__CorsItems)]
        #[__cors_items(#items)]
        struct #carrier;
    }
}
