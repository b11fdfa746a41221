//! Origins: what an `origins` list may hold, one origin's syntax (with the corrected origin
//! to suggest), and the rules that relate the items of a list to each other and to the policy.

use super::host::{
    is_default_port, is_host_label, is_ipv6_literal, is_loopback_host, is_public_suffix,
    origin_host, parse_port, split_authority,
};
use super::pattern::{OriginPattern, PortRule};
use super::punycode::punycode_authority;
use super::text::{did_you_mean, quote_list};

/// One entry of an `origins` list, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OriginSpec {
    /// `*`: any origin.
    Any,
    /// `null` (sandboxed iframes, `file:` pages). Only with an explicit opt-in.
    Null,
    /// An exact serialized origin such as `http://www.example.com`.
    Exact(String),
    /// A wildcard subdomain and/or any-port pattern.
    Pattern(OriginPattern),
}

/// Non-HTTP schemes that real applications send as their origin.
pub const APP_SCHEMES: &[&str] = &[
    "tauri",
    "chrome-extension",
    "moz-extension",
    "safari-web-extension",
    "capacitor",
    "ionic",
];

/// The longest origin accepted. Real origins are far shorter; anything longer is not an origin.
pub const MAX_ORIGIN_LEN: usize = 1024;

/// Parses one origin of a policy (`origins = "..."` or an environment variable). An error
/// names the problem and, when one can be derived, the corrected origin to write.
pub fn parse_origin(s: &str) -> Result<OriginSpec, String> {
    parse_origin_exactly(s).map_err(|problem| match corrected_origin(s) {
        Some(fix) => format!("{problem}; write `{fix}`"),
        None => problem,
    })
}

/// One broken rule of an origin list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListError {
    /// The index of the offending item, or `None` when the list as a whole is wrong (empty).
    /// The macro turns it into the item's span.
    pub item: Option<usize>,
    /// What is wrong and how to fix it, as a complete sentence.
    pub message: String,
}

/// Validates a whole origin list: the syntax of each origin and every rule that relates items
/// to each other or to the policy (`*` with credentials or beside other origins, `null`
/// without opt-in, duplicates, plain http with credentials). The one place these rules live:
/// the macro applies it to `origins = "..."` and the runtime to `origins_env` values, so both
/// give the same verdict with the same message. `allow_null` is the attribute's
/// `allow_null_origin` (always `false` for the environment). Returns every error, in item
/// order, at most one per item.
pub fn check_origin_list(
    items: &[&str],
    credentials: bool,
    allow_null: bool,
) -> Result<Vec<OriginSpec>, Vec<ListError>> {
    if items.is_empty() {
        return Err(vec![ListError {
            item: None,
            message: "the list of origins is empty: list at least one origin, such as `https://app.example.com`".into(),
        }]);
    }
    let mut specs: Vec<OriginSpec> = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match check_list_item(item, &specs, items.len(), credentials, allow_null) {
            Ok(spec) => specs.push(spec),
            Err(message) => errors.push(ListError {
                item: Some(index),
                message,
            }),
        }
    }
    match errors.is_empty() {
        true => Ok(specs),
        false => Err(errors),
    }
}

/// One item of an origin list, given the items accepted before it.
fn check_list_item(
    item: &str,
    before: &[OriginSpec],
    count: usize,
    credentials: bool,
    allow_null: bool,
) -> Result<OriginSpec, String> {
    let spec = parse_origin(item)?;
    if before.contains(&spec) {
        return Err(format!("origin `{item}` is listed twice; keep one"));
    }
    match &spec {
        OriginSpec::Any if credentials => return Err("`origins = \"*\"` cannot be combined with `credentials`: browsers reject `Access-Control-Allow-Origin: *` on credentialed requests; list the origins that may send credentials".into()),
        OriginSpec::Any if count > 1 => return Err("`*` already allows every origin: use it alone, or remove it and list the origins".into()),
        OriginSpec::Null if !allow_null => return Err("origin `null` is sent by sandboxed iframes, `file:` pages and some redirects, and any site can produce it; to allow it anyway, list it in the attribute's `origins` and add `allow_null_origin` (it is never accepted from an environment variable)".into()),
        OriginSpec::Exact(origin) if credentials => {
            let scheme = origin.split_once("://").map_or("", |(scheme, _)| scheme);
            check_credentialed(item, scheme, origin_host(origin))?
        }
        OriginSpec::Pattern(pattern) if credentials => {
            check_credentialed(item, &pattern.scheme, &pattern.host)?
        }
        _ => {}
    }
    Ok(spec)
}

