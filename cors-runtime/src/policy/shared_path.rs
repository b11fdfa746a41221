//! `preflight!`'s compile-time check that the handlers sharing a path do not claim the same
//! method with different policies.

/// What a handler claims on a shared preflight: checked at compile time by `preflight!`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct Claims {
    /// The handler, with its module path.
    pub handler: &'static str,
    /// Methods whose preflights this policy answers.
    pub methods: &'static [&'static str],
    /// A canonical rendering of what judges a preflight (origins, methods, headers,
    /// credentials, `max_age`, `private_network`), lists sorted: policies that answer
    /// preflights alike render alike, whatever order their lists were written in.
    pub fingerprint: &'static str,
}

/// Compile-time check that no two different policies answer preflights for the same method.
/// `call` is the macro call (`preflight!(a, b)`), quoted by the compile error otherwise, which
/// names the method and the two handlers.
///
/// `#[track_caller]`: rustc leaves such frames out of a failed constant's backtrace, so the
/// error is reported at the caller (the user's `preflight!(..)`), with no note pointing inside
/// this function or into `core`'s `panic!` (whose text depends on whether the `rust-src`
/// component is installed).
#[doc(hidden)]
#[track_caller]
pub const fn check_shared_path(claims: &[Claims], call: &str) {
    let mut i = 0;
    while i < claims.len() {
        let mut j = i + 1;
        while j < claims.len() {
            if !str_eq(claims[i].fingerprint, claims[j].fingerprint) {
                if let Some(method) = overlap(claims[i].methods, claims[j].methods) {
                    let message = Message::new()
                        .push(call)
                        .push(": `")
                        .push(claims[i].handler)
                        .push("` and `")
                        .push(claims[j].handler)
                        .push("` have different #[cors] policies and both answer preflights for ")
                        .push(method)
                        .push(" (a handler without `methods` answers for GET, HEAD and POST). A preflight names one method, so one policy must judge it: give each handler `methods = \"...\"` naming only the methods it serves, or make their policies identical.");
                    panic!("{}", message.as_str());
                }
            }
            j += 1;
        }
        i += 1;
    }
}

/// The first method both lists claim, as the error names it.
const fn overlap(a: &[&'static str], b: &[&'static str]) -> Option<&'static str> {
    let mut i = 0;
    while i < a.len() {
        let mut j = 0;
        while j < b.len() {
            let (x, y) = (a[i], b[j]);
            if str_eq(x, y) || str_eq(y, "*") {
                return Some(if str_eq(x, "*") { "every method" } else { x });
            }
            if str_eq(x, "*") {
                return Some(y);
            }
            j += 1;
        }
        i += 1;
    }
    None
}

/// A compile-time error message, built without allocating (a `const fn` cannot).
struct Message {
    bytes: [u8; 2048],
    len: usize,
    full: bool,
}

impl Message {
    const fn new() -> Self {
        Message {
            bytes: [0; 2048],
            len: 0,
            full: false,
        }
    }

    /// Appends `text` whole; once something does not fit, `…` and nothing more (so that the
    /// message stays valid UTF-8).
    const fn push(mut self, text: &str) -> Self {
        const ELLIPSIS: &str = "…";
        if self.full {
            return self;
        }
        let room = self.bytes.len() - ELLIPSIS.len() - self.len;
        let text = match text.len() <= room {
            true => text.as_bytes(),
            false => {
                self.full = true;
                ELLIPSIS.as_bytes()
            }
        };
        let mut i = 0;
        while i < text.len() {
            self.bytes[self.len + i] = text[i];
            i += 1;
        }
        self.len += text.len();
        self
    }

    const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "",
        }
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::{check_shared_path, Claims};

    fn conflict(claims: &[Claims]) -> Option<String> {
        let result = std::panic::catch_unwind(|| check_shared_path(claims, "preflight!(a, b)"));
        result.err().map(|e| *e.downcast::<String>().unwrap())
    }

    const fn claims(
        handler: &'static str,
        methods: &'static [&'static str],
        fingerprint: &'static str,
    ) -> Claims {
        Claims {
            handler,
            methods,
            fingerprint,
        }
    }

    #[test]
    fn shared_path_conflict_names_the_method_and_both_handlers() {
        let message = conflict(&[
            claims("app::list", &["GET", "HEAD", "POST"], "one"),
            claims("app::create", &["POST"], "two"),
        ])
        .expect("a conflict");
        assert!(
            message.starts_with("preflight!(a, b): `app::list` and `app::create`"),
            "{message}"
        );
        assert!(
            message.contains("both answer preflights for POST "),
            "{message}"
        );
        let message =
            conflict(&[claims("a", &["*"], "one"), claims("b", &["PATCH"], "two")]).unwrap();
        assert!(message.contains("for PATCH "), "{message}");
        let message = conflict(&[claims("a", &["*"], "one"), claims("b", &["*"], "two")]).unwrap();
        assert!(message.contains("for every method "), "{message}");
    }

    #[test]
    fn shared_path_without_conflict_passes() {
        assert!(conflict(&[claims("a", &["PUT"], "one"), claims("b", &["PUT"], "one")]).is_none());
        assert!(conflict(&[claims("a", &["PUT"], "one"), claims("b", &["GET"], "two")]).is_none());
    }

    #[test]
    fn shared_path_conflict_message_is_cut_whole_when_too_long() {
        let long: &'static str = Box::leak("m::".repeat(1000).into_boxed_str());
        let message =
            conflict(&[claims(long, &["PUT"], "one"), claims("b", &["PUT"], "two")]).unwrap();
        assert!(message.len() <= 2048, "{}", message.len());
        assert!(message.ends_with('…'), "{message}");
    }
}
