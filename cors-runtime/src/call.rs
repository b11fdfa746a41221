//! What the handler `#[cors]` generates for a function without generic parameters calls: a
//! unit struct implementing axum's `Handler` itself, whose `call` judges `Origin` ([`judge`])
//! before the request is taken apart, then extracts the arguments, calls the user's function
//! and puts the grant on its answer or on an extractor's rejection ([`grant`]), all in one
//! boxed future, as axum's own `Handler` of a function does without CORS.

use std::future::Future;
use std::pin::Pin;

use axum::response::Response;
use http::HeaderMap;

use crate::policy::{OriginVerdict, Policy};
use crate::respond::{grant_actual, log_actual_refusal, reject_actual, RequestOrigin};

/// The future of a generated handler: one box, as axum's `Handler` of a function.
pub type BoxedAnswer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// The verdict on a request's `Origin` under `policy`, or `None` when the handler must not run
/// (a refused origin under `reject_disallowed`: answer [`rejected`]). A refusal is logged.
#[inline]
#[must_use]
pub fn judge(policy: &'static Policy, request: &HeaderMap) -> Option<OriginVerdict> {
    let verdict = RequestOrigin::capture(request).verdict(policy);
    if let OriginVerdict::Refused(why) = verdict {
        log_actual_refusal(policy, why, request);
        if policy.reject_disallowed {
            return None;
        }
    }
    Some(verdict)
}

/// The answer to a request refused by `reject_disallowed`: 403, without calling the handler.
#[must_use]
pub fn rejected() -> BoxedAnswer {
    Box::pin(std::future::ready(reject_actual()))
}

/// `response` with the grant `verdict` earns under `policy` (and `Vary: Origin` when the
/// answer depends on the origin).
#[inline]
#[must_use]
pub fn grant(policy: &'static Policy, verdict: OriginVerdict, mut response: Response) -> Response {
    grant_actual(policy, verdict, response.headers_mut());
    response
}
