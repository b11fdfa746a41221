//! A router-wide policy that also asks an async check about origins it does not list:
//! `.layer(SPA.origins_async(move |origin| { let db = db.clone(); async move { .. } }))`, for
//! allowed origins kept in a database (a tenant table). The check closes over the app's state,
//! as tower-http's `AllowOrigin::async_predicate` does; its type is checked at compile time
//! like any closure's.
//!
//! The check is asked at most once per request, only about a well-formed origin that the
//! policy's own origins (list, `origins_fn`, `origins_env`) did not allow, and before anything
//! else is done for the request: its preflight answer and its grant then see the decision.
//! It is never asked about a request without `Origin`.

use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::header::ORIGIN;
use tower_layer::Layer;

use crate::policy::{serialized_origin, with_origin_allowed_by, OriginVerdict, Policy, Refusal};
use crate::router::{PolicyLayer, PolicyService};

impl PolicyLayer {
    /// This policy, asking `check` about every well-formed origin its own origins do not
    /// allow, once per request, before answering it; `true` allows the origin as if it were
    /// listed. The check may await (a database, a service): keep what it reads in a cache, as
    /// each request from an unlisted origin waits for it.
    ///
    /// A path's own policies (`cors_route!`, `#[cors]` handlers) are never widened by it.
    pub fn origins_async<F, Fut>(self, check: F) -> AsyncOriginsLayer<F>
    where
        F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = bool> + Send + 'static,
    {
        AsyncOriginsLayer { layer: self, check }
    }
}

/// A router-wide policy with an async origin check: [`PolicyLayer::origins_async`].
#[derive(Clone, Debug)]
pub struct AsyncOriginsLayer<F> {
    layer: PolicyLayer,
    check: F,
}

impl<I: Clone, F: Clone> Layer<I> for AsyncOriginsLayer<F> {
    type Service = AsyncOriginsService<I, F>;

    fn layer(&self, inner: I) -> Self::Service {
        AsyncOriginsService {
            inner: self.layer.layer(inner),
            check: self.check.clone(),
            policy: self.layer.policy(),
        }
    }
}

impl<F> AsyncOriginsLayer<F> {
    /// The policy whose origins the check adds to.
    pub(crate) fn policy_layer(&self) -> PolicyLayer {
        self.layer
    }
}

/// A route under a router-wide policy with an async origin check.
#[derive(Clone, Debug)]
pub struct AsyncOriginsService<I, F> {
    inner: PolicyService<I>,
    check: F,
    policy: &'static Policy,
}

impl<I, F> AsyncOriginsService<I, F> {
    /// The origin to ask the check about: a single, well-formed one that the policy's own
    /// origins refuse.
    fn to_ask(&self, request: &Request) -> Option<String> {
        let mut origins = request.headers().get_all(ORIGIN).iter();
        let (Some(origin), None) = (origins.next(), origins.next()) else {
            return None;
        };
        match self.policy.match_origin(origin) {
            OriginVerdict::Refused(Refusal::NotListed) => {
                serialized_origin(origin.as_bytes()).map(str::to_owned)
            }
            _ => None,
        }
    }
}

impl<I, F, Fut> tower_service::Service<Request> for AsyncOriginsService<I, F>
where
    I: tower_service::Service<Request> + Clone,
    I::Response: IntoResponse,
    F: Fn(String) -> Fut,
    Fut: Future<Output = bool>,
{
    type Response = Response;
    type Error = I::Error;
    type Future = AsyncOriginsFuture<
        PolicyService<I>,
        <PolicyService<I> as tower_service::Service<Request>>::Future,
        Fut,
    >;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let Some(origin) = self.to_ask(&request) else {
            return AsyncOriginsFuture::Decided {
                inner: self.inner.call(request),
            };
        };
        // The service made ready goes with the request; a clone stays for the next one.
        let fresh = self.inner.clone();
        let ready = std::mem::replace(&mut self.inner, fresh);
        AsyncOriginsFuture::Checking {
            check: (self.check)(origin),
            service: Some(ready),
            request: Some(request),
            policy: self.policy,
        }
    }
}

pin_project_lite::pin_project! {
    /// The answer of an [`AsyncOriginsService`].
    #[doc(hidden)]
    #[project = Projected]
    pub enum AsyncOriginsFuture<S, SF, Fut> {
        /// Nothing to ask: the policy's answer.
        Decided { #[pin] inner: SF },
        /// Asking the check.
        Checking {
            #[pin]
            check: Fut,
            service: Option<S>,
            request: Option<Request>,
            policy: &'static Policy,
        },
        /// The check allowed the origin: the policy's answer, which sees it as allowed.
        Allowed {
            #[pin]
            inner: SF,
            policy: &'static Policy,
        },
    }
}

impl<S, SF, Fut, E> Future for AsyncOriginsFuture<S, SF, Fut>
where
    S: tower_service::Service<Request, Response = Response, Error = E, Future = SF>,
    SF: Future<Output = Result<Response, E>>,
    Fut: Future<Output = bool>,
{
    type Output = Result<Response, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            let next = match self.as_mut().project() {
                Projected::Decided { inner } => return inner.poll(cx),
                Projected::Allowed { inner, policy } => {
                    return with_origin_allowed_by(policy, || inner.poll(cx));
                }
                Projected::Checking {
                    check,
                    service,
                    request,
                    policy,
                } => {
                    let allowed = ready!(check.poll(cx));
                    let mut service = service.take().expect("the check is answered once");
                    let request = request.take().expect("the check is answered once");
                    match allowed {
                        true => AsyncOriginsFuture::Allowed {
                            inner: with_origin_allowed_by(policy, || service.call(request)),
                            policy,
                        },
                        false => AsyncOriginsFuture::Decided {
                            inner: service.call(request),
                        },
                    }
                }
            };
            self.set(next);
        }
    }
}
