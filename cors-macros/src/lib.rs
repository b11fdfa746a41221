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
    expand::cors(args.into(), item.into()).into()
}

/// Defines a named CORS policy, checked here: `cors_policy!(pub API: origins = "...")`. See the
/// `axum-cors` crate.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    named::define(input.into()).into()
}

/// One registration per path: the handlers with the methods they are routed on, and the
/// `OPTIONS` route built from them. See the `axum-cors` crate.
#[proc_macro]
pub fn cors_route(input: TokenStream) -> TokenStream {
    route::cors_route(input.into()).into()
}
