//! The derive's errors: each a message at one span, collected so that every mistake of
//! an input is reported in one build, then written as `compile_error!`s.

use std::fmt::Display;

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned;

/// One or more mistakes.
#[derive(Debug)]
pub struct Error(Vec<Single>);

#[derive(Debug)]
enum Single {
    Custom(String, Option<Span>),
    Parse(syn::Error),
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A mistake whose span is given by [`Error::with_span`] or [`Error::at`].
    pub fn custom(message: impl Display) -> Self {
        Error(vec![Single::Custom(message.to_string(), None)])
    }

    /// The same mistake, placed at `node` unless it has a place already.
    pub fn with_span<T: Spanned + ?Sized>(self, node: &T) -> Self {
        self.at(node.span())
    }

    /// The same mistake, placed at `span` unless it has a place already.
    pub fn at(mut self, span: Span) -> Self {
        for single in &mut self.0 {
            if let Single::Custom(_, place @ None) = single {
                *place = Some(span);
            }
        }
        self
    }

    pub fn accumulator() -> Accumulator {
        Accumulator(Vec::new())
    }

    /// One `compile_error!` per mistake, in the order they were found.
    pub fn write_errors(self) -> TokenStream {
        self.0
            .into_iter()
            .map(|single| match single {
                Single::Custom(message, span) => {
                    syn::Error::new(span.unwrap_or_else(Span::call_site), message)
                        .into_compile_error()
                }
                Single::Parse(error) => error.into_compile_error(),
            })
            .collect()
    }
}

impl From<syn::Error> for Error {
    fn from(error: syn::Error) -> Self {
        Error(vec![Single::Parse(error)])
    }
}

/// Mistakes found so far.
pub struct Accumulator(Vec<Error>);

impl Accumulator {
    pub fn push(&mut self, error: Error) {
        self.0.push(error);
    }

    /// The value of `result`, or `None` with its mistake kept.
    pub fn handle<T>(&mut self, result: Result<T>) -> Option<T> {
        result.map_err(|error| self.push(error)).ok()
    }

    /// The mistakes found, one by one.
    pub fn into_inner(self) -> Vec<Error> {
        self.0
    }

    pub fn finish(self) -> Result<()> {
        self.finish_with(())
    }

    /// `value` if nothing was found, else every mistake as one error.
    pub fn finish_with<T>(self, value: T) -> Result<T> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error(
                self.0.into_iter().flat_map(|error| error.0).collect(),
            ))
        }
    }
}
