//! One registration per path: what `cors_route!(get(list).post(create))` builds.
//!
//! The macro turns the chain into calls on [`CorsRoute`], which routes each handler as axum
//! would and remembers, for each method, the policy of the handler routed on it. `finish`
//! then adds, after everything the chain gave (route layers included):
//!
//! - a layer around every route of the path (and its 405 fallback) that gives answers made
//!   outside the handler (a route layer's 401, a timeout's 408, axum's 405) the grant of the
//!   handler routed for the request's method, so that the page can read the real status. A
//!   chain of handlers only has no such answers but axum's 405, so `finish_handlers_only`
//!   grants that one in the path's fallback and leaves the routes as they are. A chain whose
//!   only other calls are route layers gets the grant around its last route layer's service
//!   instead (`route_layer_granting`, `finish_folded`): no layer of its own, and the 405 is
//!   granted in the fallback, which route layers never wrap;
//! - the `OPTIONS` route, judging each preflight by the policy of the handler routed for the
//!   requested method. Added last, no route layer of the chain guards it.

use std::convert::Infallible;
use std::future::{ready, Future, Ready};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{ready, Context, Poll};

use axum::extract::Request;
use axum::handler::Handler;
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, Route};
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, VARY};
use http::{HeaderMap, HeaderValue, Method, StatusCode};
use tower_layer::Layer;

use crate::answerer::report;
use crate::extract::{CorsRequest, HasPolicy};
use crate::policy::{deciding_once, OriginVerdict, Policy};
use crate::preflight::{Entry, Table};
use crate::respond::{grant_actual, RequestOrigin};

/// Implemented by every handler `#[cors]` generates (its first argument is a
/// [`CorsRequest`]); `Marker` ties it to its policy. `T` is the same tuple as in axum's
/// `Handler<T, S>`, so the compiler infers both together.
#[diagnostic::on_unimplemented(
    message = "`cors_route!` takes only handlers with a #[cors] policy, and this handler has none",
    label = "this handler has no #[cors] attribute",
    note = "put `#[cors(origins = \"...\")]` on it, or route it after the macro, outside CORS: `cors_route!(get(list)).patch(internal)`"
)]
pub trait CorsHandler<T> {
    /// The handler's marker type (`handler::Cors`).
    type Marker: HasPolicy;
}

macro_rules! cors_handler {
    ($($ty:ident),*) => {
        impl<F, Fut, P, M, $($ty,)*> CorsHandler<(M, CorsRequest<P>, $($ty,)*)> for F
        where
            F: FnOnce(CorsRequest<P>, $($ty,)*) -> Fut,
            P: HasPolicy,
        {
            type Marker = P;
        }

        // A second candidate of each arity, which no function can meet (`NotCors` cannot be
        // named outside this module): with two, the compiler cannot take the tuple `T` from
        // this trait and reads it from axum's `Handler`, so that a plain function with
        // extractors gets this trait's own message, not a mismatch against `CorsRequest`.
        impl<F, Fut, M, $($ty,)*> CorsHandler<(M, NotCors, $($ty,)*)> for F
        where
            F: FnOnce(NotCors, $($ty,)*) -> Fut,
        {
            type Marker = NotCors;
        }
    };
}

/// See the second impl of [`CorsHandler`] for each arity: a type no handler takes.
#[doc(hidden)]
pub enum NotCors {}

impl HasPolicy for NotCors {
    // Never read: no function can take `NotCors`, a type without values that only this
    // module names.
    const POLICY: &'static Policy = &crate::policy::NOTHING;
}

cors_handler!();
cors_handler!(T2);
cors_handler!(T2, T3);
cors_handler!(T2, T3, T4);
cors_handler!(T2, T3, T4, T5);
cors_handler!(T2, T3, T4, T5, T6);
cors_handler!(T2, T3, T4, T5, T6, T7);
cors_handler!(T2, T3, T4, T5, T6, T7, T8);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15);
cors_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16);

