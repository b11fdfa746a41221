//! What stands in a handler's place while `#[cors(policy = NAME)]` names no `cors_policy!`.
//!
//! The attribute hands the function to the policy's callback `NAME!`, which generates the
//! handler. When `NAME` is misspelt, or is not a policy, rustc reports that the macro cannot
//! be found (with its own "a macro with a similar name exists"), and no handler is generated.
//! So that this is the only error, the attribute also glob-imports [`PolicyNotFound`] under the
//! handler's name: an item shadows a glob import, so a generated handler always wins, and
//! without one the handler's uses (`put(update)`, `cors_route!`, `update::preflight`) still
//! resolve, to a handler that allows nothing.

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::IntoResponse;
use http::StatusCode;

use crate::call::BoxedAnswer;
use crate::extract::HasPolicy;
use crate::handler::HandlerPreflight;
use crate::policy::NOTHING;
use crate::policy::{Claims, Policy, PolicyError};
use crate::preflight::PreflightCell;
use crate::route::{method, CorsHandler};

/// A handler whose named policy was not found: it compiles wherever a `#[cors]` handler
/// does, and allows nothing. Never served, since the build that contains it has failed.
#[derive(Clone, Copy, Debug)]
pub struct PolicyNotFound;

impl PolicyNotFound {
    /// A policy that allows nothing.
    pub const POLICY: &'static Policy = &NOTHING;

    /// Claims no method, so that `preflight!` reports no conflict of its own.
    pub const CLAIMS: Claims = Claims {
        handler: "(a handler whose named policy was not found)",
        methods: &[],
        fingerprint: "",
    };

    /// Answers no preflight.
    #[allow(non_upper_case_globals)]
    pub const preflight: HandlerPreflight = {
        static TABLE: PreflightCell = PreflightCell::new();
        static POLICIES: [&Policy; 1] = [&NOTHING];
        HandlerPreflight::new(&TABLE, &POLICIES)
    };

    /// Reads nothing.
    ///
    /// # Errors
    ///
    /// None: there is nothing to read.
    #[inline]
    pub fn validate() -> Result<(), PolicyError> {
        Ok(())
    }
}

impl HasPolicy for PolicyNotFound {
    const POLICY: &'static Policy = &NOTHING;
}

impl<T> CorsHandler<T> for PolicyNotFound {
    type Marker = PolicyNotFound;
}

// Any method: a second error about the routed method would only repeat the first.
impl method::Put for PolicyNotFound {}
impl method::Delete for PolicyNotFound {}
impl method::Patch for PolicyNotFound {}

impl<S: Send + Sync + 'static> Handler<((),), S> for PolicyNotFound {
    type Future = BoxedAnswer;

    fn call(self, _: Request, _: S) -> BoxedAnswer {
        Box::pin(async { StatusCode::INTERNAL_SERVER_ERROR.into_response() })
    }
}

crate::__aide_operation_handler!(PolicyNotFound, (), axum::response::Response);
