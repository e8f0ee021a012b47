//! The `FalError` trait: what every fal error, derived or built in, tells about itself.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::ErrorInfo;
use crate::echo::{EchoLimits, echo_value};
use crate::finite::Finite;
use crate::fragments::Fragments;
use crate::loc::{Loc, LocItem};
use crate::located::Located;
use crate::response::ErrorResponse;

/// The base of fal's error documentation as the spec pages write it; a type's URL is
/// this base, `#`, and the type. fal's servers write the base without the trailing slash
/// (`https://docs.fal.ai/errors`); pass that as `doc_base` to match them.
///
/// ```
/// use fal_error::{DEFAULT_DOC_BASE, FalError};
///
/// #[derive(Debug, FalError)]
/// enum UpscaleError {
///     GpuBusy,
/// }
///
/// #[derive(Debug, FalError)]
/// #[fal(doc_base = "https://docs.fal.ai/errors")]
/// enum AsFalServersWrite {
///     GpuBusy,
/// }
///
/// assert_eq!(DEFAULT_DOC_BASE, "https://docs.fal.ai/errors/");
/// assert_eq!(UpscaleError::GpuBusy.url(), "https://docs.fal.ai/errors/#gpu_busy");
/// assert_eq!(AsFalServersWrite::GpuBusy.url(), "https://docs.fal.ai/errors#gpu_busy");
/// ```
pub const DEFAULT_DOC_BASE: &str = "https://docs.fal.ai/errors/";

/// One visitor call per `ctx` entry: the key and the value, serialized straight from the
/// error's field.
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let mut keys = Vec::new();
/// ModelError::ImageTooLarge { max_height: 1024, max_width: 768 }.visit_ctx(&mut |key, value| {
///     keys.push(format!("{key}={}", serde_json::to_string(value).unwrap()));
/// });
/// assert_eq!(keys, ["max_height=1024", "max_width=768"]);
/// ```
pub type CtxVisitor<'a> = dyn FnMut(&str, &dyn WireSerialize) + 'a;

/// A `ctx` or `input` value as [`FalError`] hands it out: any `Serialize` value behind a
/// pointer, which serializes as itself.
///
/// Every `T: Serialize` implements it and nothing else can (the trait is sealed): it only
/// lets the trait stay object safe while its values are written with serde. `&dyn
/// WireSerialize` implements `serde::Serialize`.
///
/// ```
/// use fal_error::WireSerialize;
///
/// let value: &dyn WireSerialize = &[1, 2, 3];
/// assert_eq!(serde_json::to_string(value).unwrap(), "[1,2,3]");
/// ```
pub trait WireSerialize: sealed::Serializable {}

impl<T: Serialize + ?Sized> WireSerialize for T {}

impl Serialize for dyn WireSerialize + '_ {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        erased_serde::serialize(self, serializer)
    }
}

/// Keeps `erased_serde` out of the public API: users can name neither this trait nor its
/// methods, so `WireSerialize` cannot be implemented by hand.
mod sealed {
    pub trait Serializable: erased_serde::Serialize {}

    impl<T: serde::Serialize + ?Sized> Serializable for T {}
}