/// Implemented by a handler's marker (`handler::Cors`) for each preflighted method its policy
/// allows: the methods in its `methods`, or every method when it lists none (then the method
/// it is routed on is what it allows) or lists `*`. Routing a handler on a preflighted method
/// its policy does not allow is a compile error, on the handler.
pub mod method {
    /// The policy allows `PUT`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is routed on PUT, but the `methods` of its CORS policy do not list PUT",
        label = "routed on PUT here; the CORS policy of `{Self}` does not allow PUT",
        note = "add PUT to the `methods` of that policy: in the handler's #[cors(...)], or, for `#[cors(policy = NAME)]`, in the cors_policy!(NAME: ..) it names (or name another policy); a policy without `methods` allows the method its handler is routed on"
    )]
    pub trait Put {}

    /// The policy allows `DELETE`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is routed on DELETE, but the `methods` of its CORS policy do not list DELETE",
        label = "routed on DELETE here; the CORS policy of `{Self}` does not allow DELETE",
        note = "add DELETE to the `methods` of that policy: in the handler's #[cors(...)], or, for `#[cors(policy = NAME)]`, in the cors_policy!(NAME: ..) it names (or name another policy); a policy without `methods` allows the method its handler is routed on"
    )]
    pub trait Delete {}

    /// The policy allows `PATCH`.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is routed on PATCH, but the `methods` of its CORS policy do not list PATCH",
        label = "routed on PATCH here; the CORS policy of `{Self}` does not allow PATCH",
        note = "add PATCH to the `methods` of that policy: in the handler's #[cors(...)], or, for `#[cors(policy = NAME)]`, in the cors_policy!(NAME: ..) it names (or name another policy); a policy without `methods` allows the method its handler is routed on"
    )]
    pub trait Patch {}
}

/// The handlers of one path, each with the method it is routed on. Built by `cors_route!`.
pub struct CorsRoute<S, E = Infallible> {
    router: MethodRouter<S, E>,
    entries: Vec<Entry>,
    /// The table of a grant folded into the chain's last layer or route layer
    /// ([`CorsRoute::route_layer_granting`], [`CorsRoute::layer_granting`]), filled by
    /// [`CorsRoute::finish_folded`].
    folded: Option<Folded>,
}

/// Where the grant was folded, and the table it will read.
struct Folded {
    table: TableCell,
    /// Into a route layer, which does not wrap the path's 405 fallback: `finish_folded` grants
    /// that one in the fallback. A layer wraps it, grant included.
    route_layer: bool,
}

/// The path's table, for a grant put in place before the chain's last handler is routed.
type TableCell = Arc<OnceLock<Arc<Table>>>;

