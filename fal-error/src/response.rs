//! `ErrorResponse`: the status, headers and exact JSON body a client receives, for both
//! of fal's body shapes (`{"detail": [...]}` items and the flat request error) and with
//! every `x-fal-*` header.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use http::StatusCode;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::cause::{BoxedError, Cause};
use crate::detail::write_item;
use crate::echo::EchoLimits;
use crate::error::FalError;
use crate::headers::{
    BillableUnits, X_FAL_BILLABLE_UNITS, X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_RETRYABLE,
    bool_value, flag_value,
};
use crate::loc::Loc;
use crate::raw::Raw;
use crate::request_error::{RequestError, RequestErrorType};
use crate::url_form::UrlForm;

/// A complete error response: status, headers and body, ready to send.
///
/// The body is serialized once, when the response is built, straight from the errors'
/// fields; [`ErrorResponse::body`] and `into_parts` hand out those exact bytes, and
/// `Serialize` writes them unchanged.
///
/// Headers: `content-type: application/json` and `x-fal-retryable: true|false` always;
/// `x-fal-needs-retry: 1|0` when an error asks for it; `x-fal-error-type` for request
/// errors; `x-fal-billable-units` when set with [`ErrorResponse::with_billable_units`].
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let response = ModelError::MultipleOf { multiple_of: 8.into() }.at("width").with_input(513).to_response();
/// assert_eq!(response.status(), 422);
/// assert_eq!(response.headers()["x-fal-retryable"], "false");
/// assert_eq!(
///     response.body(),
///     r#"{"detail":[{"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of","ctx":{"multiple_of":8},"input":513}]}"#,
/// );
/// let http: http::Response<Vec<u8>> = response.into();
/// assert_eq!(http.headers()["content-type"], "application/json");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    parts: Box<Parts>,
}

/// Boxed so that `Result<_, ErrorResponse>` stays one pointer wide.
#[derive(Clone, Debug, PartialEq)]
struct Parts {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    /// The server-side error behind the response, logged and never sent.
    cause: Option<Cause>,
    summary: Summary,
}

/// What logging needs from a response, kept as it is written so that nothing parses the
/// body back: the response's retryability, the request error type of a flat body, and
/// one entry per detail item.
///
/// Keeping it costs no allocation for a one-error response: the item is held inline and
/// its `type` is a span of the body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Summary {
    /// The `x-fal-retryable` value.
    pub(crate) retryable: bool,
    /// The `error_type` of a flat (request error) body.
    pub(crate) request_error_type: Option<RequestErrorType>,
    /// The items of a `{"detail": [...]}` body, in order.
    items: Items,
    /// The form of the links the body was written with.
    url_form: UrlForm,
}

/// The items of a summary; one is held without a `Vec`.
#[derive(Clone, Debug, PartialEq)]
enum Items {
    One(ItemSummary),
    Many(Vec<ItemSummary>),
}

/// One detail item, as the writer kept it.
#[derive(Clone, Debug, PartialEq)]
struct ItemSummary {
    /// Where the item's `type` text is in the body (as written: JSON-escaped).
    type_at: Range<usize>,
    /// Where the item's `url` has the slash of the spec's form, or would have it: just
    /// after `https://docs.fal.ai/errors`, when the link follows the [`UrlForm`].
    link: Option<usize>,
    /// The item's `loc`.
    loc: Loc,
}

/// One detail item, as logging sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct LoggedItem<'a> {
    /// The item's `type`, as written in the body.
    pub(crate) error_type: &'a str,
    /// The item's `loc`.
    pub(crate) loc: &'a Loc,
}

impl Default for Summary {
    fn default() -> Self {
        Summary {
            retryable: false,
            request_error_type: None,
            items: Items::Many(Vec::new()),
            url_form: UrlForm::Spec,
        }
    }
}

impl Summary {
    fn items(&self) -> &[ItemSummary] {
        match &self.items {
            Items::One(item) => std::slice::from_ref(item),
            Items::Many(items) => items,
        }
    }
}

/// A `{"detail": [...]}` body being written, one error at a time, with what its headers
/// and summary need.
struct DetailWriter<'a> {
    limits: &'a EchoLimits,
    body: Vec<u8>,
    items: Items,
    status: StatusCode,
    retryable: bool,
    needs_retry: Option<bool>,
    /// The first 5xx error's logged texts, when it is an `Error`.
    cause: Option<Cause>,
    url_form: UrlForm,
}

