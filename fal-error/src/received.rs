//! The client side: a fal error response (status, headers, body bytes) read back into
//! typed errors, either body shape, with the decision whether to retry.

use std::fmt;

use http::header::HeaderName;
use http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

use crate::detail::ErrorDetail;
use crate::headers::{
    X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_REQUEST_ID, X_FAL_REQUEST_TIMEOUT_TYPE,
    X_FAL_RETRYABLE,
};
use crate::loc::LocItem;
use crate::request::{RequestError, RequestErrorType, status_is_retried};

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

/// The body of a parsed error response, in one of fal's two shapes.
///
/// ```
/// use fal_error::{ReceivedBody, ReceivedError, RequestError, RequestErrorType};
/// use http::{HeaderMap, StatusCode};
///
/// let body = br#"{"detail":"Request timed out","error_type":"request_timeout"}"#;
/// let error = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), body).unwrap();
/// assert_eq!(
///     error.body(),
///     &ReceivedBody::Request(RequestError::new(RequestErrorType::RequestTimeout, "Request timed out")),
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum ReceivedBody {
    /// `{"detail": [...]}`: one or more detail items (never empty). A string `detail`
    /// without any error type becomes one item, as fal's JavaScript client does:
    /// `{"loc": ["body"], "msg": <detail>, "type": "value_error"}`.
    Detail(Vec<ErrorDetail>),
    /// `{"detail": "...", "error_type": "..."}`, or a string `detail` with an
    /// `x-fal-error-type` header; carries the response's status.
    Request(RequestError),
}

/// A fal error response read back: the status, the typed body, the retry decision and
/// the platform's `x-fal-request-id` and `x-fal-request-timeout-type`.
///
/// ```
/// use fal_error::{ReceivedError, RetryReason};
/// use http::StatusCode;
///
/// let response = http::Response::builder()
///     .status(StatusCode::UNPROCESSABLE_ENTITY)
///     .header("x-fal-retryable", "false")
///     .header("x-fal-request-id", "req-123")
///     .body(r#"{"detail":[{"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of","ctx":{"multiple_of":8}}]}"#)
///     .unwrap();
/// let error = ReceivedError::from_response(&response).unwrap();
/// assert_eq!(error.error_type(), Some("multiple_of"));
/// assert_eq!(error.field_errors("width").count(), 1);
/// assert_eq!(error.request_id(), Some("req-123"));
/// assert!(!error.should_retry());
/// assert_eq!(error.retry().reason, RetryReason::RetryableHeader);
/// assert_eq!(error.to_string(), "422 Unprocessable Entity: body.width: Input should be a multiple of 8 (multiple_of)");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReceivedError {
    status: StatusCode,
    body: ReceivedBody,
    meta: Meta,
}

/// A response whose body is not a fal error body: kept as text, with what the headers
/// still say.
///
/// ```
/// use fal_error::{ReceivedError, UnparsedReason};
/// use http::{HeaderMap, StatusCode};
///
/// let unparsed = ReceivedError::parse(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"<html>Bad Gateway</html>").unwrap_err();
/// assert_eq!(unparsed.status(), StatusCode::BAD_GATEWAY);
/// assert_eq!(unparsed.raw(), "<html>Bad Gateway</html>");
/// assert_eq!(unparsed.reason(), UnparsedReason::NotJson);
/// assert!(!unparsed.should_retry());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnparsedBody {
    status: StatusCode,
    raw: Box<str>,
    reason: UnparsedReason,
    error_type: Option<RequestErrorType>,
    meta: Meta,
}

/// Why a body is not a fal error body.
///
/// ```
/// use fal_error::{ReceivedError, UnparsedReason};
/// use http::{HeaderMap, StatusCode};
///
/// let parse = |body: &[u8]| ReceivedError::parse(StatusCode::BAD_REQUEST, &HeaderMap::new(), body).unwrap_err().reason();
/// assert_eq!(parse(b""), UnparsedReason::Empty);
/// assert_eq!(parse(b"[]"), UnparsedReason::NoDetail);
/// assert_eq!(parse(br#"{"detail":5}"#), UnparsedReason::InvalidDetail);
/// assert_eq!(parse(br#"{"detail":[{"msg":"no loc"}]}"#), UnparsedReason::InvalidItem { index: 0 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnparsedReason {
    /// The body is empty or only whitespace.
    Empty,
    /// The body is not UTF-8.
    NotUtf8,
    /// The body is not JSON.
    NotJson,
    /// The JSON is not an object with a `detail` key.
    NoDetail,
    /// `detail` is neither a string nor a list.
    InvalidDetail,
    /// `detail` is an empty list: no error is described.
    EmptyDetail,
    /// Item `index` of the `detail` list is not an error item (`loc`, `msg` and `type`).
    InvalidItem {
        /// The position of the first invalid item.
        index: usize,
    },
    /// `detail` is a string but `error_type` is neither a string nor `null`.
    InvalidErrorType,
}

