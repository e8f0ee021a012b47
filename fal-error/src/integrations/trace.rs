//! The `tracing` event of an error response, emitted by the framework integrations at the
//! moment they hand the response to the framework: one event per error of the body.
//!
//! Fields: `error_type`, `status` (the response's), `retryable` (its `x-fal-retryable`)
//! and, for model errors, `loc` (dotted: `body.images.2`). Never the echoed `input`, the
//! `msg` or the `ctx`: those may carry what the caller sent. Target `fal_error`; level
//! `ERROR` for a 5xx response, `INFO` otherwise (a refused input is the caller's
//! mistake, not the server's).

use crate::response::ErrorResponse;

/// Logs `response`, once per error it carries.
#[cfg(feature = "tracing")]
pub(crate) fn response_written(response: &ErrorResponse) {
    use serde::Deserialize;
    use serde::de::IgnoredAny;
    use tracing::Level;

    use crate::headers::X_FAL_RETRYABLE;
    use crate::loc::Loc;

    /// The parts of a body that may be logged; everything else is skipped unread.
    #[derive(Deserialize)]
    struct Logged {
        detail: Detail,
        #[serde(default)]
        error_type: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Detail {
        Items(Vec<Item>),
        Text(IgnoredAny),
    }

    #[derive(Deserialize)]
    struct Item {
        loc: Loc,
        #[serde(rename = "type")]
        error_type: String,
    }

    macro_rules! emit {
        ($server_error:expr, $($fields:tt)*) => {
            if $server_error {
                tracing::event!(target: "fal_error", Level::ERROR, $($fields)*);
            } else {
                tracing::event!(target: "fal_error", Level::INFO, $($fields)*);
            }
        };
    }

    let status = response.status();
    let server_error = status.is_server_error();
    let enabled = if server_error {
        tracing::enabled!(target: "fal_error", Level::ERROR)
    } else {
        tracing::enabled!(target: "fal_error", Level::INFO)
    };
    if !enabled {
        return;
    }
    let Ok(body) = serde_json::from_str::<Logged>(response.body()) else {
        return;
    };
    let retryable = response
        .headers()
        .get(X_FAL_RETRYABLE)
        .is_some_and(|value| value.as_bytes() == b"true");
    let status = status.as_u16();
    match body.detail {
        Detail::Items(items) => {
            for item in items {
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
        Detail::Text(_) => {
            let error_type = body.error_type.unwrap_or_default();
            emit!(
                server_error,
                error_type = error_type.as_str(),
                status,
                retryable,
                "fal error response"
            );
        }
    }
}

/// Without the `tracing` feature nothing is logged.
#[cfg(not(feature = "tracing"))]
pub(crate) fn response_written(response: &ErrorResponse) {
    let _ = response;
}
