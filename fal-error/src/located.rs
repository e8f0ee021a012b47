//! `Located`: an error given its place, input and retry choice where it is raised.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;

use http::StatusCode;
use serde::Serialize;

use crate::catalog::ErrorInfo;
use crate::echo::{EchoLimits, Echoed, echoed};
use crate::error::{CtxVisitor, FalError, WireSerialize};
use crate::fragments::Fragments;
use crate::loc::{Loc, LocItem};

/// An error with what only the raise site knows: where in the request it is, the input
/// that caused it, and (for errors whose retryability is a choice) whether to retry.
///
/// Made by [`FalError::at`], [`FalError::with_input`] and friends; everything it does not
/// override comes from the inner error. It implements `FalError` itself, and `Display`
/// and `Error` when the inner error does.
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let error = ModelError::GenerationTimeout { retryable: false }
///     .with_retryable(true)
///     .at("prompt")
///     .with_input("a very complex scene");
/// assert!(error.retryable());
/// assert_eq!(error.loc().to_string(), "body.prompt");
/// assert_eq!(error.input_value(), Some(serde_json::json!("a very complex scene")));
/// assert_eq!(error.inner().error_type(), "generation_timeout");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Located<E> {
    error: E,
    loc: Option<Loc>,
    input: Option<Echoed>,
    retryable: Option<bool>,
    needs_retry: Option<bool>,
}

impl<E> Located<E> {
    /// Wraps `error` with nothing overridden yet.
    ///
    /// ```
    /// use fal_error::{FalError, Located, ModelError};
    ///
    /// let located = Located::new(ModelError::NoMediaGenerated);
    /// assert_eq!(located.loc().to_string(), "body");
    /// assert_eq!(located.to_response().body(), ModelError::NoMediaGenerated.to_response().body());
    /// ```
    pub fn new(error: E) -> Self {
        Located {
            error,
            loc: None,
            input: None,
            retryable: None,
            needs_retry: None,
        }
    }

    /// Places the error at `["body", field]`.
    ///
    /// ```
    /// use fal_error::{FalError, Located, ModelError};
    ///
    /// let located = Located::new(ModelError::FileDownloadError).at("image_url");
    /// assert_eq!(
    ///     located.to_response().body(),
    ///     r#"{"detail":[{"loc":["body","image_url"],"msg":"File download error","type":"file_download_error","url":"https://docs.fal.ai/errors/#file_download_error"}]}"#,
    /// );
    /// ```
    #[must_use]
    pub fn at(self, field: impl Into<LocItem>) -> Self {
        self.at_loc(Loc::field(field))
    }

    /// Places the error at `loc`.
    ///
    /// ```
    /// use fal_error::{FalError, Loc, Located, ModelError};
    ///
    /// let located = Located::new(ModelError::FileDownloadError)
    ///     .at_loc(Loc::field("images").index(2).key("url"));
    /// assert_eq!(serde_json::to_string(&located.loc()).unwrap(), r#"["body","images",2,"url"]"#);
    /// ```
    #[must_use]
    pub fn at_loc(mut self, loc: Loc) -> Self {
        self.loc = Some(loc);
        self
    }

    /// Echoes `input`. A bounded copy is kept now (within [`EchoLimits::KEPT`]: non-finite
    /// floats become strings, bytes and data URIs are summarised, objects keep their order)
    /// and cut again with the response's limits when it is written, counting what `input`
    /// had.
    ///
    /// ```
    /// use fal_error::{FalError, Located, ModelError};
    ///
    /// let located = Located::new(ModelError::ImageTooSmall { min_height: 64, min_width: 64 })
    ///     .at("image_url")
    ///     .with_input("data:image/png;base64,iVBORw0KGgo=");
    /// assert_eq!(
    ///     located.to_response().body(),
    ///     r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too small","type":"image_too_small","url":"https://docs.fal.ai/errors/#image_too_small","ctx":{"min_height":64,"min_width":64},"input":"<data URI image/png, 8 bytes>"}]}"#,
    /// );
    /// ```
    #[must_use]
    pub fn with_input(mut self, input: impl Serialize) -> Self {
        self.input = Some(echoed(&input, &EchoLimits::KEPT));
        self
    }

