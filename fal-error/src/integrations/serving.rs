//! [`FalLayer`]: the one line that makes every response of an app fal-shaped, whatever
//! answered — a handler that panicked, the router (unknown path, wrong method), a
//! timeout or body limit of the stack, any inner service. The same type is a tower
//! `Layer` for axum (feature `axum`) and an actix-web middleware (feature `actix-web`);
//! this file holds what both do, `axum_layer.rs` and `actix_layer.rs` the plumbing.

use std::any::Any;
use std::cell::RefCell;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Once;
use std::task::{Context, Poll};

use http::header::{ALLOW, CONTENT_LENGTH};
use http::{HeaderMap, HeaderValue, StatusCode};

use crate::error::FalError;
use crate::headers::{BillableUnits, X_FAL_BILLABLE_UNITS};
use crate::integrations::json::JsonConfig;
use crate::model_error::ModelError;
use crate::response::ErrorResponse;
use crate::url_form::UrlForm;

/// Makes every error response of an app a fal error; one line to add:
/// `.layer(FalLayer::new())` on an axum `Router`, `.wrap(FalLayer::new())` on an
/// actix-web `App`.
///
/// What it answers, when the app itself did not send a fal error:
///
/// | the app's response | sent instead |
/// | --- | --- |
/// | a handler panicked | 500 `internal_server_error`, not retryable; the panic message and location are logged (feature `tracing`), never sent, and the server keeps serving |
/// | 404 (no route) | 404 `{"detail":"Path /x not found"}`, as fal's Python servers send it |
/// | 405 (wrong method) | 405 `{"detail":"Method Not Allowed"}`, its `allow` header kept; on actix-web also the router's 404 for a path that has routes for other methods (an `App::route`, `web::route()` or scope route puts its method guard on the resource, so a wrong method is no 405 of actix-web's own; no `allow` then) |
/// | 408 (a timeout layer gave up) | 504 `generation_timeout` |
/// | 413 (a body limit) | 422 `file_too_large`, `max_size` = [`FalLayer::body_limit`] |
/// | 500 | 500 `internal_server_error`, not retryable |
/// | any other 4xx/5xx | the same status, `{"detail":"<its reason phrase>"}` (FastAPI's default), `x-fal-retryable` as fal retries that status |
///
/// On actix-web an inner middleware's `Err` is answered the same way: a fal error passes
/// unchanged, any other error is written as actix-web writes it and then replaced by its
/// status as above. The error behind a replaced 5xx (an actix-web error returned by a
/// handler or a middleware) is logged with the `tracing` feature, never sent.
///
/// Fal errors written by this crate (handlers' errors, the extractors' rejections) pass
/// unchanged, as do successes. Refusals of the request (404, 405, 413) send
/// `x-fal-billable-units: 0`, as fal's own servers do, unless
/// [`FalLayer::unbilled_refusals`] is turned off or the response already sets its units.
/// [`FalLayer::url_form`] chooses the documentation links' form for every response
/// written inside it.
///
/// ```
/// use fal_error::{FalLayer, UrlForm};
///
/// let layer = FalLayer::new().url_form(UrlForm::FalServers).body_limit(10 * 1024 * 1024);
/// assert_eq!(layer.body_limit_bytes(), 10 * 1024 * 1024);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct FalLayer {
    url_form: UrlForm,
    unbilled_refusals: bool,
    body_limit: usize,
    enforce_body_limit: bool,
}

impl Default for FalLayer {
    fn default() -> Self {
        FalLayer::new()
    }
}

impl FalLayer {
    /// The layer with fal's defaults: spec-form links, refusals not billed, a 2 MiB body
    /// limit reported (axum's and actix-web's own default) but not enforced.
    ///
    /// Creating one installs, once per process, a panic hook that notes where a panic
    /// happened (for the log) and then calls the hook that was there before.
    ///
    /// ```
    /// # #[cfg(feature = "axum")] {
    /// use axum::{Router, body::Body, routing::get};
    /// use fal_error::FalLayer;
    /// use tower_service::Service;
    ///
    /// let layer = FalLayer::new();
    /// assert_eq!(layer.body_limit_bytes(), 2 * 1024 * 1024);
    /// let mut app = Router::new().route("/upscale", get(|| async { "ok" })).layer(layer);
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let request = http::Request::get("/missing").body(Body::empty()).unwrap();
    /// let response = runtime.block_on(app.call(request)).unwrap();
    /// assert_eq!(response.status(), 404);
    /// assert_eq!(response.headers()["x-fal-billable-units"], "0");
    /// let body = runtime.block_on(http_body_util::BodyExt::collect(response.into_body())).unwrap();
    /// assert_eq!(body.to_bytes(), r#"{"detail":"Path /missing not found"}"#);
    /// # }
    /// ```
    pub fn new() -> Self {
        install_panic_hook();
        FalLayer {
            url_form: UrlForm::Spec,
            unbilled_refusals: true,
            body_limit: JsonConfig::DEFAULT_LIMIT,
            enforce_body_limit: false,
        }
    }

