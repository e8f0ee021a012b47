//! The `tracing` event of an error response, emitted by the framework integrations at the
//! moment they hand the response to the framework: one event per error of the body.
//!
//! Fields: `error_type`, `status` (the response's), `retryable` (its `x-fal-retryable`)
//! and, for model errors, `loc` (dotted: `body.images.2`). Never the echoed `input`, the
//! `msg` or the `ctx`: those may carry what the caller sent. A 5xx whose response keeps
//! the server-side error behind it ([`ErrorResponse::with_source`], a derived error that
//! implements `Error`, an `anyhow`/`eyre` error, a panic) also carries `error` (its
//! text), `sources` (the `source()` chain, outermost first, joined by ` <- `) and `debug`
//! (its `Debug`). Every text field is escaped (control characters such as a newline or
//! an ANSI escape are written as `\n`, `\u{1b}`) and capped, so that no value from the
//! request can forge a log line. Target `fal_error`; level `ERROR` for a 5xx response,
//! `INFO` otherwise (a refused input is the caller's mistake, not the server's).

#[cfg(feature = "tracing")]
use std::borrow::Cow;
#[cfg(feature = "tracing")]
use std::error::Error;

#[cfg(feature = "tracing")]
use crate::cause::Cause;
use crate::response::ErrorResponse;

/// The longest text logged for one field, in bytes; a longer one ends with `…`.
#[cfg(feature = "tracing")]
const MAX_LOGGED_BYTES: usize = 4096;

/// Logs `response`, once per error it carries, from the summary and cause the response
/// kept when it was written (the body is not read).
#[cfg(feature = "tracing")]
pub(crate) fn response_written(response: &ErrorResponse) {
    use tracing::Level;
    use tracing::field::display;

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
    let cause = response
        .cause()
        .filter(|_| server_error)
        .map(|cause| match cause {
            Cause::Error(error) => Cow::Owned(Explained::of(&**error)),
            Cause::Explained(explained) => Cow::Borrowed(&**explained),
        });
    let error_text = cause.as_ref().map(|cause| display(&cause.error));
    let sources_text = cause.as_ref().map(|cause| display(&cause.sources));
    let debug_text = cause.as_ref().map(|cause| display(&cause.debug));
    let request_error_type = summary
        .request_error_type
        .as_ref()
        .map(|error_type| error_type.as_str());
    // A request error, or a `{"detail": "<text>"}` body (the serving layer's 404, 405 and
    // plain statuses), which has no `error_type`.
    if request_error_type.is_some() || response.logged_items().next().is_none() {
        emit!(
            server_error,
            error_type = request_error_type,
            status,
            retryable,
            error = error_text,
            sources = sources_text,
            debug = debug_text,
            "fal error response"
        );
    }
    for item in response.logged_items() {
        emit!(
            server_error,
            error_type = item.error_type,
            status,
            retryable,
            loc = %escaped(&item.loc.to_string()),
            error = error_text,
            sources = sources_text,
            debug = debug_text,
            "fal error response"
        );
    }
}

/// Without the `tracing` feature nothing is logged.
#[cfg(not(feature = "tracing"))]
pub(crate) fn response_written(response: &ErrorResponse) {
    let _ = response;
}

/// The logged texts of the error behind a 5xx, each escaped and capped.
#[cfg(feature = "tracing")]
#[derive(Clone, Debug)]
pub(crate) struct Explained {
    error: String,
    sources: String,
    debug: String,
}

#[cfg(feature = "tracing")]
impl Explained {
    pub(crate) fn of(error: &(dyn Error + '_)) -> Self {
        let mut sources = String::new();
        let mut source = error.source();
        while let Some(next) = source {
            if !sources.is_empty() {
                sources.push_str(" <- ");
            }
            sources.push_str(&next.to_string());
            if sources.len() > MAX_LOGGED_BYTES {
                break;
            }
            source = next.source();
        }
        Explained {
            error: escaped(&error.to_string()),
            sources: escaped(&sources),
            debug: escaped(&format!("{error:?}")),
        }
    }
}

/// `text` with every control character escaped (`\n`, `\u{1b}`), cut to
/// [`MAX_LOGGED_BYTES`] on a character boundary with `…` when longer.
#[cfg(feature = "tracing")]
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_LOGGED_BYTES) + 3);
    for c in text.chars() {
        if out.len() >= MAX_LOGGED_BYTES {
            out.push('…');
            break;
        }
        if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}
