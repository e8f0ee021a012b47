//! fal's structured error responses for Rust model servers.
//!
//! Annotate the error enum you already have and every variant becomes an exact fal
//! error: HTTP status, `X-Fal-Retryable`, and the `{"detail": [...]}` body with `loc`,
//! `msg`, `type`, `url`, `ctx` and `input`. Infrastructure failures use the flat
//! `{"detail", "error_type"}` shape of [`RequestError`]. The crate does four jobs, one
//! section each below: declare errors, serve them, validate inputs, read responses.
//!
//! # Declare errors
//!
//! `#[derive(FalError)]` on an enum: each variant states what it sends, and everything it
//! leaves out has fal's default (the [derive's page](derive@FalError) lists every
//! attribute). fal's own 31 types are [`ModelError`]; embed them with
//! `#[fal(transparent)]`. Where an error is raised, [`FalError::at`] places it at a field
//! and [`FalError::with_input`] echoes the offending value.
//!
//! ```
//! use fal_error::{FalError, ModelError};
//!
//! #[derive(Debug, FalError)]
//! enum UpscaleError {
//!     #[fal(type = "lora_not_found", msg = "LoRA {name} was not found")]
//!     LoraNotFound { #[fal(ctx)] name: String },
//!     #[fal(status = 503, retryable = true)]
//!     GpuBusy,
//!     #[fal(transparent)]
//!     Model(ModelError),
//! }
//!
//! let error = UpscaleError::LoraNotFound { name: "pixel-art".into() }
//!     .at("loras")
//!     .with_input(["pixel-art"]);
//! assert_eq!(error.error_type(), "lora_not_found");
//! assert_eq!(error.status(), 422);
//! assert!(!error.retryable());
//! assert_eq!(error.msg(), "LoRA pixel-art was not found");
//! assert_eq!(error.url(), "https://docs.fal.ai/errors/#lora_not_found");
//! assert!(UpscaleError::GpuBusy.retryable());
//! assert_eq!(UpscaleError::Model(ModelError::one_of([2, 4])).msg(), "Input should be 2 or 4");
//! ```
//!
//! # Serve them
//!
//! [`FalError::to_response`] is the [`ErrorResponse`] a client receives: status, headers
//! and body bytes, written once. [`ErrorResponse::from_errors`] puts every violation of
//! one request in one body. A handler returns `Result<_, ErrorResponse>` and uses `?` on
//! any fal error; with the `axum` or `actix-web` feature, the framework sends it as is
//! (and with `tracing`, logs it once). Without a framework, convert it into an
//! [`http::Response`].
//!
//! ```
//! use fal_error::{ErrorResponse, FalError, ModelError};
//!
//! fn check(scale: u32, steps: u32) -> Result<(), ErrorResponse> {
//!     let mut errors = Vec::new();
//!     if ![2, 4].contains(&scale) {
//!         errors.push(ModelError::one_of([2, 4]).at("scale").with_input(scale));
//!     }
//!     if steps > 50 {
//!         errors.push(ModelError::less_than_equal(50).at("num_inference_steps").with_input(steps));
//!     }
//!     match ErrorResponse::from_errors(errors) {
//!         Some(response) => Err(response),
//!         None => Ok(()),
//!     }
//! }
//!
//! assert!(check(2, 20).is_ok());
//! let response: http::Response<Vec<u8>> = check(3, 80).unwrap_err().into();
//! assert_eq!(response.status(), 422);
//! assert_eq!(response.headers()["content-type"], "application/json");
//! assert_eq!(response.headers()["x-fal-retryable"], "false");
//! assert_eq!(
//!     String::from_utf8(response.into_body()).unwrap(),
//!     r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":3},{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80}]}"#,
//! );
//! ```
//!
//! The same handler under axum (feature `axum`); [`actix`][actix] does the same for actix-web:
//!
//! ```
//! # #[cfg(feature = "axum")] {
//! use axum::response::IntoResponse;
//! use fal_error::axum::Json;
//! use fal_error::{ErrorResponse, FalError, ModelError};
//!
//! async fn upscale(Json(scale): Json<u32>) -> Result<Json<u32>, ErrorResponse> {
//!     if ![2, 4].contains(&scale) {
//!         Err(ModelError::one_of([2, 4]).at("scale").with_input(scale))?;
//!     }
//!     Ok(Json(512 * scale))
//! }
//!
//! let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let response = runtime.block_on(upscale(Json(3))).into_response();
//! assert_eq!(response.status(), 422);
//! assert_eq!(response.headers()["x-fal-retryable"], "false");
//! let body = runtime.block_on(http_body_util::BodyExt::collect(response.into_body())).unwrap();
//! assert_eq!(
//!     body.to_bytes(),
//!     r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":3}]}"#,
//! );
//! # }
//! ```
//!
//! # Validate inputs
//!
//! A request body that does not fit its type is refused the way fal's Python servers
//! refuse it: pydantic's type names and messages, the `loc` of the bad value, the value
//! echoed. The extractors [`axum::Json`][axum-json] and [`actix::Json`][actix-json] do it
//! inside the framework; [`json::from_body`][from-body] (feature `json`) does it for any server.
//!
//! ```
//! # #[cfg(feature = "json")] {
//! use fal_error::json::{self, JsonConfig};
//!
//! #[derive(Debug, serde::Deserialize)]
//! struct UpscaleRequest {
//!     image_url: String,
//!     scale: u8,
//! }
//!
//! let body = br#"{"image_url": "https://example.com/cat.png", "scale": "two"}"#;
//! let refused = json::from_body::<UpscaleRequest>(Some(b"application/json"), body, &JsonConfig::new()).unwrap_err();
//! let response = refused.to_response();
//! assert_eq!(response.status(), 422);
//! assert_eq!(
//!     response.body(),
//!     r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"two"}]}"#,
//! );
//!
//! let body = br#"{"image_url": "https://example.com/cat.png", "scale": 4}"#;
//! let request = json::from_body::<UpscaleRequest>(Some(b"application/json"), body, &JsonConfig::new()).unwrap();
//! assert_eq!((request.image_url.as_str(), request.scale), ("https://example.com/cat.png", 4));
//! # }
//! ```
//!
//! The rules a type cannot state go through [`Violations`] once the body is read: every
//! check runs, and all the failures come back in one 422, as pydantic reports a model.
//!
//! ```
//! use fal_error::{ModelError, Violations};
//!
//! let (prompt, images) = ("", vec!["a.png"; 5]);
//! let mut violations = Violations::<ModelError>::new();
//! violations.chars("prompt", prompt, 1..=1000).length("images", &images, 1..=4);
//! assert_eq!(
//!     violations.finish().unwrap_err().body(),
//!     concat!(
//!         r#"{"detail":[{"loc":["body","prompt"],"msg":"Sequence should have at least 1 items","type":"sequence_too_short","url":"https://docs.fal.ai/errors/#sequence_too_short","ctx":{"min_length":1},"input":""},"#,
//!         r#"{"loc":["body","images"],"msg":"Sequence should have at most 4 items","type":"sequence_too_long","url":"https://docs.fal.ai/errors/#sequence_too_long","ctx":{"max_length":4},"input":["a.png","a.png","a.png","a.png","a.png"]}]}"#,
//!     ),
//! );
//! ```
//!
//! # Read responses
//!
//! The other way round, [`ReceivedError::parse`] reads any fal error response (either body
//! shape, any bytes: it never panics) back into typed errors, with a retry decision that
//! follows fal's rules ([`RetryDecision`]). An item's `ctx` and `input` are kept as their
//! JSON text ([`RawJson`]), read when asked for, numbers exact.
//!
//! ```
//! use fal_error::{Loc, ReceivedError, RetryReason};
//! use http::{HeaderMap, HeaderValue, StatusCode};
//!
//! let mut headers = HeaderMap::new();
//! headers.insert("x-fal-retryable", HeaderValue::from_static("false"));
//! let body = br#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","ctx":{"expected":[2,4]},"input":3}]}"#;
//! let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &headers, body).unwrap();
//! let item = &error.details()[0];
//! assert_eq!((item.error_type.as_str(), &item.loc), ("one_of", &Loc::field("scale")));
//! assert_eq!(item.url(), "https://docs.fal.ai/errors/#one_of");
//! assert_eq!(item.input.as_ref().unwrap().parse::<u32>().unwrap(), 3);
//! assert_eq!(error.field_errors("scale").count(), 1);
//! assert!(!error.should_retry());
//! assert_eq!(error.retry().reason, RetryReason::RetryableHeader);
//!
//! let busy = ReceivedError::parse(
//!     StatusCode::SERVICE_UNAVAILABLE,
//!     &HeaderMap::new(),
//!     br#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#,
//! )
//! .unwrap();
//! assert_eq!(busy.error_type(), Some("runner_disconnected"));
//! assert!(busy.should_retry());
//! ```
//!
//! # Cargo features
//!
//! Each integration sits behind the feature named after its crate; none is on by default.
//!
// Links to what a feature adds resolve when it is on, else to this feature list.
#![cfg_attr(feature = "actix-web", doc = "[actix]: crate::actix")]
#![cfg_attr(feature = "actix-web", doc = "[actix-json]: crate::actix::Json")]
#![cfg_attr(feature = "axum", doc = "[axum-json]: crate::axum::Json")]
#![cfg_attr(feature = "json", doc = "[from-body]: crate::json::from_body")]
#![cfg_attr(not(feature = "actix-web"), doc = "[actix]: #cargo-features")]
#![cfg_attr(not(feature = "actix-web"), doc = "[actix-json]: #cargo-features")]
#![cfg_attr(not(feature = "axum"), doc = "[axum-json]: #cargo-features")]
#![cfg_attr(not(feature = "json"), doc = "[from-body]: #cargo-features")]
//!
#![cfg_attr(feature = "document-features", doc = document_features::document_features!())]
#![cfg_attr(docsrs, feature(doc_cfg))]
// Examples compile warning-free; they may declare variants they do not all construct.
#![doc(test(attr(deny(warnings), allow(dead_code))))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

