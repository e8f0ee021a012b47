//! A fal queue status body (`GET .../requests/{id}/status`) read back; a completed
//! request that failed becomes the same typed request error, with the same retry
//! decision, as a direct call's error response.
//!
//! The shape assumed, from fal's Python SDK (`fal.apps.RequestHandle.status`, fal 1.83)
//! and its queue documentation: `{"status": "IN_QUEUE", "queue_position": 3}` (HTTP 202),
//! `{"status": "IN_PROGRESS", "logs": [...]}` (202), and `{"status": "COMPLETED",
//! "logs": ..., "error": "<text>" | null, "error_type": "<type>" | null}` (200); other
//! keys (`logs`, `metrics`, `response_url`, ...) are ignored.

use std::borrow::Cow;
use std::fmt;

use http::{HeaderMap, StatusCode};
use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{Meta, ReceivedBody, ReceivedError, UnparsedBody, UnparsedReason};
use crate::request_error::RequestErrorType;
use crate::retry::FalHeaders;
use crate::serde_struct::{CowStr, FieldIndex, fill};

/// Where a queued request is, read from a queue status body.
///
/// A failed request is a [`ReceivedError`] whose body is a [`RequestError`] of the
/// status's `error_type` and `error` text, with the type's typical status (500 for an
/// unknown type) and the retry decision the type's guidance gives, as if the request had
/// been answered directly without retry headers. Without an `error_type`, the text is one
/// `value_error` item, as for a string `detail`. The status response's own headers are
/// about the status call, not about the request: only `x-fal-request-id` is kept.
///
/// [`RequestError`]: crate::RequestError
///
/// ```
/// use fal_error::{QueueStatus, RequestErrorType, RetryReason};
/// use http::{HeaderMap, StatusCode};
///
/// let body = br#"{"status":"COMPLETED","logs":null,"error":"Runner disconnected","error_type":"runner_disconnected"}"#;
/// let QueueStatus::Failed(error) = QueueStatus::parse(StatusCode::OK, &HeaderMap::new(), body).unwrap() else {
///     panic!("a failed request");
/// };
/// let request = error.request_error().unwrap();
/// assert_eq!(request.error_type(), &RequestErrorType::RunnerDisconnected);
/// assert_eq!(request.detail(), "Runner disconnected");
/// assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
/// assert!(error.should_retry());
/// assert_eq!(error.retry().reason, RetryReason::ErrorType);
///
/// let body = br#"{"status":"IN_QUEUE","queue_position":2}"#;
/// assert_eq!(QueueStatus::parse(StatusCode::ACCEPTED, &HeaderMap::new(), body), Ok(QueueStatus::InQueue { position: Some(2) }));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum QueueStatus {
    /// `IN_QUEUE`, with the number of requests ahead when given.
    InQueue {
        /// `queue_position`.
        position: Option<u64>,
    },
    /// `IN_PROGRESS`.
    InProgress,
    /// `COMPLETED` without an `error`: the result is ready.
    Completed,
    /// `COMPLETED` with an `error`: the request failed.
    Failed(ReceivedError),
}

/// The keys of a status body that are read; any other key is skipped unread.
struct Wire<'a> {
    status: Cow<'a, str>,
    queue_position: Option<u64>,
    error: Option<Cow<'a, str>>,
    error_type: Option<Cow<'a, str>>,
}

const WIRE_FIELDS: &[&str] = &["status", "queue_position", "error", "error_type"];

impl<'de> Deserialize<'de> for Wire<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("QueueStatus", WIRE_FIELDS, WireVisitor)
    }
}

struct WireVisitor;

