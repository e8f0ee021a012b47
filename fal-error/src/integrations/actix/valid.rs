//! `ValidJson<T>` and `CheckedJson<T>` for actix-web (features `actix-web` and `schemars`).

use std::future::Future;
use std::pin::Pin;

use ::actix_web::body::BoxBody;
use ::actix_web::dev::Payload;
use ::actix_web::{FromRequest, HttpRequest, HttpResponse, Responder};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Json, read_json};
use crate::integrations::json::{InputChecks, from_read_body_checked, from_read_body_validated};

/// A JSON request body checked against `T`'s JSON Schema before it is deserialized, every
/// violation refused in one 422, exactly as the axum extractor does (see
/// [`json::from_body_validated`](crate::json::from_body_validated)). Otherwise it behaves as
/// [`Json<T>`](super::Json): `Deref`/`DerefMut`/`From`, and `Responder` writing `T` back
/// as a 200 JSON body.
///
/// ```
/// use actix_web::{FromRequest, test::TestRequest};
/// use fal_error::actix::ValidJson;
///
/// #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
/// struct Input {
///     #[schemars(length(min = 1))]
///     prompt: String,
/// }
///
/// actix_web::rt::System::new().block_on(async {
///     let (request, mut payload) = TestRequest::post()
///         .insert_header(("content-type", "application/json"))
///         .set_payload(r#"{"prompt": ""}"#)
///         .to_http_parts();
///     let error = ValidJson::<Input>::from_request(&request, &mut payload).await.unwrap_err();
///     let response = error.as_response_error().error_response();
///     assert_eq!(response.status(), 422);
///     let body = actix_web::body::to_bytes(response.into_body()).await.unwrap();
///     assert_eq!(
///         body,
///         r#"{"detail":[{"loc":["body","prompt"],"msg":"Sequence should have at least 1 items","type":"sequence_too_short","url":"https://docs.fal.ai/errors/#sequence_too_short","ctx":{"min_length":1},"input":""}]}"#,
///     );
/// });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValidJson<T>(pub T);

impl<T: DeserializeOwned + JsonSchema + 'static> FromRequest for ValidJson<T> {
    type Error = ::actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ::actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_json(request, payload, from_read_body_validated::<T>);
        Box::pin(async move { Ok(ValidJson(body.await?)) })
    }
}

/// `T` as an `application/json` body with status 200, as [`Json<T>`](super::Json) writes it.
///
/// ```
/// use actix_web::{Responder, test::TestRequest};
/// use fal_error::actix::ValidJson;
///
/// let request = TestRequest::default().to_http_request();
/// let response = ValidJson(vec![1, 2]).respond_to(&request);
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
/// ```
impl<T: Serialize> Responder for ValidJson<T> {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse<BoxBody> {
        Json(self.0).respond_to(request)
    }
}

json_wrapper_impls!(ValidJson);

/// [`ValidJson<T>`] that also runs `T`'s [`InputChecks`](crate::json::InputChecks): the
/// violations of the schema and of the checks in one response, in the order of `T`'s
/// fields, exactly as the axum extractor does (see
/// [`json::from_body_checked`](crate::json::from_body_checked)).
///
/// ```
/// use actix_web::{FromRequest, test::TestRequest};
/// use fal_error::actix::CheckedJson;
/// use fal_error::json::InputChecks;
/// use fal_error::{FalError, ModelError, Violations};
///
/// #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
/// struct Input {
///     prompt: String,
/// }
///
/// impl InputChecks for Input {
///     type Error = ModelError;
///
///     fn check(&self, violations: &mut Violations) {
///         if self.prompt.contains("forbidden") {
///             violations.push(ModelError::ContentPolicyViolation.at("prompt").with_input(&self.prompt));
///         }
///     }
/// }
///
/// actix_web::rt::System::new().block_on(async {
///     let (request, mut payload) = TestRequest::post()
///         .insert_header(("content-type", "application/json"))
///         .set_payload(r#"{"prompt": "forbidden"}"#)
///         .to_http_parts();
///     let error = CheckedJson::<Input>::from_request(&request, &mut payload).await.unwrap_err();
///     let response = error.as_response_error().error_response();
///     assert_eq!(response.status(), 422);
///     let body = actix_web::body::to_bytes(response.into_body()).await.unwrap();
///     assert_eq!(
///         body,
///         r#"{"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation","input":"forbidden"}]}"#,
///     );
/// });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckedJson<T>(pub T);

impl<T: InputChecks + DeserializeOwned + JsonSchema + 'static> FromRequest for CheckedJson<T> {
    type Error = ::actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ::actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_json(request, payload, from_read_body_checked::<T>);
        Box::pin(async move { Ok(CheckedJson(body.await?)) })
    }
}

/// `T` as an `application/json` body with status 200, as [`Json<T>`](super::Json) writes it.
///
/// ```
/// use actix_web::{Responder, test::TestRequest};
/// use fal_error::actix::CheckedJson;
///
/// let request = TestRequest::default().to_http_request();
/// let response = CheckedJson(vec![1, 2]).respond_to(&request);
/// assert_eq!(response.status(), 200);
/// ```
impl<T: Serialize> Responder for CheckedJson<T> {
    type Body = BoxBody;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse<BoxBody> {
        Json(self.0).respond_to(request)
    }
}

json_wrapper_impls!(CheckedJson);