/// An error that fal can report: it knows its HTTP status, its retryability and every
/// key of its detail item (`loc`, `msg`, `type`, `url`, `ctx`, `input`).
///
/// Derive it with `#[derive(FalError)]`; the trait is object safe, so `&dyn FalError`
/// and `Box<dyn FalError>` work too.
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let error = ModelError::ImageTooLarge { max_height: 1024, max_width: 1024 }
///     .at("image_url")
///     .with_input("https://example.com/big.png");
/// assert_eq!(error.error_type(), "image_too_large");
/// assert_eq!(error.status(), http::StatusCode::UNPROCESSABLE_ENTITY);
/// assert!(!error.retryable());
/// assert_eq!(error.loc().to_string(), "body.image_url");
/// assert_eq!(error.msg(), "Image too large");
/// assert_eq!(error.url(), "https://docs.fal.ai/errors/#image_too_large");
/// assert_eq!(
///     serde_json::to_string(&error.to_response()).unwrap(),
///     r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":1024,"max_width":1024},"input":"https://example.com/big.png"}]}"#,
/// );
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a fal error",
    label = "`{Self}` does not implement `FalError`",
    note = "derive it with `#[derive(Debug, fal_error::FalError)]`; a `#[fal(transparent)]` field must hold a fal error itself"
)]
pub trait FalError: fmt::Debug {
    /// The machine-readable `type` (`"image_too_large"`).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     GpuBusy,
    ///     #[fal(type = "lora_not_found")]
    ///     MissingLora,
    ///     #[fal(transparent)]
    ///     Model(ModelError),
    /// }
    ///
    /// assert_eq!(UpscaleError::GpuBusy.error_type(), "gpu_busy");
    /// assert_eq!(UpscaleError::MissingLora.error_type(), "lora_not_found");
    /// assert_eq!(UpscaleError::Model(ModelError::NoMediaGenerated).error_type(), "no_media_generated");
    /// ```
    fn error_type(&self) -> &str;

    /// The HTTP status of the response.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    /// use http::StatusCode;
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     TooManySteps,
    ///     #[fal(status = 503, retryable = true)]
    ///     GpuBusy,
    /// }
    ///
    /// assert_eq!(UpscaleError::TooManySteps.status(), StatusCode::UNPROCESSABLE_ENTITY);
    /// assert_eq!(UpscaleError::GpuBusy.status(), StatusCode::SERVICE_UNAVAILABLE);
    /// assert_eq!(ModelError::generation_timeout().status(), StatusCode::GATEWAY_TIMEOUT);
    /// ```
    fn status(&self) -> StatusCode;

