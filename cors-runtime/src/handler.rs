//! The `OPTIONS` handlers: the one `preflight!` builds for a path shared by several `#[cors]`
//! handlers, and each handler's own `update::preflight`.

use std::sync::Arc;

use crate::policy::Policy;
use crate::preflight::{PreflightCell, Table};

/// `update::preflight`, the `OPTIONS` handler of one `#[cors]` handler: one type for every
/// handler (so that routing it compiles axum's routing code once, not once per handler),
/// holding the handler's policy and the table its answers are read from, built on the first
/// preflight. It answers synchronously.
pub struct HandlerPreflight {
    table: &'static PreflightCell,
    policies: &'static [&'static Policy],
}

impl HandlerPreflight {
    /// The preflight handler of `policies` (one handler's), its table kept in `table`.
    #[must_use]
    pub const fn new(table: &'static PreflightCell, policies: &'static [&'static Policy]) -> Self {
        HandlerPreflight { table, policies }
    }

    /// The answer to an `OPTIONS` request, as the route answers it.
    #[must_use]
    pub fn answer(&self, request: &axum::extract::Request) -> axum::response::Response {
        self.table.answer(self.policies, request.headers())
    }
}

impl Clone for HandlerPreflight {
    fn clone(&self) -> Self {
        // A router-wide policy applied around this route asks who answers its preflights:
        // this handler's table, so that the path keeps its handler's policy under it.
        crate::answerer::report(|| self.table.table(self.policies).clone());
        HandlerPreflight {
            table: self.table,
            policies: self.policies,
        }
    }
}

impl std::fmt::Debug for HandlerPreflight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let handlers: Vec<&str> = self.policies.iter().map(|p| p.handler).collect();
        f.debug_struct("HandlerPreflight")
            .field("handlers", &handlers)
            .finish_non_exhaustive()
    }
}

#[diagnostic::do_not_recommend]
impl<S> axum::handler::Handler<ViaPreflight, S> for HandlerPreflight {
    type Future = std::future::Ready<axum::response::Response>;

    fn call(self, request: axum::extract::Request, _state: S) -> Self::Future {
        std::future::ready(self.answer(&request))
    }
}

/// A preflight handler for the policies of the handlers on one path (what `preflight!`
/// builds). It validates every policy now, at router construction, and panics with the
/// policy's error if one is invalid (an environment variable holding a bad origin).
pub fn preflight_handler(policies: &'static [&'static Policy]) -> PreflightHandler {
    PreflightHandler {
        table: Arc::new(Table::claimed(policies).validated()),
    }
}

/// The `OPTIONS` handler built by `preflight!`: an axum [`Handler`](axum::handler::Handler)
/// that reads the request's headers directly (no extractor) and answers synchronously.
#[derive(Debug)]
pub struct PreflightHandler {
    table: Arc<Table>,
}

impl Clone for PreflightHandler {
    fn clone(&self) -> Self {
        // A router-wide policy applied around this route asks who answers its preflights.
        crate::answerer::report(|| self.table.clone());
        PreflightHandler {
            table: self.table.clone(),
        }
    }
}

/// Marker for [`PreflightHandler`]'s `Handler` impl.
#[doc(hidden)]
pub enum ViaPreflight {}

// Without `do_not_recommend`, rustc offers this impl as the example of a `Handler` in every
// "not a handler" error of a crate that uses axum-strict-cors.
#[diagnostic::do_not_recommend]
impl<S> axum::handler::Handler<ViaPreflight, S> for PreflightHandler {
    type Future = std::future::Ready<axum::response::Response>;

    fn call(self, request: axum::extract::Request, _state: S) -> Self::Future {
        std::future::ready(self.table.options(request.headers()))
    }
}
