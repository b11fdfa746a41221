//! The whole app under one policy, in any order: `SPA.router()`.
//!
//! `Router::layer(SPA)` covers what was written before it, as any tower layer: a route layer
//! written after it (auth) runs first and answers every preflight `401`. A [`CorsRouter`] has
//! the builder methods of axum's `Router` and keeps them all inside its policy: it holds the
//! app's `Router` without the policy and applies the policy last, once, when the app is
//! served. Nothing written on it, in any order, can run before the policy.

use std::convert::Infallible;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};

use axum::body::HttpBody;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::future::RouteFuture;
use axum::routing::{MethodRouter, Route};
use axum::Router;
use tower_layer::Layer;
use tower_service::Service;

use crate::answerer::{hear, heard_in, report_again, Heard};
use crate::async_origins::AsyncOriginsLayer;
use crate::policy::Policy;
use crate::router::PolicyLayer;

/// What a [`CorsRouter`] puts over the whole app: a named policy ([`PolicyLayer`], what
/// `cors_policy!` defines), or one with an async origin check ([`AsyncOriginsLayer`]).
/// Implemented by those two types only.
pub trait AppPolicy: Clone + Send + Sync + 'static + sealed::Sealed {
    /// The compiled policy.
    #[doc(hidden)]
    fn compiled(&self) -> &'static Policy;

    /// `router` with this policy applied over everything in it.
    #[doc(hidden)]
    fn apply<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::PolicyLayer {}
    impl<F> Sealed for super::AsyncOriginsLayer<F> {}
}

impl AppPolicy for PolicyLayer {
    fn compiled(&self) -> &'static Policy {
        self.policy()
    }

    fn apply<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        router.layer(*self)
    }
}

impl<F, Fut> AppPolicy for AsyncOriginsLayer<F>
where
    F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    fn compiled(&self) -> &'static Policy {
        self.policy_layer().policy()
    }

    fn apply<S: Clone + Send + Sync + 'static>(&self, router: Router<S>) -> Router<S> {
        router.layer(self.clone())
    }
}

/// An app whose every route, route layer, layer and fallback is inside one router-wide
/// policy, whatever the order they are written in. Made by `SPA.router()`; its methods are
/// those of axum's [`Router`], and it goes to `axum::serve`, `tower::ServiceExt::oneshot`
/// and `test_util::fetch` as it is.
///
/// A layer that must see preflights too (a `TraceLayer`) goes outside the policy through
/// [`CorsRouter::into_router`]: `app.into_router().layer(TraceLayer::new_for_http())`.
pub struct CorsRouter<S = (), P = PolicyLayer> {
    /// The app as written, without the policy.
    router: Router<S>,
    policy: P,
    /// The app under the policy, with its state: made once, when first served.
    served: Arc<OnceLock<Router>>,
}

impl<S, P: Clone> Clone for CorsRouter<S, P> {
    fn clone(&self) -> Self {
        CorsRouter {
            router: self.router.clone(),
            policy: self.policy.clone(),
            served: self.served.clone(),
        }
    }
}

impl<S, P: AppPolicy> fmt::Debug for CorsRouter<S, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CorsRouter")
            .field("policy", &self.policy.compiled().handler)
            .field("router", &self.router)
            .finish_non_exhaustive()
    }
}

/// An app under `policy`, after validating what it reads at start-up.
fn app_under<S: Clone + Send + Sync + 'static, P: AppPolicy>(policy: P) -> CorsRouter<S, P> {
    if let Err(e) = policy.compiled().validate() {
        panic!("{e}");
    }
    CorsRouter {
        router: Router::new(),
        policy,
        served: Arc::default(),
    }
}

impl PolicyLayer {
    /// An app under this policy, in any order: `SPA.router().route(..).route_layer(auth)`.
    /// Validates what the policy reads at start-up (`origins_env`) and panics with its error.
    #[must_use]
    pub fn router<S: Clone + Send + Sync + 'static>(self) -> CorsRouter<S> {
        app_under(self)
    }
}

impl<F, Fut> AsyncOriginsLayer<F>
where
    F: Fn(String) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send + 'static,
{
    /// An app under this policy and its async origin check, in any order:
    /// `SPA.origins_async(check).router().route(..)`. Validates what the policy reads at
    /// start-up (`origins_env`) and panics with its error.
    #[must_use]
    pub fn router<S: Clone + Send + Sync + 'static>(self) -> CorsRouter<S, Self> {
        app_under(self)
    }
}