    /// The `X-Fal-Retryable` header: whether retrying the same request may succeed.
    ///
    /// ```
    /// use fal_error::FalError;
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(status = 503, retryable = true)]
    ///     GpuBusy,
    ///     #[fal(status = 500)]
    ///     Crashed { #[fal(retryable)] transient: bool },
    /// }
    ///
    /// assert!(UpscaleError::GpuBusy.retryable());
    /// assert!(UpscaleError::Crashed { transient: true }.retryable());
    /// assert_eq!(UpscaleError::Crashed { transient: false }.to_response().headers()["x-fal-retryable"], "false");
    /// ```
    fn retryable(&self) -> bool;

    /// The `X-Fal-Needs-Retry` header, which overrides fal's status-based retries; sent
    /// only when this is `Some`.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(ModelError::NoMediaGenerated.needs_retry(), None);
    /// let error = ModelError::NoMediaGenerated.with_needs_retry(true);
    /// assert_eq!(error.needs_retry(), Some(true));
    /// assert_eq!(error.to_response().headers()["x-fal-needs-retry"], "1");
    /// ```
    fn needs_retry(&self) -> Option<bool> {
        None
    }

    /// Where in the request the error is (`["body"]` unless placed at a field).
    ///
    /// ```
    /// use fal_error::{FalError, Loc};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(loc = ["body", "image_url"])]
    ///     Unreachable,
    ///     BadLora { #[fal(loc)] at: Loc },
    ///     GpuBusy,
    /// }
    ///
    /// assert_eq!(UpscaleError::Unreachable.loc(), Loc::field("image_url"));
    /// let at = Loc::field("loras").index(1);
    /// assert_eq!(UpscaleError::BadLora { at: at.clone() }.loc(), at);
    /// assert_eq!(UpscaleError::GpuBusy.loc(), Loc::body());
    /// assert_eq!(UpscaleError::GpuBusy.at("prompt").loc(), Loc::field("prompt"));
    /// ```
    fn loc(&self) -> Loc;

    /// The human-readable message.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(msg = "LoRA {name} was not found")]
    ///     LoraNotFound { name: String },
    ///     ImageTooBlurry,
    /// }
    ///
    /// assert_eq!(UpscaleError::LoraNotFound { name: "pixel-art".into() }.msg(), "LoRA pixel-art was not found");
    /// assert_eq!(UpscaleError::ImageTooBlurry.msg(), "Image too blurry");
    /// assert_eq!(ModelError::one_of([2, 4]).msg(), "Input should be 2 or 4");
    /// ```
    fn msg(&self) -> Cow<'_, str>;

    /// The link to the documentation of this error's type.
    ///
    /// ```
    /// use fal_error::FalError;
    ///
    /// #[derive(Debug, FalError)]
    /// #[fal(doc_base = "https://example.com/errors/")]
    /// enum UpscaleError {
    ///     GpuBusy,
    ///     #[fal(url = "https://example.com/loras#missing")]
    ///     LoraNotFound,
    /// }
    ///
    /// assert_eq!(UpscaleError::GpuBusy.url(), "https://example.com/errors/#gpu_busy");
    /// assert_eq!(UpscaleError::LoraNotFound.url(), "https://example.com/loras#missing");
    /// ```
    fn url(&self) -> Cow<'_, str>;

    /// Hands each `ctx` entry to `visitor`, in order; errors without context do nothing.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let mut entries = Vec::new();
    /// ModelError::less_than_equal(50).visit_ctx(&mut |key, value| {
    ///     entries.push(format!("{key}: {}", serde_json::to_string(value).unwrap()));
    /// });
    /// assert_eq!(entries, ["le: 50"]);
    ///
    /// let mut calls = 0;
    /// ModelError::NoMediaGenerated.visit_ctx(&mut |_, _| calls += 1);
    /// assert_eq!(calls, 0);
    /// ```
    fn visit_ctx(&self, visitor: &mut CtxVisitor<'_>) {
        let _ = visitor;
    }

    /// The request input that caused the error, as given; it is made JSON-safe and capped
    /// when written (see [`EchoLimits`]).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     BadScale { #[fal(input)] scale: u32 },
    /// }
    ///
    /// let input = UpscaleError::BadScale { scale: 3 }.input().map(|value| serde_json::to_string(value).unwrap());
    /// assert_eq!(input.as_deref(), Some("3"));
    /// assert!(ModelError::NoMediaGenerated.input().is_none());
    /// ```
    fn input(&self) -> Option<&dyn WireSerialize> {
        None
    }

    /// Not part of the API (the derive implements it): the constant parts of this error's
    /// detail item, escaped once, which the response writer copies as they are.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(ModelError::FileTooLarge { max_size: 1 }.__fragments().msg, r#""File too large""#);
    /// ```
    #[doc(hidden)]
    fn __fragments(&self) -> Fragments {
        Fragments::NONE
    }

    /// This error as a [`std::error::Error`], when its type implements it: a 5xx
    /// response built from it keeps its text, `source()` chain and `Debug` for the
    /// `tracing` event (never the body), however it became the response (`?` into
    /// [`ErrorResponse`] included).
    ///
    /// Derived errors answer it on their own: a type that implements `Error` is its own
    /// answer (a generic one when it also derives `thiserror::Error`: the derive then
    /// bounds its impls by `Self: Error`); other types answer `None`.
    ///
    /// ```
    /// use fal_error::FalError;
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(status = 500, retryable = false)]
    ///     Weights(std::io::Error),
    /// }
    ///
    /// impl std::fmt::Display for UpscaleError {
    ///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
    ///         f.write_str("the weights could not be read")
    ///     }
    /// }
    ///
    /// impl std::error::Error for UpscaleError {
    ///     fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
    ///         let UpscaleError::Weights(io) = self;
    ///         Some(io)
    ///     }
    /// }
    ///
    /// #[derive(Debug, FalError)]
    /// enum NotAnError {
    ///     GpuBusy,
    /// }
    ///
    /// let error = UpscaleError::Weights(std::io::Error::other("disk full"));
    /// let as_error = error.as_error().unwrap();
    /// assert_eq!(as_error.to_string(), "the weights could not be read");
    /// assert_eq!(as_error.source().unwrap().to_string(), "disk full");
    /// assert!(NotAnError::GpuBusy.as_error().is_none());
    /// ```
    fn as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
        None
    }

    /// The static metadata of every type this error can send (empty unless derived).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(status = 503, retryable = true)]
    ///     GpuBusy,
    ///     #[fal(transparent)]
    ///     Model(ModelError),
    /// }
    ///
    /// let types: Vec<&str> = UpscaleError::catalog().iter().map(|info| info.error_type).collect();
    /// assert_eq!(types.len(), 32);
    /// assert_eq!(types[..2], ["gpu_busy", "internal_server_error"]);
    /// ```
    fn catalog() -> Vec<ErrorInfo>
    where
        Self: Sized,
    {
        Vec::new()
    }

    /// The `ctx` object as JSON, as the body writes it: `None` when the error has no
    /// context, or when a value fails to serialize (the body then leaves `ctx` out).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let ctx = ModelError::ImageTooSmall { min_height: 64, min_width: 32 }.ctx().unwrap();
    /// assert_eq!(serde_json::to_string(&ctx).unwrap(), r#"{"min_height":64,"min_width":32}"#);
    /// assert_eq!(ModelError::NoMediaGenerated.ctx(), None);
    /// ```
    fn ctx(&self) -> Option<Map<String, Value>> {
        ctx_of(self)
    }

    /// The `input` as it is written to the body, JSON-safe and capped by the default
    /// [`EchoLimits`], as a `serde_json::Value`: its objects list their keys sorted
    /// (unless serde_json's `preserve_order` feature is on), where the body keeps the
    /// order the input had.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let long_prompt = "a".repeat(5000);
    /// let error = ModelError::NoMediaGenerated.with_input(&long_prompt);
    /// let echoed = error.input_value().unwrap();
    /// // Cut at EchoLimits::DEFAULT's 4096 bytes, saying how long it was.
    /// assert!(echoed.as_str().unwrap().ends_with("aaa...<truncated, 5000 bytes>"));
    /// assert!(echoed.as_str().unwrap().starts_with(&"a".repeat(4096)));
    /// assert_eq!(ModelError::NoMediaGenerated.with_input(f64::INFINITY).input_value(), Some("inf".into()));
    /// ```
    fn input_value(&self) -> Option<Value> {
        self.input()
            .map(|input| echo_value(input, &EchoLimits::DEFAULT))
    }

    /// The complete response: status, headers and the `{"detail": [...]}` body.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let response = ModelError::ContentPolicyViolation.at("prompt").to_response();
    /// assert_eq!(response.status(), 422);
    /// assert_eq!(response.headers()["content-type"], "application/json");
    /// assert_eq!(response.headers()["x-fal-retryable"], "false");
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation"}]}"#,
    /// );
    /// ```
    fn to_response(&self) -> ErrorResponse {
        ErrorResponse::from_error(self)
    }

    /// Places the error at a top-level field of the body: `loc` becomes `["body", field]`.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::ImageLoadError.at("image_url");
    /// assert_eq!(serde_json::to_string(&error.loc()).unwrap(), r#"["body","image_url"]"#);
    /// ```
    fn at(self, field: impl Into<LocItem>) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).at(field)
    }

    /// Places the error at any location, `["body", "images", 2]` for instance.
    ///
    /// ```
    /// use fal_error::{FalError, Loc, ModelError};
    ///
    /// let error = ModelError::ImageLoadError.at_loc(Loc::field("images").index(2));
    /// assert_eq!(serde_json::to_string(&error.loc()).unwrap(), r#"["body","images",2]"#);
    /// ```
    fn at_loc(self, loc: Loc) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).at_loc(loc)
    }

    /// Echoes `input` (the offending value) in the body.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::one_of(["euler", "dpm"]).at("scheduler").with_input("ddim");
    /// assert_eq!(
    ///     error.to_response().body(),
    ///     r#"{"detail":[{"loc":["body","scheduler"],"msg":"Input should be 'euler' or 'dpm'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["euler","dpm"]},"input":"ddim"}]}"#,
    /// );
    /// ```
    fn with_input(self, input: impl Serialize) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).with_input(input)
    }

    /// Overrides whether the error is retryable.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let error = ModelError::internal_server_error().with_retryable(true);
    /// assert!(error.retryable());
    /// assert_eq!(error.to_response().headers()["x-fal-retryable"], "true");
    /// ```
    fn with_retryable(self, retryable: bool) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).with_retryable(retryable)
    }

    /// Sends `X-Fal-Needs-Retry`, which makes fal retry (or not) whatever the status.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let response = ModelError::internal_server_error().with_needs_retry(false).to_response();
    /// assert_eq!(response.status(), 500);
    /// assert_eq!(response.headers()["x-fal-needs-retry"], "0");
    /// ```
    fn with_needs_retry(self, needs_retry: bool) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).with_needs_retry(needs_retry)
    }
}