/// What the headers say, for either outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Meta {
    retry: RetryDecision,
    request_id: Option<Box<str>>,
    timeout_type: Option<Box<str>>,
}

impl ReceivedError {
    /// Reads an error response. Never panics, whatever the bytes.
    ///
    /// `Ok` when the body is `{"detail": [items]}` (items read leniently: no `url`,
    /// `"ctx": null` and unknown keys are accepted) or `{"detail": "text"}` (with
    /// `error_type` from the body or the `x-fal-error-type` header, a request error;
    /// without, one `value_error` item). Keys other than `detail` and `error_type` are
    /// ignored. Anything else is an [`UnparsedBody`]. An empty `error_type` counts as
    /// absent.
    ///
    /// ```
    /// use fal_error::{ErrorDetail, ReceivedError};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), br#"{"detail":"Prompt is empty"}"#).unwrap();
    /// assert_eq!(error.details(), [ErrorDetail::new("value_error", "Prompt is empty")]);
    /// ```
    pub fn parse(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<ReceivedError, UnparsedBody> {
        let header_type = header_str(headers, &X_FAL_ERROR_TYPE).map(RequestErrorType::from);
        match parse_body(status, header_type.as_ref(), body) {
            Ok(body) => {
                let error_type = match &body {
                    ReceivedBody::Request(request) => Some(request.error_type()),
                    ReceivedBody::Detail(_) => header_type.as_ref(),
                };
                Ok(ReceivedError {
                    status,
                    meta: Meta::new(status, headers, error_type),
                    body,
                })
            }
            Err(reason) => Err(UnparsedBody {
                status,
                raw: String::from_utf8_lossy(body).into(),
                reason,
                meta: Meta::new(status, headers, header_type.as_ref()),
                error_type: header_type,
            }),
        }
    }

    /// Reads an `http::Response`, as [`ReceivedError::parse`] does.
    ///
    /// ```
    /// use fal_error::{ReceivedError, RequestError, RequestErrorType};
    ///
    /// let sent = RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected").to_response();
    /// let response: http::Response<Vec<u8>> = sent.into();
    /// let error = ReceivedError::from_response(&response).unwrap();
    /// assert_eq!(error.error_type(), Some("runner_disconnected"));
    /// assert!(error.should_retry());
    /// ```
    pub fn from_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<ReceivedError, UnparsedBody> {
        ReceivedError::parse(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }

    /// The HTTP status.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let error = ReceivedError::parse(StatusCode::CONFLICT, &HeaderMap::new(), br#"{"detail":"Busy"}"#).unwrap();
    /// assert_eq!(error.status(), StatusCode::CONFLICT);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The typed body.
    ///
    /// ```
    /// use fal_error::{ReceivedBody, ReceivedError};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":[{"loc":["body"],"msg":"No media generated","type":"no_media_generated"}]}"#;
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body).unwrap();
    /// assert!(matches!(error.body(), ReceivedBody::Detail(items) if items.len() == 1));
    /// ```
    pub fn body(&self) -> &ReceivedBody {
        &self.body
    }

    /// The typed body, by value.
    ///
    /// ```
    /// use fal_error::{ReceivedBody, ReceivedError};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), br#"{"detail":"Bad"}"#).unwrap();
    /// let ReceivedBody::Detail(items) = error.into_body() else { unreachable!() };
    /// assert_eq!(items[0].msg, "Bad");
    /// ```
    pub fn into_body(self) -> ReceivedBody {
        self.body
    }

    /// The detail items; empty for a request error.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":"Request timed out","error_type":"request_timeout"}"#;
    /// let error = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), body).unwrap();
    /// assert!(error.details().is_empty());
    /// ```
    pub fn details(&self) -> &[ErrorDetail] {
        match &self.body {
            ReceivedBody::Detail(items) => items,
            ReceivedBody::Request(_) => &[],
        }
    }

    /// The request error, when the body is one.
    ///
    /// ```
    /// use fal_error::{ReceivedError, RequestErrorType};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":"Too many requests","error_type":"concurrent_requests_limit"}"#;
    /// let error = ReceivedError::parse(StatusCode::TOO_MANY_REQUESTS, &HeaderMap::new(), body).unwrap();
    /// let request = error.request_error().unwrap();
    /// assert_eq!(request.error_type(), &RequestErrorType::Other("concurrent_requests_limit".into()));
    /// assert_eq!(request.status(), StatusCode::TOO_MANY_REQUESTS);
    /// ```
    pub fn request_error(&self) -> Option<&RequestError> {
        match &self.body {
            ReceivedBody::Request(request) => Some(request),
            ReceivedBody::Detail(_) => None,
        }
    }

    /// The machine-readable type: the request error's, else the first detail item's.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-fal-error-type", "startup_timeout".parse().unwrap());
    /// let error = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &headers, br#"{"detail":"Startup timed out"}"#).unwrap();
    /// assert_eq!(error.error_type(), Some("startup_timeout"));
    /// ```
    pub fn error_type(&self) -> Option<&str> {
        match &self.body {
            ReceivedBody::Request(request) => Some(request.error_type().as_str()),
            ReceivedBody::Detail(items) => items.first().map(|item| item.error_type.as_str()),
        }
    }

    /// The retry decision; see [`RetryDecision`] for the rules.
    ///
    /// ```
    /// use fal_error::{ReceivedError, RetryDecision, RetryReason};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":"Bad request","error_type":"bad_request"}"#;
    /// let error = ReceivedError::parse(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), body).unwrap();
    /// assert_eq!(error.retry(), RetryDecision { retry: false, reason: RetryReason::ErrorType });
    /// ```
    pub fn retry(&self) -> RetryDecision {
        self.meta.retry
    }

    /// Whether to retry: `self.retry().retry`.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let error = ReceivedError::parse(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), br#"{"detail":"Busy"}"#).unwrap();
    /// assert!(error.should_retry());
    /// ```
    pub fn should_retry(&self) -> bool {
        self.meta.retry.retry
    }

    /// The detail items for field `name`: those whose last `loc` element is `name`, as
    /// `getFieldErrors(name)` of fal's JavaScript client. A list index never matches.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":[
    ///     {"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of"},
    ///     {"loc":["body","height"],"msg":"Input should be a multiple of 8","type":"multiple_of"},
    ///     {"loc":["body","size","width"],"msg":"Input should be greater than 0","type":"greater_than"}
    /// ]}"#;
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body).unwrap();
    /// let types: Vec<_> = error.field_errors("width").map(|item| item.error_type.as_str()).collect();
    /// assert_eq!(types, ["multiple_of", "greater_than"]);
    /// ```
    pub fn field_errors<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ErrorDetail> {
        self.details()
            .iter()
            .filter(move |item| matches!(item.loc.last(), Some(LocItem::Key(key)) if key == name))
    }

