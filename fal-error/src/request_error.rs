//! Request errors: fal's flat `{"detail": "...", "error_type": "..."}` shape for
//! infrastructure failures (timeouts, runner failures, connection errors): the types,
//! their typical status and retry guidance. `response.rs` writes them.

use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use http::StatusCode;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::response::ErrorResponse;
use crate::retry;

macro_rules! request_error_types {
    ($($variant:ident = $name:literal, $status:literal, $retry:literal, $doc:literal;)*) => {
        /// The `error_type` of a request error: the 13 types of fal's request-errors page,
        /// and any other type string kept as it came.
        ///
        /// ```
        /// use fal_error::RequestErrorType;
        ///
        /// let kind: RequestErrorType = "runner_disconnected".parse().unwrap();
        /// assert_eq!(kind, RequestErrorType::RunnerDisconnected);
        /// assert_eq!(kind.typical_status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
        /// assert_eq!(kind.worth_retrying(), Some(true));
        ///
        /// let unknown = RequestErrorType::from("concurrent_requests_limit");
        /// assert_eq!(unknown.as_str(), "concurrent_requests_limit");
        /// assert_eq!(unknown.typical_status(), None);
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum RequestErrorType {
            $(
                #[doc = $doc]
                $variant,
            )*
            /// A type this crate does not know, kept verbatim.
            Other(String),
        }

        impl RequestErrorType {
            /// The 13 documented types, in the page's order.
            pub const ALL: [RequestErrorType; 13] = [$(RequestErrorType::$variant),*];

            /// The wire string (`"request_timeout"`).
            pub fn as_str(&self) -> &str {
                match self {
                    $(RequestErrorType::$variant => $name,)*
                    RequestErrorType::Other(name) => name,
                }
            }

            /// The status fal typically sends with this type; `None` for unknown types.
            pub fn typical_status(&self) -> Option<StatusCode> {
                match self {
                    $(RequestErrorType::$variant => StatusCode::from_u16($status).ok(),)*
                    RequestErrorType::Other(_) => None,
                }
            }

            /// Whether the page's guidance says to retry: runner and timeout errors are
            /// transient, client errors and bad requests are not, and an internal error is
            /// not retried (fal does not retry a 500). `None` for unknown types.
            pub fn worth_retrying(&self) -> Option<bool> {
                match self {
                    $(RequestErrorType::$variant => Some($retry),)*
                    RequestErrorType::Other(_) => None,
                }
            }
        }

        impl From<&str> for RequestErrorType {
            fn from(name: &str) -> Self {
                match name {
                    $($name => RequestErrorType::$variant,)*
                    other => RequestErrorType::Other(other.to_owned()),
                }
            }
        }
    };
}

request_error_types! {
    RequestTimeout = "request_timeout", 504, true, "The request exceeded the allowed processing time (typically 504).";
    StartupTimeout = "startup_timeout", 504, true, "The runner did not start within the allowed time (typically 504).";
    RunnerSchedulingFailure = "runner_scheduling_failure", 503, true, "No runner could be allocated to handle the request (typically 503).";
    RunnerConnectionTimeout = "runner_connection_timeout", 503, true, "The connection to the runner timed out (typically 503).";
    RunnerDisconnected = "runner_disconnected", 503, true, "The runner disconnected unexpectedly during processing (typically 503).";
    RunnerConnectionRefused = "runner_connection_refused", 503, true, "The runner refused the connection (typically 503).";
    RunnerConnectionError = "runner_connection_error", 503, true, "A general connection error occurred with the runner (typically 503).";
    RunnerIncompleteResponse = "runner_incomplete_response", 502, true, "The runner sent an incomplete response payload (typically 502).";
    RunnerServerError = "runner_server_error", 500, true, "The runner encountered an internal server error (typically 500).";
    ClientDisconnected = "client_disconnected", 499, false, "The client closed the connection before the response was sent (typically 499).";
    ClientCancelled = "client_cancelled", 499, false, "The request was cancelled by the client (typically 499).";
    BadRequest = "bad_request", 400, false, "The request was malformed, e.g. an invalid timeout header (typically 400).";
    InternalError = "internal_error", 500, false, "An unexpected internal error occurred (typically 500).";
}

impl From<String> for RequestErrorType {
    fn from(name: String) -> Self {
        match RequestErrorType::from(name.as_str()) {
            RequestErrorType::Other(_) => RequestErrorType::Other(name),
            known => known,
        }
    }
}

impl FromStr for RequestErrorType {
    type Err = Infallible;

    fn from_str(name: &str) -> Result<Self, Infallible> {
        Ok(RequestErrorType::from(name))
    }
}

impl fmt::Display for RequestErrorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RequestErrorType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RequestErrorType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(RequestErrorType::from)
    }
}

/// An infrastructure failure in fal's flat shape: a human `detail` and a machine
/// `error_type`, sent with `x-fal-error-type`.
///
/// ```
/// use fal_error::{RequestError, RequestErrorType};
///
/// let error = RequestError::new(RequestErrorType::RequestTimeout, "Request timed out");
/// let response = error.to_response();
/// assert_eq!(response.status(), 504);
/// assert_eq!(response.headers()["x-fal-error-type"], "request_timeout");
/// assert_eq!(response.headers()["x-fal-retryable"], "true");
/// assert_eq!(response.body(), r#"{"detail":"Request timed out","error_type":"request_timeout"}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    error_type: RequestErrorType,
    detail: Cow<'static, str>,
    status: StatusCode,
}

impl RequestError {
    /// A request error with the type's typical status (500 for unknown types).
    pub fn new(error_type: RequestErrorType, detail: impl Into<Cow<'static, str>>) -> Self {
        let status = error_type
            .typical_status()
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        RequestError {
            error_type,
            detail: detail.into(),
            status,
        }
    }

    /// Sends another status than the type's typical one.
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The machine-readable type.
    pub fn error_type(&self) -> &RequestErrorType {
        &self.error_type
    }

    /// The human-readable description.
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `x-fal-retryable` value: the type's guidance, else whether the status is one
    /// that is retried (408, 409, 429, 503, 504), the rule [`ReceivedError`] reads back.
    ///
    /// [`ReceivedError`]: crate::ReceivedError
    pub fn retryable(&self) -> bool {
        retry::guidance(Some(&self.error_type), self.status).retry
    }

    /// The response: status, `x-fal-error-type`, `x-fal-retryable` and the flat body.
    /// A type holding control characters, which no header can carry, is sent in the body
    /// only.
    pub fn to_response(&self) -> ErrorResponse {
        ErrorResponse::from_request_error(self)
    }
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.detail, self.error_type)
    }
}

impl std::error::Error for RequestError {}
