//! The rules that make a CORS policy valid, written once.
//!
//! Plain Rust with no dependencies: the runtime uses this module to validate origins that arrive
//! at run time (an environment variable), and the `#[cors]` macro includes the very same file
//! (`#[path]`) to turn each violation into a spanned compile error. Every `Err` is a complete
//! sentence that names the bad item and says how to fix it.

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

/// `https://*.example.com`, `http://localhost:*`, or both at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginPattern {
    /// The scheme, without `://`.
    pub scheme: String,
    /// The host; with `subdomains`, the part after `*.` (one or more labels go before it).
    pub host: String,
    /// Whether the pattern is `scheme://*.host`.
    pub subdomains: bool,
    /// The port rule.
    pub port: PortRule,
}

/// The port part of an [`OriginPattern`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortRule {
    /// No port in the origin (the scheme's default port).
    Default,
    /// Exactly this port.
    Exact(u16),
    /// `:*`: any port, or none (local development only).
    Any,
}

/// Methods a policy may name. Custom extension methods are not supported.
pub const KNOWN_METHODS: &[&str] = &["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// Methods that never need a preflight (Fetch: CORS-safelisted methods).
pub const SAFELISTED_METHODS: &[&str] = &["GET", "HEAD", "POST"];

/// Methods browsers refuse to send (Fetch: forbidden methods).
const FORBIDDEN_METHODS: &[&str] = &["CONNECT", "TRACE", "TRACK"];

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

/// Non-HTTP schemes that real applications send as their origin.
pub const APP_SCHEMES: &[&str] = &[
    "tauri",
    "chrome-extension",
    "moz-extension",
    "safari-web-extension",
    "capacitor",
    "ionic",
];

/// Multi-label public suffixes on which a wildcard would hand out access to strangers.
/// Single-label suffixes (`com`, `io`, ...) are refused by rule; this list covers the
/// multi-label ones people actually write (not the whole Public Suffix List).
const PUBLIC_SUFFIXES: &[&str] = &[
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "me.uk",
    "ltd.uk",
    "plc.uk",
    "com.au",
    "net.au",
    "org.au",
    "edu.au",
    "gov.au",
    "co.nz",
    "org.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "ac.jp",
    "com.br",
    "com.cn",
    "com.mx",
    "com.ar",
    "com.tr",
    "com.sg",
    "com.hk",
    "com.tw",
    "co.in",
    "co.za",
    "co.kr",
    "or.kr",
    "co.il",
    "com.pl",
    "co.id",
    "github.io",
    "gitlab.io",
    "herokuapp.com",
    "vercel.app",
    "netlify.app",
    "pages.dev",
    "workers.dev",
    "web.app",
    "firebaseapp.com",
    "azurewebsites.net",
    "azurestaticapps.net",
    "cloudfront.net",
    "amazonaws.com",
    "s3.amazonaws.com",
    "appspot.com",
    "blogspot.com",
    "fly.dev",
    "onrender.com",
    "ngrok.io",
    "ngrok-free.app",
    "ngrok.app",
    "glitch.me",
    "replit.app",
    "railway.app",
    "surge.sh",
    "now.sh",
    "codesandbox.io",
    "repl.co",
    "translate.goog",
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
    let split = match authority.starts_with('[') {
        true => authority
            .find("]:")
            .map(|i| (&authority[..=i], &authority[i + 2..])),
        false => authority.rsplit_once(':'),
    };
    let (host, port) = match split {
        Some((h, p)) => (h.to_string(), Some(p.to_string())),
        None => (authority.clone(), None),
    };
    let host = host.trim_end_matches('.');
    let default = matches!(
        (scheme.as_str(), port.as_deref()),
        ("http", Some("80")) | ("https", Some("443"))
    );
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
            scheme: scheme.to_string(),
            host: host.to_string(),
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

fn split_host_port<'a>(s: &str, rest: &'a str) -> Result<(&'a str, Option<&'a str>), String> {
    if rest.starts_with('[') {
        let Some(end) = rest.find(']') else {
            return Err(format!("origin `{s}`: unclosed `[` in an IPv6 host"));
        };
        let (host, after) = rest.split_at(end + 1);
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err(format!(
                    "origin `{s}`: unexpected `{after}` after the IPv6 host"
                )),
            },
        };
    }
    Ok(match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
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
    if (scheme == "http" && number == 80) || (scheme == "https" && number == 443) {
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
        let inner = &host[1..host.len() - 1];
        if inner.is_empty()
            || !inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
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
    if !suffix.contains('.') || PUBLIC_SUFFIXES.contains(&suffix) {
        return Err(format!(
            "origin `{s}`: `{suffix}` is a public suffix, so `*.{suffix}` would allow sites anyone can register; put the wildcard under a domain you own, e.g. `{scheme}://*.yourapp.{suffix}`"
        ));
    }
    Ok(())
}

/// One label of a host as browsers serialize it: 1 to 63 lower-case letters, digits, `-`
/// (not first or last) or `_`.
pub fn is_host_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// A port as browsers serialize it: 1 to 65535, decimal, no leading zero.
pub fn parse_port(port: &str) -> Option<u16> {
    let digits = (1..=5).contains(&port.len())
        && port.bytes().all(|b| b.is_ascii_digit())
        && !port.starts_with('0');
    digits.then(|| port.parse::<u16>().ok()).flatten()
}

/// The hash that places exact origins in their table (`OriginList::slots`): the length and
/// the bytes eight at a time, each word mixed by a multiply and a shift, then a 64-bit
/// finalizer so that the low bits (the slot) depend on every bit of the input and of the seed.
/// Shared so that the macro builds, at compile time, the very table the runtime probes.
pub fn origin_hash(bytes: &[u8], seed: u64) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |hash: u64, word: u64| {
        let hash = (hash ^ word).wrapping_mul(K);
        hash ^ (hash >> 29)
    };
    let mut hash = seed.wrapping_mul(K) ^ (bytes.len() as u64);
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        hash = mix(hash, u64::from_le_bytes(word));
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

/// A collision-free table for `origins`: `(seed, slots)` where `slots[origin_hash(o, seed) &
/// (slots.len() - 1)]` is `1 + index of o` and empty slots are 0. The table has a power-of-two
/// size of at least twice the count; seeds are tried until no two origins share a slot, and the
/// table doubles if a few thousand seeds are not enough (duplicates never get a table).
pub fn origin_table(origins: &[&str]) -> (u64, Vec<u16>) {
    let mut size = (origins.len() * 2).next_power_of_two().max(2);
    loop {
        let mask = size as u64 - 1;
        for seed in 0..4096u64 {
            let mut slots = vec![0u16; size];
            let placed = origins.iter().enumerate().all(|(i, o)| {
                let slot = &mut slots[(origin_hash(o.as_bytes(), seed) & mask) as usize];
                let free = *slot == 0;
                *slot = i as u16 + 1;
                free
            });
            if placed {
                return (seed, slots);
            }
        }
        assert!(size < 1 << 20, "origin_table: the list has duplicates");
        size *= 2;
    }
}

/// Whether `host` is a loopback host: `localhost`, `*.localhost`, `127.x.y.z` or `[::1]`.
pub fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (host.starts_with("127.")
            && host.split('.').count() == 4
            && host
                .split('.')
                .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit())))
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

