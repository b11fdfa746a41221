//! The `OPTIONS` handler `preflight!` builds for a path shared by several `#[cors]` handlers.

use std::sync::Arc;

use crate::policy::Policy;
use crate::preflight::Table;

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
// "not a handler" error of a crate that uses axum-cors.
#[diagnostic::do_not_recommend]
impl<S> axum::handler::Handler<ViaPreflight, S> for PreflightHandler {
    type Future = std::future::Ready<axum::response::Response>;

    fn call(self, request: axum::extract::Request, _state: S) -> Self::Future {
        std::future::ready(self.table.options(request.headers()))
    }
}
