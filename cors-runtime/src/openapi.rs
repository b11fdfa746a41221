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

/// `impl aide::operation::OperationHandler<(A, B,), R> for update {}`: aide's `api_route` then
/// documents the handler's operation from its arguments (`A`, `B`) and return type (`R`).
///
/// Written with the types as parameters tied by [`Same`] rather than named in the header, so
/// that rustc checks `A: OperationInput` (and `R: OperationOutput`) only where aide routes the
/// handler: the feature must not reject the crate's other handlers, routed by axum's own
/// `Router`, whose extractors or return types aide cannot document.
#[cfg(feature = "aide")]
#[doc(hidden)]
#[macro_export]
macro_rules! __aide_operation_handler {
    ($handler:ident, ($($input:ty,)*), $output:ty) => {
        #[doc(hidden)]
        #[allow(deprecated)]
        impl<__CorsInput, __CorsOutput>
            $crate::__private::aide::operation::OperationHandler<__CorsInput, __CorsOutput>
            for $handler
        where
            __CorsInput: $crate::__private::aide::operation::OperationInput,
            __CorsOutput: $crate::__private::aide::operation::OperationOutput,
            ($($input,)*): $crate::__private::Same<__CorsInput>,
            $output: $crate::__private::Same<__CorsOutput>,
        {
        }
    };
}

/// `A: Same<B>` holds exactly when `A` is `B`; with `A` known, it infers `B`.
#[cfg(feature = "aide")]
pub trait Same<T> {}

#[cfg(feature = "aide")]
impl<T> Same<T> for T {}

/// A generic handler is a generated `async fn` whose arguments wrap the user's extractors:
/// aide's impl of `OperationHandler` for functions accepts it once they are `OperationInput`,
/// each documenting what it wraps.
#[cfg(feature = "aide")]
mod aide_inputs {
    use aide::generate::GenContext;
    use aide::openapi::{Operation, Response};
    use aide::OperationInput;

    use crate::extract::{CorsRequest, Last, Parts};

    /// Reads `Origin`, which is no parameter of the operation: documents nothing.
    impl<P> OperationInput for CorsRequest<P> {}

    impl<T: OperationInput, P> OperationInput for Parts<T, P> {
        fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
            T::operation_input(ctx, operation);
        }

        fn inferred_early_responses(
            ctx: &mut GenContext,
            operation: &mut Operation,
        ) -> Vec<(Option<u16>, Response)> {
            T::inferred_early_responses(ctx, operation)
        }
    }

    impl<T: OperationInput, M> OperationInput for Last<T, M> {
        fn operation_input(ctx: &mut GenContext, operation: &mut Operation) {
            T::operation_input(ctx, operation);
        }

        fn inferred_early_responses(
            ctx: &mut GenContext,
            operation: &mut Operation,
        ) -> Vec<(Option<u16>, Response)> {
            T::inferred_early_responses(ctx, operation)
        }
    }
}
