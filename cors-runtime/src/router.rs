//! A named policy over a whole `Router`: `Router::new().route(..).nest(..).layer(SPA)`.
//!
//! `cors_policy!(pub SPA: ..)` defines `SPA` as a [`PolicyLayer`]. Applied with
//! `Router::layer`, it wraps every route of the router (plain `get(h)` routes, nested routes,
//! every method's route and the path's 405) and its fallback, after the path has matched:
//!
//! - a preflight is answered at once, before anything the layer wraps runs (a route layer
//!   added before it, an auth layer, never sees one), by the path's own policies when the path
//!   has them (a `cors_route!` or `preflight!` path, a router nested with a policy of its own:
//!   see [`answerer`](crate::answerer)), else by this policy;
//! - every other answer gets this policy's grant unless a policy nearer the handler already
//!   decided it (a `#[cors]` handler's answer carries its own `Access-Control-Allow-Origin`,
//!   or for an origin it refuses its `Vary: Origin`): the handler's, an extractor's rejection,
//!   the fallback's 404, axum's 405, and the answers of layers and route layers it wraps (a
//!   timeout's 408, auth's 401, a body limit's 413).

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use axum::extract::{MatchedPath, Request};
use axum::response::{IntoResponse, Response};
use http::{HeaderValue, Method};
use tower_layer::Layer;

use crate::answerer::{hear, heard_router_wide, report};
use crate::guard::RouterWide;
use crate::policy::{OriginVerdict, Policy, NOTHING};
use crate::preflight::{PreflightHeaders, Table};
use crate::respond::RequestOrigin;
use crate::route::{grant_decided, grant_outside_handler};

/// A named CORS policy applied to a whole `Router` (or a nested one): what `cors_policy!`
/// defines. `SPA.router()` (a [`CorsRouter`](crate::CorsRouter)) keeps a whole app inside it,
/// in any order. As a plain layer, `Router::new().route(..).layer(SPA)` answers the
/// preflights of every route it wraps and grants every answer; put it after the routes, route
/// layers and layers it must cover, as any tower layer.
#[derive(Clone, Copy, Debug)]
pub struct PolicyLayer {
    policy: &'static Policy,
}

impl PolicyLayer {
    /// The layer of a compiled policy (`cors_policy!` writes this).
    #[doc(hidden)]
    #[must_use]
    pub const fn new(policy: &'static Policy) -> Self {
        PolicyLayer { policy }
    }

    /// What `cors_policy!` defines for a policy that failed its checks (its errors are
    /// reported where it is written): a policy that allows nothing, so that uses of the name
    /// compile and add no error of their own.
    #[doc(hidden)]
    #[must_use]
    pub const fn invalid() -> Self {
        PolicyLayer { policy: &NOTHING }
    }

    /// The compiled policy.
    #[must_use]
    pub const fn policy(&self) -> &'static Policy {
        self.policy
    }
}

impl<I: Clone> Layer<I> for PolicyLayer {
    type Service = PolicyService<I>;

    /// Validates what the policy reads at start-up (`origins_env`) and panics with its error,
    /// so that a bad value stops the program when the router is built; learns who answers the
    /// preflights of the route it wraps.
    fn layer(&self, inner: I) -> PolicyService<I> {
        if let Err(e) = self.policy.validate() {
            panic!("{e}");
        }
        // The clone heard is what this layer wraps: an inner router-wide policy's service in
        // it knows that it is wrapped.
        let (inner, heard) = hear(inner);
        // The `#[cors]` handlers of the route, routed by a plain `get(h)`, read their
        // `origins_env` now too, at start-up.
        for policy in heard.policies {
            if let Err(e) = policy.validate() {
                panic!("{e}");
            }
        }
        PolicyService {
            inner,
            policy: self.policy,
            own: Table::router_wide(self.policy),
            path: heard.answerer,
            // Another router-wide policy inside (a router merged or nested with its own) keeps
            // the routes it covers; the app's fallback, which axum's `merge` takes from the
            // merged router with its layers, stays this one's.
            inner_policy: heard.router_wide,
            wrapped: false,
        }
    }
}

/// A route under a router-wide policy ([`PolicyLayer`]). Axum clones it for every request;
/// for a route without a preflight table of its own that clone copies references and a flag,
/// with no reference count to increment.
#[derive(Debug)]
pub struct PolicyService<I> {
    inner: I,
    policy: &'static Policy,
    /// The policy's own table, made once for the program.
    own: &'static Arc<Table>,
    /// The table of the route's path, when it has one (a `cors_route!` or `preflight!` path,
    /// a router with a policy of its own): it answers the route's preflights.
    path: Option<Arc<Table>>,
    /// Whether another router-wide policy is inside: this one's own table then answers the
    /// requests no path matched (the fallback's).
    inner_policy: bool,
    /// Whether a router-wide policy outside this one wraps it: set in the clone that the outer
    /// policy makes when it is applied, which is the clone it wraps (see `hear`).
    wrapped: bool,
}

