//! The compiled `Policy` of a valid [`Model`], as generated code: a `static` with every header
//! value precomputed and the exact origins in a collision-free table built now. Written for
//! a handler (`#[cors]`) and for a named policy (`cors_policy!`) alike.

use proc_macro2::TokenStream;
use quote::quote;

use crate::check::Model;
use crate::rules::policy::{list_value, Checked};
use crate::rules::{OriginPattern, PortRule};

fn header_value(p: &TokenStream, value: &str) -> TokenStream {
    quote!(#p::HeaderValue::from_static(#value))
}

/// `Some(value)` or `None`, as generated code.
fn option(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(value) => quote!(::core::option::Option::Some(#value)),
        None => quote!(::core::option::Option::None),
    }
}

/// A list header precomputed as a `HeaderValue` (one that actual responses carry).
fn optional_value(p: &TokenStream, any: bool, items: &[String]) -> TokenStream {
    option(list_value(any, items).map(|value| header_value(p, &value)))
}

/// A preflight's header as text: the runtime makes it a `HeaderValue` when it builds the
/// path's table, once, so that the compiler does not evaluate `HeaderValue::from_static` (a
/// loop over every byte) in every handler's `static`.
fn optional_text(value: Option<String>) -> TokenStream {
    option(value.map(|value| quote!(#value)))
}

/// The `static` `Policy` of a handler: its origins, and every header value precomputed.
/// `p`: the path to the crate's `__private` module; `marker`: the type implementing
/// `OriginsFn` (`Cors` inside the companion module, the handler's own type otherwise); `path`:
/// the handler's path for log lines.
pub(crate) fn policy_tokens(
    model: &Model,
    handler: &str,
    p: &TokenStream,
    marker: &TokenStream,
    path: &TokenStream,
) -> TokenStream {
    let (statics, list) = origin_list(model, p);
    let origins = origins_tokens(model, handler, p, &list, marker);
    let Checked {
        any_method,
        any_header,
        credentials,
        private_network,
        reject_disallowed,
        ..
    } = **model;
    let (methods, headers) = (&model.methods, &model.headers);
    let allow_methods = optional_text(list_value(any_method, methods));
    let allow_headers = optional_text(list_value(any_header, headers));
    let expose = optional_value(p, model.any_expose, &model.expose);
    let max_age = optional_text(model.max_age.map(|secs| secs.to_string()));
    quote! {{
        #statics
        #p::Policy {
            handler: #path,
            origins: #origins,
            methods: &[#(#methods),*],
            any_method: #any_method,
            headers: &[#(#headers),*],
            any_header: #any_header,
            credentials: #credentials,
            private_network: #private_network,
            reject_disallowed: #reject_disallowed,
            allow_methods: #allow_methods,
            allow_headers: #allow_headers,
            expose_headers: #expose,
            max_age: #max_age,
        }
    }}
}

/// Who may call: `*`, `null`, the listed origins, `origins_fn` and `origins_env`.
fn origins_tokens(
    model: &Model,
    handler: &str,
    p: &TokenStream,
    list: &TokenStream,
    marker: &TokenStream,
) -> TokenStream {
    let (any, null, credentials) = (model.any_origin, model.null_origin, model.credentials);
    let func = option(
        model
            .origins_fn
            .as_ref()
            .map(|_| quote!(<#marker as #p::OriginsFn>::ALLOW)),
    );
    let env = option(model.origins_env.as_ref().map(|var| match &model.named {
        Some(policy) => {
            quote!(#p::EnvOrigins::of_policy(#handler, #policy, #var, #credentials))
        }
        None => quote!(#p::EnvOrigins::new(#handler, #var, #credentials)),
    }));
    quote!(#p::Origins {
        any: #any,
        null: #null,
        list: #list,
        func: #func,
        env: #env,
    })
}

/// The listed origins: the exact ones with their hash table, built now so that a request
/// costs one probe, and the patterns. Returns the `static` that holds the exact ones and the
/// `OriginList` that borrows it.
fn origin_list(model: &Model, p: &TokenStream) -> (TokenStream, TokenStream) {
    let exact = model
        .exact
        .iter()
        .map(|o| quote!(#p::HeaderValue::from_static(#o)));
    let texts: Vec<&str> = model.exact.iter().map(String::as_str).collect();
    let (seed, slots) = crate::rules::origin_table(&texts);
    let patterns = model.patterns.iter().map(|pat| pattern_tokens(pat, p));
    // A `static` for the header values alone (they cannot be borrowed in place: `Bytes` is
    // mutable inside); the slots and patterns are borrowed where they are written. None for no
    // exact origin, and one value, not an array, for one: an array's length is one more
    // constant for the compiler to check in every handler.
    let (statics, exact) = match model.exact.len() {
        0 => (quote!(), quote!(&[])),
        1 => (
            quote!(static EXACT: #p::HeaderValue = #(#exact)*;),
            quote!(::core::slice::from_ref(&EXACT)),
        ),
        n => (
            quote!(static EXACT: [#p::HeaderValue; #n] = [#(#exact),*];),
            quote!(&EXACT),
        ),
    };
    let list = quote!(#p::OriginList {
        exact: #p::Cow::Borrowed(#exact),
        slots: #p::Cow::Borrowed(&[#(#slots),*]),
        seed: #seed,
        patterns: #p::Cow::Borrowed(&[#(#patterns),*]),
    });
    (statics, list)
}

/// A validated pattern, written out as the runtime matches it.
fn pattern_tokens(pattern: &OriginPattern, p: &TokenStream) -> TokenStream {
    let (scheme, host, subdomains) = (&*pattern.scheme, &*pattern.host, pattern.subdomains);
    let port = match pattern.port {
        PortRule::Default => quote!(#p::PortRule::Default),
        PortRule::Any => quote!(#p::PortRule::Any),
        PortRule::Exact(n) => quote!(#p::PortRule::Exact(#n)),
    };
    quote!(#p::OriginPattern {
        scheme: #p::Cow::Borrowed(#scheme),
        host: #p::Cow::Borrowed(#host),
        subdomains: #subdomains,
        port: #port,
    })
}
