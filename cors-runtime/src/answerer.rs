//! Who answers the preflights of a route, as a router-wide policy learns it when it is applied.
//!
//! `Router::layer(SPA)` wraps each route of every path, after the path's own pieces: a
//! `cors_route!` path's `OPTIONS` route (and any route layer the app put around it). A
//! router-wide policy must answer a preflight before those route layers run (an auth layer
//! must never see one), yet judge it by the path's own policies where the path has them, so
//! that a stricter route stays strict. Nothing can look inside an axum `Route`, but cloning
//! one clones every service in it: while a router-wide layer clones the route it is given,
//! once, when it is applied, the path's own pieces report what answers their preflights here
//! ([`report`]). Only then: the usual clone of a route per request checks one thread-local
//! flag and reports nothing.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

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
}

/// Called by the `Clone` of every service that answers preflights: records `answerer` when a
/// router-wide layer is listening. A service reports after cloning what it wraps, so the
/// answerer nearest the outside, which already accounts for what it wraps, is heard last.
#[inline]
pub(crate) fn report(answerer: impl FnOnce() -> Answerer) {
    if LISTENING.with(Cell::get) {
        let answerer = answerer();
        HEARD.with(|heard| *heard.borrow_mut() = Some(answerer));
    }
}

/// What answers the preflights reaching `route`, learnt by cloning it once; `None` when no
/// service of this crate is in it (a plain route, axum's 405, a fallback).
pub(crate) fn answerer_of<R: Clone>(route: &R) -> Option<Answerer> {
    let was = LISTENING.with(|l| l.replace(true));
    let before = HEARD.with(RefCell::take);
    drop(route.clone());
    let heard = HEARD.with(|heard| heard.replace(before));
    LISTENING.with(|l| l.set(was));
    heard
}