/// The origin the user most likely meant, if fixing every usual mistake at once (scheme
/// typo, missing `://`, upper case, user info, path, query, trailing slash or dot, default
/// port, non-ASCII host) gives a valid origin different from `s`.
pub fn corrected_origin(s: &str) -> Option<String> {
    let lower = s.trim().to_lowercase();
    let (scheme, rest) = match lower.split_once("://") {
        Some((scheme, rest)) => (scheme.to_string(), rest.to_string()),
        None => match lower.split_once(':') {
            Some((scheme, rest)) if !rest.starts_with(|c: char| c.is_ascii_digit()) => {
                (scheme.to_string(), rest.trim_start_matches('/').to_string())
            }
            _ => ("https".to_string(), lower.clone()),
        },
    };
    let scheme = match scheme.as_str() {
        "http" | "https" => scheme,
        other => match did_you_mean(other, &["http", "https"]).filter(|_| other.starts_with('h')) {
            Some(fix) => fix.to_string(),
            None => scheme,
        },
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let authority = punycode_authority(authority)?;
    let (host, port) = split_authority(&authority).unwrap_or((&authority, None));
    let host = host.trim_end_matches('.');
    let default = port
        .and_then(parse_port)
        .is_some_and(|p| is_default_port(&scheme, p));
    let fixed = match port {
        Some(p) if !default => format!("{scheme}://{host}:{p}"),
        _ => format!("{scheme}://{host}"),
    };
    (fixed != s && parse_origin_exactly(&fixed).is_ok()).then_some(fixed)
}

fn parse_origin_exactly(s: &str) -> Result<OriginSpec, String> {
    if s == "*" {
        return Ok(OriginSpec::Any);
    }
    if s.is_empty() {
        return Err("empty origin: write a serialized origin such as `https://app.example.com`, or remove the extra comma".into());
    }
    if s.eq_ignore_ascii_case("null") {
        return Ok(OriginSpec::Null);
    }
    if s.len() > MAX_ORIGIN_LEN {
        return Err(format!("origin is longer than {MAX_ORIGIN_LEN} bytes"));
    }
    if let Some(c) = s.chars().find(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "origin `{s}` contains {c:?}: an origin is `scheme://host[:port]` with no spaces (separate several origins with commas)"
        ));
    }
    let Some((scheme, rest)) = s.split_once("://") else {
        return Err(missing_scheme(s));
    };
    check_scheme(s, scheme)?;
    check_authority_shape(s, rest)?;
    let (host, port) = split_host_port(s, rest)?;
    let port = check_port(s, scheme, port)?;
    let (subdomains, host) = match host.strip_prefix("*.") {
        Some(suffix) => (true, suffix),
        None => (false, host),
    };
    check_host(s, scheme, host)?;
    if subdomains {
        check_wildcard_suffix(s, scheme, host)?;
    }
    if port == PortRule::Any && (subdomains || !is_loopback_host(host)) {
        return Err(format!(
            "origin `{s}`: any-port `:*` is for local development and only allowed on a loopback host (`localhost`, `127.0.0.1`, `[::1]`); list the ports you serve instead"
        ));
    }
    if subdomains || port == PortRule::Any {
        return Ok(OriginSpec::Pattern(OriginPattern {
            scheme: scheme.to_string().into(),
            host: host.to_string().into(),
            subdomains,
            port,
        }));
    }
    Ok(OriginSpec::Exact(s.to_string()))
}

fn missing_scheme(s: &str) -> String {
    if let Some((scheme, _)) = s.split_once(':') {
        return format!("origin `{s}`: the scheme `{scheme}` must be followed by `://`");
    }
    format!("origin `{s}` has no scheme (use `http://` if the page is served over plain HTTP)")
}