impl<'de> Visitor<'de> for WireVisitor {
    type Value = Wire<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a queue status")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wire<'de>, A::Error> {
        let (mut status, mut queue_position, mut error, mut error_type) = (None, None, None, None);
        let text = |map: &mut A| {
            let text = map.next_value::<Option<CowStr<'de>>>()?;
            Ok(text.map(|text| text.0))
        };
        while let Some(field) = map.next_key_seed(FieldIndex(WIRE_FIELDS))? {
            match field {
                Some(0) => fill(&mut status, "status", || map.next_value::<CowStr<'de>>())?,
                Some(1) => fill(&mut queue_position, "queue_position", || map.next_value())?,
                Some(2) => fill(&mut error, "error", || text(&mut map))?,
                Some(_) => fill(&mut error_type, "error_type", || text(&mut map))?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Wire {
            status: status.ok_or_else(|| de::Error::missing_field("status"))?.0,
            queue_position: queue_position.flatten(),
            error: error.flatten(),
            error_type: error_type.flatten(),
        })
    }
}

impl QueueStatus {
    /// Reads the response of a queue status call. Never panics, whatever the bytes; a
    /// UTF-8 BOM is skipped. A body that is not a status (a non-2xx error of the status
    /// call itself, such as an unknown request id) is an [`UnparsedBody`] with the call's
    /// status and retry decision; read it with [`ReceivedError::parse`] for its detail.
    ///
    /// ```
    /// use fal_error::{QueueStatus, UnparsedReason};
    /// use http::{HeaderMap, StatusCode};
    ///
    /// let read = |status, body: &[u8]| QueueStatus::parse(status, &HeaderMap::new(), body);
    /// assert_eq!(read(StatusCode::ACCEPTED, br#"{"status":"IN_PROGRESS","logs":[]}"#), Ok(QueueStatus::InProgress));
    /// assert_eq!(read(StatusCode::OK, br#"{"status":"COMPLETED","error":null,"error_type":null}"#), Ok(QueueStatus::Completed));
    /// let unparsed = read(StatusCode::NOT_FOUND, br#"{"detail":"Request not found"}"#).unwrap_err();
    /// assert_eq!(unparsed.reason(), UnparsedReason::NotQueueStatus);
    /// assert!(!unparsed.should_retry());
    /// ```
    pub fn parse(
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<QueueStatus, UnparsedBody> {
        let headers = FalHeaders::read(headers);
        let unparsed = |reason| UnparsedBody::new(status, &headers, body, reason);
        let wire = read_wire(body).map_err(unparsed)?;
        match (&*wire.status, wire.error) {
            ("IN_QUEUE", _) => Ok(QueueStatus::InQueue {
                position: wire.queue_position,
            }),
            ("IN_PROGRESS", _) => Ok(QueueStatus::InProgress),
            ("COMPLETED", None) => Ok(QueueStatus::Completed),
            ("COMPLETED", Some(error)) => {
                let error_type = wire
                    .error_type
                    .filter(|name| !name.is_empty())
                    .map(|name| RequestErrorType::from(&*name));
                let status = error_type
                    .as_ref()
                    .and_then(RequestErrorType::typical_status)
                    .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let request_headers = FalHeaders {
                    request_id: headers.request_id,
                    ..FalHeaders::default()
                };
                let meta = Meta::new(status, &request_headers, error_type.as_ref());
                Ok(QueueStatus::Failed(ReceivedError {
                    status,
                    body: ReceivedBody::text(status, error, error_type),
                    skipped: Vec::new(),
                    meta,
                }))
            }
            _ => Err(unparsed(UnparsedReason::NotQueueStatus)),
        }
    }

    /// Reads an `http::Response` of a queue status call, as [`QueueStatus::parse`] does.
    ///
    /// ```
    /// use fal_error::QueueStatus;
    ///
    /// let response = http::Response::builder()
    ///     .status(200)
    ///     .body(r#"{"status":"COMPLETED","logs":null,"error":"Request timed out","error_type":"request_timeout"}"#)
    ///     .unwrap();
    /// let QueueStatus::Failed(error) = QueueStatus::from_response(&response).unwrap() else { unreachable!() };
    /// assert_eq!(error.error_type(), Some("request_timeout"));
    /// assert!(error.should_retry());
    /// ```
    pub fn from_response<B: AsRef<[u8]>>(
        response: &http::Response<B>,
    ) -> Result<QueueStatus, UnparsedBody> {
        QueueStatus::parse(
            response.status(),
            response.headers(),
            response.body().as_ref(),
        )
    }
}

fn read_wire(body: &[u8]) -> Result<Wire<'_>, UnparsedReason> {
    serde_json::from_str(super::body::text(body)?).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => UnparsedReason::NotQueueStatus,
        _ => UnparsedReason::NotJson,
    })
}