    /// `x-fal-request-id`: set by fal's platform once the request reached it.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let error = ReceivedError::parse(StatusCode::BAD_REQUEST, &HeaderMap::new(), br#"{"detail":"Bad"}"#).unwrap();
    /// assert_eq!(error.request_id(), None);
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id.as_deref()
    }

    /// `x-fal-request-timeout-type` (`user` when the caller's own timeout expired).
    ///
    /// ```
    /// use fal_error::{ReceivedError, RetryReason};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-fal-request-timeout-type", "user".parse().unwrap());
    /// let body = br#"{"detail":"Request timed out","error_type":"request_timeout"}"#;
    /// let error = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &headers, body).unwrap();
    /// assert_eq!(error.timeout_type(), Some("user"));
    /// assert_eq!(error.retry().reason, RetryReason::UserTimeout);
    /// assert!(!error.should_retry());
    /// ```
    pub fn timeout_type(&self) -> Option<&str> {
        self.meta.timeout_type.as_deref()
    }
}

impl fmt::Display for ReceivedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.status)?;
        match &self.body {
            ReceivedBody::Request(request) => fmt::Display::fmt(request, f),
            ReceivedBody::Detail(items) => {
                for (position, item) in items.iter().enumerate() {
                    if position > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{}: {} ({})", item.loc, item.msg, item.error_type)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ReceivedError {}

impl UnparsedBody {
    /// The HTTP status.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let unparsed = ReceivedError::parse(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"").unwrap_err();
    /// assert_eq!(unparsed.status(), StatusCode::BAD_GATEWAY);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The body as text; invalid UTF-8 is replaced with `U+FFFD`.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let unparsed = ReceivedError::parse(StatusCode::BAD_GATEWAY, &HeaderMap::new(), b"bad \xff gateway").unwrap_err();
    /// assert_eq!(unparsed.raw(), "bad \u{FFFD} gateway");
    /// ```
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// Why the body could not be read.
    ///
    /// ```
    /// use fal_error::{ReceivedError, UnparsedReason};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let unparsed = ReceivedError::parse(StatusCode::BAD_GATEWAY, &HeaderMap::new(), br#"{"error":"nope"}"#).unwrap_err();
    /// assert_eq!(unparsed.reason(), UnparsedReason::NoDetail);
    /// ```
    pub fn reason(&self) -> UnparsedReason {
        self.reason
    }

    /// The type from the `x-fal-error-type` header, if any.
    ///
    /// ```
    /// use fal_error::{ReceivedError, RequestErrorType};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-fal-error-type", "runner_scheduling_failure".parse().unwrap());
    /// let unparsed = ReceivedError::parse(StatusCode::SERVICE_UNAVAILABLE, &headers, b"no runner").unwrap_err();
    /// assert_eq!(unparsed.error_type(), Some(&RequestErrorType::RunnerSchedulingFailure));
    /// assert!(unparsed.should_retry());
    /// ```
    pub fn error_type(&self) -> Option<&RequestErrorType> {
        self.error_type.as_ref()
    }

    /// The retry decision, from the headers and status as for [`ReceivedError::retry`].
    ///
    /// ```
    /// use fal_error::{ReceivedError, RetryDecision, RetryReason};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let unparsed = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), b"upstream timed out").unwrap_err();
    /// assert_eq!(unparsed.retry(), RetryDecision { retry: true, reason: RetryReason::Status });
    /// ```
    pub fn retry(&self) -> RetryDecision {
        self.meta.retry
    }

    /// Whether to retry: `self.retry().retry`.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let unparsed = ReceivedError::parse(StatusCode::INTERNAL_SERVER_ERROR, &HeaderMap::new(), b"oops").unwrap_err();
    /// assert!(!unparsed.should_retry());
    /// ```
    pub fn should_retry(&self) -> bool {
        self.meta.retry.retry
    }

    /// `x-fal-request-id`; its absence on a 502, 503 or 504 hints at an error from the
    /// ingress rather than from fal's platform.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-fal-request-id", "req-9".parse().unwrap());
    /// let unparsed = ReceivedError::parse(StatusCode::BAD_GATEWAY, &headers, b"").unwrap_err();
    /// assert_eq!(unparsed.request_id(), Some("req-9"));
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id.as_deref()
    }

    /// `x-fal-request-timeout-type`, if any.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let unparsed = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &HeaderMap::new(), b"").unwrap_err();
    /// assert_eq!(unparsed.timeout_type(), None);
    /// ```
    pub fn timeout_type(&self) -> Option<&str> {
        self.meta.timeout_type.as_deref()
    }
}

impl fmt::Display for UnparsedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.reason)?;
        if let Some(error_type) = &self.error_type {
            write!(f, " ({error_type})")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnparsedBody {}

impl fmt::Display for UnparsedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnparsedReason::Empty => f.write_str("empty body"),
            UnparsedReason::NotUtf8 => f.write_str("body is not UTF-8"),
            UnparsedReason::NotJson => f.write_str("body is not JSON"),
            UnparsedReason::NoDetail => f.write_str("body is not an object with `detail`"),
            UnparsedReason::InvalidDetail => f.write_str("`detail` is neither a string nor a list"),
            UnparsedReason::EmptyDetail => f.write_str("`detail` is an empty list"),
            UnparsedReason::InvalidItem { index } => {
                write!(f, "`detail` item {index} is not an error item")
            }
            UnparsedReason::InvalidErrorType => f.write_str("`error_type` is not a string"),
        }
    }
}

