//! `origins_env`: origins read from an environment variable once, at start-up, and validated
//! by the same rules as the attribute's.

use std::fmt;
use std::sync::OnceLock;

use crate::rules::{self, OriginSpec};

use super::OriginList;

/// Origins read from an environment variable once, at start-up.
#[derive(Debug)]
pub struct EnvOrigins {
    /// The handler whose policy it is.
    pub handler: &'static str,
    /// The named policy it comes from (`cors_policy!(API: ..)`), if any.
    pub policy: Option<&'static str>,
    /// The variable's name.
    pub var: &'static str,
    /// Whether the policy sends credentials (then `*` and plain-http non-loopback are refused).
    pub credentials: bool,
    loaded: OnceLock<Result<EnvList, PolicyError>>,
    reported: std::sync::atomic::AtomicBool,
}

#[derive(Debug)]
pub(crate) struct EnvList {
    pub(super) any: bool,
    pub(super) origins: OriginList,
}

/// A policy that arrived at run time (an environment variable) broke a rule: what
/// [`Policy::validate`](super::Policy::validate), `handler::validate()` and `validate!` return. Its `Display` is a
/// complete sentence naming the handler, the variable, the bad item and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PolicyError {
    /// The handler whose policy it is (for a router-wide policy, the policy's name).
    pub handler: &'static str,
    /// The named policy the variable belongs to (`cors_policy!(API: ..)`), if any: the place
    /// to fix it.
    pub policy: Option<&'static str>,
    /// The variable.
    pub var: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.policy {
            Some(policy) if policy != self.handler => write!(
                f,
                "CORS policy `{policy}` (used by `{}`): environment variable {}: {}",
                self.handler, self.var, self.message
            ),
            Some(policy) => write!(
                f,
                "CORS policy `{policy}`: environment variable {}: {}",
                self.var, self.message
            ),
            None => write!(
                f,
                "CORS policy of `{}`: environment variable {}: {}",
                self.handler, self.var, self.message
            ),
        }
    }
}

impl std::error::Error for PolicyError {}

impl EnvOrigins {
    /// Used by generated code.
    pub const fn new(handler: &'static str, var: &'static str, credentials: bool) -> Self {
        EnvOrigins {
            handler,
            policy: None,
            var,
            credentials,
            loaded: OnceLock::new(),
            reported: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// Used by generated code, for a policy defined with `cors_policy!` under `policy`'s name.
    pub const fn of_policy(
        handler: &'static str,
        policy: &'static str,
        var: &'static str,
        credentials: bool,
    ) -> Self {
        EnvOrigins {
            handler,
            policy: Some(policy),
            var,
            credentials,
            loaded: OnceLock::new(),
            reported: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub(super) fn load(&self) -> Result<&EnvList, &PolicyError> {
        self.loaded.get_or_init(|| self.read()).as_ref()
    }

    /// The list, or `None` (refuse everything) if the variable was invalid.
    pub(crate) fn list(&self) -> Option<&EnvList> {
        match self.load() {
            Ok(list) => Some(list),
            Err(e) => {
                // Once, not on every request: a bad variable must not flood the log.
                if !self
                    .reported
                    .swap(true, std::sync::atomic::Ordering::Relaxed)
                {
                    tracing::error!(target: "axum_strict_cors", "{e}; refusing every origin it would have allowed");
                }
                None
            }
        }
    }

    /// `$VAR = ...` for log lines: what was loaded, not just the variable's name, so that the
    /// operator sees what is allowed.
    pub(super) fn describe(&self) -> String {
        let loaded = match self.loaded.get() {
            Some(Ok(list)) if list.any => "*".to_string(),
            Some(Ok(list)) => list.origins.describe(),
            Some(Err(_)) => "nothing (invalid)".to_string(),
            None => "not loaded yet".to_string(),
        };
        format!("${} = {loaded}", self.var)
    }

    fn read(&self) -> Result<EnvList, PolicyError> {
        let fail = |message: String| PolicyError {
            handler: self.handler,
            policy: self.policy,
            var: self.var,
            message,
        };
        let value = std::env::var(self.var).map_err(|e| match e {
            std::env::VarError::NotPresent => fail("is not set; set it to a comma-separated list of origins such as `https://app.example.com`".into()),
            std::env::VarError::NotUnicode(_) => fail("is not valid UTF-8".into()),
        })?;
        let specs = parse_origin_list(&value, self.credentials).map_err(fail)?;
        let any = specs.contains(&OriginSpec::Any);
        Ok(EnvList {
            any,
            origins: OriginList::from_specs(specs),
        })
    }
}

/// Parses and validates a comma-separated origin list that arrives at run time (an
/// `origins_env` variable) with the rules the macro applies to literal origins: the very same
/// function, `rules::check_origin_list`. `null` is never accepted from the environment. The
/// error is the first broken rule's message.
pub fn parse_origin_list(value: &str, credentials: bool) -> Result<Vec<OriginSpec>, String> {
    rules::check_origin_list(&rules::split_list(value), credentials, false).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .map(|e| e.message)
            .unwrap_or_default()
    })
}
