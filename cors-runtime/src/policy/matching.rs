//! Matching a request's `Origin` without allocating: the exact origins' table, the patterns,
//! and the check that a header value has the shape of a serialized origin.

use std::borrow::Cow;

use http::HeaderValue;

use crate::rules::{self, OriginPattern, OriginSpec};

/// Up to this many exact origins are compared one by one; longer lists use the hash table.
/// Measured with the `match_origin` cases of `benches/cases/mod.rs` (origins of one length,
/// the granted one last, the worst case): one comparison costs about 33 instructions, one probe
/// of the table about 64 more than a single comparison, so a third comparison already costs as
/// much as the probe.
const LINEAR_MAX: usize = 2;

/// Exact origins (in a compile-time hash table) and wildcard patterns.
#[derive(Debug, Clone, Default)]
pub struct OriginList {
    /// Exact origins as ready-made header values.
    pub exact: Cow<'static, [HeaderValue]>,
    /// Where each exact origin sits: `slots[origin_hash(o, seed) & (len - 1)]` is 1 + its
    /// index in `exact` (0: empty). Built by the macro at compile time, so a lookup costs one
    /// hash and one comparison however many origins the policy lists.
    pub slots: Cow<'static, [u16]>,
    /// The seed that makes `slots` collision-free.
    pub seed: u64,
    /// Wildcard-subdomain and any-port patterns.
    pub patterns: Cow<'static, [OriginPattern]>,
}

impl OriginList {
    /// The value of `Access-Control-Allow-Origin` for `origin` if the list grants it: the
    /// list's own static value for an exact origin, the request's value for a pattern.
    pub fn find(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        match self.find_exact(origin.as_bytes()) {
            Some(exact) => Some(exact.clone()),
            None => self.find_pattern(origin),
        }
    }

    /// The exact origin equal to `origin`, if the list has it.
    #[inline]
    pub(crate) fn find_exact(&self, origin: &[u8]) -> Option<&HeaderValue> {
        if self.exact.len() <= LINEAR_MAX {
            // A short list: comparing each entry (a length check, then the bytes) costs less
            // than hashing the origin.
            return self.exact.iter().find(|e| e.as_bytes() == origin);
        }
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() as u64 - 1;
        let slot = self.slots[(rules::origin_hash(origin, self.seed) & mask) as usize];
        self.exact
            .get((slot as usize).wrapping_sub(1))
            .filter(|candidate| candidate.as_bytes() == origin)
    }

    /// `origin` itself if a pattern of the list matches it.
    pub(crate) fn find_pattern(&self, origin: &HeaderValue) -> Option<HeaderValue> {
        if self.patterns.is_empty() {
            return None;
        }
        let text = serialized_origin(origin.as_bytes())?;
        self.patterns
            .iter()
            .any(|p| p.matches(text))
            .then(|| origin.clone())
    }

    /// `a, b, https://*.c` for log lines.
    pub(super) fn describe(&self) -> String {
        let exact = self
            .exact
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let patterns = self.patterns.iter().map(OriginPattern::to_string);
        exact.chain(patterns).collect::<Vec<_>>().join(", ")
    }

    /// Builds a list from validated specs (the run-time path; the macro builds statics).
    pub(crate) fn from_specs(specs: Vec<OriginSpec>) -> Self {
        let mut exact = Vec::new();
        let mut patterns = Vec::new();
        for spec in specs {
            match spec {
                OriginSpec::Exact(s) => exact.extend(HeaderValue::from_str(&s).ok()),
                OriginSpec::Pattern(p) => patterns.push(p),
                OriginSpec::Any | OriginSpec::Null => {}
            }
        }
        exact.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        exact.dedup();
        let texts: Vec<&str> = exact.iter().filter_map(|v| v.to_str().ok()).collect();
        let (seed, slots) = rules::origin_table(&texts);
        OriginList {
            exact: Cow::Owned(exact),
            slots: Cow::Owned(slots),
            seed,
            patterns: Cow::Owned(patterns),
        }
    }
}

/// `bytes` as text if it has the shape of a serialized origin: a lower-case scheme, `://`,
/// and a host of lower-case letters, digits, `-`, `_`, `.` in labels of 1 to 63 (or a
/// bracketed IPv6 address) with an optional port that is not the scheme's default. Anything
/// else is treated as "not allowed". One pass over the bytes, no allocation.
pub(crate) fn serialized_origin(bytes: &[u8]) -> Option<&str> {
    if bytes.len() > rules::MAX_ORIGIN_LEN || !bytes.first()?.is_ascii_lowercase() {
        return None;
    }
    let scheme_char = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b);
    let scheme_end = bytes.iter().position(|b| !scheme_char(*b))?;
    let (scheme, rest) = bytes.split_at(scheme_end);
    let authority = rest.strip_prefix(b"://")?;
    let host_end = match authority.first()? {
        b'[' => ipv6_end(authority)?,
        _ => host_end(authority)?,
    };
    match &authority[host_end..] {
        [] => {}
        [b':', port @ ..] => {
            let port = rules::parse_port(std::str::from_utf8(port).ok()?)?;
            // Browsers omit the default port: `http://x:80` is not how one is sent.
            if rules::is_default_port(std::str::from_utf8(scheme).ok()?, port) {
                return None;
            }
        }
        _ => return None,
    }
    // Every byte checked above is ASCII.
    std::str::from_utf8(bytes).ok()
}

