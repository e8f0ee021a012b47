//! actix-web (feature `actix-web`): fal errors as responses, and JSON extraction whose
//! rejections are fal errors — the same status, headers and body bytes as the axum
//! integration.
//!
//! - [`ErrorResponse`], [`RequestError`], [`JsonRejection`], every derived error that
//!   has a `Display` text ([`ModelError`](crate::ModelError) included) and [`Located<E>`]
//!   implement `ResponseError`; `ErrorResponse` is also a `Responder`. Return
//!   `Result<_, ErrorResponse>` from a handler and use `?` on any [`FalError`](crate::FalError).
//! - [`Json<T>`] extracts a JSON body with the exact rejections of [`crate::json`] (paths
//!   to nested fields included). Its limit comes from a [`JsonConfig`] in app data, 2 MiB
//!   without one. As a responder, `Json<T>` writes `T` as `application/json`.
//! - [`json_config`] is for handlers that keep actix's own `web::Json`: its error handler
//!   maps the same cases, but actix's parser does not report where a bad value is, so the
//!   `loc` of a wrong-typed value is `["body"]` and no `input` is echoed (a missing or
//!   unknown field is still named). Prefer [`Json<T>`].
//!
//! ```no_run
//! use actix_web::{App, HttpServer, web};
//! use fal_error::actix::{Json, JsonConfig};
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
//! # fn main() -> std::io::Result<()> {
//! actix_web::rt::System::new().block_on(
//!     HttpServer::new(|| {
//!         App::new()
//!             .app_data(JsonConfig::new().limit(10 * 1024 * 1024))
//!             .route("/", web::post().to(generate))
//!     })
//!     .bind(("127.0.0.1", 8080))?
//!     .run(),
//! )
//! # }
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use ::actix_web::body::BoxBody;
use ::actix_web::dev::Payload;
use ::actix_web::error::JsonPayloadError;
use ::actix_web::http::StatusCode;
use ::actix_web::http::header::{self, HeaderName, HeaderValue};
use ::actix_web::{FromRequest, HttpRequest, HttpResponse, Responder, ResponseError, web};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::integrations::json::{JsonConfig, JsonError, JsonRejection};
#[cfg(feature = "schemars")]
pub use valid::{CheckedJson, ValidJson};

#[cfg(feature = "schemars")]
mod valid;

use crate::error::FalError;
use crate::integrations::json::{
    ParseBody, check_before_reading, from_read_body, json_invalid, message_error, to_body,
};
use crate::integrations::serving::FalWritten;
use crate::integrations::trace::response_written;
use crate::loc::Loc;
use crate::located::Located;
use crate::request_error::RequestError;
use crate::response::ErrorResponse;

/// `ResponseError` for every derived error that also implements `Display` (the
/// higher-ranked bound keeps the impl from applying, rather than failing, when it does
/// not); the derive reaches it through `__private::framework_impls`.
#[doc(hidden)]
#[macro_export]
macro_rules! __fal_actix_impls {
    (impl { $($generics:tt)* } for { $($ty:tt)* } where { $($predicates:tt)* }) => {
        #[automatically_derived]
        impl $($generics)* $crate::__private::actix_web::ResponseError for $($ty)*
        where
            $($predicates)*
            for<'__fal> $($ty)*: ::core::fmt::Display,
        {
            fn status_code(&self) -> $crate::__private::actix_web::http::StatusCode {
                $crate::__private::status_code_of(self)
            }

            fn error_response(
                &self,
            ) -> $crate::__private::actix_web::HttpResponse<$crate::__private::actix_web::body::BoxBody> {
                $crate::__private::error_response_of(self)
            }
        }
    };
}