extern crate self as fal_error;
// Outside unit tests (whose dev-dependency is serde itself, derive included), `serde` is
// `serde_core`: the same traits, so a user's serde types are this crate's.
#[cfg(not(test))]
extern crate serde_core as serde;

// What an error is: the trait, its place and input, its location, its catalog, and the
// tables the derive generates.
mod catalog;
mod cause;
mod derived;
mod error;
mod loc;
mod located;
mod table;
mod unique_types;

// What the crate ships: the built-in errors and the value types of their ctx.
mod model_error;
mod pydantic_error;
mod request_error;
mod values;
mod violations;

// Writing: the response (both body shapes, every header), one detail item, the echoed
// input, JSON-safe ctx, pydantic's wording, and the OpenAPI description of the catalog.
mod detail;
mod echo;
mod finite;
mod fragments;
mod headers;
mod openapi;
mod pyfmt;
mod raw;
mod raw_json;
mod response;
mod serde_struct;
mod url_form;

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
pub use crate::pydantic_error::PydanticError;
pub use crate::request_error::{RequestError, RequestErrorType};
pub use crate::values::{Choices, Extensions, Number};
pub use crate::violations::Violations;

pub use crate::detail::ErrorDetail;
pub use crate::echo::{EchoLimits, echo_value};
pub use crate::headers::{
    BillableUnits, X_FAL_BILLABLE_UNITS, X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_REQUEST_ID,
    X_FAL_REQUEST_TIMEOUT_TYPE, X_FAL_RETRYABLE,
};
#[cfg(feature = "actix-web")]
pub use crate::integrations::actix_layer::FalMiddleware;
#[cfg(feature = "axum")]
pub use crate::integrations::axum_layer::FalService;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub use crate::integrations::serving::FalLayer;
pub use crate::raw_json::RawJson;
pub use crate::response::ErrorResponse;
pub use crate::url_form::UrlForm;

pub use crate::received::{
    ItemProblem, NotAModelError, QueueStatus, ReceivedBody, ReceivedError, SkippedItem,
    UnparsedBody, UnparsedReason,
};
pub use crate::retry::{RetryDecision, RetryReason};

#[cfg(feature = "actix-web")]
pub use crate::integrations::actix;
#[cfg(feature = "axum")]
pub use crate::integrations::axum;
#[cfg(feature = "garde")]
pub use crate::integrations::garde;
#[cfg(feature = "json")]
pub use crate::integrations::json;
#[cfg(feature = "reqwest")]
pub use crate::integrations::reqwest;
#[cfg(feature = "reqwest-retry")]
pub use crate::integrations::reqwest_retry;
#[cfg(feature = "schemars")]
pub use crate::integrations::schemars;
#[cfg(feature = "utoipa")]
pub use crate::integrations::utoipa;
#[cfg(feature = "validator")]
pub use crate::integrations::validator;

#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;

#[cfg(test)]
mod readme_attributes;
#[cfg(all(test, feature = "document-features"))]
mod readme_features;
