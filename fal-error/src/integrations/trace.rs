//! The `tracing` event of an error response, emitted by the framework integrations at the
//! moment they hand the response to the framework: one event per error of the body.
//!
//! Fields: `error_type`, `status` (the response's), `retryable` (its `x-fal-retryable`)
//! and, for model errors, `loc` (dotted: `body.images.2`). Never the echoed `input`, the
//! `msg` or the `ctx`: those may carry what the caller sent. Target `fal_error`; level
//! `ERROR` for a 5xx response, `INFO` otherwise (a refused input is the caller's
//! mistake, not the server's).

use crate::response::ErrorResponse;

/// Logs `response`, once per error it carries, from the summary the response kept when
/// it was written (the body is not read).
#[cfg(feature = "tracing")]
pub(crate) fn response_written(response: &ErrorResponse) {
    use tracing::Level;

    macro_rules! emit {
        ($server_error:expr, $($fields:tt)*) => {
            if $server_error {
                tracing::event!(target: "fal_error", Level::ERROR, $($fields)*);
            } else {
                tracing::event!(target: "fal_error", Level::INFO, $($fields)*);
            }
        };
    }

    let server_error = response.status().is_server_error();
    let enabled = if server_error {
        tracing::enabled!(target: "fal_error", Level::ERROR)
    } else {
        tracing::enabled!(target: "fal_error", Level::INFO)
    };
    if !enabled {
        return;
    }
    let summary = response.summary();
    let status = response.status().as_u16();
    let retryable = summary.retryable;
    if let Some(error_type) = &summary.request_error_type {
        emit!(
            server_error,
            error_type = error_type.as_str(),
            status,
            retryable,
            "fal error response"
        );
    }
    for item in &summary.items {
        emit!(
            server_error,
            error_type = item.error_type.as_str(),
            status,
            retryable,
            loc = %item.loc,
            "fal error response"
        );
    }
}

/// Without the `tracing` feature nothing is logged.
#[cfg(not(feature = "tracing"))]
pub(crate) fn response_written(response: &ErrorResponse) {
    let _ = response;
}