fn parse_body(
    status: StatusCode,
    header_type: Option<&RequestErrorType>,
    body: &[u8],
) -> Result<ReceivedBody, UnparsedReason> {
    if body
        .iter()
        .all(|byte| matches!(byte, b' ' | b'\t' | b'\n' | b'\r'))
    {
        return Err(UnparsedReason::Empty);
    }
    let text = std::str::from_utf8(body).map_err(|_| UnparsedReason::NotUtf8)?;
    let mut object = match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(UnparsedReason::NoDetail),
        Err(_) => return Err(UnparsedReason::NotJson),
    };
    match object.remove("detail") {
        None => Err(UnparsedReason::NoDetail),
        Some(Value::Array(items)) => detail_items(items).map(ReceivedBody::Detail),
        Some(Value::String(text)) => {
            let error_type = match body_error_type(&mut object)? {
                Some(name) => Some(RequestErrorType::from(name)),
                None => header_type.cloned(),
            };
            Ok(match error_type {
                Some(error_type) => {
                    ReceivedBody::Request(RequestError::new(error_type, text).with_status(status))
                }
                None => ReceivedBody::Detail(vec![ErrorDetail::new("value_error", text)]),
            })
        }
        Some(_) => Err(UnparsedReason::InvalidDetail),
    }
}

