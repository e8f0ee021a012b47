//! The names and values of fal's error headers.

use std::fmt;

use http::HeaderValue;
use http::header::HeaderName;

/// `x-fal-retryable: true|false`, sent with every error.
///
/// ```
/// use fal_error::{FalError, ModelError, X_FAL_RETRYABLE};
///
/// let response = ModelError::NoMediaGenerated.to_response();
/// assert_eq!(X_FAL_RETRYABLE.as_str(), "x-fal-retryable");
/// assert_eq!(response.headers()[X_FAL_RETRYABLE], "false");
/// ```
pub const X_FAL_RETRYABLE: HeaderName = HeaderName::from_static("x-fal-retryable");
/// `x-fal-needs-retry: 1|0`, which overrides fal's status-based retries; sent on request.
///
/// ```
/// use fal_error::{FalError, ModelError, X_FAL_NEEDS_RETRY};
///
/// assert!(ModelError::NoMediaGenerated.to_response().headers().get(X_FAL_NEEDS_RETRY).is_none());
/// let asked = ModelError::NoMediaGenerated.with_needs_retry(false).to_response();
/// assert_eq!(asked.headers()[X_FAL_NEEDS_RETRY], "0");
/// ```
pub const X_FAL_NEEDS_RETRY: HeaderName = HeaderName::from_static("x-fal-needs-retry");
/// `x-fal-error-type`, the `error_type` of a request error.
///
/// ```
/// use fal_error::{RequestError, RequestErrorType, X_FAL_ERROR_TYPE};
///
/// let response = RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected").to_response();
/// assert_eq!(response.headers()[X_FAL_ERROR_TYPE], "runner_disconnected");
/// ```
pub const X_FAL_ERROR_TYPE: HeaderName = HeaderName::from_static("x-fal-error-type");
/// `x-fal-billable-units`, what the request is billed; sent on request.
///
/// ```
/// use fal_error::{BillableUnits, FalError, ModelError, X_FAL_BILLABLE_UNITS};
///
/// let response = ModelError::NoMediaGenerated.to_response().with_billable_units(BillableUnits::from(3u32));
/// assert_eq!(response.headers()[X_FAL_BILLABLE_UNITS], "3");
/// ```
pub const X_FAL_BILLABLE_UNITS: HeaderName = HeaderName::from_static("x-fal-billable-units");
/// `x-fal-request-id`, set by fal's platform on responses that reached a runner.
///
/// ```
/// use fal_error::{ReceivedError, X_FAL_REQUEST_ID};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert(X_FAL_REQUEST_ID, http::HeaderValue::from_static("req-123"));
/// let received = ReceivedError::parse(http::StatusCode::BAD_GATEWAY, &headers, b"").unwrap_err();
/// assert_eq!(received.request_id(), Some("req-123"));
/// ```
pub const X_FAL_REQUEST_ID: HeaderName = HeaderName::from_static("x-fal-request-id");
/// `x-fal-request-timeout-type`; `user` means the caller's own timeout expired.
///
/// ```
/// use fal_error::{ReceivedError, X_FAL_REQUEST_TIMEOUT_TYPE};
///
/// let mut headers = http::HeaderMap::new();
/// headers.insert(X_FAL_REQUEST_TIMEOUT_TYPE, http::HeaderValue::from_static("user"));
/// let body = br#"{"detail":"Request timed out","error_type":"request_timeout"}"#;
/// let received = ReceivedError::parse(http::StatusCode::GATEWAY_TIMEOUT, &headers, body).unwrap();
/// assert_eq!(received.timeout_type(), Some("user"));
/// assert!(!received.should_retry(), "the caller's own deadline passed: not retried");
/// ```
pub const X_FAL_REQUEST_TIMEOUT_TYPE: HeaderName =
    HeaderName::from_static("x-fal-request-timeout-type");

pub(crate) fn bool_value(value: bool) -> HeaderValue {
    HeaderValue::from_static(if value { "true" } else { "false" })
}

pub(crate) fn flag_value(value: bool) -> HeaderValue {
    HeaderValue::from_static(if value { "1" } else { "0" })
}

/// A billable amount for `x-fal-billable-units`, formatted as fal does: an integer as
/// `42`, a fraction with eight decimals.
///
/// ```
/// use fal_error::BillableUnits;
///
/// assert_eq!(BillableUnits::from(42u32).to_string(), "42");
/// assert_eq!(BillableUnits::new(2.0).unwrap().to_string(), "2");
/// assert_eq!(BillableUnits::new(0.5).unwrap().to_string(), "0.50000000");
/// assert_eq!(BillableUnits::new(f64::NAN), None);
/// assert_eq!(BillableUnits::new(-1.0), None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BillableUnits(Units);

#[derive(Clone, Copy, Debug, PartialEq)]
enum Units {
    Whole(u64),
    Fraction(f64),
}

impl BillableUnits {
    /// Units from a float; `None` unless it is finite and not negative.
    ///
    /// ```
    /// use fal_error::BillableUnits;
    ///
    /// assert_eq!(BillableUnits::new(1.25).unwrap().to_string(), "1.25000000");
    /// assert_eq!(BillableUnits::new(3.0), Some(BillableUnits::from(3u32)));
    /// assert_eq!(BillableUnits::new(f64::INFINITY), None);
    /// ```
    pub fn new(units: f64) -> Option<Self> {
        if !units.is_finite() || units < 0.0 {
            return None;
        }
        if units.fract() == 0.0 && units < u64::MAX as f64 {
            return Some(BillableUnits(Units::Whole(units as u64)));
        }
        Some(BillableUnits(Units::Fraction(units)))
    }

    pub(crate) fn header_value(self) -> HeaderValue {
        match self.0 {
            Units::Whole(units) => HeaderValue::from(units),
            Units::Fraction(_) => {
                HeaderValue::try_from(self.to_string()).unwrap_or(HeaderValue::from_static("0"))
            }
        }
    }
}

impl From<u32> for BillableUnits {
    fn from(units: u32) -> Self {
        BillableUnits(Units::Whole(units.into()))
    }
}

impl From<u64> for BillableUnits {
    fn from(units: u64) -> Self {
        BillableUnits(Units::Whole(units))
    }
}

impl fmt::Display for BillableUnits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Units::Whole(units) => write!(f, "{units}"),
            Units::Fraction(units) => write!(f, "{units:.8}"),
        }
    }
}
