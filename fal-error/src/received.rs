//! The client side: a fal error response (status, headers, body bytes) read back into
//! typed errors, either body shape, with the decision whether to retry.

mod body;
mod compact;
mod model_error;
mod queue;
pub(crate) mod scan;

pub use model_error::NotAModelError;
pub use queue::QueueStatus;

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

use crate::detail::ErrorDetail;
use crate::loc::LocItem;
use crate::located::Located;
use crate::model_error::ModelError;
use crate::request_error::{RequestError, RequestErrorType};
use crate::retry::{FalHeaders, RetryDecision, decide, retry_after};
use body::Read;

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
    skipped: Vec<SkippedItem>,
    meta: Meta,
}

/// A `detail` item that is JSON but not an error item, set aside while the well-formed
/// items are kept.
///
/// ```
/// use fal_error::{ItemProblem, ReceivedError, SkippedItem};
/// use http::{HeaderMap, StatusCode};
///
/// let body = br#"{"detail":[{"loc":["body","a"],"msg":"Bad","type":"value_error"},{"loc":"body","msg":"Odd","type":"value_error"}]}"#;
/// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body).unwrap();
/// assert_eq!(error.details().len(), 1);
/// assert_eq!(error.skipped_items(), [SkippedItem { index: 1, problem: ItemProblem::Invalid("loc") }]);
/// assert_eq!(error.skipped_items()[0].to_string(), "`detail` item 1: `loc` has the wrong JSON type");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SkippedItem {
    /// The item's position in the `detail` list.
    pub index: usize,
    /// What is wrong with it.
    pub problem: ItemProblem,
}

/// Why a `detail` item is not an error item.
///
/// ```
/// use fal_error::ItemProblem;
///
/// assert_eq!(ItemProblem::Missing("msg").to_string(), "`msg` is missing");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ItemProblem {
    /// The item is not a JSON object.
    NotAnObject,
    /// A required key (`loc`, `msg`, `type`) is missing.
    Missing(&'static str),
    /// A key holds the wrong JSON type (`loc` not a list of names and non-negative
    /// integers, `msg`/`type`/`url` not a string, `ctx` not an object).
    Invalid(&'static str),
    /// A key appears twice.
    Duplicate(&'static str),
}

impl fmt::Display for ItemProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemProblem::NotAnObject => f.write_str("not an object"),
            ItemProblem::Missing(key) => write!(f, "`{key}` is missing"),
            ItemProblem::Invalid(key) => write!(f, "`{key}` has the wrong JSON type"),
            ItemProblem::Duplicate(key) => write!(f, "`{key}` appears twice"),
        }
    }
}

impl fmt::Display for SkippedItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`detail` item {}: {}", self.index, self.problem)
    }
}

impl ReceivedBody {
    /// A string `detail`: a request error when a type is known, else one `value_error`
    /// item.
    fn text(
        status: StatusCode,
        text: Cow<'_, str>,
        error_type: Option<RequestErrorType>,
    ) -> ReceivedBody {
        match error_type {
            Some(error_type) => ReceivedBody::Request(
                RequestError::new(error_type, text.into_owned()).with_status(status),
            ),
            None => ReceivedBody::Detail(vec![ErrorDetail::new("value_error", text)]),
        }
    }
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
    /// A queue status body ([`QueueStatus::parse`]) without a known `status`, or with
    /// `error`, `error_type` or `queue_position` of the wrong JSON type.
    NotQueueStatus,
    /// The body is longer than the limit the reader was given; `raw` holds its first
    /// `limit` bytes (none when `Content-Length` said so before reading).
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// Reading the body failed part way (the connection broke); `raw` holds what arrived.
    Unreadable,
}

/// What the headers say, for either outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Meta {
    retry: RetryDecision,
    request_id: Option<Box<str>>,
    timeout_type: Option<Box<str>>,
    retry_after: Option<Duration>,
}