/// `FalError::ctx`, once for every type: derived impls call it through `dyn FalError`,
/// so that their vtables do not each instantiate it.
pub(crate) fn ctx_of<E: FalError + ?Sized>(error: &E) -> Option<Map<String, Value>> {
    let mut ctx = Some(Map::new());
    error.visit_ctx(&mut |key, value| {
        if let Some(entries) = &mut ctx {
            match serde_json::to_value(Finite(value)) {
                Ok(value) => {
                    entries.insert(key.to_owned(), value);
                }
                Err(_) => ctx = None,
            }
        }
    });
    ctx.filter(|entries| !entries.is_empty())
}

macro_rules! forward_fal_error {
    ($($pointer:ty),*) => {$(
        impl<E: FalError + ?Sized> FalError for $pointer {
            fn error_type(&self) -> &str {
                (**self).error_type()
            }
            fn status(&self) -> StatusCode {
                (**self).status()
            }
            fn retryable(&self) -> bool {
                (**self).retryable()
            }
            fn needs_retry(&self) -> Option<bool> {
                (**self).needs_retry()
            }
            fn loc(&self) -> Loc {
                (**self).loc()
            }
            fn msg(&self) -> Cow<'_, str> {
                (**self).msg()
            }
            fn url(&self) -> Cow<'_, str> {
                (**self).url()
            }
            fn visit_ctx(&self, visitor: &mut CtxVisitor<'_>) {
                (**self).visit_ctx(visitor)
            }
            fn input(&self) -> Option<&dyn WireSerialize> {
                (**self).input()
            }
            fn __fragments(&self) -> Fragments {
                (**self).__fragments()
            }
            fn as_error(&self) -> Option<&(dyn std::error::Error + '_)> {
                (**self).as_error()
            }
        }
    )*};
}
forward_fal_error!(&E, Box<E>);

/// The documentation URL of a type under a base: `base#type`.
///
/// ```
/// assert_eq!(
///     fal_error::doc_url(fal_error::DEFAULT_DOC_BASE, "one_of"),
///     "https://docs.fal.ai/errors/#one_of",
/// );
/// assert_eq!(fal_error::doc_url("https://docs.fal.ai/errors", "one_of"), "https://docs.fal.ai/errors#one_of");
/// ```
pub fn doc_url(base: &str, error_type: &str) -> String {
    let mut url = String::with_capacity(base.len() + 1 + error_type.len());
    url.push_str(base);
    url.push('#');
    url.push_str(error_type);
    url
}
