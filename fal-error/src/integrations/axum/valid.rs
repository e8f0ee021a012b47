//! `ValidJson<T>` and `CheckedJson<T>` for axum (features `axum` and `schemars`).

use ::axum::extract::{FromRequest, Request};
use ::axum::response::{IntoResponse, Response};
use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Json, read_json};
use crate::integrations::json::{
    InputChecks, JsonRejection, from_read_body_checked, from_read_body_validated,
};
use crate::response::ErrorResponse;

/// A JSON request body checked against `T`'s JSON Schema before it is deserialized: every
/// violation is refused in one 422 (see [`json::from_body_validated`](crate::json::from_body_validated)
/// for the types). Otherwise it behaves as [`Json<T>`](super::Json): the [`JsonConfig`](super::JsonConfig)
/// extension, the content type, the billing header, `Deref`/`DerefMut`/`From`, and
/// `IntoResponse` writing `T` back as a 200 JSON body.
///
/// ```
/// use axum::extract::FromRequest;
/// use axum::response::IntoResponse;
/// use fal_error::axum::ValidJson;
///
/// #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
/// struct Input {
///     #[schemars(range(min = 1, max = 50))]
///     steps: u32,
///     #[schemars(range(min = 0.0, max = 1.0))]
///     strength: f64,
/// }
///
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # runtime.block_on(async {
/// let request = http::Request::post("/")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"strength": 1.5, "steps": 0}"#))
///     .unwrap();
/// let rejection = ValidJson::<Input>::from_request(request, &()).await.unwrap_err();
/// let response = rejection.into_response();
/// assert_eq!(response.status(), 422);
/// assert_eq!(response.headers()["x-fal-billable-units"], "0");
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     body,
///     concat!(
///         r#"{"detail":["#,
///         r#"{"loc":["body","steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0},"#,
///         r#"{"loc":["body","strength"],"msg":"Input should be less than or equal to 1","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":1.0},"input":1.5}"#,
///         r#"]}"#,
///     ),
/// );
///
/// let valid = http::Request::post("/")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"strength": 0.5, "steps": 20}"#))
///     .unwrap();
/// let mut input = ValidJson::<Input>::from_request(valid, &()).await.unwrap();
/// input.steps += 1;
/// assert_eq!(input.steps, 21);
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValidJson<T>(pub T);

impl<T, S> FromRequest<S> for ValidJson<T>
where
    T: DeserializeOwned + JsonSchema + 'static,
    S: Send + Sync,
{
    type Rejection = JsonRejection;

    async fn from_request(request: Request, _state: &S) -> Result<Self, JsonRejection> {
        read_json(request, from_read_body_validated::<T>)
            .await
            .map(ValidJson)
    }
}

/// `T` as an `application/json` body with status 200, as [`Json<T>`](super::Json) writes it.
///
/// ```
/// use axum::response::IntoResponse;
/// use fal_error::axum::ValidJson;
///
/// let response = ValidJson(vec![1, 2]).into_response();
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers()["content-type"], "application/json");
/// ```
impl<T: Serialize> IntoResponse for ValidJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

json_wrapper_impls!(ValidJson);

/// [`ValidJson<T>`] that also runs `T`'s [`InputChecks`](crate::json::InputChecks): the
/// violations of the schema and of the checks in one response, in the order of `T`'s
/// fields (see [`json::from_body_checked`](crate::json::from_body_checked)).
///
/// ```
/// use axum::extract::FromRequest;
/// use axum::response::IntoResponse;
/// use fal_error::axum::CheckedJson;
/// use fal_error::json::InputChecks;
/// use fal_error::{FalError, ModelError, Violations};
///
/// #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
/// struct Input {
///     #[schemars(range(min = 1, max = 50))]
///     steps: u32,
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
/// # let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
/// # runtime.block_on(async {
/// let request = http::Request::post("/")
///     .header("content-type", "application/json")
///     .body(axum::body::Body::from(r#"{"prompt": "forbidden", "steps": 0}"#))
///     .unwrap();
/// let response = CheckedJson::<Input>::from_request(request, &()).await.unwrap_err().into_response();
/// assert_eq!(response.status(), 422);
/// let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
/// assert_eq!(
///     body,
///     concat!(
///         r#"{"detail":["#,
///         r#"{"loc":["body","steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0},"#,
///         r#"{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation","input":"forbidden"}"#,
///         r#"]}"#,
///     ),
/// );
/// # });
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CheckedJson<T>(pub T);

impl<T, S> FromRequest<S> for CheckedJson<T>
where
    T: InputChecks + DeserializeOwned + JsonSchema + 'static,
    S: Send + Sync,
{
    type Rejection = ErrorResponse;

    async fn from_request(request: Request, _state: &S) -> Result<Self, ErrorResponse> {
        read_json(request, from_read_body_checked::<T>)
            .await
            .map(CheckedJson)
    }
}

/// `T` as an `application/json` body with status 200, as [`Json<T>`](super::Json) writes it.
///
/// ```
/// use axum::response::IntoResponse;
/// use fal_error::axum::CheckedJson;
///
/// let response = CheckedJson(vec![1, 2]).into_response();
/// assert_eq!(response.status(), 200);
/// ```
impl<T: Serialize> IntoResponse for CheckedJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

json_wrapper_impls!(CheckedJson);
