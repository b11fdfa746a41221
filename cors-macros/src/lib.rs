//! The `#[cors]` attribute of [`axum-cors`](https://docs.rs/axum-cors). Depend on `axum-cors`,
//! not on this crate: the generated code calls the runtime that `axum-cors` re-exports.

mod attr;
mod check;
mod ctxt;
mod expand;
mod gen;
mod krate;
mod named;
#[cfg(test)]
mod origin_rules_agree;
mod policy;
mod route;

use axum_cors_runtime::rules;

use proc_macro::TokenStream;

/// Gives an axum handler a CORS policy checked at compile time. See the `axum-cors` crate.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match expand::expand(args.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        // Before a function to generate around is known: the error and the item as written.
        Err(error) => {
            let error = error.into_compile_error();
            quote::quote!(#error #item).into()
        }
    }
}

/// Defines a named CORS policy, checked here: `cors_policy!(pub API: origins = "...")`. See the
/// `axum-cors` crate.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    output(named::define(input.into()))
}

/// One registration per path: the handlers with the methods they are routed on, and the
/// `OPTIONS` route built from them. See the `axum-cors` crate.
#[proc_macro]
pub fn cors_route(input: TokenStream) -> TokenStream {
    output(route::expand(input.into()))
}

/// Every entry point builds a `syn::Result`; an error becomes `compile_error!`s here.
fn output(result: syn::Result<proc_macro2::TokenStream>) -> TokenStream {
    result.unwrap_or_else(syn::Error::into_compile_error).into()
}