/// Room for one typical item (~250 bytes), so that most bodies are written without
/// growing.
const ITEM_BYTES: usize = 256;

impl<'a> DetailWriter<'a> {
    fn new(limits: &'a EchoLimits, expected_items: usize) -> Self {
        let mut body = Vec::with_capacity(ITEM_BYTES * expected_items.clamp(1, 8));
        body.extend_from_slice(b"{\"detail\":[");
        DetailWriter {
            limits,
            body,
            items: Items::Many(Vec::new()),
            status: StatusCode::CONTINUE,
            retryable: true,
            needs_retry: None,
            cause: None,
            url_form: UrlForm::current(),
        }
    }

    /// Writes `error`'s item. The combined status is the highest; the response is
    /// retryable only when every error is; `needs_retry` is `1` only when every error
    /// that asks says so.
    fn push<E: FalError + ?Sized>(&mut self, error: &E) {
        let status = error.status();
        self.status = self.status.max(status);
        // Taken now: the response outlives the borrow of `error`.
        #[cfg(all(feature = "tracing", any(feature = "axum", feature = "actix-web")))]
        if self.cause.is_none() && status.is_server_error() {
            self.cause = error.as_error().map(Cause::explaining);
        }
        self.retryable &= error.retryable();
        if let Some(each) = error.needs_retry() {
            self.needs_retry = Some(self.needs_retry.unwrap_or(true) && each);
        }
        let start = self.body.len();
        if !matches!(&self.items, Items::Many(items) if items.is_empty()) {
            self.body.push(b',');
        }
        let loc = error.loc();
        let type_at = match write_item(&mut self.body, error, &loc, self.limits) {
            Ok(type_at) => type_at,
            // Only an `io::Write` can fail, and a `Vec` never does; drop the item whole.
            Err(_) => {
                self.body.truncate(start);
                return;
            }
        };
        let link = link_after(&self.body, type_at.end, self.url_form);
        let item = ItemSummary { type_at, link, loc };
        self.items = match std::mem::replace(&mut self.items, Items::Many(Vec::new())) {
            Items::Many(items) if items.is_empty() => Items::One(item),
            Items::One(first) => {
                let mut items = Vec::with_capacity(4);
                items.extend([first, item]);
                Items::Many(items)
            }
            Items::Many(mut items) => {
                items.push(item);
                Items::Many(items)
            }
        };
    }

    fn finish(mut self) -> ErrorResponse {
        let mut headers = DETAIL_HEADERS[usize::from(self.retryable)].clone();
        if let Some(needs_retry) = self.needs_retry {
            headers.insert(X_FAL_NEEDS_RETRY, flag_value(needs_retry));
        }
        self.body.extend_from_slice(b"]}");
        let body = String::from_utf8(self.body).unwrap_or_else(|_| EMPTY_DETAIL.to_owned());
        let summary = Summary {
            retryable: self.retryable,
            request_error_type: None,
            items: self.items,
            url_form: self.url_form,
        };
        let mut response = ErrorResponse::from_parts(self.status, headers, body, summary);
        response.parts.cause = self.cause;
        response
    }
}

/// What `detail::write_item` writes between an item's `type` text and its `url` text.
const TYPE_TO_URL: &[u8] = br#"","url":""#;

/// Where the link of the item whose `type` text ends at `type_end` has (or would have) the
/// spec form's slash, when it is a fal link written in `form`.
fn link_after(body: &[u8], type_end: usize, form: UrlForm) -> Option<usize> {
    let url = body.get(type_end..)?.strip_prefix(TYPE_TO_URL)?;
    let fragment = url.strip_prefix(form.base().as_bytes())?;
    fragment
        .starts_with(b"#")
        .then_some(type_end + TYPE_TO_URL.len() + UrlForm::FalServers.base().len())
}

/// The headers of a `{"detail": [...]}` response, not retryable and retryable: copying a
/// built map costs less than hashing its names again for every response.
static DETAIL_HEADERS: LazyLock<[HeaderMap; 2]> = LazyLock::new(|| {
    [false, true].map(|retryable| {
        let mut headers = ErrorResponse::json_headers();
        headers.insert(X_FAL_RETRYABLE, bool_value(retryable));
        headers
    })
});