fn check_scheme(s: &str, scheme: &str) -> Result<(), String> {
    if scheme.is_empty() {
        return Err(format!("origin `{s}` has an empty scheme"));
    }
    if scheme.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "origin `{s}` has upper case: browsers send origins in lower case and matching is exact"
        ));
    }
    if scheme == "http" || scheme == "https" || APP_SCHEMES.contains(&scheme) {
        return Ok(());
    }
    if scheme == "file" {
        return Err(format!(
            "origin `{s}`: pages loaded from `file://` send `Origin: null`, which any sandboxed page can forge; serve the page over http(s) instead"
        ));
    }
    // `htps`, `hhtp`, `httsp`: close to http(s) and clearly meant as such (`ftp` is not).
    let typo = did_you_mean(scheme, &["http", "https"]).filter(|_| scheme.starts_with('h'));
    if let Some(fix) = typo {
        return Err(format!(
            "origin `{s}`: unknown scheme `{scheme}` (did you mean `{fix}`?)"
        ));
    }
    Err(format!(
        "origin `{s}`: scheme `{scheme}` is not allowed; use `http` or `https`, or one of the app schemes {}",
        quote_list(APP_SCHEMES)
    ))
}

fn check_authority_shape(s: &str, rest: &str) -> Result<(), String> {
    if let Some(at) = rest.find('@') {
        return Err(format!(
            "origin `{s}` contains user info (`{}@`): origins never do, and a check that trusts it can be fooled",
            &rest[..at]
        ));
    }
    if let Some(i) = rest.find(['/', '?', '#']) {
        let what = match rest.as_bytes()[i] {
            b'/' if i + 1 == rest.len() => "a trailing slash",
            b'/' => "a path",
            b'?' => "a query",
            _ => "a fragment",
        };
        return Err(format!(
            "origin `{s}` has {what}: an origin is only `scheme://host[:port]`, and browsers never send more"
        ));
    }
    if rest.is_empty() {
        return Err(format!("origin `{s}` has no host"));
    }
    if !rest.is_ascii() {
        return Err(match punycode_authority(rest) {
            Some(_) => format!(
                "origin `{s}` has a non-ASCII host: browsers send internationalized hosts in punycode (`xn--`)"
            ),
            None => format!("origin `{s}` has a non-ASCII host that cannot be encoded: write its punycode (`xn--`) form"),
        });
    }
    if rest.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "origin `{s}` has upper case: browsers send origins in lower case and matching is exact"
        ));
    }
    Ok(())
}

/// With credentials, a plain-`http` origin or pattern (written as `item`, with its scheme and
/// host; a pattern's host is what follows `*.`) must be loopback: anyone on the network path
/// can impersonate a plain-http site and act with the user's cookies.
fn check_credentialed(item: &str, scheme: &str, host: &str) -> Result<(), String> {
    if scheme == "http" && !is_loopback_host(host) {
        return Err(format!(
            "origin `{item}` is plain http and the policy allows credentials: anyone on the network can impersonate a plain-http site and act with your users' cookies; write `https://{}` (plain http is accepted with credentials only on loopback)",
            &item["http://".len()..]
        ));
    }
    Ok(())
}

// The checks of an origin's parts, with messages that quote the origin.

/// [`split_authority`] for an origin `s` being validated: a malformed IPv6 host is an error.
fn split_host_port<'a>(s: &str, rest: &'a str) -> Result<(&'a str, Option<&'a str>), String> {
    split_authority(rest).ok_or_else(|| match rest.find(']') {
        None => format!("origin `{s}`: unclosed `[` in an IPv6 host"),
        Some(end) => format!(
            "origin `{s}`: unexpected `{}` after the IPv6 host",
            &rest[end + 1..]
        ),
    })
}

fn check_port(s: &str, scheme: &str, port: Option<&str>) -> Result<PortRule, String> {
    let Some(port) = port else {
        return Ok(PortRule::Default);
    };
    if port == "*" {
        return Ok(PortRule::Any);
    }
    let Some(number) = parse_port(port) else {
        return Err(format!(
            "origin `{s}`: `{port}` is not a port; write a number from 1 to 65535 without leading zeros, or `*` for any port on localhost"
        ));
    };
    if is_default_port(scheme, number) {
        return Err(format!(
            "origin `{s}` names the default port {number}: browsers omit it, so this would never match"
        ));
    }
    Ok(PortRule::Exact(number))
}

