//! reqwest (feature `reqwest`): a `reqwest::Response` read back into typed errors in one
//! call, its body capped before anything is copied.

use http::{HeaderMap, StatusCode};

use crate::received::{QueueStatus, ReceivedError, UnparsedBody, UnparsedReason};
use crate::retry::FalHeaders;

/// The most body bytes [`ReceivedError::from_reqwest`] and [`QueueStatus::from_reqwest`]
/// read: 1 MiB. fal's error bodies are a few kB (echoed inputs are capped by the
/// server); a longer body is not read past the limit, and one whose `Content-Length`
/// says it is longer is not read at all.
///
/// ```
/// assert_eq!(fal_error::reqwest::BODY_LIMIT, 1_048_576);
/// ```
pub const BODY_LIMIT: usize = 1 << 20;

impl ReceivedError {
    /// Reads a `reqwest::Response`: its status, headers and body (at most
    /// [`BODY_LIMIT`] bytes), as [`ReceivedError::parse`] does. A body that is too long
    /// or breaks off is an [`UnparsedBody`] ([`UnparsedReason::TooLarge`],
    /// [`UnparsedReason::Unreadable`]) that still carries the headers' retry decision.
    ///
    /// ```
    /// use fal_error::ReceivedError;
    ///
    /// let response = http::Response::builder()
    ///     .status(503)
    ///     .header("x-fal-error-type", "runner_disconnected")
    ///     .body(r#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#)
    ///     .unwrap();
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let error = runtime
    ///     .block_on(ReceivedError::from_reqwest(reqwest::Response::from(response)))
    ///     .unwrap();
    /// assert_eq!(error.error_type(), Some("runner_disconnected"));
    /// assert!(error.should_retry());
    /// ```
    pub async fn from_reqwest(response: reqwest::Response) -> Result<ReceivedError, UnparsedBody> {
        ReceivedError::from_reqwest_with_limit(response, BODY_LIMIT).await
    }

    /// [`ReceivedError::from_reqwest`] with another body limit, in bytes.
    ///
    /// ```
    /// use fal_error::{ReceivedError, UnparsedReason};
    ///
    /// let response = http::Response::builder().status(502).body("x".repeat(100)).unwrap();
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let unparsed = runtime
    ///     .block_on(ReceivedError::from_reqwest_with_limit(reqwest::Response::from(response), 10))
    ///     .unwrap_err();
    /// assert_eq!(unparsed.reason(), UnparsedReason::TooLarge { limit: 10 });
    /// assert_eq!(unparsed.raw(), "");
    /// ```
    pub async fn from_reqwest_with_limit(
        response: reqwest::Response,
        limit: usize,
    ) -> Result<ReceivedError, UnparsedBody> {
        let (status, headers, body) = read(response, limit).await?;
        ReceivedError::parse(status, &headers, &body)
    }
}

impl QueueStatus {
    /// Reads the `reqwest::Response` of a queue status call (at most [`BODY_LIMIT`] body
    /// bytes), as [`QueueStatus::parse`] does.
    ///
    /// ```
    /// use fal_error::QueueStatus;
    ///
    /// let response = http::Response::builder().status(202).body(r#"{"status":"IN_PROGRESS"}"#).unwrap();
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let status = runtime.block_on(QueueStatus::from_reqwest(reqwest::Response::from(response)));
    /// assert_eq!(status, Ok(QueueStatus::InProgress));
    /// ```
    pub async fn from_reqwest(response: reqwest::Response) -> Result<QueueStatus, UnparsedBody> {
        let (status, headers, body) = read(response, BODY_LIMIT).await?;
        QueueStatus::parse(status, &headers, &body)
    }
}

/// The status, headers and at most `limit` body bytes.
async fn read(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<(StatusCode, HeaderMap, Vec<u8>), UnparsedBody> {
    let status = response.status();
    let unread = |response: &reqwest::Response, body: &[u8], reason| {
        UnparsedBody::new(status, &FalHeaders::read(response.headers()), body, reason)
    };
    let too_large = UnparsedReason::TooLarge { limit };
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(unread(&response, b"", too_large));
    }
    let mut body = Vec::with_capacity(announced as usize);
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                let room = limit - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    return Err(unread(&response, &body, too_large));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(_) => return Err(unread(&response, &body, UnparsedReason::Unreadable)),
        }
    }
    let headers = std::mem::take(response.headers_mut());
    Ok((status, headers, body))
}