/// What a body falls back to when even its ctx-less items cannot be written.
const EMPTY_DETAIL: &str = r#"{"detail":[]}"#;

struct FlatBody<'a> {
    detail: &'a str,
    error_type: &'a str,
}

impl Serialize for FlatBody<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut body = serializer.serialize_struct("RequestError", 2)?;
        body.serialize_field("detail", self.detail)?;
        body.serialize_field("error_type", self.error_type)?;
        body.end()
    }
}

impl ErrorResponse {
    /// The response for one error.
    ///
    /// ```
    /// use fal_error::{ErrorResponse, FalError, ModelError};
    ///
    /// let error = ModelError::FileTooLarge { max_size: 1_048_576 };
    /// let response = ErrorResponse::from_error(&error);
    /// assert_eq!(response, error.to_response());
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":1048576}}]}"#,
    /// );
    /// // A `&dyn FalError` works too.
    /// let dynamic: &dyn FalError = &error;
    /// assert_eq!(ErrorResponse::from_error(dynamic), response);
    /// ```
    pub fn from_error(error: &(impl FalError + ?Sized)) -> Self {
        Self::from_error_with(error, &EchoLimits::DEFAULT)
    }

    /// The response for one error, echoing its input within `limits`.
    ///
    /// ```
    /// use fal_error::{EchoLimits, ErrorResponse, FalError, ModelError};
    ///
    /// let error = ModelError::SequenceTooLong { max_length: 2 }.at("images").with_input([1, 2, 3]);
    /// let limits = EchoLimits { max_items: 2, ..EchoLimits::DEFAULT };
    /// assert_eq!(
    ///     ErrorResponse::from_error_with(&error, &limits).body(),
    ///     r#"{"detail":[{"loc":["body","images"],"msg":"Sequence should have at most 2 items","type":"sequence_too_long","url":"https://docs.fal.ai/errors/#sequence_too_long","ctx":{"max_length":2},"input":[1,2,"<1 more items>"]}]}"#,
    /// );
    /// ```
    pub fn from_error_with(error: &(impl FalError + ?Sized), limits: &EchoLimits) -> Self {
        let mut writer = DetailWriter::new(limits, 1);
        writer.push(error);
        writer.finish()
    }

    /// One response for several errors (all the violations of one request), `None` for
    /// none.
    ///
    /// The combined status is the highest of the errors' statuses (a 5xx outranks any
    /// 4xx; 422 outranks 400). The response is retryable only when every error is.
    /// `x-fal-needs-retry` is sent when any error asks for it, with `1` only when every
    /// error that asks says so.
    ///
    /// ```
    /// use fal_error::{ErrorResponse, FalError, ModelError};
    ///
    /// let errors = [
    ///     ModelError::OneOf { expected: [2, 4].into() }.at("scale").with_input(3),
    ///     ModelError::LessThanEqual { le: 50.into() }.at("num_inference_steps").with_input(80),
    /// ];
    /// let response = ErrorResponse::from_errors(&errors).unwrap();
    /// assert_eq!(response.status(), 422);
    /// assert!(response.body().starts_with(r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4""#));
    /// assert_eq!(ErrorResponse::from_errors(Vec::<ModelError>::new()), None);
    /// ```
    pub fn from_errors<I>(errors: I) -> Option<Self>
    where
        I: IntoIterator,
        I::Item: FalError,
    {
        Self::from_errors_with(errors, &EchoLimits::DEFAULT)
    }

    /// [`ErrorResponse::from_errors`], echoing inputs within `limits`.
    ///
    /// ```
    /// use fal_error::{EchoLimits, ErrorResponse, FalError, ModelError};
    ///
    /// let limits = EchoLimits { max_string_bytes: 5, ..EchoLimits::DEFAULT };
    /// let errors = [
    ///     ModelError::ContentPolicyViolation.at("prompt").with_input("a forbidden prompt"),
    ///     ModelError::NoMediaGenerated.at("prompt").with_input("short"),
    /// ];
    /// let response = ErrorResponse::from_errors_with(&errors, &limits).unwrap();
    /// let inputs: Vec<serde_json::Value> = serde_json::from_str::<serde_json::Value>(response.body()).unwrap()["detail"]
    ///     .as_array().unwrap().iter().map(|item| item["input"].clone()).collect();
    /// assert_eq!(inputs, ["a for...<truncated, 18 bytes>", "short"]);
    /// ```
    pub fn from_errors_with<I>(errors: I, limits: &EchoLimits) -> Option<Self>
    where
        I: IntoIterator,
        I::Item: FalError,
    {
        let errors = errors.into_iter();
        let mut writer = DetailWriter::new(limits, errors.size_hint().0);
        let mut any = false;
        for error in errors {
            writer.push(&error);
            any = true;
        }
        any.then(|| writer.finish())
    }

