//! `#[cors]` on an `impl` block: its associated functions with a `#[cors(...)]` of their own
//! become handlers routed as `get(Api::index)`.
//!
//! A handler is a unit struct, which cannot stand in an `impl`, and an attribute on an
//! associated function cannot see that it is in one; the attribute on the block can, and it
//! can write items beside the block:
//!
//! ```text
//! #[cors] impl Api { #[cors(origins = "..")] pub async fn index(a: A) -> R { body } }
//! ```
//! becomes
//! ```text
//! impl Api {
//!     #[doc(hidden)] pub async fn __cors_index(a: A) -> R { body }   // the function, as written
//!     pub const index: __cors_Api_index = __cors_Api_index;           // the handler, by value
//! }
//! #[cors(origins = "..")] #[doc(hidden)]
//! pub async fn __cors_Api_index(__cors_arg0: A) -> R { Api::__cors_index(__cors_arg0).await }
//! ```
//! The body keeps `Self` and the impl's other items; `Self` in the signature is the impl's
//! type in the free function. `Api::index(a).await` calls the function, as the handler derefs
//! to it. The companions are the free function's (`__cors_Api_index::POLICY`).

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::{format_ident, quote, ToTokens};
use syn::spanned::Spanned;
use syn::{FnArg, ImplItem, ImplItemFn, ItemImpl, Pat, PatIdent, PatType};

use crate::ctxt::Ctxt;

/// The expansion of `#[cors]` on an `impl` block; `args` must be empty.
pub fn expand(args: TokenStream, mut block: ItemImpl) -> TokenStream {
    let mut cx = Ctxt::new();
    let mut refused = false;
    if let Some(first) = args.clone().into_iter().next() {
        refused = true;
        cx.error(
            first.span(),
            "#[cors] on an `impl` block takes no keys: write the policy on each associated function, e.g. `#[cors(origins = \"https://app.example.com\")] async fn index() {}`",
        );
    }
    if let Some(param) = block.generics.params.first() {
        refused = true;
        cx.error(
            param.span(),
            "#[cors] handlers cannot be associated functions of a generic `impl`: axum routes one function, so write the handler for one type (`impl Api<Json>`) or as a free function",
        );
    }
    if let Some((path, _)) = &block.trait_ {
        refused = true;
        cx.error(
            path.span(),
            "#[cors] goes on an inherent `impl` block (`impl Api`), not on a trait's",
        );
    }
    let Some(ty_name) = self_name(&block.self_ty) else {
        cx.error(
            block.self_ty.span(),
            "#[cors] on an `impl` block needs a named type (`impl Api`)",
        );
        return with_errors(cx, &block);
    };
    if refused {
        return with_errors(cx, &block);
    }
    let self_ty = block.self_ty.clone();
    let mut outside = TokenStream::new();
    let mut items = Vec::new();
    for item in std::mem::take(&mut block.items) {
        let ImplItem::Fn(function) = item else {
            items.push(item);
            continue;
        };
        match handler(function, &ty_name, &self_ty) {
            Handler::Plain(function) => items.push(ImplItem::Fn(function)),
            Handler::Cors {
                inside,
                outside: free,
            } => {
                items.extend(inside);
                outside.extend(free);
            }
            Handler::Error(error, function) => {
                cx.push(error);
                items.push(ImplItem::Fn(function));
            }
        }
    }
    block.items = items;
    let errors = cx.finish().err().map(syn::Error::into_compile_error);
    quote! {
        #errors
        #block
        #outside
    }
}

/// The block as written but for its functions' `#[cors]` (each would add an error of its
/// own), beside `cx`'s errors.
fn with_errors(cx: Ctxt, block: &ItemImpl) -> TokenStream {
    let errors = cx.finish().err().map(syn::Error::into_compile_error);
    let mut block = block.clone();
    for item in &mut block.items {
        if let ImplItem::Fn(function) = item {
            function.attrs.retain(|a| !is_cors(a));
        }
    }
    quote!(#errors #block)
}

/// The name of `impl Api` or `impl path::Api` (the last segment, for generated names).
fn self_name(ty: &syn::Type) -> Option<Ident> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            path.path.segments.last().map(|s| s.ident.clone())
        }
        _ => None,
    }
}

