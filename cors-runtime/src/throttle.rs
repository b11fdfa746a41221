//! Refusals in the log without flooding it. Every refusal is logged with its details, but at
//! WARN only the first of each kind from each place (a handler's policy, a path's table, a
//! router-wide policy's table, which all its routes share) in a minute;
//! the rest of that minute at DEBUG, and the next WARN says how many there were. A flood of
//! refused preflights from many origins is then one line a minute at WARN, and costs a lock
//! instead of a formatted line when DEBUG is off.

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a WARN line stands for its kind and place.
pub(crate) const INTERVAL: Duration = Duration::from_secs(60);

/// At most this many places and kinds are remembered; past it the memory starts again.
const REMEMBERED: usize = 4096;

/// How loud a refusal is logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loudness {
    /// At WARN; `left_out` refusals of its kind and place went to DEBUG since the last one.
    Warn { left_out: u64 },
    /// At DEBUG: a WARN line of its kind and place was written less than [`INTERVAL`] ago.
    Debug,
}

struct Window {
    started: Instant,
    left_out: u64,
}

static WINDOWS: Mutex<Option<HashMap<(usize, &'static str), Window>>> = Mutex::new(None);

/// How loud the refusal of `kind` at `place` (the policy or path that refused) is logged
/// now, or `None` when that level is off: the line is worth formatting only when `Some`. With
/// WARN off nothing is counted either (no lock on the request path).
pub(crate) fn loudness(place: usize, kind: &'static str) -> Option<Loudness> {
    if !tracing::enabled!(target: "axum_strict_cors", tracing::Level::WARN) {
        return None;
    }
    let loudness = {
        let mut windows = WINDOWS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let windows = windows.get_or_insert_with(HashMap::new);
        if windows.len() >= REMEMBERED {
            windows.clear();
        }
        admit(windows, (place, kind), Instant::now())
    };
    let wanted = match loudness {
        Loudness::Warn { .. } => true,
        Loudness::Debug => tracing::enabled!(target: "axum_strict_cors", tracing::Level::DEBUG),
    };
    wanted.then_some(loudness)
}

fn admit(
    windows: &mut HashMap<(usize, &'static str), Window>,
    key: (usize, &'static str),
    now: Instant,
) -> Loudness {
    match windows.get_mut(&key) {
        Some(window) if now.duration_since(window.started) < INTERVAL => {
            window.left_out += 1;
            Loudness::Debug
        }
        Some(window) => {
            let left_out = std::mem::take(&mut window.left_out);
            window.started = now;
            Loudness::Warn { left_out }
        }
        None => {
            windows.insert(
                key,
                Window {
                    started: now,
                    left_out: 0,
                },
            );
            Loudness::Warn { left_out: 0 }
        }
    }
}

/// A policy's place for [`loudness`]: its address (a `static`'s, never reused; even, as a
/// `Policy` is aligned to more than a byte).
pub(crate) fn place(policy: &crate::policy::Policy) -> usize {
    std::ptr::from_ref(policy) as usize
}

/// Logs one refusal at its loudness, with the `handler` (or `""` for a path) and `origin`
/// fields.
pub(crate) fn log(loudness: Loudness, handler: &str, origin: &str, message: fmt::Arguments<'_>) {
    match loudness {
        Loudness::Warn { left_out: 0 } => {
            tracing::warn!(target: "axum_strict_cors", handler, origin, "{message}");
        }
        Loudness::Warn { left_out } => tracing::warn!(
            target: "axum_strict_cors",
            handler,
            origin,
            left_out,
            "{message} ({left_out} more like it since the last warning, logged at DEBUG)"
        ),
        Loudness::Debug => {
            tracing::debug!(target: "axum_strict_cors", handler, origin, "{message}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_kind_and_place_per_interval_then_the_count() {
        let mut windows = HashMap::new();
        let start = Instant::now();
        let key = (1, "origin");
        assert_eq!(
            admit(&mut windows, key, start),
            Loudness::Warn { left_out: 0 }
        );
        for i in 1..=5 {
            let at = start + Duration::from_secs(i);
            assert_eq!(admit(&mut windows, key, at), Loudness::Debug);
        }
        // Another kind, or another place, has its own window.
        assert_eq!(
            admit(&mut windows, (1, "header"), start),
            Loudness::Warn { left_out: 0 }
        );
        assert_eq!(
            admit(&mut windows, (2, "origin"), start),
            Loudness::Warn { left_out: 0 }
        );
        let later = start + INTERVAL;
        assert_eq!(
            admit(&mut windows, key, later),
            Loudness::Warn { left_out: 5 }
        );
        assert_eq!(admit(&mut windows, key, later), Loudness::Debug);
    }
}
