//! Hooks the generated handlers call so that OpenAPI generators that route through their own
//! traits accept a `#[cors]` handler. Each is empty unless its feature is on.

/// `impl aide::operation::OperationHandler<(A, B,), R> for update {}` with the `aide` feature:
/// aide's `api_route` then documents the handler's operation from its arguments (`A`, `B`) and
/// return type (`R`). Nothing without the feature.
#[cfg(not(feature = "aide"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __aide_operation_handler {
    ($handler:ident, ($($input:ty,)*), $output:ty) => {};
}
