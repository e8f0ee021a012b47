//! Why a response was sent, kept beside it for the logs: the server-side error behind a
//! 5xx, never written to the body.

use std::error::Error;
use std::fmt;
use std::sync::Arc;

/// The error behind a response (its `source()` chain and `Debug` are logged, never sent).
#[derive(Clone)]
pub(crate) enum Cause {
    /// An error kept whole ([`ErrorResponse::with_source`](crate::ErrorResponse::with_source)).
    Error(Arc<dyn Error + Send + Sync + 'static>),
    /// The logged texts of the error a 5xx was written from, taken as it was written: the
    /// error itself is only borrowed then ([`FalError::as_error`](crate::FalError::as_error)).
    #[cfg(all(feature = "tracing", any(feature = "axum", feature = "actix-web")))]
    Explained(Arc<crate::integrations::trace::Explained>),
}

impl Cause {
    pub(crate) fn new(error: impl Into<Box<dyn Error + Send + Sync + 'static>>) -> Self {
        Cause::Error(Arc::from(error.into()))
    }

    /// The logged texts of `error`, taken now.
    #[cfg(all(feature = "tracing", any(feature = "axum", feature = "actix-web")))]
    pub(crate) fn explaining(error: &(dyn Error + '_)) -> Self {
        Cause::Explained(Arc::new(crate::integrations::trace::Explained::of(error)))
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Error(error) => fmt::Debug::fmt(error, f),
            #[cfg(all(feature = "tracing", any(feature = "axum", feature = "actix-web")))]
            Cause::Explained(explained) => fmt::Debug::fmt(explained, f),
        }
    }
}

/// Two responses that send the same bytes are equal whatever their causes: the cause is
/// not part of what a client receives.
impl PartialEq for Cause {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// A boxed error, as `ErrorResponse::with_source` takes it.
pub(crate) type BoxedError = Box<dyn Error + Send + Sync + 'static>;

/// Picks the `Error` impl of a value when its type has one, for generated code: the
/// method of [`ErrorCause`] (on `Probe<T>`) is found before the one of [`NoCause`] (on
/// `&Probe<T>`, reached only after autoref). Inside a generic impl the bound is not
/// known unless the impl states it, so the derive bounds a generic error by `Self: Error`
/// when it derives thiserror's `Error` too, and any other generic error has no cause.
#[doc(hidden)]
pub struct Probe<'a, T>(pub &'a T);

/// A value whose type implements `Error` is the cause of its own response.
#[doc(hidden)]
pub trait ErrorCause<'a> {
    fn __fal_cause(&self) -> Option<&'a (dyn Error + 'a)>;
}

impl<'a, T: Error> ErrorCause<'a> for Probe<'a, T> {
    fn __fal_cause(&self) -> Option<&'a (dyn Error + 'a)> {
        Some(self.0)
    }
}

/// Any other value has none.
#[doc(hidden)]
pub trait NoCause<'a> {
    fn __fal_cause(&self) -> Option<&'a (dyn Error + 'a)> {
        None
    }
}

impl<'a, T> NoCause<'a> for &Probe<'a, T> {}