    /// The form of the documentation links of every response written inside the layer
    /// (see [`UrlForm`]).
    ///
    /// ```
    /// # #[cfg(feature = "axum")] {
    /// use axum::{Router, body::Body, routing::get};
    /// use fal_error::{ErrorResponse, FalLayer, ModelError, UrlForm};
    /// use tower_service::Service;
    ///
    /// async fn fail() -> Result<&'static str, ErrorResponse> {
    ///     Err(ModelError::NoMediaGenerated)?
    /// }
    ///
    /// let layer = FalLayer::new().url_form(UrlForm::FalServers);
    /// let mut app = Router::new().route("/", get(fail)).layer(layer);
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let response = runtime.block_on(app.call(http::Request::get("/").body(Body::empty()).unwrap())).unwrap();
    /// let body = runtime.block_on(http_body_util::BodyExt::collect(response.into_body())).unwrap();
    /// assert_eq!(
    ///     body.to_bytes(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"The model did not generate the expected output for this prompt.","type":"no_media_generated","url":"https://docs.fal.ai/errors#no_media_generated"}]}"#,
    /// );
    /// # }
    /// ```
    #[must_use]
    pub fn url_form(mut self, url_form: UrlForm) -> Self {
        self.url_form = url_form;
        self
    }

    /// Whether the layer's refusals (404, 405, 413) send `x-fal-billable-units: 0`
    /// (`true` by default, as fal's servers do).
    ///
    /// ```
    /// # #[cfg(feature = "axum")] {
    /// use axum::{Router, body::Body, routing::get};
    /// use fal_error::FalLayer;
    /// use tower_service::Service;
    ///
    /// let layer = FalLayer::new().unbilled_refusals(false);
    /// let mut app = Router::new().route("/", get(|| async { "ok" })).layer(layer);
    /// let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    /// let response = runtime.block_on(app.call(http::Request::get("/missing").body(Body::empty()).unwrap())).unwrap();
    /// assert_eq!(response.status(), 404);
    /// assert!(response.headers().get("x-fal-billable-units").is_none());
    /// # }
    /// ```
    #[must_use]
    pub fn unbilled_refusals(mut self, unbilled: bool) -> Self {
        self.unbilled_refusals = unbilled;
        self
    }

