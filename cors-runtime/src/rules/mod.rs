//! The rules that make a CORS policy valid, written once.
//!
//! Plain Rust with no dependencies: the runtime uses this module to validate origins that arrive
//! at run time (an environment variable), and the `#[cors]` macro, which depends on this crate
//! with its `runtime` feature off, applies the very same functions to turn each violation into
//! a spanned compile error. Every `Err` is a complete sentence that names the bad item and says
//! how to fix it. What validation produces is what the runtime uses: the macro writes a
//! validated [`OriginPattern`] and the [`origin_table`] of exact origins into `static`s, and the
//! runtime builds the same from an environment variable.

mod hash;
mod header;
mod host;
mod method;
mod origin;
mod pattern;
pub mod policy;
mod punycode;
mod text;

pub use hash::{origin_hash, origin_table};
pub use header::{
    check_exposed_header, check_request_header, is_forbidden_request_header, is_tchar, is_token,
};
pub use host::{
    is_default_port, is_host_label, is_ipv6_literal, is_loopback_host, origin_host, parse_port,
    split_authority,
};
pub use method::{check_method, preflight_methods, KNOWN_METHODS, SAFELISTED_METHODS};
pub use origin::{
    check_origin_list, corrected_origin, parse_origin, ListError, OriginSpec, APP_SCHEMES,
    MAX_ORIGIN_LEN,
};
pub use pattern::{OriginPattern, PortRule};
pub use text::{did_you_mean, quote_list, split_list};