impl<S: Clone + Send + Sync + 'static, P: AppPolicy> CorsRouter<S, P> {
    /// The app's router, to change, and its policy. Each builder method calls axum's method
    /// itself, not in a closure, so that a panic of axum's (a path without `/`, a
    /// `route_layer` before any route) points at the line of the app that wrote it.
    fn parts(self) -> (Router<S>, P) {
        (self.router, self.policy)
    }

    /// The app of `router` under `policy`; served anew.
    fn of(router: Router<S>, policy: P) -> Self {
        CorsRouter {
            router,
            policy,
            served: Arc::default(),
        }
    }

    /// [`Router::route`]. The `#[cors]` handlers of `method_router` read their
    /// `origins_env` now, and a bad value panics with its error.
    #[must_use]
    #[track_caller]
    pub fn route(self, path: &str, method_router: MethodRouter<S>) -> Self {
        for policy in heard_in(&method_router).policies {
            if let Err(e) = policy.validate() {
                panic!("{e}");
            }
        }
        let (router, policy) = self.parts();
        Self::of(router.route(path, method_router), policy)
    }

    /// [`Router::route_service`].
    #[must_use]
    #[track_caller]
    pub fn route_service<T>(self, path: &str, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        let (router, policy) = self.parts();
        Self::of(router.route_service(path, service), policy)
    }

    /// [`Router::nest`]: a `Router`, or a `CorsRouter` that keeps its own policy for its
    /// routes (requests no path matched stay this app's).
    #[must_use]
    #[track_caller]
    pub fn nest(self, path: &str, router: impl Into<Router<S>>) -> Self {
        let nested = router.into();
        let (router, policy) = self.parts();
        Self::of(router.nest(path, nested), policy)
    }

    /// [`Router::nest_service`].
    #[must_use]
    #[track_caller]
    pub fn nest_service<T>(self, path: &str, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        let (router, policy) = self.parts();
        Self::of(router.nest_service(path, service), policy)
    }

    /// [`Router::merge`]: a `Router` (an `OpenApiRouter`'s, from `split_for_parts`), or a
    /// `CorsRouter` that keeps its own policy for its routes (requests no path matched stay
    /// this app's).
    #[must_use]
    #[track_caller]
    pub fn merge(self, other: impl Into<Router<S>>) -> Self {
        let other = other.into();
        let (router, policy) = self.parts();
        Self::of(router.merge(other), policy)
    }

    /// [`Router::layer`], inside the policy: the policy answers preflights before it runs and
    /// grants its answers. What answers each path's preflights is learnt before `layer` wraps
    /// it, so a layer that hides what it wraps (a buffer) hides nothing from the policy.
    #[must_use]
    pub fn layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        let (router, policy) = self.parts();
        Self::of(router.layer(Heeded(layer)), policy)
    }

    /// [`Router::route_layer`], inside the policy: an auth layer never sees a preflight, and
    /// its `401` carries the grant, so the page can read it.
    #[must_use]
    #[track_caller]
    pub fn route_layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        // axum's own rule, said for an app where the policy's place does not depend on order
        // but a route layer's still does.
        assert!(
            self.router.has_routes(),
            "`route_layer` guards the routes written before it, as axum's does, and this app has none yet: write it after the routes it guards (the policy stays outermost in any order)"
        );
        let (router, policy) = self.parts();
        Self::of(router.route_layer(Heeded(layer)), policy)
    }

    /// [`Router::fallback`], inside the policy.
    #[must_use]
    pub fn fallback<H, T>(self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let (router, policy) = self.parts();
        Self::of(router.fallback(handler), policy)
    }

    /// [`Router::fallback_service`], inside the policy.
    #[must_use]
    pub fn fallback_service<T>(self, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        let (router, policy) = self.parts();
        Self::of(router.fallback_service(service), policy)
    }

    /// [`Router::method_not_allowed_fallback`], inside the policy.
    #[must_use]
    pub fn method_not_allowed_fallback<H, T>(self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        let (router, policy) = self.parts();
        Self::of(router.method_not_allowed_fallback(handler), policy)
    }

    /// [`Router::has_routes`].
    #[must_use]
    pub fn has_routes(&self) -> bool {
        self.router.has_routes()
    }

    /// [`Router::with_state`]; the policy still covers everything written after it.
    #[must_use]
    pub fn with_state<S2: Clone + Send + Sync + 'static>(self, state: S) -> CorsRouter<S2, P> {
        CorsRouter {
            router: self.router.with_state(state),
            policy: self.policy,
            served: Arc::default(),
        }
    }
}

