//! fal's retry rules, in one place: the writer sends `x-fal-retryable` by them
//! ([`RequestError::retryable`](crate::RequestError::retryable)) and the reader
//! ([`ReceivedError`](crate::ReceivedError)) decides by them, so both agree.

use std::time::{Duration, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::headers::{
    X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_REQUEST_ID, X_FAL_REQUEST_TIMEOUT_TYPE,
    X_FAL_RETRYABLE,
};
use crate::request_error::RequestErrorType;

/// Whether to send a request again after an error response, and which rule decided.
///
/// The rules, first match wins:
///
/// 1. `x-fal-needs-retry`: `1` or `true` retries, `0` or `false` does not
///    ([`RetryReason::NeedsRetryHeader`]). fal's platform lets it override everything.
/// 2. `x-fal-retryable`: `true` or `false` ([`RetryReason::RetryableHeader`]).
/// 3. A 504 with `x-fal-request-timeout-type: user` is never retried
///    ([`RetryReason::UserTimeout`]): the caller's own deadline expired, and asking again
///    runs into it again. This veto comes before the type guidance on purpose, because
///    such a timeout is reported as `request_timeout`, a type that is otherwise worth
///    retrying.
/// 4. The request error type, from the body's `error_type` (flat shape) or else the
///    `x-fal-error-type` header, whatever the body:
///    [`RequestErrorType::worth_retrying`] ([`RetryReason::ErrorType`]). Unknown types
///    have no guidance and fall through; the `type` of detail items is not consulted.
/// 5. The status ([`RetryReason::Status`]): 408, 409, 429, 503 and 504 are retried;
///    every other status (other 4xx, 500, 502, ...) is not, as on fal's platform.
///
/// Header values are compared ignoring ASCII case and surrounding whitespace; other values
/// (`yes`, `2`, an empty value) are ignored, as if the header were absent. When a header
/// is repeated, the first value counts.
///
/// ```
/// use fal_error::{ReceivedError, RetryDecision, RetryReason};
/// use http::{HeaderMap, StatusCode};
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-fal-needs-retry", "0".parse().unwrap());
/// headers.insert("x-fal-retryable", "true".parse().unwrap());
/// let body = br#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#;
/// let error = ReceivedError::parse(StatusCode::SERVICE_UNAVAILABLE, &headers, body).unwrap();
/// assert_eq!(error.retry(), RetryDecision { retry: false, reason: RetryReason::NeedsRetryHeader });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryDecision {
    /// Whether to retry.
    pub retry: bool,
    /// The rule that decided.
    pub reason: RetryReason,
}

impl RetryDecision {
    /// The decision from a response's status and headers alone, before its body is
    /// read: the rules above with the request error type of `x-fal-error-type`. fal sends
    /// a request error's type in both the body and that header, so for fal's responses
    /// this is what [`ReceivedError`](crate::ReceivedError) decides from the whole
    /// response.
    ///
    /// ```
    /// use fal_error::{RetryDecision, RetryReason};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-fal-error-type", "bad_request".parse().unwrap());
    /// assert_eq!(
    ///     RetryDecision::from_head(StatusCode::SERVICE_UNAVAILABLE, &headers),
    ///     RetryDecision { retry: false, reason: RetryReason::ErrorType },
    /// );
    /// ```
    pub fn from_head(status: StatusCode, headers: &HeaderMap) -> RetryDecision {
        let headers = FalHeaders::read(headers);
        let error_type = headers.error_type.map(RequestErrorType::from);
        decide(status, &headers, error_type.as_ref())
    }
}

/// The rule of [`RetryDecision`] that decided, in the order the rules are tried.
///
/// ```
/// use fal_error::{ReceivedError, RetryReason};
/// use http::{HeaderMap, StatusCode};
///
/// let error = ReceivedError::parse(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), br#"{"detail":"Slow down"}"#).unwrap();
/// assert!(error.should_retry());
/// assert_eq!(error.retry().reason, RetryReason::Status);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryReason {
    /// `x-fal-needs-retry` was `1`/`true` or `0`/`false`.
    NeedsRetryHeader,
    /// `x-fal-retryable` was `true` or `false`.
    RetryableHeader,
    /// A 504 with `x-fal-request-timeout-type: user`: never retried.
    UserTimeout,
    /// The guidance of a known request error type.
    ErrorType,
    /// The HTTP status.
    Status,
}

/// The headers the retry rules and [`ReceivedError`](crate::ReceivedError) read, found
/// in one pass over the map: each is its first value as trimmed UTF-8 text, `None` when
/// absent, empty or not UTF-8.
#[derive(Default)]
pub(crate) struct FalHeaders<'h> {
    pub(crate) needs_retry: Option<&'h str>,
    pub(crate) retryable: Option<&'h str>,
    pub(crate) timeout_type: Option<&'h str>,
    pub(crate) error_type: Option<&'h str>,
    pub(crate) request_id: Option<&'h str>,
    pub(crate) retry_after: Option<&'h str>,
}

