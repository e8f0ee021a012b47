//! anyhow (feature `anyhow`): `?` on an `anyhow::Error` in a handler that returns
//! `Result<_, ErrorResponse>`.
//!
//! The client gets fal's 500 `internal_server_error`, not retryable, with no text of the
//! error (its messages may hold paths, secrets or the caller's input); the error is kept
//! beside the response, so that the `tracing` event of the response carries its whole
//! context chain and `Debug`.
//!
//! ```
//! use anyhow::Context as _;
//! use fal_error::ErrorResponse;
//!
//! fn load_weights() -> Result<Vec<u8>, ErrorResponse> {
//!     let weights = std::fs::read("/no/such/weights.safetensors").context("loading the weights")?;
//!     Ok(weights)
//! }
//!
//! let response = load_weights().unwrap_err();
//! assert_eq!(response.status(), 500);
//! assert_eq!(response.headers()["x-fal-retryable"], "false");
//! assert_eq!(
//!     response.body(),
//!     r#"{"detail":[{"loc":["body"],"msg":"Internal server error","type":"internal_server_error","url":"https://docs.fal.ai/errors/#internal_server_error"}]}"#,
//! );
//! ```

use crate::error::FalError;
use crate::model_error::ModelError;
use crate::response::ErrorResponse;

/// fal's `internal_server_error`, keeping the error for the logs.
impl From<anyhow::Error> for ErrorResponse {
    fn from(error: anyhow::Error) -> Self {
        ModelError::internal_server_error()
            .to_response()
            .with_source(error)
    }
}