/// actix-web's form of a status (actix-web 4 has its own `http` types).
fn actix_status(status: http::StatusCode) -> StatusCode {
    StatusCode::from_u16(status.as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// The status of any fal error, for the `ResponseError` impls (derived ones included).
#[doc(hidden)]
pub fn status_code_of<E: FalError + ?Sized>(error: &E) -> StatusCode {
    actix_status(error.status())
}

/// The response of any fal error, for the `ResponseError` impls (derived ones included),
/// logged with the cause `to_response` kept.
#[doc(hidden)]
pub fn error_response_of(error: &(dyn FalError + '_)) -> HttpResponse<BoxBody> {
    let response = error.to_response();
    response_written(&response);
    to_actix(&response)
}

/// The same status, headers and body bytes as the `http` form of the response.
fn to_actix(response: &ErrorResponse) -> HttpResponse {
    let mut builder = HttpResponse::build(actix_status(response.status()));
    for (name, value) in response.headers() {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            builder.append_header((name, value));
        }
    }
    let mut response = builder.body(response.body_in_effective_form().into_owned().into_bytes());
    response.extensions_mut().insert(FalWritten);
    response
}

/// The exact response; logged (feature `tracing`) as it is handed to actix-web.
///
/// ```
/// use actix_web::ResponseError;
/// use fal_error::{FalError, ModelError};
///
/// let response = ModelError::FileTooLarge { max_size: 1024 }.to_response().error_response();
/// assert_eq!(response.status(), 422);
/// assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
/// assert_eq!(response.headers().get("x-fal-retryable").unwrap(), "false");
/// ```
impl ResponseError for ErrorResponse {
    fn status_code(&self) -> StatusCode {
        actix_status(self.status())
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        response_written(self);
        to_actix(self)
    }
}

/// Returned directly from a handler.
impl Responder for ErrorResponse {
    type Body = BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse<BoxBody> {
        self.error_response()
    }
}

/// The flat request-error response.
impl ResponseError for RequestError {
    fn status_code(&self) -> StatusCode {
        actix_status(self.status())
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        self.to_response().error_response()
    }
}

/// A placed error (`.at(...)`, `.with_input(...)`) whose inner error has a `Display`
/// text, as `ResponseError` requires; derived errors get the same impl from the derive
/// when they implement `Display` (thiserror's, or `#[fal(display)]`'s own).
///
/// ```
/// use actix_web::ResponseError;
/// use fal_error::{FalError, ModelError};
///
/// let error = ModelError::ImageLoadError.at("image_url");
/// assert_eq!(error.error_response().status(), 422);
/// ```
impl<E: FalError + fmt::Display> ResponseError for Located<E> {
    fn status_code(&self) -> StatusCode {
        status_code_of(self)
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        error_response_of(self)
    }
}

/// The response of a refused body.
impl ResponseError for JsonRejection {
    fn status_code(&self) -> StatusCode {
        actix_status(self.to_response().status())
    }

    fn error_response(&self) -> HttpResponse<BoxBody> {
        self.to_response().error_response()
    }
}

/// A JSON request body (extractor) or a JSON response body (`Responder`).
///
/// As an extractor it refuses with a [`JsonRejection`], exactly as the axum extractor does.
///
/// ```
/// use actix_web::{FromRequest, test::TestRequest};
/// use fal_error::actix::Json;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Input {
///     scale: u32,
/// }
///
/// actix_web::rt::System::new().block_on(async {
///     let (request, mut payload) = TestRequest::post()
///         .insert_header(("content-type", "application/json"))
///         .set_payload(r#"{"scale": "2"}"#)
///         .to_http_parts();
///     let error = Json::<Input>::from_request(&request, &mut payload).await.unwrap_err();
///     let response = error.as_response_error().error_response();
///     assert_eq!(response.status(), 422);
///     let body = actix_web::body::to_bytes(response.into_body()).await.unwrap();
///     assert_eq!(
///         body,
///         r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"2"}]}"#,
///     );
/// });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ::actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ::actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_json(request, payload, from_read_body);
        Box::pin(async move { Ok(Json(body.await?)) })
    }
}

