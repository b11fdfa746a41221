//! [`Verdict`]: what the browser would do with the request, and what the page then sees.

use axum::http::HeaderValue;
use axum::response::Response;

use super::blocked::Blocked;
use super::checks::{list, SAFELISTED_RESPONSE};
use super::reason::Reason;

/// What the browser would do.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // a test helper's return value: size does not matter
pub enum Verdict {
    /// The page gets the response.
    Allowed {
        /// The final response (after redirects). Its body is also in `body`.
        response: Response,
        /// The last preflight's response, if one was sent.
        preflight: Option<Response>,
        /// Whether the actual request reached the service.
        sent: bool,
        /// The final response's body.
        body: Vec<u8>,
        /// The final URL (`response.url`): the request's, or the last redirect's target.
        url: String,
        /// Whether a redirect was followed (`response.redirected`).
        redirected: bool,
    },
    /// `fetch()` rejects with a `TypeError`; the console says [`Blocked`]'s text.
    Blocked {
        /// Why, as Chromium reports it.
        reason: Blocked,
        /// Why, as a test asserts it.
        why: Reason,
        /// Whether the actual request was sent (a failed preflight stops it).
        sent: bool,
        /// The status of the preflight's response, if a preflight was sent.
        preflight_status: Option<u16>,
    },
}

impl Verdict {
    /// Whether the page gets the response.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Verdict::Allowed { .. })
    }

    /// Chromium's reason, if blocked.
    pub fn blocked(&self) -> Option<&Blocked> {
        match self {
            Verdict::Blocked { reason, .. } => Some(reason),
            Verdict::Allowed { .. } => None,
        }
    }

    /// Why it was blocked, if it was: origin, method, header, credentials, missing preflight
    /// route, status...
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Verdict::Blocked { why, .. } => Some(why),
            Verdict::Allowed { .. } => None,
        }
    }

    /// The status the preflight was answered with, if one was sent (`Some(403)` for a
    /// preflight this crate refused).
    pub fn preflight_status(&self) -> Option<u16> {
        match self {
            Verdict::Blocked {
                preflight_status, ..
            } => *preflight_status,
            Verdict::Allowed { preflight, .. } => preflight.as_ref().map(|r| r.status().as_u16()),
        }
    }

    /// Whether the actual request reached the service (side effects happened).
    pub fn request_was_sent(&self) -> bool {
        match self {
            Verdict::Allowed { sent, .. } | Verdict::Blocked { sent, .. } => *sent,
        }
    }

    /// The response, if allowed.
    pub fn response(&self) -> Option<&Response> {
        match self {
            Verdict::Allowed { response, .. } => Some(response),
            Verdict::Blocked { .. } => None,
        }
    }

    /// The status the page sees (`response.status`), if allowed.
    pub fn status(&self) -> Option<u16> {
        self.response().map(|r| r.status().as_u16())
    }

    /// The body as text (`await response.text()`), if allowed.
    pub fn text(&self) -> Option<String> {
        match self {
            Verdict::Allowed { body, .. } => Some(String::from_utf8_lossy(body).into_owned()),
            Verdict::Blocked { .. } => None,
        }
    }

    /// The body parsed as JSON (`await response.json()`). An error says why there is none:
    /// the request was blocked (and why), or the body is not that JSON.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, String> {
        match self {
            Verdict::Allowed { body, .. } => {
                serde_json::from_slice(body).map_err(|e| format!("not the expected JSON: {e}"))
            }
            Verdict::Blocked { reason, why, .. } => Err(format!("blocked ({why:?}): {reason}")),
        }
    }

    /// Whether a redirect was followed (`response.redirected`).
    pub fn redirected(&self) -> bool {
        matches!(
            self,
            Verdict::Allowed {
                redirected: true,
                ..
            }
        )
    }

    /// The final URL (`response.url`), if allowed: the request's path or URL, or the last
    /// redirect's `Location` (resolved against the service's origin when relative).
    pub fn url(&self) -> Option<&str> {
        match self {
            Verdict::Allowed { url, .. } => Some(url),
            Verdict::Blocked { .. } => None,
        }
    }

    /// A response header as page script sees it (`response.headers.get(name)`): safelisted
    /// headers and those in `Access-Control-Expose-Headers`; `None` otherwise or if blocked.
    pub fn readable_header(&self, name: &str) -> Option<&HeaderValue> {
        let Verdict::Allowed { response, .. } = self else {
            return None;
        };
        let name = name.to_ascii_lowercase();
        let headers = response.headers();
        let exposed = list(headers, "access-control-expose-headers");
        let credentialed = headers.contains_key("access-control-allow-credentials");
        let readable = SAFELISTED_RESPONSE.contains(&name.as_str())
            || exposed.iter().any(|e| e.eq_ignore_ascii_case(&name))
            || (exposed.iter().any(|e| e == "*") && !credentialed);
        match readable && name != "set-cookie" && name != "set-cookie2" {
            true => headers.get(name.as_str()),
            false => None,
        }
    }
}

/// A network error: `fetch()` rejects without a CORS reason.
pub(super) fn network(e: String, sent: bool, preflight_status: Option<u16>) -> Verdict {
    Verdict::Blocked {
        reason: Blocked::NetworkError(e.clone()),
        why: Reason::Network(e),
        sent,
        preflight_status,
    }
}
