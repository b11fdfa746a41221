//! Header names: the token syntax, and which headers scripts can never set or read.

/// Request headers scripts can never set (Fetch: forbidden request-header names).
const FORBIDDEN_REQUEST_HEADERS: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "access-control-request-private-network",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Response headers scripts can never read, exposed or not (Fetch: forbidden response-header names).
const FORBIDDEN_RESPONSE_HEADERS: &[&str] = &["set-cookie", "set-cookie2"];

/// Whether scripts can never set the request header `lower` (a lower-case name): Fetch's
/// forbidden request-header names and the `proxy-` and `sec-` prefixes.
pub fn is_forbidden_request_header(lower: &str) -> bool {
    FORBIDDEN_REQUEST_HEADERS.contains(&lower)
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
}

/// Checks a request header name of `headers = "..."` and returns it in lower case.
pub fn check_request_header(h: &str) -> Result<String, String> {
    let lower = check_header_token(h)?;
    if is_forbidden_request_header(&lower) {
        return Err(format!(
            "header `{h}` is a forbidden request header: scripts can never set it (the browser does), so allowing it has no effect; remove it"
        ));
    }
    Ok(lower)
}

/// Checks a response header name of `expose_headers = "..."` and returns it in lower case.
pub fn check_exposed_header(h: &str) -> Result<String, String> {
    let lower = check_header_token(h)?;
    if FORBIDDEN_RESPONSE_HEADERS.contains(&lower.as_str()) {
        return Err(format!(
            "`{h}` can never be exposed: browsers hide `Set-Cookie` from scripts whatever the server says; remove it (cookies still work with `credentials`)"
        ));
    }
    Ok(lower)
}

fn check_header_token(h: &str) -> Result<String, String> {
    if h.is_empty() {
        return Err("empty header name: remove the extra comma".into());
    }
    if let Some(c) = h.chars().find(|c| !u8::try_from(*c).is_ok_and(is_tchar)) {
        return Err(format!(
            "`{h}` is not a header name: {c:?} is not allowed in header names"
        ));
    }
    Ok(h.to_ascii_lowercase())
}

/// Whether `bytes` is a token such as a header or method name: one or more [`is_tchar`] bytes.
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|b| is_tchar(*b))
}

/// Whether a byte may appear in a token such as a header or method name (RFC 9110 `tchar`).
pub fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert_eq!(check_request_header("X-Api-Key"), Ok("x-api-key".into()));
        assert!(check_request_header("Cookie").is_err());
        assert!(check_request_header("sec-fetch-mode").is_err());
        assert!(check_request_header("proxy-authorization").is_err());
        assert!(check_exposed_header("Set-Cookie").is_err());
        assert!(check_request_header("x api").is_err());
    }
}
