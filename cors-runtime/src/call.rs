//! The handler `#[cors]` generates for a function without generic parameters: a unit struct
//! implementing axum's `Handler` itself. It reads `Origin` once, calls the user's function
//! through that function's own `Handler::call` (so that an extractor's rejection comes back as
//! a `Response` like any other answer), and puts the grant on the answer in [`CorsFuture`],
//! around the future axum boxed, without boxing again.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::Response;

use crate::policy::{OriginVerdict, Policy};
use crate::respond::{grant_actual, log_actual_refusal, reject_actual, RequestOrigin};

/// The future axum's `Handler` impl for a function returns.
pub type BoxedAnswer = Pin<Box<dyn Future<Output = Response> + Send>>;

/// Calls `handler` (the user's function) for `request`, judging its `Origin` by `policy` first;
/// the answer gets the grant. A refused origin under `reject_disallowed` is answered 403
/// without calling the handler.
#[inline]
pub fn call<H, T, S>(
    policy: &'static Policy,
    handler: H,
    request: Request,
    state: S,
) -> CorsFuture<H::Future>
where
    H: Handler<T, S>,
{
    let verdict = RequestOrigin::capture(request.headers()).verdict(policy);
    if let OriginVerdict::Refused(why) = verdict {
        log_actual_refusal(policy, why, request.headers());
        if policy.reject_disallowed {
            // Answered 403 when polled, without calling the handler.
            return CorsFuture {
                answer: None,
                policy,
                verdict,
            };
        }
    }
    CorsFuture {
        answer: Some(handler.call(request, state)),
        policy,
        verdict,
    }
}

/// The answer of a generated handler: the user's function's, with the grant. Small (the boxed
/// future axum made, the policy and the verdict), as axum moves it through its own futures.
#[must_use = "futures do nothing unless polled"]
pub struct CorsFuture<F> {
    /// The user's function answering; `None`: refused by `reject_disallowed`.
    answer: Option<F>,
    policy: &'static Policy,
    verdict: OriginVerdict,
}

impl<F> Future for CorsFuture<F>
where
    F: Future<Output = Response> + Unpin,
{
    type Output = Response;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = &mut *self;
        let Some(answer) = &mut this.answer else {
            return Poll::Ready(reject_actual());
        };
        let mut response = ready!(Pin::new(answer).poll(cx));
        let verdict = std::mem::replace(&mut this.verdict, OriginVerdict::Absent);
        grant_actual(this.policy, verdict, response.headers_mut());
        Poll::Ready(response)
    }
}
