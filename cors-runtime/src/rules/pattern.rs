//! Wildcard origin patterns (`https://*.example.com`, `http://localhost:*`): the one type that
//! validation produces, the macro writes into a `static`, and the runtime matches with.

use std::borrow::Cow;
use std::fmt;

use super::host::{is_host_label, parse_port, split_authority};

/// `https://*.example.com`, `http://localhost:*`, or both at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OriginPattern {
    /// The scheme, without `://`.
    pub scheme: Cow<'static, str>,
    /// The host; with `subdomains`, the part after `*.` (one or more labels go before it).
    pub host: Cow<'static, str>,
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

impl OriginPattern {
    /// Whether a well-formed origin (one the runtime has found to be serialized) matches this
    /// pattern. Allocates nothing.
    pub fn matches(&self, origin: &str) -> bool {
        let authority = origin
            .strip_prefix(&*self.scheme)
            .and_then(|rest| rest.strip_prefix("://"));
        let Some((host, port)) = authority.and_then(split_authority) else {
            return false;
        };
        let port_ok = match (self.port, port) {
            (PortRule::Default | PortRule::Any, None) => true,
            (PortRule::Exact(want), Some(got)) => parse_port(got) == Some(want),
            (PortRule::Any, Some(got)) => parse_port(got).is_some(),
            _ => false,
        };
        if !port_ok {
            return false;
        }
        if !self.subdomains {
            return host == self.host;
        }
        // `*.example.com`: one or more whole labels, then `.example.com`; nothing else.
        let Some(prefix) = host
            .strip_suffix(&*self.host)
            .and_then(|p| p.strip_suffix('.'))
        else {
            return false;
        };
        !prefix.is_empty() && prefix.split('.').all(is_host_label)
    }
}

/// The pattern as written in a policy.
impl fmt::Display for OriginPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let star = if self.subdomains { "*." } else { "" };
        write!(f, "{}://{star}{}", self.scheme, self.host)?;
        match self.port {
            PortRule::Default => Ok(()),
            PortRule::Exact(p) => write!(f, ":{p}"),
            PortRule::Any => f.write_str(":*"),
        }
    }
}