    /// Refuses a body whose `content-length` is over `bytes` with `file_too_large` before
    /// any handler runs, reports `bytes` as the `max_size` of a 413 from the stack, and
    /// (axum) gives `fal_error::axum::Json` the same limit.
    ///
    /// ```
    /// let layer = fal_error::FalLayer::new().body_limit(1024);
    /// assert_eq!(layer.body_limit_bytes(), 1024);
    /// ```
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self.enforce_body_limit = true;
        self
    }

    /// The body limit in bytes.
    ///
    /// ```
    /// use fal_error::FalLayer;
    ///
    /// assert_eq!(FalLayer::new().body_limit_bytes(), 2_097_152, "reported, not enforced");
    /// assert_eq!(FalLayer::new().body_limit(1024).body_limit_bytes(), 1024);
    /// ```
    pub fn body_limit_bytes(&self) -> usize {
        self.body_limit
    }

    /// The refusal of a request whose declared length is over the enforced limit.
    pub(crate) fn refused_early(&self, headers: &HeaderMap) -> Option<ErrorResponse> {
        let declared = headers
            .get(CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse::<u64>()
            .ok()?;
        (self.enforce_body_limit && declared > self.body_limit as u64)
            .then(|| self.url_form.scope(|| self.refusal(self.too_large())))
    }

    /// The extractors' limit, when the layer enforces one.
    #[cfg(feature = "axum")]
    pub(crate) fn json_config(&self) -> Option<JsonConfig> {
        self.enforce_body_limit
            .then(|| JsonConfig::new().limit(self.body_limit))
    }

    fn too_large(&self) -> ErrorResponse {
        ModelError::FileTooLarge {
            max_size: self.body_limit as u64,
        }
        .to_response()
    }

    /// The fal error sent instead of a non-fal error response of `status` to a request
    /// for `path`; `None` for a success. `allow` is the inner response's header.
    pub(crate) fn replacement(
        &self,
        status: StatusCode,
        path: &str,
        allow: Option<&HeaderValue>,
    ) -> Option<ErrorResponse> {
        if !(status.is_client_error() || status.is_server_error()) {
            return None;
        }
        let response = self.url_form.scope(|| match status {
            StatusCode::NOT_FOUND => self.refusal(ErrorResponse::from_detail_text(
                status,
                &format!("Path {path} not found"),
            )),
            StatusCode::METHOD_NOT_ALLOWED => {
                let mut response = ErrorResponse::from_detail_text(status, "Method Not Allowed");
                if let Some(allow) = allow {
                    response = response.with_header(ALLOW, allow.clone());
                }
                self.refusal(response)
            }
            StatusCode::REQUEST_TIMEOUT => ModelError::generation_timeout().to_response(),
            StatusCode::PAYLOAD_TOO_LARGE => self.refusal(self.too_large()),
            StatusCode::INTERNAL_SERVER_ERROR => ModelError::internal_server_error().to_response(),
            other => {
                ErrorResponse::from_detail_text(other, other.canonical_reason().unwrap_or("Error"))
            }
        });
        Some(response)
    }

    /// `response` with `x-fal-billable-units: 0` when refusals are not billed and it does
    /// not set its own units.
    fn refusal(&self, response: ErrorResponse) -> ErrorResponse {
        if self.unbilled_refusals && !response.headers().contains_key(X_FAL_BILLABLE_UNITS) {
            response.with_billable_units(BillableUnits::from(0u32))
        } else {
            response
        }
    }

    /// `future`, polled with this layer's link form in effect and its panics caught.
    pub(crate) fn guard<F: Future>(&self, future: F) -> Guarded<F> {
        Guarded {
            inner: Box::pin(future),
            layer: *self,
        }
    }

    /// `call()`, run with this layer's link form in effect and its panic caught.
    pub(crate) fn guard_call<T>(&self, call: impl FnOnce() -> T) -> Result<T, ErrorResponse> {
        self.url_form
            .scope(|| catch_unwind(AssertUnwindSafe(call)))
            .map_err(|payload| self.panicked(payload))
    }

    /// The response to a caught panic, which keeps the panic for the log.
    fn panicked(&self, payload: Box<dyn Any + Send>) -> ErrorResponse {
        let message = payload
            .downcast_ref::<&str>()
            .map(|message| (*message).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic payload that is not text".to_owned());
        let location = PANIC_LOCATION.with(|location| location.borrow_mut().take());
        self.url_form
            .scope(|| ModelError::internal_server_error().to_response())
            .with_source(Panicked { message, location })
    }
}

/// A future polled with a link form in effect and its panics caught.
pub(crate) struct Guarded<F> {
    inner: Pin<Box<F>>,
    layer: FalLayer,
}

/// With a panic caught, the response to send instead.
pub(crate) struct GuardedPanic(pub(crate) ErrorResponse);

impl<F: Future> Future for Guarded<F> {
    type Output = Result<F::Output, GuardedPanic>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let layer = self.layer;
        let inner = &mut self.inner;
        match layer.guard_call(|| inner.as_mut().poll(cx)) {
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(response) => Poll::Ready(Err(GuardedPanic(response))),
        }
    }
}

/// A handler's panic, kept beside its 500 for the log.
#[derive(Debug)]
struct Panicked {
    message: String,
    location: Option<String>,
}

impl std::fmt::Display for Panicked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(location) => write!(f, "panicked at {location}: {}", self.message),
            None => write!(f, "panicked: {}", self.message),
        }
    }
}

impl std::error::Error for Panicked {}

thread_local! {
    /// Where the last panic of this thread happened, noted by the hook for the catcher,
    /// which runs on the same thread.
    static PANIC_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

fn install_panic_hook() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info.location().map(ToString::to_string);
            PANIC_LOCATION.with(|noted| *noted.borrow_mut() = location);
            previous(info);
        }));
    });
}

/// Marks a framework response written by this crate, which the layer passes unchanged.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FalWritten;