    /// Echoes an input already copied within the caller's limits.
    #[cfg(feature = "json")]
    pub(crate) fn with_echoed(mut self, input: Echoed) -> Self {
        self.input = Some(input);
        self
    }

    /// Overrides whether the error is retryable.
    ///
    /// ```
    /// use fal_error::{FalError, Located, ModelError};
    ///
    /// let located = Located::new(ModelError::downstream_service_error()).with_retryable(true);
    /// assert!(located.retryable());
    /// assert_eq!(located.to_response().headers()["x-fal-retryable"], "true");
    /// ```
    #[must_use]
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = Some(retryable);
        self
    }

    /// Sends `X-Fal-Needs-Retry` with this value.
    ///
    /// ```
    /// use fal_error::{FalError, Located, ModelError};
    ///
    /// let located = Located::new(ModelError::downstream_service_unavailable())
    ///     .with_needs_retry(true);
    /// assert_eq!(located.needs_retry(), Some(true));
    /// assert_eq!(located.to_response().headers()["x-fal-needs-retry"], "1");
    /// ```
    #[must_use]
    pub fn with_needs_retry(mut self, needs_retry: bool) -> Self {
        self.needs_retry = Some(needs_retry);
        self
    }

    /// The wrapped error.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let located = ModelError::NoMediaGenerated.at("prompt");
    /// assert_eq!(located.inner(), &ModelError::NoMediaGenerated);
    /// ```
    pub fn inner(&self) -> &E {
        &self.error
    }

    /// Unwraps the error, dropping what the raise site added.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::NoMediaGenerated.at("prompt").with_input("a cat").into_inner();
    /// assert_eq!(error, ModelError::NoMediaGenerated);
    /// assert_eq!(error.loc().to_string(), "body");
    /// ```
    pub fn into_inner(self) -> E {
        self.error
    }

    /// The same placement around another error.
    #[cfg(feature = "json")]
    pub(crate) fn map<F>(self, rename: impl FnOnce(E) -> F) -> Located<F> {
        Located {
            error: rename(self.error),
            loc: self.loc,
            input: self.input,
            retryable: self.retryable,
            needs_retry: self.needs_retry,
        }
    }
}

impl<E: FalError> FalError for Located<E> {
    fn error_type(&self) -> &str {
        self.error.error_type()
    }

    fn status(&self) -> StatusCode {
        self.error.status()
    }

    fn retryable(&self) -> bool {
        self.retryable.unwrap_or_else(|| self.error.retryable())
    }

    fn needs_retry(&self) -> Option<bool> {
        self.needs_retry.or_else(|| self.error.needs_retry())
    }

    fn loc(&self) -> Loc {
        match &self.loc {
            Some(loc) => loc.clone(),
            None => self.error.loc(),
        }
    }

    fn msg(&self) -> Cow<'_, str> {
        self.error.msg()
    }

    fn url(&self) -> Cow<'_, str> {
        self.error.url()
    }

    fn visit_ctx(&self, visitor: &mut CtxVisitor<'_>) {
        self.error.visit_ctx(visitor)
    }

    fn catalog() -> Vec<ErrorInfo> {
        E::catalog()
    }

    fn __fragments(&self) -> Fragments {
        let fragments = self.error.__fragments();
        match self.loc {
            Some(_) => fragments.moved(),
            None => fragments,
        }
    }

    fn as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        self.error.as_error()
    }

    fn input(&self) -> Option<&dyn WireSerialize> {
        match &self.input {
            Some(input) => Some(input),
            None => self.error.input(),
        }
    }
}

impl<E: fmt::Display> fmt::Display for Located<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<E: Error> Error for Located<E> {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.error.source()
    }
}
