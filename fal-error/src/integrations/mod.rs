//! Serving fal errors from real servers: the conversions every framework shares, and the
//! axum and actix-web integrations behind the cargo features named after their crates.
//!
//! A handler returns `Result<_, ErrorResponse>` and uses `?` on any [`FalError`] (a
//! derived enum, a [`ModelError`](crate::ModelError), a [`Located`](crate::Located)
//! error) or on a [`RequestError`]; the framework writes the response's exact status,
//! headers and body. With the `tracing` feature each error is logged once, where the
//! response is handed to the framework.

use std::fmt;

use crate::error::FalError;
use crate::request::RequestError;
use crate::response::ErrorResponse;

#[cfg(feature = "actix-web")]
pub mod actix;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub mod json;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod trace;

/// Any fal error becomes its response, so that `?` works in handlers returning
/// `Result<_, ErrorResponse>`. The input is echoed within [`EchoLimits::DEFAULT`](crate::EchoLimits::DEFAULT);
/// use [`ErrorResponse::from_error_with`] for other limits.
///
/// (`ErrorResponse` itself is deliberately not a `FalError`: that is what keeps this impl
/// coherent with `impl<T> From<T> for T`.)
///
/// ```
/// use fal_error::{ErrorResponse, FalError, ModelError};
///
/// fn check_steps(steps: i64) -> Result<i64, ErrorResponse> {
///     if steps > 50 {
///         Err(ModelError::LessThanEqual { le: 50.into() }.at("num_inference_steps").with_input(steps))?;
///     }
///     Ok(steps)
/// }
///
/// let response = check_steps(80).unwrap_err();
/// assert_eq!(response.status(), 422);
/// assert_eq!(
///     response.body(),
///     r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80}]}"#,
/// );
/// ```
impl<E: FalError> From<E> for ErrorResponse {
    fn from(error: E) -> Self {
        ErrorResponse::from_error(&error)
    }
}

/// A request error becomes its flat-shaped response.
///
/// ```
/// use fal_error::{ErrorResponse, RequestError, RequestErrorType};
///
/// let response = ErrorResponse::from(RequestError::new(RequestErrorType::BadRequest, "Bad timeout header"));
/// assert_eq!(response.status(), 400);
/// assert_eq!(response.headers()["x-fal-error-type"], "bad_request");
/// ```
impl From<RequestError> for ErrorResponse {
    fn from(error: RequestError) -> Self {
        error.to_response()
    }
}

/// A short description for logs and error chains: the status only, never the body (which
/// may echo the caller's input).
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let response = ModelError::ImageLoadError.at("image_url").with_input("secret").to_response();
/// assert_eq!(response.to_string(), "fal error response (422 Unprocessable Entity)");
/// ```
impl fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fal error response ({})", self.status())
    }
}
