//! reqwest-retry (feature `reqwest-retry`): fal's retry decision for `reqwest-middleware`
//! clients, as a `reqwest_retry` strategy and as a retry middleware that also honours
//! `Retry-After`.
//!
//! Both decide from the response's status and headers
//! ([`RetryDecision::from_head`]): a middleware cannot read a body without consuming
//! it, and fal sends a request error's type in `x-fal-error-type` as well as in the
//! body. Transport failures (connect errors, timeouts, broken responses) are classified
//! by `reqwest_retry`'s own rules.

use std::time::{Duration, SystemTime};

use http::Extensions;
use reqwest_middleware::{Error, Middleware, Next};
use reqwest_retry::{
    RetryDecision as PolicyDecision, RetryPolicy, Retryable, RetryableStrategy,
    default_on_request_failure,
};

use crate::retry::{FalHeaders, RetryDecision, retry_after};

/// fal's retry decision as a `reqwest_retry` [`RetryableStrategy`]: an error response
/// is [`Retryable::Transient`] exactly when [`RetryDecision::from_head`] says to retry,
/// else [`Retryable::Fatal`]; a response below 400 is not an error. Use it with
/// `reqwest_retry::RetryTransientMiddleware`, whose waits come from its policy only;
/// [`FalRetryMiddleware`] also waits as `Retry-After` says.
///
/// ```
/// use fal_error::reqwest_retry::FalRetryableStrategy;
/// use reqwest_retry::{Retryable, RetryableStrategy};
///
/// let response = |status: u16, header: Option<(&str, &str)>| {
///     let mut builder = http::Response::builder().status(status);
///     if let Some((name, value)) = header {
///         builder = builder.header(name, value);
///     }
///     Ok(reqwest::Response::from(builder.body("").unwrap()))
/// };
/// assert!(FalRetryableStrategy.handle(&response(200, None)).is_none());
/// assert!(FalRetryableStrategy.handle(&response(503, None)) == Some(Retryable::Transient));
/// assert!(FalRetryableStrategy.handle(&response(500, None)) == Some(Retryable::Fatal));
/// assert!(FalRetryableStrategy.handle(&response(422, Some(("x-fal-retryable", "true")))) == Some(Retryable::Transient));
/// assert!(FalRetryableStrategy.handle(&response(503, Some(("x-fal-error-type", "bad_request")))) == Some(Retryable::Fatal));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct FalRetryableStrategy;

impl RetryableStrategy for FalRetryableStrategy {
    fn handle(&self, result: &Result<reqwest::Response, Error>) -> Option<Retryable> {
        match result {
            Ok(response) if response.status().as_u16() < 400 => None,
            Ok(response) => {
                let decision = RetryDecision::from_head(response.status(), response.headers());
                Some(if decision.retry {
                    Retryable::Transient
                } else {
                    Retryable::Fatal
                })
            }
            Err(error) => default_on_request_failure(error),
        }
    }
}

/// A `reqwest-middleware` retry middleware: it sends a request again when
/// [`FalRetryableStrategy`] calls the outcome transient and the policy allows another
/// attempt, after the policy's wait or the response's `Retry-After`, whichever is
/// longer. A `Retry-After` longer than [`FalRetryMiddleware::with_max_retry_after`]
/// (60 s by default) is not waited for: that response is returned. The last response
/// (or error) is returned as it came, so [`ReceivedError::from_reqwest`] reads it.
///
/// Requests with a streaming body cannot be sent twice and fail with a middleware error,
/// as with `reqwest_retry`.
///
/// [`ReceivedError::from_reqwest`]: crate::ReceivedError::from_reqwest
///
/// ```
/// use fal_error::reqwest_retry::FalRetryMiddleware;
/// use reqwest_retry::policies::ExponentialBackoff;
///
/// let client = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
///     .with(FalRetryMiddleware::new(ExponentialBackoff::builder().build_with_max_retries(3)))
///     .build();
/// # drop(client);
/// ```
#[derive(Clone, Debug)]
pub struct FalRetryMiddleware<P> {
    policy: P,
    max_retry_after: Duration,
}

