//! Who answers the preflights of a route, as a router-wide policy learns it when it is applied.
//!
//! `Router::layer(SPA)` wraps each route of every path, after the path's own pieces: a
//! `cors_route!` path's `OPTIONS` route (and any route layer the app put around it). A
//! router-wide policy must answer a preflight before those route layers run (an auth layer
//! must never see one), yet judge it by the path's own policies where the path has them, so
//! that a stricter route stays strict. Nothing can look inside an axum `Route`, but cloning
//! one clones every service in it: while a router-wide layer clones the route it is given,
//! once, when it is applied, the path's own pieces report what answers their preflights here
//! ([`report`]), and the `#[cors]` handlers whose policy reads the environment report their
//! policy ([`heard`]), to be validated at start-up. Only then: the usual clone of a route per
//! request checks one atomic counter and reports nothing.

use std::cell::{Cell, RefCell};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::policy::Policy;
use crate::preflight::Table;

/// What answers the preflights that reach a route: the table of a `cors_route!` or
/// `preflight!` path (the policy of the handler for the requested method), or of a router-wide
/// policy (the innermost, for a router nested in another with a policy).
pub(crate) type Answerer = Arc<Table>;

thread_local! {
    /// Whether a router-wide layer is cloning a route to learn its answerer.
    static LISTENING: Cell<bool> = const { Cell::new(false) };
    /// The innermost answerer reported so far in that clone.
    static HEARD: RefCell<Option<Answerer>> = const { RefCell::new(None) };
    /// The policies of the `#[cors]` handlers met in that clone.
    static POLICIES: RefCell<Vec<&'static Policy>> = const { RefCell::new(Vec::new()) };
    /// Whether that clone met another router-wide policy.
    static ROUTER_WIDE: Cell<bool> = const { Cell::new(false) };
}

/// What a router-wide layer learns of the route it wraps.
#[derive(Default, Clone)]
pub(crate) struct Heard {
    /// What answers its preflights, if the route has its own answerer.
    pub(crate) answerer: Option<Answerer>,
    /// The policies of the `#[cors]` handlers in it, to validate at start-up.
    pub(crate) policies: Vec<&'static Policy>,
    /// Whether another router-wide policy is inside it (a router merged or nested with a
    /// policy of its own).
    pub(crate) router_wide: bool,
}

impl Heard {
    /// Whether nothing was heard: no answerer, no policies, no router-wide policy.
    pub(crate) fn is_empty(&self) -> bool {
        self.answerer.is_none() && self.policies.is_empty() && !self.router_wide
    }
}

/// How many threads are listening now: a router-wide layer listens while it is applied, at
/// start-up, so on the request path this is 0 and a clone costs one load of it.
static LISTENERS: AtomicUsize = AtomicUsize::new(0);

/// Called by the `Clone` of every service that answers preflights: records `answerer` when a
/// router-wide layer is listening. A service reports after cloning what it wraps, so the
/// answerer nearest the outside, which already accounts for what it wraps, is heard last.
#[inline]
pub(crate) fn report(answerer: impl FnOnce() -> Answerer) {
    if LISTENERS.load(Ordering::Relaxed) != 0 && LISTENING.with(Cell::get) {
        let answerer = answerer();
        HEARD.with(|heard| *heard.borrow_mut() = Some(answerer));
    }
}

/// Called by the `Clone` of a router-wide policy's service: whether a router-wide layer
/// outside it is listening now (it then reports itself with [`report`] too).
#[inline]
pub(crate) fn heard_router_wide() -> bool {
    if LISTENERS.load(Ordering::Relaxed) != 0 && LISTENING.with(Cell::get) {
        ROUTER_WIDE.with(|wide| wide.set(true));
        return true;
    }
    false
}

/// Called by the `Clone` of every generated handler: records its policy when a router-wide
/// layer is listening.
#[inline]
pub fn heard(policy: &'static Policy) {
    if LISTENERS.load(Ordering::Relaxed) != 0 {
        heard_now(policy);
    }
}

#[cold]
fn heard_now(policy: &'static Policy) {
    if LISTENING.with(Cell::get) {
        POLICIES.with(|p| p.borrow_mut().push(policy));
    }
}

/// What answers the preflights reaching `route` (`None` when no service of this crate is in
/// it: a plain route, axum's 405, a fallback) and the handler policies in it, learnt by
/// cloning it once.
pub(crate) fn heard_in<R: Clone>(route: &R) -> Heard {
    listen(route).1
}

/// [`heard_in`], and the clone it made: what a layer wraps, so that what the clone's services
/// noted while heard (a router-wide policy inside, that it is wrapped) stays in the route
/// that is served.
pub(crate) fn hear<R: Clone>(route: R) -> (R, Heard) {
    listen(&route)
}

fn listen<R: Clone>(route: &R) -> (R, Heard) {
    LISTENERS.fetch_add(1, Ordering::Relaxed);
    let was = LISTENING.with(|l| l.replace(true));
    let answerer_before = HEARD.with(RefCell::take);
    let policies_before = POLICIES.with(RefCell::take);
    let router_wide_before = ROUTER_WIDE.with(|wide| wide.replace(false));
    let clone = route.clone();
    let heard = Heard {
        answerer: HEARD.with(|heard| heard.replace(answerer_before)),
        policies: POLICIES.with(|p| p.replace(policies_before)),
        router_wide: ROUTER_WIDE.with(|wide| wide.replace(router_wide_before)),
    };
    LISTENING.with(|l| l.set(was));
    LISTENERS.fetch_sub(1, Ordering::Relaxed);
    (clone, heard)
}

/// Says again, while a router-wide layer outside is listening, what was heard in a route
/// before a layer that hides it (a `tower::buffer::Buffer`, whose clone shares one worker and
/// clones nothing inside) wrapped it.
pub(crate) fn report_again(heard: &Heard) {
    if LISTENERS.load(Ordering::Relaxed) != 0 && LISTENING.with(Cell::get) {
        if let Some(answerer) = &heard.answerer {
            HEARD.with(|h| *h.borrow_mut() = Some(answerer.clone()));
        }
        POLICIES.with(|p| p.borrow_mut().extend(heard.policies.iter().copied()));
    }
}