impl ReceivedError {
    /// How many of the `detail` items that are not error items
    /// [`ReceivedError::skipped_items`] keeps.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let item = r#"{"loc":["body"],"msg":"Bad","type":"value_error"}"#;
    /// let body = format!(r#"{{"detail":[{}{item}]}}"#, "0,".repeat(1000));
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body.as_bytes()).unwrap();
    /// assert_eq!(error.details().len(), 1);
    /// assert_eq!(error.skipped_items().len(), ReceivedError::MAX_SKIPPED);
    /// assert_eq!(error.skipped_items().last().unwrap().index, ReceivedError::MAX_SKIPPED - 1);
    /// ```
    pub const MAX_SKIPPED: usize = 100;

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
        let headers = FalHeaders::read(headers);
        let header_type = headers.error_type.map(RequestErrorType::from);
        let (body, skipped) = match body::read(body) {
            Ok(Read::Items(items, skipped)) => (ReceivedBody::Detail(items), skipped),
            Ok(Read::Text(text, body_type)) => {
                let error_type = match body_type {
                    Some(name) => Some(RequestErrorType::from(&*name)),
                    None => header_type.clone(),
                };
                (ReceivedBody::text(status, text, error_type), Vec::new())
            }
            Err(reason) => return Err(UnparsedBody::new(status, &headers, body, reason)),
        };
        let error_type = match &body {
            ReceivedBody::Request(request) => Some(request.error_type()),
            ReceivedBody::Detail(_) => header_type.as_ref(),
        };
        Ok(ReceivedError {
            status,
            meta: Meta::new(status, &headers, error_type),
            body,
            skipped,
        })
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

    /// Each detail item read back into a built-in [`ModelError`], placed at its `loc`
    /// with its `input`, or why it is not one (a custom type, a ctx that does not fit).
    /// The four types whose retryability is chosen where they are raised take it from
    /// this response's decision ([`ReceivedError::should_retry`]).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, NotAModelError, ReceivedError};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":[
    ///     {"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","ctx":{"max_height":1024,"max_width":1024}},
    ///     {"loc":["body","lora"],"msg":"LoRA not found","type":"lora_not_found"}
    /// ]}"#;
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body).unwrap();
    /// let [first, second] = [0, 1].map(|index| error.model_errors().nth(index).unwrap());
    /// let first = first.unwrap();
    /// assert_eq!(first.inner(), &ModelError::ImageTooLarge { max_height: 1024, max_width: 1024 });
    /// assert_eq!(first.loc().to_string(), "body.image_url");
    /// assert_eq!(second, Err(NotAModelError::UnknownType("lora_not_found".into())));
    /// ```
    pub fn model_errors(
        &self,
    ) -> impl Iterator<Item = Result<Located<ModelError>, NotAModelError>> + '_ {
        let retryable = self.should_retry();
        self.details()
            .iter()
            .map(move |detail| model_error::read_located(detail, retryable))
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

    /// The `detail` items that were not error items, set aside with their index; the
    /// well-formed ones are in [`ReceivedError::details`]. The first
    /// [`ReceivedError::MAX_SKIPPED`] are kept: a list of junk (`[0,0,0,...]`) costs no
    /// memory beyond them.
    ///
    /// ```
    /// use fal_error::{ItemProblem, ReceivedError};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let body = br#"{"detail":[7,{"loc":["body"],"msg":"Bad","type":"value_error"}]}"#;
    /// let error = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body).unwrap();
    /// assert_eq!(error.skipped_items()[0].index, 0);
    /// assert_eq!(error.skipped_items()[0].problem, ItemProblem::NotAnObject);
    /// ```
    pub fn skipped_items(&self) -> &[SkippedItem] {
        &self.skipped
    }

    /// `Retry-After` (delay-seconds or an HTTP date, counted from when the response was
    /// read), if any.
    ///
    /// ```
    /// use std::time::Duration;
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", "7".parse().unwrap());
    /// let error = ReceivedError::parse(StatusCode::TOO_MANY_REQUESTS, &headers, br#"{"detail":"Slow down"}"#).unwrap();
    /// assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        self.meta.retry_after
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
    /// `body` kept as text, with what the headers say.
    pub(crate) fn new(
        status: StatusCode,
        headers: &FalHeaders<'_>,
        body: &[u8],
        reason: UnparsedReason,
    ) -> Self {
        let error_type = headers.error_type.map(RequestErrorType::from);
        UnparsedBody {
            status,
            raw: String::from_utf8_lossy(body).into(),
            reason,
            meta: Meta::new(status, headers, error_type.as_ref()),
            error_type,
        }
    }

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

    /// `Retry-After`, as for [`ReceivedError::retry_after`].
    ///
    /// ```
    /// use std::time::Duration;
    /// use fal_error::ReceivedError;
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT".parse().unwrap());
    /// let unparsed = ReceivedError::parse(StatusCode::SERVICE_UNAVAILABLE, &headers, b"busy").unwrap_err();
    /// assert_eq!(unparsed.retry_after(), Some(Duration::ZERO));
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        self.meta.retry_after
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
            UnparsedReason::NotQueueStatus => f.write_str("body is not a queue status"),
            UnparsedReason::TooLarge { limit } => write!(f, "body is longer than {limit} bytes"),
            UnparsedReason::Unreadable => f.write_str("body could not be read"),
        }
    }
}

impl Meta {
    fn new(
        status: StatusCode,
        headers: &FalHeaders<'_>,
        error_type: Option<&RequestErrorType>,
    ) -> Self {
        Meta {
            retry: decide(status, headers, error_type),
            request_id: headers.request_id.map(Box::from),
            timeout_type: headers.timeout_type.map(Box::from),
            retry_after: headers
                .retry_after
                .and_then(|value| retry_after(value, SystemTime::now)),
        }
    }
}