    /// The flat response of a request error: its status, `x-fal-error-type`,
    /// `x-fal-retryable` and `{"detail": "...", "error_type": "..."}`. A type holding
    /// control characters, which no header can carry, is sent in the body only.
    pub(crate) fn from_request_error(error: &RequestError) -> Self {
        let mut headers = Self::json_headers();
        if let Ok(error_type) = HeaderValue::from_str(error.error_type().as_str()) {
            headers.insert(X_FAL_ERROR_TYPE, error_type);
        }
        let retryable = error.retryable();
        headers.insert(X_FAL_RETRYABLE, bool_value(retryable));
        let body = serde_json::to_string(error).unwrap_or_default();
        let summary = Summary {
            retryable,
            request_error_type: Some(error.error_type().clone()),
            ..Summary::default()
        };
        Self::from_parts(error.status(), headers, body, summary)
    }

    /// A `{"detail": "<text>"}` response, FastAPI's shape for an HTTP error (the serving
    /// layer's 404 and 405), retryable as fal retries `status`.
    #[cfg_attr(
        not(any(feature = "axum", feature = "actix-web")),
        allow(dead_code, reason = "only the serving layer writes it")
    )]
    pub(crate) fn from_detail_text(status: StatusCode, text: &str) -> Self {
        let retryable = crate::retry::status_is_retried(status);
        let mut headers = Self::json_headers();
        headers.insert(X_FAL_RETRYABLE, bool_value(retryable));
        let body =
            serde_json::to_string(&serde_json::json!({ "detail": text })).unwrap_or_default();
        let summary = Summary {
            retryable,
            ..Summary::default()
        };
        Self::from_parts(status, headers, body, summary)
    }

    /// A header map holding `content-type: application/json`, with room for the `x-fal-*`
    /// headers that follow it.
    fn json_headers() -> HeaderMap {
        let mut headers = HeaderMap::with_capacity(4);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers
    }

    fn from_parts(status: StatusCode, headers: HeaderMap, body: String, summary: Summary) -> Self {
        ErrorResponse {
            parts: Box::new(Parts {
                status,
                headers,
                body,
                cause: None,
                summary,
            }),
        }
    }

    /// What the response carries, for logging.
    #[cfg_attr(
        not(all(feature = "tracing", any(feature = "axum", feature = "actix-web"))),
        allow(dead_code, reason = "only the tracing event reads it")
    )]
    pub(crate) fn summary(&self) -> &Summary {
        &self.parts.summary
    }

    /// The detail items, for logging: each one's `type` and `loc`.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn logged_items(&self) -> impl Iterator<Item = LoggedItem<'_>> {
        self.parts.summary.items().iter().map(|item| LoggedItem {
            error_type: self.body().get(item.type_at.clone()).unwrap_or_default(),
            loc: &item.loc,
        })
    }

    /// The body with its fal links in the form of the [`UrlForm::scope`] in effect (the
    /// serving layer's), for a response written where none was: in a task that a handler
    /// spawned, say. Outside any scope, or already in its form, the body as written.
    #[cfg_attr(
        not(any(feature = "axum", feature = "actix-web")),
        allow(dead_code, reason = "only the frameworks' conversions ask")
    )]
    pub(crate) fn body_in_effective_form(&self) -> Cow<'_, str> {
        let summary = &self.parts.summary;
        let body = self.body();
        let form = match UrlForm::in_effect() {
            Some(form) if form != summary.url_form => form,
            _ => return Cow::Borrowed(body),
        };
        let mut links = summary
            .items()
            .iter()
            .filter_map(|item| item.link)
            .peekable();
        if links.peek().is_none() {
            return Cow::Borrowed(body);
        }
        let mut rewritten = String::with_capacity(body.len() + summary.items().len());
        let mut copied = 0;
        for link in links {
            rewritten.push_str(body.get(copied..link).unwrap_or_default());
            copied = link;
            match form {
                UrlForm::Spec => rewritten.push('/'),
                UrlForm::FalServers => copied += 1,
            }
        }
        rewritten.push_str(body.get(copied..).unwrap_or_default());
        Cow::Owned(rewritten)
    }

    /// Sends `x-fal-needs-retry: 1|0`, which overrides fal's status-based retries.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let response = ModelError::NoMediaGenerated.to_response().with_needs_retry(true);
    /// assert_eq!(response.headers()["x-fal-needs-retry"], "1");
    /// assert_eq!(response.headers()["x-fal-retryable"], "false");
    /// ```
    #[must_use]
    pub fn with_needs_retry(mut self, needs_retry: bool) -> Self {
        self.parts
            .headers
            .insert(X_FAL_NEEDS_RETRY, flag_value(needs_retry));
        self
    }

    /// Sends `x-fal-billable-units`; fal sends `0` with validation failures so that they
    /// are not billed.
    ///
    /// ```
    /// use fal_error::{BillableUnits, FalError, ModelError};
    ///
    /// let response = ModelError::NoMediaGenerated.to_response().with_billable_units(BillableUnits::from(0u32));
    /// assert_eq!(response.headers()["x-fal-billable-units"], "0");
    /// ```
    #[must_use]
    pub fn with_billable_units(mut self, units: BillableUnits) -> Self {
        self.parts
            .headers
            .insert(X_FAL_BILLABLE_UNITS, units.header_value());
        self
    }

    /// The response with one more header (the `allow` of a 405).
    #[cfg_attr(
        not(any(feature = "axum", feature = "actix-web")),
        allow(dead_code, reason = "only the serving layer adds headers")
    )]
    pub(crate) fn with_header(
        mut self,
        name: http::header::HeaderName,
        value: HeaderValue,
    ) -> Self {
        self.parts.headers.insert(name, value);
        self
    }

    /// Keeps the server-side error behind this response: with the `tracing` feature the
    /// event of a 5xx carries its `source()` chain and `Debug`; nothing of it is sent.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let io = std::io::Error::other("disk full");
    /// let response = ModelError::internal_server_error().to_response().with_source(io);
    /// assert_eq!(response.status(), 500);
    /// assert!(!response.body().contains("disk full"));
    /// ```
    #[must_use]
    pub fn with_source(mut self, error: impl Into<BoxedError>) -> Self {
        self.parts.cause = Some(Cause::new(error));
        self
    }

    /// Keeps the logged texts of `error` (its text, `source()` chain and `Debug`) for the
    /// event of this response, when the error itself cannot be kept (it is borrowed, or
    /// not `Send`).
    #[cfg(all(feature = "tracing", feature = "actix-web"))]
    pub(crate) fn explained_by(mut self, error: &(dyn std::error::Error + '_)) -> Self {
        self.parts.cause = Some(Cause::explaining(error));
        self
    }

    /// The error behind the response: the one given to [`ErrorResponse::with_source`], or
    /// the logged texts of the 5xx error it was written from.
    #[cfg_attr(
        not(all(feature = "tracing", any(feature = "axum", feature = "actix-web"))),
        allow(dead_code, reason = "only the tracing event reads it")
    )]
    pub(crate) fn cause(&self) -> Option<&Cause> {
        self.parts.cause.as_ref()
    }

    /// The HTTP status.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(ModelError::generation_timeout().to_response().status(), http::StatusCode::GATEWAY_TIMEOUT);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.parts.status
    }

    /// The headers, `content-type` included.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let response = ModelError::NoMediaGenerated.to_response();
    /// let names: Vec<&str> = response.headers().keys().map(|name| name.as_str()).collect();
    /// assert_eq!(names, ["content-type", "x-fal-retryable"]);
    /// ```
    pub fn headers(&self) -> &HeaderMap {
        &self.parts.headers
    }

    /// The JSON body, exactly as sent.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// assert_eq!(
    ///     ModelError::ImageLoadError.to_response().body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error"}]}"#,
    /// );
    /// ```
    pub fn body(&self) -> &str {
        &self.parts.body
    }

    /// Splits the response into status, headers and body bytes.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError};
    ///
    /// let (status, headers, body) = ModelError::FaceDetectionError.to_response().into_parts();
    /// assert_eq!(status, 422);
    /// assert_eq!(headers["content-type"], "application/json");
    /// assert_eq!(
    ///     String::from_utf8(body).unwrap(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"Could not detect face in the image","type":"face_detection_error","url":"https://docs.fal.ai/errors/#face_detection_error"}]}"#,
    /// );
    /// ```
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Vec<u8>) {
        let Parts {
            status,
            headers,
            body,
            ..
        } = *self.parts;
        (status, headers, body.into_bytes())
    }
}

