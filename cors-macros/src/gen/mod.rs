//! Code generation for `#[cors]`, from a checked [`Model`]: one file per shape of handler
//! (`unit.rs`: a function a unit struct can stand for; `generic.rs`: a generic function, which
//! keeps a wrapping `async fn`) and what both write (`pieces.rs`). A policy error is generated
//! by the same code as a success, with an empty policy that claims nothing ([`fallback`]), so
//! that a build reports the error and no cascade at the handler's uses.

mod generic;
pub(crate) mod pieces;
mod unit;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::check::Model;
use pieces::Claim;

pub use unit::unit_inputs;

/// The handler of `function` under `model`, in the shape its signature allows.
pub fn handler(model: &Model, function: &ItemFn, krate: &TokenStream, claim: Claim) -> TokenStream {
    match unit::handler(model, function, krate, claim) {
        Some(unit) => unit,
        None => generic::handler(model, function, krate, claim),
    }
}

/// The errors, then the handler as a success would generate it, with an empty policy that
/// claims nothing: `put(update)`, `cors_route!`, `update::preflight` and a direct call resolve
/// as they will once the policy is fixed. A function that is not `async` is generated as if it
/// were, so that only the error about it is reported.
pub fn fallback(error: Option<syn::Error>, function: &ItemFn, krate: &TokenStream) -> TokenStream {
    let error = error.map(syn::Error::into_compile_error);
    if function.sig.receiver().is_some() {
        // A method: neither shape can stand in an `impl`.
        return quote!(#error #function);
    }
    let mut function = function.clone();
    if function.sig.asyncness.is_none() {
        function.sig.asyncness = Some(syn::token::Async(function.sig.fn_token.span));
    }
    let handler = handler(&Model::default(), &function, krate, Claim::Nothing);
    quote!(#error #handler)
}
