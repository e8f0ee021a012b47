//! axum (feature `axum`): fal errors as responses, and a JSON extractor whose rejections are
//! fal errors.
//!
//! - [`ErrorResponse`], [`RequestError`], every derived error ([`ModelError`](crate::ModelError)
//!   included), [`Located`] errors and [`JsonRejection`] implement `IntoResponse` with
//!   their exact status, headers and body bytes. Return `Result<_, MyError>` or
//!   `Result<_, ErrorResponse>` from a handler and use `?` on any [`FalError`]:
//!   `ErrorResponse: From<E>` for every `E: FalError`.
//! - [`Json<T>`] extracts a JSON body and refuses it with a fal 422 (or 415) instead of
//!   axum's plain-text rejection; see [`crate::json`] for each case. Its limit comes from
//!   a [`JsonConfig`] extension (`.layer(Extension(JsonConfig::new().limit(…)))`), 2 MiB
//!   without one; axum's `DefaultBodyLimit` does not apply to it. As a response, `Json<T>`
//!   writes `T` as `application/json`.
//!
//! ```no_run
//! use axum::{Extension, Router, routing::post};
//! use fal_error::axum::{Json, JsonConfig};
//! use fal_error::{ErrorResponse, FalError, ModelError};
//!
//! #[derive(serde::Deserialize)]
//! struct Prompt {
//!     prompt: String,
//! }
//!
//! async fn generate(Json(input): Json<Prompt>) -> Result<Json<serde_json::Value>, ErrorResponse> {
//!     if input.prompt.is_empty() {
//!         Err(ModelError::SequenceTooShort { min_length: 1 }.at("prompt").with_input(&input.prompt))?;
//!     }
//!     Ok(Json(serde_json::json!({ "images": [] })))
//! }
//!
//! let app: Router = Router::new()
//!     .route("/", post(generate))
//!     .layer(Extension(JsonConfig::new().limit(10 * 1024 * 1024)));
//! # let _ = app;
//! ```

use ::axum::body::Body;
use ::axum::extract::{FromRequest, Request};
use ::axum::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderValue, StatusCode};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;
use serde::de::DeserializeOwned;

#[cfg(feature = "headers")]
pub use crate::integrations::axum_header::TypedHeader;
pub use crate::integrations::axum_url::{Path, Query};
pub use crate::integrations::json::{JsonConfig, JsonError, JsonRejection};
#[cfg(feature = "schemars")]
pub use valid::{CheckedJson, ValidJson};

#[cfg(feature = "schemars")]
mod valid;

use crate::error::FalError;
use crate::integrations::json::{ParseBody, check_before_reading, from_read_body, to_body};
use crate::integrations::serving::FalWritten;
use crate::integrations::trace::response_written;
use crate::located::Located;
use crate::request_error::RequestError;
use crate::response::ErrorResponse;

/// The exact response; logged (feature `tracing`) as it is handed to axum.
///
/// ```
/// use axum::response::IntoResponse;
/// use fal_error::{FalError, ModelError};
///
/// let response = ModelError::FileTooLarge { max_size: 1024 }.to_response().into_response();
/// assert_eq!(response.status(), 422);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(response.headers()["x-fal-retryable"], "false");
/// ```
impl IntoResponse for ErrorResponse {
    fn into_response(self) -> Response {
        response_written(&self);
        to_axum(self)
    }
}

/// The same status, headers and body bytes, marked as written by this crate; the body's
/// links in the serving layer's form (see `ErrorResponse::body_in_effective_form`).
fn to_axum(response: ErrorResponse) -> Response {
    let rewritten = match response.body_in_effective_form() {
        std::borrow::Cow::Owned(body) => Some(body.into_bytes()),
        std::borrow::Cow::Borrowed(_) => None,
    };
    let (status, headers, body) = response.into_parts();
    let mut response = Response::new(Body::from(rewritten.unwrap_or(body)));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    response.extensions_mut().insert(FalWritten);
    response
}

/// The response of a derived error (its cause kept by `to_response`).
#[doc(hidden)]
pub fn response_of(error: &(dyn FalError + '_)) -> Response {
    error.to_response().into_response()
}

/// The flat request-error response.
impl IntoResponse for RequestError {
    fn into_response(self) -> Response {
        self.to_response().into_response()
    }
}

/// The response of a placed error.
impl<E: FalError> IntoResponse for Located<E> {
    fn into_response(self) -> Response {
        self.to_response().into_response()
    }
}

/// With the `axum` feature, `IntoResponse` for every derived error, so that a handler can
/// return `Result<_, MyError>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __fal_axum_impls {
    (impl { $($generics:tt)* } for { $($ty:tt)* } where { $($predicates:tt)* }) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::axum::response::IntoResponse for $($ty)*
        where
            $($predicates)*
        {
            fn into_response(self) -> $crate::__private::axum::response::Response {
                $crate::__private::axum_response_of(&self)
            }
        }
    };
}

/// The response of a refused body.
impl IntoResponse for JsonRejection {
    fn into_response(self) -> Response {
        self.to_response().into_response()
    }
}

/// A JSON request body (extractor) or a JSON response body (`IntoResponse`).
///
/// As an extractor it refuses with a [`JsonRejection`]: the body must be sent as
/// `application/json` (or `application/*+json`), fit the [`JsonConfig`] limit, and
/// deserialize into `T`; each failure becomes its fal error (see [`crate::json`]).
///
/// ```
/// use axum::extract::FromRequest;
/// use axum::response::IntoResponse;
/// use fal_error::axum::Json;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Input {
///     scale: u32,
/// }
///
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # runtime.block_on(async {
/// let request = http::Request::post("/")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"scale": -2}"#))
///     .unwrap();
/// let rejection = Json::<Input>::from_request(request, &()).await.unwrap_err();
/// let response = rejection.into_response();
/// assert_eq!(response.status(), 422);
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     body,
///     r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":0},"input":-2}]}"#,
/// );
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = JsonRejection;

    async fn from_request(request: Request, _state: &S) -> Result<Self, JsonRejection> {
        read_json(request, from_read_body).await.map(Json)
    }
}

/// Reads the body within the [`JsonConfig`] limit and hands it to `parse`.
pub(crate) async fn read_json<T, R: From<JsonRejection>>(
    request: Request,
    parse: ParseBody<T, R>,
) -> Result<T, R> {
    let config = request
        .extensions()
        .get::<JsonConfig>()
        .copied()
        .unwrap_or_default();
    let content_type = request.headers().get(CONTENT_TYPE).cloned();
    let content_type = content_type.as_ref().map(HeaderValue::as_bytes);
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    check_before_reading(content_type, declared, &config)?;
    let body = Limited::new(request.into_body(), config.max_size())
        .collect()
        .await
        .map_err(|error| {
            if error.downcast_ref::<LengthLimitError>().is_some() {
                JsonRejection::too_large(&config)
            } else {
                JsonRejection::unreadable(&error, &config)
            }
        })?
        .to_bytes();
    parse(content_type, &body, &config)
}

/// `T` as an `application/json` body with status 200; a `Serialize` impl that fails
/// becomes fal's `internal_server_error`.
impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match to_body(&self.0) {
            Ok(body) => {
                let mut response = Response::new(Body::from(body));
                *response.status_mut() = StatusCode::OK;
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                response
            }
            Err(error) => error.into_response(),
        }
    }
}

json_wrapper_impls!(Json);