/// The body, exactly as [`ErrorResponse::body`] holds it: serde_json copies it as it
/// copies a `serde_json::value::RawValue`, without parsing it again.
///
/// ```
/// use fal_error::{FalError, ModelError};
///
/// let response = ModelError::ImageLoadError.at("image_url").to_response();
/// assert_eq!(serde_json::to_string(&response).unwrap(), response.body());
/// let wrapped = serde_json::to_string(&[&response]).unwrap();
/// assert_eq!(wrapped, format!("[{}]", response.body()));
/// ```
impl Serialize for ErrorResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Raw(self.body()).serialize(serializer)
    }
}

/// A request error's flat body, as [`RequestError::to_response`] sends it.
///
/// ```
/// use fal_error::{RequestError, RequestErrorType};
///
/// let error = RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected");
/// assert_eq!(
///     serde_json::to_string(&error).unwrap(),
///     r#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#,
/// );
/// ```
impl Serialize for RequestError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FlatBody {
            detail: self.detail(),
            error_type: self.error_type().as_str(),
        }
        .serialize(serializer)
    }
}

impl From<ErrorResponse> for http::Response<Vec<u8>> {
    fn from(response: ErrorResponse) -> Self {
        let (status, headers, body) = response.into_parts();
        let mut http = http::Response::new(body);
        *http.status_mut() = status;
        *http.headers_mut() = headers;
        http
    }
}

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

