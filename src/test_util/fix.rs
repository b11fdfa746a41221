//! [`Verdict::fix`]: what to change on the server's side so that the browser allows the
//! request, from the reason it was blocked.

use super::blocked::Blocked;
use super::reason::Reason;
use super::verdict::Verdict;

impl Verdict {
    /// What to change on the server's side so that the browser allows this request, if it was
    /// blocked: one or two sentences naming the header to add, fix or remove, and where such a
    /// mistake usually comes from (a proxy's `add_header` on top of the app's grant, a proxy
    /// answering `OPTIONS` itself, a redirect in front of the API). `None` when allowed.
    pub fn fix(&self) -> Option<String> {
        let (Some(blocked), Some(why)) = (self.blocked(), self.reason()) else {
            return None;
        };
        let on = |preflight: bool| match preflight {
            true => "the preflight's answer",
            false => "the answer",
        };
        Some(match (blocked, why) {
            (_, Reason::NoPreflightRoute) => format!(
                "Nothing answers OPTIONS at this URL (the preflight got {}): route OPTIONS to the CORS middleware for this path, or let the proxy pass OPTIONS to the app.",
                self.preflight_status().map_or("no grant".into(), |s| s.to_string())
            ),
            (Blocked::MissingAllowOrigin { preflight }, Reason::Unhandled(status)) => format!(
                "{} ({status}) carries no CORS header at all, not even `Vary: Origin`: no CORS code made it. Something in front of the CORS middleware answered (a proxy or CDN answering OPTIONS itself, an auth check, an error page), or this path has no CORS handling: let the CORS middleware answer it, or add the grant where the answer is made.",
                capital(on(*preflight))
            ),
            (Blocked::MissingAllowOrigin { preflight }, _) => format!(
                "The server refused this origin: {} has no `Access-Control-Allow-Origin`. If this page should read it, add the page's origin to the server's allowed origins.",
                on(*preflight)
            ),
            (Blocked::MultipleAllowOrigin { value, preflight }, _) => format!(
                "{} has `Access-Control-Allow-Origin` more than once ({value}): two layers add it, usually a reverse proxy (nginx `add_header`, Apache `Header set`, a CDN rule) on top of the app's own CORS. Keep one: remove the proxy's header, or hide the app's (`proxy_hide_header Access-Control-Allow-Origin;`).",
                capital(on(*preflight))
            ),
            (Blocked::AllowOriginMismatch { value, preflight }, _) => format!(
                "{} grants '{value}', which is not the page's origin. Answer with the request's own `Origin` when it is allowed (browsers compare it byte for byte: scheme, host, port, no trailing slash), with `Vary: Origin` so that caches keep one answer per origin.",
                capital(on(*preflight))
            ),
            (Blocked::WildcardWithCredentials { preflight }, _) => format!(
                "{} grants `*`, which never covers a request with credentials: answer with the page's origin itself, `Access-Control-Allow-Credentials: true` and `Vary: Origin`, or have the page fetch without credentials.",
                capital(on(*preflight))
            ),
            (Blocked::MissingAllowCredentials { preflight }, _) => format!(
                "The request includes credentials, and {} lacks `Access-Control-Allow-Credentials: true`: add it (to the preflight's answer and the request's), or have the page fetch without credentials.",
                on(*preflight)
            ),
            (Blocked::PreflightStatus(status), _) => format!(
                "The preflight was granted but answered {status}: answer OPTIONS with 200 or 204. An auth check, a rate limit or the handler itself must not answer preflights (they never carry credentials). If the CORS middleware itself answers {status} to refuse (some do), the method or a request header is not in its allowed lists: add it."
            ),
            (Blocked::PreflightRedirect(status), _) => format!(
                "The preflight was answered with a redirect ({status}), which browsers never follow: call the final URL directly (a missing trailing slash, http to https, a moved API), or answer OPTIONS at this URL."
            ),
            (Blocked::MethodNotAllowed(method), _) => format!(
                "Add `{method}` to the preflight's `Access-Control-Allow-Methods` (method names are compared case-sensitively: `PATCH`, not `patch`)."
            ),
            (Blocked::HeaderNotAllowed(name), _) => format!(
                "Add `{name}` to the preflight's `Access-Control-Allow-Headers`, or have the page not send it."
            ),
            (Blocked::Redirect(e), _) => format!(
                "The browser does not follow this redirect ({e}): redirect to a plain http(s) URL without credentials, fewer than 20 times, or call the final URL directly."
            ),
            (Blocked::NetworkError(_), _) => "There was no answer to judge: the browser reports a network error, with no CORS reason. Check that the server is up at this URL, speaks HTTP and answers in time.".to_string(),
        })
    }
}

fn capital(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