fn detail_items(items: Vec<Value>) -> Result<Vec<ErrorDetail>, UnparsedReason> {
    if items.is_empty() {
        return Err(UnparsedReason::EmptyDetail);
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            serde_json::from_value(item).map_err(|_| UnparsedReason::InvalidItem { index })
        })
        .collect()
}

/// The body's `error_type`: a non-empty string, or absent (missing, `null`, `""`).
fn body_error_type(object: &mut Map<String, Value>) -> Result<Option<String>, UnparsedReason> {
    match object.remove("error_type") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) if name.is_empty() => Ok(None),
        Some(Value::String(name)) => Ok(Some(name)),
        Some(_) => Err(UnparsedReason::InvalidErrorType),
    }
}

impl Meta {
    fn new(status: StatusCode, headers: &HeaderMap, error_type: Option<&RequestErrorType>) -> Self {
        let timeout_type = header_str(headers, &X_FAL_REQUEST_TIMEOUT_TYPE);
        Meta {
            retry: decide(status, headers, timeout_type, error_type),
            request_id: header_str(headers, &X_FAL_REQUEST_ID).map(Box::from),
            timeout_type: timeout_type.map(Box::from),
        }
    }
}

fn decide(
    status: StatusCode,
    headers: &HeaderMap,
    timeout_type: Option<&str>,
    error_type: Option<&RequestErrorType>,
) -> RetryDecision {
    let decision = |retry, reason| RetryDecision { retry, reason };
    if let Some(retry) = header_str(headers, &X_FAL_NEEDS_RETRY).and_then(|value| flag(value, true))
    {
        return decision(retry, RetryReason::NeedsRetryHeader);
    }
    if let Some(retry) = header_str(headers, &X_FAL_RETRYABLE).and_then(|value| flag(value, false))
    {
        return decision(retry, RetryReason::RetryableHeader);
    }
    if status == StatusCode::GATEWAY_TIMEOUT
        && timeout_type.is_some_and(|kind| kind.eq_ignore_ascii_case("user"))
    {
        return decision(false, RetryReason::UserTimeout);
    }
    if let Some(retry) = error_type.and_then(RequestErrorType::worth_retrying) {
        return decision(retry, RetryReason::ErrorType);
    }
    decision(status_is_retried(status), RetryReason::Status)
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

/// The first value of a header as trimmed UTF-8 text; `None` when absent, empty or not
/// UTF-8.
fn header_str<'h>(headers: &'h HeaderMap, name: &HeaderName) -> Option<&'h str> {
    let value = std::str::from_utf8(headers.get(name)?.as_bytes())
        .ok()?
        .trim();
    (!value.is_empty()).then_some(value)
}
