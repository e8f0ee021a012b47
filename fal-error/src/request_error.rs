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
            ///
            /// ```
            /// use fal_error::RequestErrorType;
            ///
            /// assert_eq!(RequestErrorType::ALL[0], RequestErrorType::RequestTimeout);
            /// assert_eq!(RequestErrorType::ALL[12].as_str(), "internal_error");
            /// assert!(!RequestErrorType::ALL.iter().any(|kind| matches!(kind, RequestErrorType::Other(_))));
            /// ```
            pub const ALL: [RequestErrorType; 13] = [$(RequestErrorType::$variant),*];

            /// The wire string (`"request_timeout"`).
            ///
            /// ```
            /// use fal_error::RequestErrorType;
            ///
            /// assert_eq!(RequestErrorType::StartupTimeout.as_str(), "startup_timeout");
            /// assert_eq!(RequestErrorType::from("quota_exceeded").as_str(), "quota_exceeded");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $(RequestErrorType::$variant => $name,)*
                    RequestErrorType::Other(name) => name,
                }
            }

            /// The status fal typically sends with this type; `None` for unknown types.
            ///
            /// ```
            /// use fal_error::RequestErrorType;
            /// use http::StatusCode;
            ///
            /// assert_eq!(RequestErrorType::RunnerIncompleteResponse.typical_status(), Some(StatusCode::BAD_GATEWAY));
            /// assert_eq!(RequestErrorType::ClientCancelled.typical_status().map(|s| s.as_u16()), Some(499));
            /// assert_eq!(RequestErrorType::from("quota_exceeded").typical_status(), None);
            /// ```
            pub fn typical_status(&self) -> Option<StatusCode> {
                match self {
                    $(RequestErrorType::$variant => StatusCode::from_u16($status).ok(),)*
                    RequestErrorType::Other(_) => None,
                }
            }

            /// Whether the page's guidance says to retry: runner and timeout errors are
            /// transient, client errors and bad requests are not, and an internal error is
            /// not retried (fal does not retry a 500). `None` for unknown types.
            ///
            /// ```
            /// use fal_error::RequestErrorType;
            ///
            /// assert_eq!(RequestErrorType::RunnerDisconnected.worth_retrying(), Some(true));
            /// assert_eq!(RequestErrorType::BadRequest.worth_retrying(), Some(false));
            /// assert_eq!(RequestErrorType::InternalError.worth_retrying(), Some(false));
            /// assert_eq!(RequestErrorType::from("quota_exceeded").worth_retrying(), None);
            /// ```
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
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// let known = RequestError::new(RequestErrorType::RunnerSchedulingFailure, "No runner available");
    /// assert_eq!(known.status(), 503);
    /// let unknown = RequestError::new("quota_exceeded".into(), "Quota exceeded");
    /// assert_eq!(unknown.status(), 500);
    /// ```
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
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// let error = RequestError::new(RequestErrorType::BadRequest, "Invalid timeout header")
    ///     .with_status(http::StatusCode::UNPROCESSABLE_ENTITY);
    /// let response = error.to_response();
    /// assert_eq!(response.status(), 422);
    /// assert_eq!(response.headers()["x-fal-error-type"], "bad_request");
    /// ```
    #[must_use]
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// The machine-readable type.
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// let error = RequestError::new(RequestErrorType::ClientDisconnected, "Client disconnected");
    /// assert_eq!(error.error_type(), &RequestErrorType::ClientDisconnected);
    /// assert_eq!(error.error_type().as_str(), "client_disconnected");
    /// ```
    pub fn error_type(&self) -> &RequestErrorType {
        &self.error_type
    }

    /// The human-readable description.
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// let error = RequestError::new(RequestErrorType::StartupTimeout, "Runner did not start in time");
    /// assert_eq!(error.detail(), "Runner did not start in time");
    /// assert_eq!(error.to_string(), "Runner did not start in time (startup_timeout)");
    /// ```
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// The HTTP status.
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// let error = RequestError::new(RequestErrorType::RequestTimeout, "Request timed out");
    /// assert_eq!(error.status(), http::StatusCode::GATEWAY_TIMEOUT);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `x-fal-retryable` value: the type's guidance, else whether the status is one
    /// that is retried (408, 409, 429, 503, 504), the rule [`ReceivedError`] reads back.
    ///
    /// [`ReceivedError`]: crate::ReceivedError
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// assert!(RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected").retryable());
    /// assert!(!RequestError::new(RequestErrorType::InternalError, "Internal error").retryable());
    /// // An unknown type: the status decides.
    /// assert!(RequestError::new("overloaded".into(), "Overloaded").with_status(http::StatusCode::TOO_MANY_REQUESTS).retryable());
    /// assert!(!RequestError::new("overloaded".into(), "Overloaded").retryable());
    /// ```
    pub fn retryable(&self) -> bool {
        retry::guidance(Some(&self.error_type), self.status).retry
    }

    /// The response: status, `x-fal-error-type`, `x-fal-retryable` and the flat body.
    /// A type holding control characters, which no header can carry, is sent in the body
    /// only.
    ///
    /// ```
    /// use fal_error::{RequestError, RequestErrorType};
    ///
    /// let response = RequestError::new(RequestErrorType::RunnerConnectionRefused, "Connection refused").to_response();
    /// assert_eq!(response.status(), 503);
    /// assert_eq!(response.headers()["x-fal-error-type"], "runner_connection_refused");
    /// assert_eq!(response.headers()["x-fal-retryable"], "true");
    /// assert_eq!(response.body(), r#"{"detail":"Connection refused","error_type":"runner_connection_refused"}"#);
    ///
    /// let odd = RequestError::new("bad\ntype".into(), "Odd").to_response();
    /// assert!(odd.headers().get("x-fal-error-type").is_none());
    /// assert_eq!(odd.body(), r#"{"detail":"Odd","error_type":"bad\ntype"}"#);
    /// ```
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
