//! The `#[cors]` attribute of [`axum-strict-cors`](https://docs.rs/axum-strict-cors). Depend on `axum-strict-cors`,
//! not on this crate: the generated code calls the runtime that `axum-strict-cors` re-exports.

mod attr;
mod check;
mod ctxt;
mod expand;
mod gen;
mod impl_block;
mod krate;
mod named;
#[cfg(test)]
mod origin_rules_agree;
mod policy;
mod route;

use axum_strict_cors_runtime::rules;

use proc_macro::TokenStream;

/// Gives an axum handler a CORS policy checked at compile time. See the `axum-strict-cors` crate.
#[proc_macro_attribute]
pub fn cors(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    if is_impl_block(&item) {
        if let Ok(block) = syn::parse2::<syn::ItemImpl>(item.clone()) {
            return impl_block::expand(args.into(), block).into();
        }
    }
    match expand::expand(args.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        // Before a function to generate around is known: the error and the item as written.
        Err(error) => {
            let error = error.into_compile_error();
            quote::quote!(#error #item).into()
        }
    }
}

/// Whether `item` is an `impl` block: `impl` before its body, with no `fn` before it.
fn is_impl_block(item: &proc_macro2::TokenStream) -> bool {
    use proc_macro2::TokenTree;
    for token in item.clone() {
        match token {
            TokenTree::Ident(ident) if ident == "impl" => return true,
            TokenTree::Ident(ident) if ident == "fn" => return false,
            TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::Brace => {
                return false
            }
            _ => {}
        }
    }
    false
}

/// Defines a named CORS policy, checked here: `cors_policy!(pub API: origins = "...")`. See the
/// `axum-strict-cors` crate.
#[proc_macro]
pub fn cors_policy(input: TokenStream) -> TokenStream {
    output(named::define(input.into()))
}

/// One registration per path: the handlers with the methods they are routed on, and the
/// `OPTIONS` route built from them. See the `axum-strict-cors` crate.
#[proc_macro]
pub fn cors_route(input: TokenStream) -> TokenStream {
    output(route::expand(input.into()))
}

/// The items `#[cors]` generates for a handler (a unit handler's block of companions, a
/// generic handler's wrapper and companion module) or a handler using a named policy (the
/// policy's callback), written in a unit struct's `#[__cors_items(..)]` (the handler's own, or
/// a hidden one) and emitted here unchanged: carried by the struct, they exist only where it
/// does, at module level. On an associated function, in an
/// `impl` block, rustc rejects the struct ("struct is not supported in `trait`s or `impl`s")
/// before any derive runs, so that is the one error, instead of one per generated item. Nothing
/// more can be said there: the attribute does not see that it is in an `impl`, and rustc
/// rejects every item that could name the handler's type or companions (even one under
/// `#[cfg(any())]`), while an item valid in both places that could stand for the handler at the
/// route (`Api::index`) would collide, at module level, with the handler of that name. (In
/// the length of a hidden struct's array the items would cost the compiler less, and rustc
/// would reject that struct in an `impl` just as well, but rust-analyzer does not see an
/// `impl` written there: a user's editor would mark `update::POLICY` an error.)
#[doc(hidden)]
#[proc_macro_derive(__CorsItems, attributes(__cors_items))]
pub fn cors_items(input: TokenStream) -> TokenStream {
    use proc_macro2::{Delimiter, TokenTree};
    let mut tokens = proc_macro2::TokenStream::from(input).into_iter();
    while let Some(token) = tokens.next() {
        let TokenTree::Punct(pound) = &token else {
            continue;
        };
        if pound.as_char() != '#' {
            continue;
        }
        let Some(TokenTree::Group(attr)) = tokens.next() else {
            continue;
        };
        let mut inner = attr.stream().into_iter();
        let is_items = matches!(inner.next(), Some(TokenTree::Ident(i)) if i == "__cors_items");
        if let (true, Some(TokenTree::Group(items))) = (is_items, inner.next()) {
            if items.delimiter() == Delimiter::Parenthesis {
                return items.stream().into();
            }
        }
    }
    TokenStream::new()
}

/// Every entry point builds a `syn::Result`; an error becomes `compile_error!`s here.
fn output(result: syn::Result<proc_macro2::TokenStream>) -> TokenStream {
    result.unwrap_or_else(syn::Error::into_compile_error).into()
}
