//! Hosts and ports of an origin: their syntax, public suffixes, loopback hosts.

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

/// Splits an authority `host[:port]`: a bracketed IPv6 host runs to its `]`, any other host to
/// the last `:`. `None` if a `[` is unclosed or its `]` is followed by anything but `:port`.
pub fn split_authority(authority: &str) -> Option<(&str, Option<&str>)> {
    let host_end = match authority.starts_with('[') {
        true => authority.find(']')? + 1,
        false => authority.rfind(':').unwrap_or(authority.len()),
    };
    let (host, after) = authority.split_at(host_end);
    match after {
        "" => Some((host, None)),
        _ => after.strip_prefix(':').map(|port| (host, Some(port))),
    }
}

/// Whether `suffix` is a public suffix, under which anyone can register a site: any single
/// label (`com`), and the common multi-label ones ([`PUBLIC_SUFFIXES`]).
pub(super) fn is_public_suffix(suffix: &str) -> bool {
    !suffix.contains('.') || PUBLIC_SUFFIXES.contains(&suffix)
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

/// Whether `port` is the default port of `scheme`, which browsers omit from an origin.
pub fn is_default_port(scheme: &str, port: u16) -> bool {
    matches!((scheme, port), ("http", 80) | ("https", 443))
}

/// Whether the text between an IPv6 host's brackets has the characters of an IPv6 address
/// (hex digits, `:`, and `.` for an embedded IPv4 address).
pub fn is_ipv6_literal(inner: &[u8]) -> bool {
    !inner.is_empty()
        && inner
            .iter()
            .all(|b| b.is_ascii_hexdigit() || *b == b':' || *b == b'.')
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

/// The host of a serialized origin (`scheme://host[:port]`), without the port.
pub fn origin_host(origin: &str) -> &str {
    let rest = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    split_authority(rest).map_or(rest, |(host, _)| host)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn authorities_split_at_the_port() {
        assert_eq!(split_authority("a.b:80"), Some(("a.b", Some("80"))));
        assert_eq!(split_authority("a.b"), Some(("a.b", None)));
        assert_eq!(split_authority("[::1]:3000"), Some(("[::1]", Some("3000"))));
        assert_eq!(split_authority("[::1]"), Some(("[::1]", None)));
        assert_eq!(split_authority("[::1"), None);
        assert_eq!(split_authority("[::1]x"), None);
    }
}