/// The host of a serialized origin (`scheme://host[:port]`), without the port.
pub fn origin_host(origin: &str) -> &str {
    let rest = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    match rest.strip_prefix('[') {
        Some(v6) => &rest[..v6.find(']').map_or(rest.len(), |i| i + 2)],
        None => rest.rsplit_once(':').map_or(rest, |(host, _)| host),
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

/// Checks a request header name of `headers = "..."` and returns it in lower case.
pub fn check_request_header(h: &str) -> Result<String, String> {
    let lower = check_header_token(h)?;
    if FORBIDDEN_REQUEST_HEADERS.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
    {
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
    if let Some(c) = h.chars().find(|c| !is_tchar(*c)) {
        return Err(format!(
            "`{h}` is not a header name: {c:?} is not allowed in header names"
        ));
    }
    Ok(h.to_ascii_lowercase())
}

/// RFC 9110 `tchar`.
fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

/// Splits a comma-separated list, trimming blanks around items (empty items are kept so that
/// they can be reported).
pub fn split_list(s: &str) -> Vec<&str> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    s.split(',').map(str::trim).collect()
}

/// The candidate closest to `word` if it is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|(d, c)| *d <= 2.min(c.len() / 2).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `` `a`, `b`, `c` ``
pub fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The punycode (`xn--`) form of a host (with optional port), lower-cased first.
fn punycode_authority(authority: &str) -> Option<String> {
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h, Some(p)),
        _ => (authority, None),
    };
    let labels: Option<Vec<String>> = host
        .to_lowercase()
        .split('.')
        .map(|label| match label.is_ascii() {
            true => Some(label.to_string()),
            false => punycode_encode(label).map(|p| format!("xn--{p}")),
        })
        .collect();
    let host = labels?.join(".");
    Some(match port {
        Some(p) => format!("{host}:{p}"),
        None => host,
    })
}