/// Put on a request that no path matched by the outermost router-wide policy, which answers
/// it: the policies inside pass it through untouched.
#[derive(Clone, Copy)]
struct DecidedOutside;

impl<I: Clone> Clone for PolicyService<I> {
    fn clone(&self) -> Self {
        let inner = self.inner.clone();
        // An outer router-wide policy asks who answers this route's preflights: whoever
        // answers them here. (`report` listens exactly when `heard_router_wide` says yes: one
        // check per clone on the request path.)
        let heard = heard_router_wide();
        if heard {
            report(|| self.path.as_ref().unwrap_or(self.own).clone());
        }
        PolicyService {
            inner,
            policy: self.policy,
            own: self.own,
            path: self.path.clone(),
            inner_policy: self.inner_policy,
            wrapped: self.wrapped || heard,
        }
    }
}

impl<I> tower_service::Service<Request> for PolicyService<I>
where
    I: tower_service::Service<Request>,
    I::Response: IntoResponse,
{
    type Response = Response;
    type Error = I::Error;
    type Future = PolicyFuture<I::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    // Out of line, as the future it returns is large: inlined into axum's caller, the
    // compiler moves the future once more (measured: 64 instructions of copying per request).
    #[inline(never)]
    fn call(&mut self, mut request: Request) -> Self::Future {
        if self.wrapped && request.extensions().get::<DecidedOutside>().is_some() {
            return PolicyFuture::Inner {
                inner: self.inner.call(request),
                policy: self.policy,
                origin: Decided::Outside,
            };
        }
        let outside = self.inner_policy && request.extensions().get::<MatchedPath>().is_none();
        if outside {
            request.extensions_mut().insert(DecidedOutside);
        }
        if request.method() == Method::OPTIONS {
            // Read once: what tells a preflight is what judges it.
            let read = PreflightHeaders::read(request.headers());
            if read.is_preflight() {
                let preflights: &Table = match (&self.path, outside) {
                    (Some(path), false) => path,
                    _ => self.own,
                };
                return PolicyFuture::Answered {
                    response: Some(preflights.preflight(&read)),
                };
            }
        }
        let origin = Decided::now(self.policy, RequestOrigin::capture(request.headers()));
        PolicyFuture::Inner {
            inner: self.inner.call(request),
            policy: self.policy,
            origin,
        }
    }
}

/// What the policy grants a request's `Origin`, decided when the request comes in (it reads
/// the request's headers once, and keeps no copy of its `Origin` for its answer), or, for a
/// policy with an `origins_fn`, the `Origin` kept to be judged when the answer comes, only if
/// the answer needs it (an answer that a `#[cors]` handler inside already decided does not:
/// the function is not called for it).
#[doc(hidden)]
pub enum Decided {
    /// The matching done: what the policy grants (`Access-Control-Allow-Origin` or nothing).
    Now(OriginVerdict),
    /// Matched when the answer comes: the request's one `Origin`.
    Later(HeaderValue),
    /// A request no path matched, which an outer router-wide policy answers: passed through
    /// untouched.
    Outside,
}

impl Decided {
    #[inline]
    fn now(policy: &'static Policy, origin: RequestOrigin<'_>) -> Self {
        match origin {
            RequestOrigin::One(value) if policy.origins.func.is_some() => {
                Decided::Later(value.into_owned())
            }
            origin => Decided::Now(origin.verdict(policy)),
        }
    }
}

pin_project_lite::pin_project! {
    /// The answer of a [`PolicyService`].
    #[doc(hidden)]
    #[project = Projected]
    pub enum PolicyFuture<F> {
        /// A preflight, answered at once.
        Answered { response: Option<Response> },
        /// Any other request: the route's answer, then the grant.
        Inner {
            #[pin]
            inner: F,
            policy: &'static Policy,
            origin: Decided,
        },
    }
}

impl<F, R, E> Future for PolicyFuture<F>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            Projected::Answered { response } => Poll::Ready(Ok(response
                .take()
                .expect("a preflight's answer is taken once"))),
            Projected::Inner {
                inner,
                policy,
                origin,
            } => {
                // A `#[cors]` handler inside, called while its route's future is polled,
                // checks that this policy did not let through what its own would have
                // stopped at the preflight.
                // (One call site of the route's `poll`, so that the compiler may inline it.)
                let outside = matches!(origin, Decided::Outside);
                let answer = {
                    let _wide = RouterWide::enter_unless(outside, policy);
                    ready!(inner.poll(cx))
                };
                let mut response = answer?.into_response();
                let headers = response.headers_mut();
                match std::mem::replace(origin, Decided::Now(OriginVerdict::Absent)) {
                    Decided::Now(verdict) => grant_decided(policy, verdict, headers),
                    Decided::Later(origin) => grant_outside_handler(
                        policy,
                        &RequestOrigin::One(Cow::Borrowed(&origin)),
                        headers,
                    ),
                    Decided::Outside => {}
                }
                Poll::Ready(Ok(response))
            }
        }
    }
}