/// A layer of the app, applied so that what the route it wraps says to the policy (who
/// answers its preflights, its handlers' policies) is heard before the layer wraps it, and
/// said again by the wrapped route: a layer whose clone does not clone what it wraps (a
/// buffer) would otherwise hide it.
#[derive(Clone)]
struct Heeded<L>(L);

impl<L: Layer<Route>> Layer<Route> for Heeded<L> {
    type Service = Heeding<L::Service>;

    fn layer(&self, route: Route) -> Self::Service {
        // The clone heard is what the layer wraps (see `hear`).
        let (route, heard) = hear(route);
        Heeding {
            inner: self.0.layer(route),
            // Most routes have nothing to say again: their clone per request then copies
            // nothing but what it wraps.
            heard: (!heard.is_empty()).then(|| Arc::new(heard)),
        }
    }
}

/// A route wrapped by a [`Heeded`] layer.
struct Heeding<I> {
    inner: I,
    heard: Option<Arc<Heard>>,
}

impl<I: Clone> Clone for Heeding<I> {
    fn clone(&self) -> Self {
        let inner = self.inner.clone();
        if let Some(heard) = &self.heard {
            report_again(heard);
        }
        Heeding {
            inner,
            heard: self.heard.clone(),
        }
    }
}

impl<I: Service<Request>> Service<Request> for Heeding<I> {
    type Response = I::Response;
    type Error = I::Error;
    type Future = I::Future;

    #[inline]
    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), I::Error>> {
        self.inner.poll_ready(cx)
    }

    #[inline]
    fn call(&mut self, request: Request) -> I::Future {
        self.inner.call(request)
    }
}

impl<S: Clone + Send + Sync + 'static, P: AppPolicy> From<CorsRouter<S, P>> for Router<S> {
    /// The app with its policy applied over everything in it, for a router that takes it in
    /// (`merge`, `nest`): its policy keeps its routes.
    fn from(app: CorsRouter<S, P>) -> Router<S> {
        app.policy.apply(app.router)
    }
}

impl<P: AppPolicy> CorsRouter<(), P> {
    /// The app under its policy, as axum's `Router`: what is served. A layer added to it
    /// runs outside the policy (a `TraceLayer` that should also see preflights).
    pub fn into_router(self) -> Router {
        self.served().clone()
    }

    /// [`Router::into_make_service`] of the app under its policy.
    pub fn into_make_service(self) -> axum::routing::IntoMakeService<Router> {
        self.into_router().into_make_service()
    }

    /// [`Router::into_make_service_with_connect_info`] of the app under its policy: what
    /// `axum::serve` takes for handlers that read `ConnectInfo`.
    #[cfg(feature = "serve")]
    pub fn into_make_service_with_connect_info<C>(
        self,
    ) -> axum::extract::connect_info::IntoMakeServiceWithConnectInfo<Router, C> {
        self.into_router().into_make_service_with_connect_info()
    }

    /// The app under its policy, with every handler turned into its route, made once.
    fn served(&self) -> &Router {
        self.served
            .get_or_init(|| self.policy.apply(self.router.clone()).with_state(()))
    }
}

impl<B, P: AppPolicy> Service<Request<B>> for CorsRouter<(), P>
where
    B: HttpBody<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = RouteFuture<Infallible>;

    #[inline]
    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    #[inline]
    fn call(&mut self, request: Request<B>) -> Self::Future {
        let mut router = self.served().clone();
        router.call(request)
    }
}

/// `axum::serve(listener, app)`: each connection is served by the app under its policy.
#[cfg(feature = "serve")]
const _: () = {
    use axum::serve::{IncomingStream, Listener};

    impl<L: Listener, P: AppPolicy> Service<IncomingStream<'_, L>> for CorsRouter<(), P> {
        type Response = Router;
        type Error = Infallible;
        type Future = std::future::Ready<Result<Router, Infallible>>;

        fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, _stream: IncomingStream<'_, L>) -> Self::Future {
            std::future::ready(Ok(self.served().clone()))
        }
    }
};