macro_rules! routing_methods {
    ($($(#[$doc:meta])* $name:ident => $method:ident $(: $marker:ident)?;)*) => {
        impl<S> CorsRoute<S, Infallible>
        where
            S: Clone + Send + Sync + 'static,
        {
            $(
                $(#[$doc])*
                #[track_caller]
                pub fn $name<H, T>(mut self, handler: H) -> Self
                where
                    H: Handler<T, S> + CorsHandler<T>,
                    $(<H as CorsHandler<T>>::Marker: method::$marker,)?
                    T: 'static,
                {
                    self.entries.push(Entry::routed(Method::$method, <<H as CorsHandler<T>>::Marker as HasPolicy>::POLICY));
                    self.router = self.router.$name(handler);
                    self
                }
            )*
        }
    };
}

routing_methods! {
    /// Routes `GET` (and `HEAD`, as axum does) to a `#[cors]` handler.
    get => GET;
    /// Routes `HEAD` to a `#[cors]` handler.
    head => HEAD;
    /// Routes `POST` to a `#[cors]` handler.
    post => POST;
    /// Routes `PUT` to a `#[cors]` handler whose policy allows `PUT`.
    put => PUT: Put;
    /// Routes `DELETE` to a `#[cors]` handler whose policy allows `DELETE`.
    delete => DELETE: Delete;
    /// Routes `PATCH` to a `#[cors]` handler whose policy allows `PATCH`.
    patch => PATCH: Patch;
}

impl<S> CorsRoute<S, Infallible>
where
    S: Clone + Send + Sync + 'static,
{
    /// A registration starting from an empty `MethodRouter` (what `cors_route!` writes: its
    /// first handler is routed on it like the others).
    pub fn start(router: MethodRouter<S>) -> Self {
        CorsRoute {
            router,
            entries: Vec::new(),
            folded: None,
        }
    }
}

impl<S, E> CorsRoute<S, E> {
    /// Applies a call of the chain that is not a routing of a handler (`route_layer`, `layer`,
    /// `with_state`, ...) to the `MethodRouter`, in its place in the chain.
    pub fn map<S2, E2>(
        self,
        f: impl FnOnce(MethodRouter<S, E>) -> MethodRouter<S2, E2>,
    ) -> CorsRoute<S2, E2> {
        CorsRoute {
            router: f(self.router),
            entries: self.entries,
            folded: self.folded,
        }
    }
}

impl<S, E> CorsRoute<S, E>
where
    S: Clone + Send + Sync + 'static,
    E: 'static,
{
    /// The chain's last `route_layer(layer)` when route layers are the only calls of the
    /// chain that are not routings: the grant goes around `layer`'s service in the same
    /// route, instead of in a layer of its own (one boxed service and one boxed future fewer
    /// per request). Finished by [`CorsRoute::finish_folded`].
    pub fn route_layer_granting<L>(mut self, layer: L) -> Self
    where
        L: Layer<Route<E>> + Clone + Send + Sync + 'static,
        L::Service: tower_service::Service<Request, Error = E> + Clone + Send + Sync + 'static,
        <L::Service as tower_service::Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as tower_service::Service<Request>>::Future: Send + 'static,
    {
        let table = TableCell::default();
        self.folded = Some(Folded {
            table: table.clone(),
            route_layer: true,
        });
        self.router = self.router.route_layer(GrantAround { layer, table });
        self
    }

    /// The chain's last `layer(layer)` when layers and route layers are the only calls of the
    /// chain that are not routings: as [`CorsRoute::route_layer_granting`], around every
    /// route and the path's 405 fallback, which a layer wraps.
    pub fn layer_granting<L, E2>(self, layer: L) -> CorsRoute<S, E2>
    where
        L: Layer<Route<E>> + Clone + Send + Sync + 'static,
        L::Service: tower_service::Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as tower_service::Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as tower_service::Service<Request>>::Error: Into<E2> + 'static,
        <L::Service as tower_service::Service<Request>>::Future: Send + 'static,
        E2: 'static,
    {
        let table = TableCell::default();
        CorsRoute {
            router: self.router.layer(GrantAround {
                layer,
                table: table.clone(),
            }),
            entries: self.entries,
            folded: Some(Folded {
                table,
                route_layer: false,
            }),
        }
    }
}

impl<S, E> CorsRoute<S, E>
where
    S: Clone + Send + Sync + 'static,
    E: Send + 'static,
{
    /// The `MethodRouter`: the chain's routes and layers, the grant layer around them, and the
    /// `OPTIONS` route, added last. Validates what the policies read at start-up
    /// (`origins_env`) and panics with the policy's error if one is invalid, so a bad value
    /// stops the program when the router is built, not on a request.
    pub fn finish(self) -> MethodRouter<S, E> {
        let (router, table) = self.into_parts();
        router
            .layer(GrantAround {
                layer: tower_layer::Identity::new(),
                table: Arc::new(OnceLock::from(table.clone())),
            })
            .options_service(TableRoute::new(table, Table::options))
    }

    /// [`finish`](Self::finish) for a chain whose only calls besides routings are layers and
    /// route layers, the last one granting ([`CorsRoute::route_layer_granting`],
    /// [`CorsRoute::layer_granting`]). When that is a route layer, axum's `405`, which no route
    /// layer wraps, gets the grant in the path's fallback, as for handlers only.
    pub fn finish_folded(mut self) -> MethodRouter<S, E> {
        let folded = self.folded.take();
        let (mut router, table) = self.into_parts();
        if let Some(Folded {
            table: cell,
            route_layer,
        }) = folded
        {
            // Set once, here, before the router can serve a request.
            let _ = cell.set(table.clone());
            if route_layer {
                router =
                    router.fallback_service(TableRoute::new(table.clone(), method_not_allowed));
            }
        }
        router.options_service(TableRoute::new(table, Table::options))
    }

    /// [`finish`](Self::finish) for a chain of handlers only (no layer, no route layer): the
    /// handlers' wrappers already grant every answer of theirs, so only axum's `405` needs the
    /// grant, and the routes stay as they are (nothing added on their way).
    pub fn finish_handlers_only(self) -> MethodRouter<S, E> {
        let (router, table) = self.into_parts();
        router
            .fallback_service(TableRoute::new(table.clone(), method_not_allowed))
            .options_service(TableRoute::new(table, Table::options))
    }

    fn into_parts(self) -> (MethodRouter<S, E>, Arc<Table>) {
        (
            self.router,
            Arc::new(Table::routed(self.entries).validated()),
        )
    }
}

/// Whose grant the answer to a request with this method gets: the handler routed for it,
/// or for axum's 405, a policy of the path (decided when the answer is known).
fn granter(table: &Arc<Table>, method: &Method) -> Granter {
    match table.policy_for(method) {
        Some(policy) => Granter::Handler(policy),
        None => Granter::Path(table.clone()),
    }
}

/// axum's `405`, with the grant of the first policy of the path that allows the origin.
fn method_not_allowed(table: &Table, request: &HeaderMap) -> Response {
    let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
    grant_405(table, &RequestOrigin::capture(request), &mut response);
    response
}

/// The grant for axum's 405: of the first policy of the path that allows the origin.
fn grant_405(table: &Table, origin: &RequestOrigin<'_>, response: &mut Response) {
    if response.status() != StatusCode::METHOD_NOT_ALLOWED {
        // A route the chain added outside CORS (`on_service`, ...): not ours to grant.
        return;
    }
    deciding_once(|| {
        let allowing = table
            .policies()
            .find(|p| matches!(origin.verdict(p), OriginVerdict::Allowed(_)));
        if let Some(policy) = allowing.or(table.policies().next()) {
            grant_outside_handler(policy, origin, response.headers_mut());
        }
    });
}

/// Whose grant an answer gets.
enum Granter {
    /// The handler routed for the request's method.
    Handler(&'static Policy),
    /// None is: axum's 405 gets the grant of a policy of the path.
    Path(Arc<Table>),
}

impl Granter {
    fn grant(&self, origin: &SeenOrigin, response: &mut Response) {
        match self {
            Granter::Handler(policy) => {
                grant_outside_handler(policy, origin, response.headers_mut())
            }
            Granter::Path(table) => grant_405(table, origin, response),
        }
    }
}

/// The `Origin` of a request, kept (a cheap clone of the header value) until its answer.
pub type SeenOrigin = RequestOrigin<'static>;

/// Gives an answer made outside the handler (a route layer's 401, a timeout's 408, axum's 405)
/// the grant `policy` gives this origin, as the handler's own answers get it. An answer the
/// handler made already carries it (its `Access-Control-Allow-Origin`, or for a refused origin
/// its `Vary: Origin`) and is left as it is: one header lookup on the usual path.
pub fn grant_outside_handler(policy: &Policy, origin: &RequestOrigin<'_>, headers: &mut HeaderMap) {
    if !decided_nearer(policy, headers) {
        grant_actual(policy, origin.verdict(policy), headers);
    }
}

/// [`grant_outside_handler`] with the origin already matched: the same headers, written
/// as [`grant_actual`] writes them, once the answer is known not to carry a decision of a
/// handler nearer (its `Access-Control-Allow-Origin`, or for an origin it refused its
/// `Vary: Origin`).
#[inline]
pub(crate) fn grant_decided(policy: &Policy, verdict: OriginVerdict, headers: &mut HeaderMap) {
    if !decided_nearer(policy, headers) {
        grant_actual(policy, verdict, headers);
    }
}

/// How many names a response may have for [`decided_nearer`] to look at each of them rather
/// than hash the two it looks for: a handler's answer has a few (`Content-Type`, perhaps
/// `Content-Length`), and comparing a name costs a few instructions where finding one by its
/// hash costs about seventy.
const SCAN_NAMES: usize = 8;

/// Whether the answer already carries the decision of a policy nearer the handler: its
/// `Access-Control-Allow-Origin`, or (when `policy` varies by origin) a `Vary` naming
/// `Origin`.
#[inline]
fn decided_nearer(policy: &Policy, headers: &HeaderMap) -> bool {
    let has_vary = if headers.keys_len() <= SCAN_NAMES {
        let mut has_vary = false;
        for name in headers.keys() {
            if name == ACCESS_CONTROL_ALLOW_ORIGIN {
                return true;
            }
            has_vary |= name == VARY;
        }
        has_vary
    } else {
        if headers.contains_key(ACCESS_CONTROL_ALLOW_ORIGIN) {
            return true;
        }
        true
    };
    has_vary && policy.varies_by_origin() && vary_lists_origin(headers)
}

/// Whether a `Vary` header of the response already names `Origin` (or is `*`).
fn vary_lists_origin(headers: &HeaderMap) -> bool {
    headers.get_all(VARY).iter().any(names_origin)
}

/// Whether one `Vary` value names `Origin` (or is `*`).
fn names_origin(value: &HeaderValue) -> bool {
    value
        .as_bytes()
        .split(|b| *b == b',')
        .map(<[u8]>::trim_ascii)
        .any(|name| name.eq_ignore_ascii_case(b"origin") || name == b"*")
}

/// A layer of the chain with the grant around its service ([`CorsRoute::route_layer_granting`],
/// [`CorsRoute::layer_granting`]); around the routes themselves (`Identity`) in `finish`.
#[derive(Clone)]
struct GrantAround<L> {
    layer: L,
    table: TableCell,
}

impl<L, I> Layer<I> for GrantAround<L>
where
    L: Layer<I>,
{
    type Service = GrantService<L::Service>;

    fn layer(&self, inner: I) -> Self::Service {
        GrantService {
            inner: self.layer.layer(inner),
            table: self.table.clone(),
        }
    }
}

/// A route of the path, whose answers made outside the handler get the grant.
#[doc(hidden)]
#[derive(Clone)]
pub struct GrantService<I> {
    inner: I,
    table: TableCell,
}

impl<I> tower_service::Service<Request> for GrantService<I>
where
    I: tower_service::Service<Request>,
    I::Response: IntoResponse,
{
    type Response = Response;
    type Error = I::Error;
    type Future = GrantFuture<I::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let origin = RequestOrigin::capture(request.headers()).into_owned();
        let table = self
            .table
            .get()
            .expect("the path's table is set when its router is finished");
        let granter = granter(table, request.method());
        GrantFuture {
            inner: self.inner.call(request),
            granter,
            origin,
        }
    }
}

pin_project_lite::pin_project! {
    /// The answer of a [`GrantService`].
    #[doc(hidden)]
    pub struct GrantFuture<F> {
        #[pin]
        inner: F,
        granter: Granter,
        origin: SeenOrigin,
    }
}

impl<F, R, E> Future for GrantFuture<F>
where
    F: Future<Output = Result<R, E>>,
    R: IntoResponse,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = ready!(this.inner.poll(cx))?.into_response();
        this.granter.grant(this.origin, &mut response);
        Poll::Ready(Ok(response))
    }
}

/// A route of the path that its table answers alone, at once: the `OPTIONS` route
/// ([`Table::options`]), or axum's `405` for a method not routed on the path with the grant of
/// a policy of the path (`method_not_allowed`, the fallback of a chain of handlers
/// only).
#[doc(hidden)]
pub struct TableRoute<E> {
    table: Arc<Table>,
    answer: fn(&Table, &HeaderMap) -> Response,
    error: PhantomData<fn() -> E>,
}

impl<E> TableRoute<E> {
    fn new(table: Arc<Table>, answer: fn(&Table, &HeaderMap) -> Response) -> Self {
        TableRoute {
            table,
            answer,
            error: PhantomData,
        }
    }
}

impl<E> Clone for TableRoute<E> {
    fn clone(&self) -> Self {
        // A router-wide policy applied around this route asks who answers its preflights.
        report(|| self.table.clone());
        TableRoute::new(self.table.clone(), self.answer)
    }
}

impl<E> tower_service::Service<Request> for TableRoute<E> {
    type Response = Response;
    type Error = E;
    type Future = Ready<Result<Response, E>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), E>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        ready(Ok((self.answer)(&self.table, request.headers())))
    }
}
