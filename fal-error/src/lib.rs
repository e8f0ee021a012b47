//! fal's structured error responses for Rust model servers.
//!
//! Annotate the error enum you already have and every variant becomes an exact fal
//! error: HTTP status, `X-Fal-Retryable`, and the `{"detail": [...]}` body with `loc`,
//! `msg`, `type`, `url`, `ctx` and `input`. Infrastructure failures use the flat
//! `{"detail", "error_type"}` shape of [`RequestError`]. The other way round,
//! [`ReceivedError::parse`] reads any fal error response back into typed errors with a
//! retry decision.
//!
//! ```
//! use fal_error::FalError;
//!
//! #[derive(Debug, FalError)]
//! enum UpscaleError {
//!     #[fal(type = "image_too_large", status = 422, retryable = false)]
//!     TooLarge { #[fal(ctx)] max_width: u32, #[fal(ctx)] max_height: u32 },
//! }
//!
//! let response = UpscaleError::TooLarge { max_width: 4096, max_height: 4096 }
//!     .at("image_url")
//!     .to_response();
//! assert_eq!(response.status(), 422);
//! assert_eq!(response.headers()["x-fal-retryable"], "false");
//! assert_eq!(
//!     response.body(),
//!     r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_width":4096,"max_height":4096}}]}"#,
//! );
//! ```
//!
//! # `#[derive(FalError)]` attributes
//!
//! | where | key | meaning | default |
//! | --- | --- | --- | --- |
//! | enum or struct | `doc_base = "https://…"` | base of every `url` (`base#type`) | [`DEFAULT_DOC_BASE`] |
//! | enum or struct | `status = …`, `retryable = …` | defaults for the variants | `422`, `false` |
//! | enum or struct | `display` | `msg` is the value's `Display` text | off |
//! | enum or struct | `crate = path` | where this crate is, for re-exports | `::fal_error` |
//! | variant (or struct) | `type = "snake_case"` | the type, `[a-z][a-z0-9_]*` | the variant name in snake_case |
//! | variant | `status = 400..=599`, `retryable = bool` | a 5xx must state `retryable` | the container's |
//! | variant | `msg = "LoRA {name} not found"` | a format string over the fields | the type humanized (`Image too large`) |
//! | variant | `display` | this variant's `msg` is its `Display` text | off |
//! | variant | `loc = ["body", "image_url"]` | a static location | `["body"]` |
//! | variant | `url = "https://…"` | overrides `doc_base#type` | |
//! | variant | `transparent` | delegates everything to its one field, a `FalError` | |
//! | field | `ctx`, `ctx, rename = "key"` | written into `ctx` with serde | |
//! | field | `input`, `input, redact` | the echoed input; `redact` never echoes it | |
//! | field | `loc` | a [`Loc`] field holding the location | |
//! | field | `retryable` | a `bool` field choosing retryability where raised | |
//! | field | `skip` | excluded from everything | |
//!
//! A 5xx variant whose message comes from `Display` and that wraps an underlying error
//! (thiserror's `#[source]`, `#[from]`, a `source` field or `#[error(transparent)]`)
//! sends its humanized type as `msg` instead, so a server failure never leaks its
//! source's text; the source stays available to logging through `Error::source`. A
//! `msg` template that names the field sends it, as written.
//!
//! # Cargo features
//!
//! Each integration sits behind the feature named after its crate; none is on by default.
//!
#![cfg_attr(feature = "document-features", doc = document_features::document_features!())]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate self as fal_error;

// What an error is: the trait, its place and input, its location, its catalog, and the
// tables the derive generates.
mod catalog;
mod cause;
mod derived;
mod error;
mod loc;
mod located;

// What the crate ships: the built-in errors and the value types of their ctx.
mod model_error;
mod request_error;
mod values;

// Writing: the response (both body shapes, every header), one detail item, the echoed
// input, JSON-safe ctx, pydantic's wording, and the OpenAPI description of the catalog.
mod detail;
mod echo;
mod finite;
mod headers;
mod openapi;
mod pyfmt;
mod response;

// Reading: a received response back into typed errors, and fal's retry rules (which the
// writer follows too).
mod received;
mod retry;

// Integrations, each behind the cargo feature named after its crate.
mod integrations;

#[doc(hidden)]
pub mod __private;

pub use crate::catalog::{Catalog, CatalogChanges, CtxInfo, Documented, ErrorInfo, Retryability};
pub use crate::error::{CtxVisitor, DEFAULT_DOC_BASE, FalError, WireSerialize, doc_url};
pub use crate::loc::{Loc, LocItem};
pub use crate::located::Located;
pub use fal_error_derive::FalError;

pub use crate::model_error::ModelError;
pub use crate::request_error::{RequestError, RequestErrorType};
pub use crate::values::{Choices, Extensions, Number};

pub use crate::detail::ErrorDetail;
pub use crate::echo::{EchoLimits, echo_value};
pub use crate::headers::{
    BillableUnits, X_FAL_BILLABLE_UNITS, X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_REQUEST_ID,
    X_FAL_REQUEST_TIMEOUT_TYPE, X_FAL_RETRYABLE,
};
pub use crate::response::ErrorResponse;

pub use crate::received::{
    ItemProblem, NotAModelError, QueueStatus, ReceivedBody, ReceivedError, SkippedItem,
    UnparsedBody, UnparsedReason,
};
pub use crate::retry::{RetryDecision, RetryReason};

#[cfg(feature = "actix-web")]
pub use crate::integrations::actix;
#[cfg(feature = "axum")]
pub use crate::integrations::axum;
#[cfg(feature = "serde_path_to_error")]
pub use crate::integrations::json;
#[cfg(feature = "reqwest")]
pub use crate::integrations::reqwest;
#[cfg(feature = "reqwest-retry")]
pub use crate::integrations::reqwest_retry;
#[cfg(feature = "schemars")]
pub use crate::integrations::schemars;
#[cfg(feature = "utoipa")]
pub use crate::integrations::utoipa;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;

#[cfg(all(test, feature = "document-features"))]
mod readme_features;
