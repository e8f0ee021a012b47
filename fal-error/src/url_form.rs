//! The form of the documentation links a response writes: the spec pages'
//! `https://docs.fal.ai/errors/#type` or fal's servers' `https://docs.fal.ai/errors#type`,
//! chosen once for a whole app (the serving layer) or for a piece of code
//! ([`UrlForm::scope`]), so that one response never mixes the two.

use std::cell::Cell;

use crate::error::DEFAULT_DOC_BASE;

/// Which form of fal's documentation links errors write.
///
/// It applies to every link in fal's default base: the built-in errors, the extractors'
/// rejections and derived errors without a `doc_base` of their own (or with
/// `doc_base` equal to [`DEFAULT_DOC_BASE`]); a link to any other base, or a
/// variant's own `url`, is written as it is.
///
/// The serving layer ([`FalLayer::url_form`](crate::FalLayer::url_form)) sets it for
/// everything written while it polls a request, and a response written where it was not
/// in effect (on another thread: in a task the handler spawned) is rewritten into the
/// layer's form when the handler hands it to the framework, so that every response of an
/// app, and every link of one response, has the same form. A response turned into a
/// framework response where no form is in effect (inside the spawned task itself) keeps
/// the form it was written in.
///
/// ```
/// use fal_error::{FalError, ModelError, UrlForm};
///
/// let error = ModelError::ImageLoadError.at("image_url");
/// assert!(error.to_response().body().contains(r#""url":"https://docs.fal.ai/errors/#image_load_error""#));
/// let response = UrlForm::FalServers.scope(|| error.to_response());
/// assert!(response.body().contains(r#""url":"https://docs.fal.ai/errors#image_load_error""#));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UrlForm {
    /// `https://docs.fal.ai/errors/#type`, as fal's documentation pages write it.
    #[default]
    Spec,
    /// `https://docs.fal.ai/errors#type`, as fal's own servers send it.
    FalServers,
}

thread_local! {
    /// The form of the innermost [`UrlForm::scope`] running on this thread, if any.
    static CURRENT: Cell<Option<UrlForm>> = const { Cell::new(None) };
}

impl UrlForm {
    /// The base this form writes before `#type`.
    ///
    /// ```
    /// assert_eq!(fal_error::UrlForm::FalServers.base(), "https://docs.fal.ai/errors");
    /// ```
    pub const fn base(self) -> &'static str {
        match self {
            UrlForm::Spec => DEFAULT_DOC_BASE,
            UrlForm::FalServers => "https://docs.fal.ai/errors",
        }
    }

    /// Runs `f` with every response written on this thread meanwhile using this form.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, UrlForm};
    ///
    /// let url = UrlForm::FalServers.scope(|| ModelError::FileDownloadError.url().into_owned());
    /// // `url()` is the error's own; the form applies where a response is written.
    /// assert_eq!(url, "https://docs.fal.ai/errors/#file_download_error");
    /// ```
    pub fn scope<T>(self, f: impl FnOnce() -> T) -> T {
        let previous = CURRENT.with(|current| current.replace(Some(self)));
        let _restore = Restore(previous);
        f()
    }

    /// The form in effect on this thread: the innermost scope's, [`UrlForm::Spec`] outside
    /// any.
    pub(crate) fn current() -> Self {
        Self::in_effect().unwrap_or_default()
    }

    /// The form of the scope running on this thread, `None` outside any.
    #[cfg_attr(
        not(any(feature = "axum", feature = "actix-web")),
        allow(dead_code, reason = "only the frameworks' conversions ask")
    )]
    pub(crate) fn in_effect() -> Option<Self> {
        CURRENT.with(Cell::get)
    }
}

/// Puts the previous form back, also when `f` panics.
struct Restore(Option<UrlForm>);

impl Drop for Restore {
    fn drop(&mut self) {
        CURRENT.with(|current| current.set(self.0));
    }
}

/// `url` as the form in effect writes it, in two parts: a link in fal's default base gets
/// the form's base (the first part; empty when the url is unchanged) before its `#type`
/// (the second), so that the writer puts them side by side without building the url.
pub(crate) fn written_parts(url: &str) -> (&'static str, &str) {
    let form = UrlForm::current();
    if form == UrlForm::Spec {
        return ("", url);
    }
    match url.strip_prefix(DEFAULT_DOC_BASE) {
        Some(fragment) if fragment.starts_with('#') => (form.base(), fragment),
        _ => ("", url),
    }
}