#[cfg(test)]
mod tests {
    use super::LoggedItem;
    use crate::{ErrorResponse, FalError, Loc, ModelError, RequestError, RequestErrorType};

    #[test]
    fn summary_lists_each_item_as_written() {
        let errors = [
            ModelError::ImageLoadError.at("image_url").with_input("x"),
            ModelError::NoMediaGenerated.at_loc(Loc::field("images").index(2)),
            ModelError::FaceDetectionError.at("face"),
        ];
        let response = ErrorResponse::from_errors(&errors).unwrap();
        assert!(!response.summary().retryable);
        assert_eq!(response.summary().request_error_type, None);
        let items: Vec<LoggedItem<'_>> = response.logged_items().collect();
        assert_eq!(
            items,
            [
                LoggedItem {
                    error_type: "image_load_error",
                    loc: &Loc::field("image_url"),
                },
                LoggedItem {
                    error_type: "no_media_generated",
                    loc: &Loc::field("images").index(2),
                },
                LoggedItem {
                    error_type: "face_detection_error",
                    loc: &Loc::field("face"),
                },
            ],
        );
        let one = ModelError::ImageLoadError.at("image_url").to_response();
        assert_eq!(
            one.logged_items().collect::<Vec<_>>(),
            [LoggedItem {
                error_type: "image_load_error",
                loc: &Loc::field("image_url"),
            }],
        );
    }

    /// The hand-rolled writer against serde's path through `ErrorDetail`: quotes,
    /// backslashes, control and non-ASCII characters in every text it writes.
    #[test]
    fn the_writer_escapes_as_serde_does() {
        use crate::{ErrorDetail, LocItem};

        let error = ModelError::OneOf {
            expected: ["é\"a", "ü\nb\\", "\u{1}"].into(),
        }
        .at_loc(Loc::field(LocItem::from("ké\"y".to_owned())).index(3))
        .with_input(("ö\"\u{7f}\u{2028}", f64::NAN, [1.5, -0.0]));
        let expected = format!(
            r#"{{"detail":[{}]}}"#,
            serde_json::to_string(&ErrorDetail::from_error(&error)).unwrap()
        );
        assert_eq!(error.to_response().body(), expected);
    }

    #[test]
    fn summary_of_a_request_error_is_its_type() {
        let response =
            RequestError::new(RequestErrorType::RunnerDisconnected, "gone").to_response();
        assert!(response.summary().retryable);
        assert_eq!(
            response.summary().request_error_type,
            Some(RequestErrorType::RunnerDisconnected),
        );
        assert_eq!(response.logged_items().count(), 0);
    }
}