/// RFC 3492 punycode encoding of one label.
fn punycode_encode(label: &str) -> Option<String> {
    const BASE: u32 = 36;
    let input: Vec<u32> = label.chars().map(|c| c as u32).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (handled as usize) < input.len() {
        let m = input.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in &input {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        1
                    } else if k >= bias + 26 {
                        26
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(punycode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(punycode_digit(q));
                bias = punycode_adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(out)
}

fn punycode_digit(d: u32) -> char {
    char::from(if d < 26 {
        b'a' + d as u8
    } else {
        b'0' + (d - 26) as u8
    })
}

fn punycode_adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((36 - 1) * 26) / 2 {
        delta /= 35;
        k += 36;
    }
    k + (36 * delta) / (delta + 38)
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

    #[test]
    fn methods_and_headers() {
        assert!(check_method("PUT").is_ok());
        assert!(check_method("DELTE")
            .unwrap_err()
            .contains("did you mean `DELETE`"));
        assert!(check_method("patch").unwrap_err().contains("write `PATCH`"));
        assert!(check_method("TRACE").unwrap_err().contains("forbidden"));
        assert_eq!(check_request_header("X-Api-Key"), Ok("x-api-key".into()));
        assert!(check_request_header("Cookie").is_err());
        assert!(check_request_header("sec-fetch-mode").is_err());
        assert!(check_request_header("proxy-authorization").is_err());
        assert!(check_exposed_header("Set-Cookie").is_err());
        assert!(check_request_header("x api").is_err());
    }

    #[test]
    fn hosts() {
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("[::1]"));
        assert!(!is_loopback_host("127.example.com"));
        assert_eq!(origin_host("http://[::1]:3000"), "[::1]");
        assert_eq!(origin_host("http://localhost:3000"), "localhost");
        assert_eq!(origin_host("https://a.b"), "a.b");
    }

    #[test]
    fn origin_tables_place_every_origin_alone() {
        for n in [1usize, 2, 3, 10, 100, 1000] {
            let owned: Vec<String> = (0..n)
                .map(|i| format!("https://app{i}.example.com"))
                .collect();
            let origins: Vec<&str> = owned.iter().map(String::as_str).collect();
            let (seed, slots) = origin_table(&origins);
            assert!(slots.len().is_power_of_two() && slots.len() >= 2 * n);
            let mask = slots.len() as u64 - 1;
            for (i, o) in origins.iter().enumerate() {
                let slot = slots[(origin_hash(o.as_bytes(), seed) & mask) as usize];
                assert_eq!(slot as usize, i + 1, "{o} in a table of {n}");
            }
            assert_eq!(slots.iter().filter(|s| **s != 0).count(), n);
        }
        // A pair whose bytes agree in their low bits: with a hash whose low bits ignored the
        // seed's high bits, no seed would ever separate them (the search never ended).
        let pair = ["https://app.example.com", "https://admin.example.com"];
        let (seed, slots) = origin_table(&pair);
        let slot =
            |o: &str| slots[(origin_hash(o.as_bytes(), seed) & (slots.len() as u64 - 1)) as usize];
        assert_eq!((slot(pair[0]), slot(pair[1])), (1, 2));
    }

    #[test]
    fn typos() {
        assert_eq!(
            did_you_mean("orgins", &["origins", "methods"]),
            Some("origins")
        );
        assert_eq!(did_you_mean("zzz", &["origins", "methods"]), None);
    }
}
