//! What the handler `#[cors]` generates for a function without generic parameters calls: a
//! unit struct implementing axum's `Handler` itself, whose `call` judges `Origin` ([`judge`])
//! before the request is taken apart, then extracts the arguments, calls the user's function
//! and puts the grant on its answer or on an extractor's rejection ([`grant`]), all in one
//! boxed future, as axum's own `Handler` of a function does without CORS.

use std::future::Future;
use std::pin::Pin;

use axum::extract::Request;
use axum::response::Response;
use http::{HeaderMap, Method};

use crate::guard::{log_outgrown, outgrown, reject_outgrown, under_router_wide, Outgrown};
use crate::policy::{OriginVerdict, Policy, Refusal};
use crate::respond::{grant_actual, log_actual_refusal, reject_actual, RequestOrigin};

/// The future of a generated handler: one box, as axum's `Handler` of a function.
pub type BoxedAnswer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// What a handler called directly (`update(args).await`, without CORS) returns: the user's
/// function's future, boxed so that the handler's `Deref` to a function pointer can name it.
pub type Called<R> = Pin<Box<dyn Future<Output = R> + Send>>;

/// The direct call of a handler: its future, boxed here (the coercion to `dyn Future` is
/// checked once, in this crate, not in every handler).
#[inline]
pub fn called<F>(future: F) -> Called<F::Output>
where
    F: Future + Send + 'static,
{
    Box::pin(future)
}

/// The direct call of a handler whose return type cannot be named (`impl IntoResponse`): its
/// answer as a [`Response`].
pub fn called_responding<F>(future: F) -> Called<Response>
where
    F: Future + Send + 'static,
    F::Output: axum::response::IntoResponse,
{
    Box::pin(async move { axum::response::IntoResponse::into_response(future.await) })
}

/// The verdict on a request's `Origin` under `policy`, or `None` when the handler must not run
/// (a refused origin under `reject_disallowed`: answer [`rejected`]). A refusal is logged.
#[inline]
pub fn judge(policy: &'static Policy, request: &Request) -> Result<OriginVerdict, Refused> {
    judge_parts(policy, request.method(), request.headers())
}

/// [`judge`] on the parts of a request. Also refuses a request that a router-wide policy let
/// the browser send and this handler's own policy would have stopped at the preflight
/// ([`outgrown`]).
#[inline]
pub(crate) fn judge_parts(
    policy: &'static Policy,
    method: &Method,
    headers: &HeaderMap,
) -> Result<OriginVerdict, Refused> {
    let verdict = RequestOrigin::capture(headers).verdict(policy);
    if let OriginVerdict::Refused(why) = verdict {
        refused(policy, why, headers)?;
    }
    match verdict {
        // The usual requests, decided here: no `Origin`, or any outside a router-wide policy.
        OriginVerdict::Absent => Ok(verdict),
        _ if !under_router_wide() => Ok(verdict),
        _ => judge_further(policy, verdict, method, headers),
    }
}

/// Logs a refused origin, and refuses the request under `reject_disallowed`.
#[inline(never)]
fn refused(policy: &'static Policy, why: Refusal, headers: &HeaderMap) -> Result<(), Refused> {
    // `origins = "*"` answers everyone alike (`*`, even to a request with several `Origin`
    // headers): the page reads it, so there is no refusal to log.
    if policy.varies_by_origin() {
        log_actual_refusal(policy, why, headers);
    }
    match policy.reject_disallowed {
        true => Err(Refused(None)),
        false => Ok(()),
    }
}

/// [`judge_parts`] under a router-wide policy.
#[inline(never)]
fn judge_further(
    policy: &'static Policy,
    verdict: OriginVerdict,
    method: &Method,
    headers: &HeaderMap,
) -> Result<OriginVerdict, Refused> {
    if let Some(why) = outgrown(policy, &verdict, method, headers) {
        log_outgrown(policy, why, method, headers);
        return Err(Refused(Some(why)));
    }
    Ok(verdict)
}

/// A request [`judge`] refused: by `reject_disallowed` (`None`), or because a router-wide
/// policy let through what this handler's own would have stopped at the preflight.
#[derive(Debug, Clone, Copy)]
pub struct Refused(Option<Outgrown>);

impl Refused {
    /// Its 403, without calling the handler.
    pub(crate) fn into_response(self) -> Response {
        match self.0 {
            None => reject_actual(),
            Some(why) => reject_outgrown(why),
        }
    }
}

/// The answer to a request [`judge`] refused (403, without calling the handler), boxed.
#[must_use]
pub fn rejected(refused: Refused) -> BoxedAnswer {
    Box::pin(std::future::ready(refused.into_response()))
}

/// `response` with the grant `verdict` earns under `policy` (and `Vary: Origin` when the
/// answer depends on the origin).
#[inline]
#[must_use]
pub fn grant(policy: &'static Policy, verdict: OriginVerdict, mut response: Response) -> Response {
    grant_actual(policy, verdict, response.headers_mut());
    response
}