/// Where a host of labels (`a.b-c.d_e`) ends: at the end or at `:`.
fn host_end(authority: &[u8]) -> Option<usize> {
    let (mut label, mut last) = (0usize, b'.');
    for (i, &b) in authority.iter().enumerate() {
        match b {
            b':' if label > 0 && last != b'-' => return Some(i),
            b'.' if label > 0 && last != b'-' => label = 0,
            b'a'..=b'z' | b'0'..=b'9' | b'_' => label += 1,
            b'-' if label > 0 => label += 1,
            _ => return None,
        }
        if label > 63 {
            return None;
        }
        last = b;
    }
    (label > 0 && last != b'-').then_some(authority.len())
}

/// Where a bracketed IPv6 host (`[::1]`) ends.
fn ipv6_end(authority: &[u8]) -> Option<usize> {
    let close = authority.iter().position(|b| *b == b']')?;
    rules::is_ipv6_literal(&authority[1..close]).then_some(close + 1)
}

#[cfg(test)]
mod tests {
    use super::{serialized_origin, OriginList, LINEAR_MAX};
    use http::HeaderValue;
    use std::borrow::Cow;

    /// An exact list as the macro builds it: header values and their hash table.
    fn exact_list(origins: &[&str]) -> OriginList {
        let (seed, slots) = crate::rules::origin_table(origins);
        OriginList {
            exact: Cow::Owned(
                origins
                    .iter()
                    .map(|o| HeaderValue::from_str(o).unwrap())
                    .collect(),
            ),
            slots: Cow::Owned(slots),
            seed,
            patterns: Cow::Owned(Vec::new()),
        }
    }

    #[test]
    fn exact_lists_short_and_long_find_every_member_and_nothing_else() {
        let all = [
            "http://a",
            "https://app.example.com",
            "http://localhost:3000",
            "https://b.example.org",
            "https://app.example.co",
            "http://x.y",
        ];
        // Lengths on both sides of the linear scan's limit.
        for n in 1..=all.len() {
            let list = exact_list(&all[..n]);
            for origin in &all[..n] {
                let value = HeaderValue::from_static(origin);
                assert_eq!(
                    list.find(&value).as_ref(),
                    Some(&value),
                    "{n} origins: {origin}"
                );
            }
            for stranger in &all[n..] {
                let value = HeaderValue::from_static(stranger);
                assert_eq!(list.find(&value), None, "{n} origins: {stranger}");
            }
            for near in ["http://", "https://app.example.com.", "HTTP://A", ""] {
                let value = HeaderValue::from_static(near);
                assert_eq!(list.find(&value), None, "{n} origins: {near:?}");
            }
        }
        assert!(LINEAR_MAX < all.len());
    }

    #[test]
    fn serialized_origins() {
        for ok in [
            "https://a.example.com",
            "http://localhost:3000",
            "http://127.0.0.1:8080",
            "http://[::1]:3000",
            "http://[::1]",
            "tauri://localhost",
            "chrome-extension://abcdefghijklmnop",
            "https://a_b.example.com",
            "https://xn--bcher-kva.example",
            "http://a-b.c:65535",
        ] {
            assert_eq!(serialized_origin(ok.as_bytes()), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "https://",
            "https://a.example.com/",
            "https://a.example.com.",
            "https://.example.com",
            "https://a..example.com",
            "https://-a.example.com",
            "https://a-.example.com",
            "https://A.example.com",
            "HTTPS://a.example.com",
            "https://a.example.com:443",
            "http://a.example.com:80",
            "http://a:0",
            "http://a:65536",
            "http://a:03000",
            "http://a:",
            "http://a:3000x",
            "https://user@a.example.com",
            "https//a.example.com",
            "1http://a",
            "http://[]",
            "http://[::1",
            "http://[::1]x",
            "http://a b",
            "null",
        ] {
            assert_eq!(serialized_origin(bad.as_bytes()), None, "{bad}");
        }
        let long_label = format!("https://{}.example.com", "a".repeat(64));
        assert_eq!(serialized_origin(long_label.as_bytes()), None);
        assert_eq!(serialized_origin("https://ü.example.com".as_bytes()), None);
        assert_eq!(serialized_origin(b"https://\xff.example.com"), None);
    }
}