fn check_host(s: &str, scheme: &str, host: &str) -> Result<(), String> {
    if host.contains('*') {
        return Err(format!(
            "origin `{s}`: a wildcard may only be the whole leftmost label, as in `{scheme}://*.example.com`"
        ));
    }
    if host.starts_with('[') {
        if !is_ipv6_literal(&host.as_bytes()[1..host.len() - 1]) {
            return Err(format!("origin `{s}`: `{host}` is not an IPv6 address"));
        }
        return Ok(());
    }
    if host.is_empty() {
        return Err(format!("origin `{s}` has no host"));
    }
    if host.ends_with('.') {
        return Err(format!(
            "origin `{s}`: the host ends with a dot, which browsers do not send"
        ));
    }
    if host.len() > 253 {
        return Err(format!(
            "origin `{s}`: the host is longer than 253 characters"
        ));
    }
    for label in host.split('.') {
        if !is_host_label(label) {
            return Err(format!(
                "origin `{s}`: `{label}` is not a valid host label (letters, digits and inner hyphens, 1 to 63 of them, separated by single dots)"
            ));
        }
    }
    Ok(())
}

fn check_wildcard_suffix(s: &str, scheme: &str, suffix: &str) -> Result<(), String> {
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "origin `{s}`: wildcard subdomains are only for http and https origins"
        ));
    }
    if suffix.starts_with('[') || suffix.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return Err(format!(
            "origin `{s}`: a wildcard cannot stand in front of an IP address"
        ));
    }
    if is_public_suffix(suffix) {
        return Err(format!(
            "origin `{s}`: `{suffix}` is a public suffix, so `*.{suffix}` would allow sites anyone can register; put the wildcard under a domain you own, e.g. `{scheme}://*.yourapp.{suffix}`"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> String {
        parse_origin(s).unwrap_err()
    }

    #[test]
    fn exact_and_patterns() {
        assert_eq!(
            parse_origin("http://www.example.com"),
            Ok(OriginSpec::Exact("http://www.example.com".into()))
        );
        assert_eq!(
            parse_origin("http://localhost:8080"),
            Ok(OriginSpec::Exact("http://localhost:8080".into()))
        );
        assert_eq!(
            parse_origin("tauri://localhost"),
            Ok(OriginSpec::Exact("tauri://localhost".into()))
        );
        assert!(
            matches!(parse_origin("https://*.example.com"), Ok(OriginSpec::Pattern(p)) if p.subdomains && p.host == "example.com")
        );
        assert!(
            matches!(parse_origin("http://localhost:*"), Ok(OriginSpec::Pattern(p)) if p.port == PortRule::Any)
        );
        assert_eq!(parse_origin("*"), Ok(OriginSpec::Any));
        assert_eq!(parse_origin("null"), Ok(OriginSpec::Null));
    }

    #[test]
    fn origin_mistakes_are_explained() {
        assert!(err("http://www.example.com/").contains("trailing slash"));
        assert!(err("http://www.example.com/").contains("write `http://www.example.com`"));
        assert!(err("http://example.com/api").contains("a path"));
        assert!(err("http://example.com?x").contains("a query"));
        assert!(err("http://Example.com").contains("write `http://example.com`"));
        assert!(err("http://example.com:80").contains("default port"));
        assert!(err("https://example.com:443").contains("write `https://example.com`"));
        assert!(err("www.example.com").contains("write `https://www.example.com`"));
        assert!(err("htps://example.com").contains("did you mean `https`"));
        assert!(err("https://user@example.com").contains("user info"));
        assert!(err("https://münchen.de").contains("https://xn--mnchen-3ya.de"));
        assert!(err("https://*.com").contains("public suffix"));
        assert!(err("https://*.co.uk").contains("public suffix"));
        assert!(err("https://a.*.example.com").contains("leftmost"));
        assert!(err("https://example.com:*").contains("loopback"));
        assert!(err("file://").contains("null"));
        assert!(err("ftp://example.com").contains("not allowed"));
        assert!(err("https://example.com.").contains("ends with a dot"));
        assert!(err("https://example.com.:8443").contains("write `https://example.com:8443`"));
        assert!(err("htps://www.Example.com/").contains("write `https://www.example.com`"));
        assert!(err("HTTPS://user:pw@www.example.com:443/path?q")
            .contains("write `https://www.example.com`"));
        assert!(err("http:/example.com").contains("write `http://example.com`"));
        assert!(!err("https://*.co.uk").contains("write `"));
        assert!(err("http://[::1]:80").contains("write `http://[::1]`"));
        assert!(err("http://[::1]/").contains("write `http://[::1]`"));
        assert!(err("https://example.com:0").contains("not a port"));
        assert!(err("http:/example.com").contains("`://`"));
    }
}