/// Reads the body within the [`JsonConfig`] limit and hands it to `parse`.
pub(crate) fn read_json<T: 'static, R: ::actix_web::ResponseError + 'static>(
    request: &HttpRequest,
    payload: &mut Payload,
    parse: ParseBody<T, R>,
) -> impl Future<Output = Result<T, ::actix_web::Error>> + 'static {
    let config = request
        .app_data::<JsonConfig>()
        .copied()
        .unwrap_or_default();
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map(HeaderValue::as_bytes);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok()?.parse::<u64>().ok());
    let checked = check_before_reading(content_type, declared, &config);
    let content_type = content_type.map(<[u8]>::to_vec);
    let body = web::Payload::from_request(request, payload);
    async move {
        checked?;
        let body = body.await?;
        let bytes = match body.to_bytes_limited(config.max_size()).await {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(error)) => return Err(JsonRejection::unreadable(&error, &config).into()),
            Err(_) => return Err(JsonRejection::too_large(&config).into()),
        };
        Ok(parse(content_type.as_deref(), &bytes, &config)?)
    }
}

/// `T` as an `application/json` body with status 200; a `Serialize` impl that fails
/// becomes fal's `internal_server_error`.
impl<T: Serialize> Responder for Json<T> {
    type Body = BoxBody;

    fn respond_to(self, _request: &HttpRequest) -> HttpResponse<BoxBody> {
        match to_body(&self.0) {
            Ok(body) => HttpResponse::Ok()
                .insert_header((
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ))
                .body(body),
            Err(error) => error.error_response(),
        }
    }
}

json_wrapper_impls!(Json);

/// A `web::JsonConfig` for actix's own `web::Json`: limit [`JsonConfig::DEFAULT_LIMIT`]
/// and an error handler that sends the fal errors of [`crate::json`]. actix's parser does
/// not say where a wrong-typed value is, so such errors sit at `["body"]` without `input`;
/// [`Json<T>`] has the exact `loc`.
///
/// ```
/// use actix_web::{App, test, web};
///
/// let body = actix_web::rt::System::new().block_on(async {
///     let app = App::new()
///         .app_data(fal_error::actix::json_config().limit(1024 * 1024))
///         .route("/", web::post().to(|scale: web::Json<u32>| async move { scale.to_string() }));
///     let app = test::init_service(app).await;
///     let request = test::TestRequest::post()
///         .uri("/")
///         .insert_header(("content-type", "application/json"))
///         .set_payload(r#""two""#)
///         .to_request();
///     let response = test::call_service(&app, request).await;
///     assert_eq!(response.status(), 422);
///     test::read_body(response).await
/// });
/// // actix's parser does not say where: `loc` is the body, and there is no `input`.
/// assert_eq!(
///     body,
///     r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid integer","type":"int_type","url":"https://docs.fal.ai/errors/#int_type"}]}"#,
/// );
/// ```
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JsonConfig::DEFAULT_LIMIT)
        .error_handler(|error, request| payload_rejection(error, request).into())
}

/// The fal rejection of one of actix's JSON payload errors.
fn payload_rejection(error: JsonPayloadError, _request: &HttpRequest) -> JsonRejection {
    let config = JsonConfig::new();
    let error = match error {
        JsonPayloadError::OverflowKnownLength { limit, .. }
        | JsonPayloadError::Overflow { limit } => {
            return JsonRejection::too_large(&config.limit(limit));
        }
        // actix has not read the body: FastAPI's answer, without the body as input.
        JsonPayloadError::ContentType => JsonError::ModelAttributesType.at_loc(Loc::body()),
        JsonPayloadError::Deserialize(error) if error.is_data() => message_error(&error),
        JsonPayloadError::Deserialize(error) => json_invalid(&error),
        other => return JsonRejection::unreadable(&other, &config),
    };
    JsonRejection::one(error, &config)
}