impl<P: RetryPolicy> FalRetryMiddleware<P> {
    /// Retries by fal's decision, with `policy`'s number of attempts and waits.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use fal_error::reqwest_retry::FalRetryMiddleware;
    /// use reqwest_retry::policies::ExponentialBackoff;
    ///
    /// let policy = ExponentialBackoff::builder()
    ///     .retry_bounds(Duration::ZERO, Duration::ZERO)
    ///     .build_with_max_retries(1);
    /// let unavailable = http::Response::builder().status(503).body("").unwrap();
    /// let wait = FalRetryMiddleware::new(policy).wait(&Ok(reqwest::Response::from(unavailable)), SystemTime::now(), 0);
    /// assert_eq!(wait, Some(Duration::ZERO));
    /// ```
    pub fn new(policy: P) -> Self {
        FalRetryMiddleware {
            policy,
            max_retry_after: Duration::from_secs(60),
        }
    }

    /// The longest `Retry-After` waited for.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use fal_error::reqwest_retry::FalRetryMiddleware;
    /// use reqwest_retry::policies::ExponentialBackoff;
    ///
    /// let middleware = FalRetryMiddleware::new(ExponentialBackoff::builder().build_with_max_retries(1))
    ///     .with_max_retry_after(Duration::from_secs(5));
    /// let busy = http::Response::builder().status(429).header("retry-after", "6").body("").unwrap();
    /// assert_eq!(middleware.wait(&Ok(reqwest::Response::from(busy)), SystemTime::now(), 0), None);
    /// ```
    #[must_use]
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// How long to wait before sending again after `result`, the outcome of attempt
    /// `past_retries + 1` of a request first sent at `started`; `None` to give up and
    /// return `result`.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use fal_error::reqwest_retry::FalRetryMiddleware;
    /// use reqwest_retry::policies::ExponentialBackoff;
    ///
    /// let policy = ExponentialBackoff::builder()
    ///     .retry_bounds(Duration::from_secs(1), Duration::from_secs(1))
    ///     .build_with_max_retries(2);
    /// let middleware = FalRetryMiddleware::new(policy);
    /// let response = |retry_after: &str| {
    ///     let response = http::Response::builder().status(429).header("retry-after", retry_after).body("").unwrap();
    ///     Ok(reqwest::Response::from(response))
    /// };
    /// let now = SystemTime::now();
    /// assert_eq!(middleware.wait(&response("7"), now, 0), Some(Duration::from_secs(7)));
    /// assert_eq!(middleware.wait(&response("3600"), now, 0), None);
    /// assert_eq!(middleware.wait(&response("7"), now, 2), None);
    /// ```
    pub fn wait(
        &self,
        result: &Result<reqwest::Response, Error>,
        started: SystemTime,
        past_retries: u32,
    ) -> Option<Duration> {
        if FalRetryableStrategy.handle(result) != Some(Retryable::Transient) {
            return None;
        }
        let PolicyDecision::Retry { execute_after } =
            self.policy.should_retry(started, past_retries)
        else {
            return None;
        };
        let backoff = execute_after
            .duration_since(SystemTime::now())
            .unwrap_or_default();
        let asked = result.as_ref().ok().and_then(|response| {
            FalHeaders::read(response.headers())
                .retry_after
                .and_then(|value| retry_after(value, SystemTime::now))
        });
        match asked {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => Some(asked.max(backoff)),
            None => Some(backoff),
        }
    }
}

#[async_trait::async_trait]
impl<P: RetryPolicy + Send + Sync + 'static> Middleware for FalRetryMiddleware<P> {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut Extensions,
        next: Next<'_>,
    ) -> Result<reqwest::Response, Error> {
        let started = SystemTime::now();
        let mut past_retries = 0;
        loop {
            let attempt = request
                .try_clone()
                .ok_or_else(|| Error::middleware(NotCloneable))?;
            let result = next.clone().run(attempt, extensions).await;
            match self.wait(&result, started, past_retries) {
                Some(wait) => {
                    tokio::time::sleep(wait).await;
                    past_retries += 1;
                }
                None => return result,
            }
        }
    }
}

/// A request with a streaming body, which cannot be sent twice.
#[derive(Debug)]
struct NotCloneable;

impl std::fmt::Display for NotCloneable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request has a streaming body and cannot be sent again")
    }
}

impl std::error::Error for NotCloneable {}