enum Handler {
    /// An associated function without `#[cors]`, left as it is.
    Plain(ImplItemFn),
    /// A handler: what stands in the block, and what stands beside it.
    Cors {
        inside: Vec<ImplItem>,
        outside: TokenStream,
    },
    /// A `#[cors]` function that cannot be a handler here; it is left in the block without
    /// the attribute, so that its uses add no error of their own.
    Error(syn::Error, ImplItemFn),
}

/// Whether `attr` is `#[cors(..)]` (or a path ending in `cors`).
fn is_cors(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "cors")
}

fn handler(mut function: ImplItemFn, ty_name: &Ident, self_ty: &syn::Type) -> Handler {
    let Some(at) = function.attrs.iter().position(is_cors) else {
        return Handler::Plain(function);
    };
    let cors = function.attrs.remove(at);
    let sig = &function.sig;
    if let Some(receiver) = sig.receiver() {
        let error = syn::Error::new(
            receiver.span(),
            "#[cors] handlers cannot take `self`: axum calls a handler with its extractors only; take the state you need as an extractor (`State(api): State<Api>`)",
        );
        return Handler::Error(error, function);
    }
    if let Some(param) = sig.generics.params.first() {
        let error = syn::Error::new(
            param.span(),
            "a generic #[cors] handler in an `impl` block is not supported: write it as a free function (`#[cors(..)] async fn greet<L: Lang>()`), routed as `get(greet::<En>)`",
        );
        return Handler::Error(error, function);
    }
    let name = sig.ident.clone();
    let inner = format_ident!("__cors_{}", name);
    let free = format_ident!("__cors_{}_{}", ty_name, name, span = name.span());
    let vis = function.vis.clone();
    let docs: Vec<&syn::Attribute> = function
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .collect();
    let docs = quote!(#(#docs)*);
    // The free function's arguments: fresh names, the written types with `Self` resolved.
    let mut params = Vec::new();
    let mut args = Vec::new();
    for (i, input) in sig.inputs.iter().enumerate() {
        let FnArg::Typed(PatType { attrs, ty, .. }) = input else {
            continue;
        };
        let arg = Ident::new(&format!("__cors_arg{i}"), Span::mixed_site());
        let ty = resolve_self(ty.to_token_stream(), self_ty);
        params.push(quote!(#(#attrs)* #arg: #ty));
        args.push(Pat::Ident(PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: arg,
            subpat: None,
        }));
    }
    let output = resolve_self(sig.output.to_token_stream(), self_ty);
    let asyncness = &sig.asyncness;
    let call = match asyncness {
        Some(_) => quote!(<#self_ty>::#inner(#(#args),*).await),
        None => quote!(<#self_ty>::#inner(#(#args),*)),
    };
    let outside = quote! {
        #cors
        #[doc(hidden)]
        #[allow(non_snake_case)]
        #vis #asyncness fn #free(#(#params),*) #output {
            #call
        }
    };
    function.sig.ident = inner.clone();
    function.attrs.push(syn::parse_quote!(#[doc(hidden)]));
    let handler: ImplItem = syn::parse_quote! {
        #docs
        #[allow(non_upper_case_globals)]
        #vis const #name: #free = #free;
    };
    Handler::Cors {
        inside: vec![ImplItem::Fn(function), handler],
        outside,
    }
}

/// `tokens` with every `Self` replaced by the impl's type, for the free function's signature.
fn resolve_self(tokens: TokenStream, self_ty: &syn::Type) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) if ident == "Self" => {
                let ty = self_ty.to_token_stream();
                quote!(#ty)
            }
            TokenTree::Group(group) => {
                let inner = resolve_self(group.stream(), self_ty);
                let mut resolved = proc_macro2::Group::new(group.delimiter(), inner);
                resolved.set_span(group.span());
                TokenTree::Group(resolved).into()
            }
            other => other.into(),
        })
        .collect()
}
