//! fal's structured error responses for Rust model servers.
//!
//! Annotate the error enum you already have and every variant becomes an exact fal
//! error: HTTP status, `X-Fal-Retryable`, and the `{"detail": [...]}` body with `loc`,
//! `msg`, `type`, `url`, `ctx` and `input`. Infrastructure failures use the flat
//! `{"detail", "error_type"}` shape of [`RequestError`]. The other way round,
//! `ReceivedError::parse` reads any fal error response back into typed errors with a
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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate self as fal_error;

mod catalog;
mod detail;
mod echo;
mod error;
mod headers;
mod loc;
mod located;
mod model;
mod pyfmt;
mod received;
mod request;
mod response;
mod values;

#[doc(hidden)]
pub mod __private;

pub use crate::catalog::{Catalog, CtxInfo, ErrorInfo, Retryability};
pub use crate::detail::ErrorDetail;
pub use crate::echo::{EchoLimits, echo_value};
pub use crate::error::{CtxVisitor, DEFAULT_DOC_BASE, FalError, doc_url};
pub use crate::headers::{
    BillableUnits, X_FAL_BILLABLE_UNITS, X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_REQUEST_ID,
    X_FAL_REQUEST_TIMEOUT_TYPE, X_FAL_RETRYABLE,
};
pub use crate::loc::{Loc, LocItem};
pub use crate::located::Located;
pub use crate::model::ModelError;
pub use crate::pyfmt::Number;
pub use crate::received::{
    ReceivedBody, ReceivedError, RetryDecision, RetryReason, UnparsedBody, UnparsedReason,
};
pub use crate::request::{RequestError, RequestErrorType};
pub use crate::response::ErrorResponse;
pub use crate::values::{Choices, Extensions};
pub use erased_serde;
pub use fal_error_derive::FalError;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
