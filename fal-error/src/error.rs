//! The `FalError` trait: what every fal error, derived or built in, tells about itself.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::catalog::ErrorInfo;
use crate::echo::{EchoLimits, echo_value};
use crate::finite::Finite;
use crate::loc::{Loc, LocItem};
use crate::located::Located;
use crate::response::ErrorResponse;

/// The base of fal's error documentation as the spec pages write it; a type's URL is
/// this base, `#`, and the type. fal's servers write the base without the trailing slash
/// (`https://docs.fal.ai/errors`); pass that as `doc_base` to match them.
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
    fn error_type(&self) -> &str;

    /// The HTTP status of the response.
    fn status(&self) -> StatusCode;

    /// The `X-Fal-Retryable` header: whether retrying the same request may succeed.
    fn retryable(&self) -> bool;

    /// The `X-Fal-Needs-Retry` header, which overrides fal's status-based retries; sent
    /// only when this is `Some`.
    fn needs_retry(&self) -> Option<bool> {
        None
    }

    /// Where in the request the error is (`["body"]` unless placed at a field).
    fn loc(&self) -> Loc;

    /// The human-readable message.
    fn msg(&self) -> Cow<'_, str>;

    /// The link to the documentation of this error's type.
    fn url(&self) -> Cow<'_, str>;

    /// Hands each `ctx` entry to `visitor`, in order; errors without context do nothing.
    fn visit_ctx(&self, visitor: &mut CtxVisitor<'_>) {
        let _ = visitor;
    }

    /// The request input that caused the error, as given; it is made JSON-safe and capped
    /// when written (see [`EchoLimits`]).
    fn input(&self) -> Option<&dyn WireSerialize> {
        None
    }

    /// The static metadata of every type this error can send (empty unless derived).
    fn catalog() -> Vec<ErrorInfo>
    where
        Self: Sized,
    {
        Vec::new()
    }

    /// The `ctx` object as JSON, as the body writes it: `None` when the error has no
    /// context, or when a value fails to serialize (the body then leaves `ctx` out).
    fn ctx(&self) -> Option<Map<String, Value>> {
        ctx_of(self)
    }

    /// The `input` exactly as it is written to the body: JSON-safe and capped by the
    /// default [`EchoLimits`].
    fn input_value(&self) -> Option<Value> {
        self.input()
            .map(|input| echo_value(input, &EchoLimits::DEFAULT))
    }

    /// The complete response: status, headers and the `{"detail": [...]}` body.
    fn to_response(&self) -> ErrorResponse {
        ErrorResponse::from_error(self)
    }

    /// Places the error at a top-level field of the body: `loc` becomes `["body", field]`.
    fn at(self, field: impl Into<LocItem>) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).at(field)
    }

    /// Places the error at any location, `["body", "images", 2]` for instance.
    fn at_loc(self, loc: Loc) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).at_loc(loc)
    }

    /// Echoes `input` (the offending value) in the body.
    fn with_input(self, input: impl Serialize) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).with_input(input)
    }

    /// Overrides whether the error is retryable.
    fn with_retryable(self, retryable: bool) -> Located<Self>
    where
        Self: Sized,
    {
        Located::new(self).with_retryable(retryable)
    }

    /// Sends `X-Fal-Needs-Retry`, which makes fal retry (or not) whatever the status.
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