impl<'h> FalHeaders<'h> {
    pub(crate) fn read(headers: &'h HeaderMap) -> Self {
        let mut seen = [None; 6];
        for (name, value) in headers {
            let slot = if name == X_FAL_NEEDS_RETRY {
                0
            } else if name == X_FAL_RETRYABLE {
                1
            } else if name == X_FAL_REQUEST_TIMEOUT_TYPE {
                2
            } else if name == X_FAL_ERROR_TYPE {
                3
            } else if name == X_FAL_REQUEST_ID {
                4
            } else if name == RETRY_AFTER {
                5
            } else {
                continue;
            };
            if seen[slot].is_none() {
                seen[slot] = Some(text(value));
            }
        }
        let [
            needs_retry,
            retryable,
            timeout_type,
            error_type,
            request_id,
            retry_after,
        ] = seen.map(Option::flatten);
        FalHeaders {
            needs_retry,
            retryable,
            timeout_type,
            error_type,
            request_id,
            retry_after,
        }
    }
}

fn text(value: &HeaderValue) -> Option<&str> {
    let value = std::str::from_utf8(value.as_bytes()).ok()?.trim();
    (!value.is_empty()).then_some(value)
}

pub(crate) fn decide(
    status: StatusCode,
    headers: &FalHeaders<'_>,
    error_type: Option<&RequestErrorType>,
) -> RetryDecision {
    let decision = |retry, reason| RetryDecision { retry, reason };
    if let Some(retry) = headers.needs_retry.and_then(|value| flag(value, true)) {
        return decision(retry, RetryReason::NeedsRetryHeader);
    }
    if let Some(retry) = headers.retryable.and_then(|value| flag(value, false)) {
        return decision(retry, RetryReason::RetryableHeader);
    }
    if status == StatusCode::GATEWAY_TIMEOUT
        && headers
            .timeout_type
            .is_some_and(|kind| kind.eq_ignore_ascii_case("user"))
    {
        return decision(false, RetryReason::UserTimeout);
    }
    guidance(error_type, status)
}

/// Rules 4 and 5: the type's guidance, else the status. A [`RequestError`] sends this as
/// `x-fal-retryable`, so that a reader comes to the same decision without the header.
///
/// [`RequestError`]: crate::RequestError
pub(crate) fn guidance(error_type: Option<&RequestErrorType>, status: StatusCode) -> RetryDecision {
    match error_type.and_then(RequestErrorType::worth_retrying) {
        Some(retry) => RetryDecision {
            retry,
            reason: RetryReason::ErrorType,
        },
        None => RetryDecision {
            retry: status_is_retried(status),
            reason: RetryReason::Status,
        },
    }
}

/// Whether a status alone calls for a retry: 408, 409, 429, 503 and 504 (fal's clients
/// and platform), not other 4xx, 500 or 502.
pub(crate) fn status_is_retried(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 409 | 429 | 503 | 504)
}

/// `true`/`false` (and `1`/`0` when `digits`), ignoring ASCII case; `None` otherwise.
fn flag(value: &str, digits: bool) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") || (digits && value == "1") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") || (digits && value == "0") {
        Some(false)
    } else {
        None
    }
}

/// A `Retry-After` value as a wait from `now`: delay-seconds, or an HTTP date (IMF-fixdate,
/// `Sun, 06 Nov 1994 08:49:37 GMT`) that is not in the past. `None` when absent or
/// unreadable.
pub(crate) fn retry_after(value: &str, now: impl FnOnce() -> SystemTime) -> Option<Duration> {
    if value.bytes().all(|byte| byte.is_ascii_digit()) {
        return value.parse().ok().map(Duration::from_secs);
    }
    let at = http_date(value)?;
    Some(at.duration_since(now()).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (RFC 9110, section 5.6.7) as a time.
fn http_date(value: &str) -> Option<SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let rest = value.get(3..)?.strip_prefix(", ")?.strip_suffix(" GMT")?;
    let mut parts = rest.split(' ');
    let (day, month, year, time) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let number = |text: &str, len: usize| -> Option<u64> {
        (text.len() == len && text.bytes().all(|byte| byte.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let (day, year) = (number(day, 2)?, number(year, 4)?);
    let month = MONTHS.iter().position(|name| *name == month)? as u64 + 1;
    let mut clock = time.split(':');
    let (hour, minute, second) = (
        number(clock.next()?, 2)?,
        number(clock.next()?, 2)?,
        number(clock.next()?, 2)?,
    );
    if parts.next().is_some()
        || clock.next().is_some()
        || year < 1970
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    let (y, m) = if month <= 2 {
        (year - 1, month + 9)
    } else {
        (year, month - 3)
    };
    let era = y / 400;
    let year_of_era = y - era * 400;
    let day_of_year = (153 * m + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = (era * 146_097 + day_of_era).checked_sub(719_468)?;
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}
