//! Collects every error of one attribute so that a build reports them all at once.

use std::fmt::Display;

use proc_macro2::Span;

/// Errors found so far. Consumed by [`Ctxt::finish`]; forgetting to call it panics.
#[derive(Default)]
pub struct Ctxt {
    errors: Option<Vec<syn::Error>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt {
            errors: Some(Vec::new()),
        }
    }

    pub fn error(&mut self, span: Span, message: impl Display) {
        self.push(syn::Error::new(span, message));
    }

    pub fn push(&mut self, error: syn::Error) {
        self.errors
            .as_mut()
            .expect("Ctxt used after finish")
            .push(error);
    }

    /// All the errors joined into one, or `Ok` if there were none.
    pub fn finish(mut self) -> Result<(), syn::Error> {
        let mut errors = self.errors.take().expect("Ctxt finished twice").into_iter();
        let Some(mut first) = errors.next() else {
            return Ok(());
        };
        for e in errors {
            first.combine(e);
        }
        Err(first)
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if self.errors.is_some() && !std::thread::panicking() {
            panic!("Ctxt dropped without finish()");
        }
    }
}
