//! Methods: which a policy may name, which need no preflight.

use super::text::{did_you_mean, quote_list};

/// Methods a policy may name. Custom extension methods are not supported.
pub const KNOWN_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// Methods that never need a preflight (Fetch: CORS-safelisted methods).
pub const SAFELISTED_METHODS: &[&str] = &["GET", "HEAD", "POST"];

/// Methods browsers refuse to send (Fetch: forbidden methods).
const FORBIDDEN_METHODS: &[&str] = &["CONNECT", "TRACE", "TRACK"];

/// The methods a policy answers preflights for: `*` (any) when `methods = "*"`, else those it
/// lists, or with none listed the CORS-safelisted GET, HEAD and POST (Fetch: those need no
/// `Access-Control-Allow-Methods`).
pub fn preflight_methods<'a>(any: bool, listed: &'a [&'a str]) -> &'a [&'a str] {
    match (any, listed.is_empty()) {
        (true, _) => &["*"],
        (false, true) => SAFELISTED_METHODS,
        (false, false) => listed,
    }
}

/// Checks a method of `methods = "..."`; methods are case-sensitive (Fetch).
pub fn check_method(m: &str) -> Result<(), String> {
    if m.is_empty() {
        return Err("empty method: remove the extra comma".into());
    }
    let upper = m.to_ascii_uppercase();
    if FORBIDDEN_METHODS.contains(&upper.as_str()) {
        return Err(format!(
            "method `{m}` is forbidden by the Fetch standard: browsers never send it cross-origin; remove it"
        ));
    }
    if KNOWN_METHODS.contains(&m) {
        return Ok(());
    }
    if KNOWN_METHODS.contains(&upper.as_str()) {
        return Err(format!(
            "method `{m}` must be upper case: methods are case-sensitive, and browsers upper-case only DELETE, GET, HEAD, OPTIONS, POST and PUT (`fetch(url, {{method: 'patch'}})` sends `patch`, which never matches `PATCH`); write `{upper}`"
        ));
    }
    match did_you_mean(&upper, KNOWN_METHODS) {
        Some(fix) => Err(format!(
            "unknown method `{m}`; did you mean `{fix}`? (methods: {})",
            quote_list(KNOWN_METHODS)
        )),
        None => Err(format!(
            "unknown method `{m}`; the methods are {}",
            quote_list(KNOWN_METHODS)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods() {
        assert!(check_method("PUT").is_ok());
        assert!(check_method("DELTE")
            .unwrap_err()
            .contains("did you mean `DELETE`"));
        assert!(check_method("patch").unwrap_err().contains("write `PATCH`"));
        assert!(check_method("TRACE").unwrap_err().contains("forbidden"));
    }
}
