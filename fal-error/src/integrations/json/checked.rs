//! Checks an input type's JSON Schema cannot state (an image's size read from a data URI,
//! one field that depends on another), run once the body is read into the type, their
//! violations sent in the same 422 as the schema's, in the order of the type's fields.

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use super::schema::{Build, Validated, compiled, validate};
use super::{JsonConfig, JsonError, JsonRejection};
use crate::error::FalError;
use crate::located::Located;
use crate::model_error::ModelError;
use crate::response::ErrorResponse;
use crate::violations::Violations;

/// The checks of an input type beyond its JSON Schema, run by
/// [`from_body_checked`] and the `CheckedJson<T>` extractors on the deserialized input.
///
/// They run whenever `T` can be built from the body: after the schema passes, and also
/// when it fails but `T`'s `Deserialize` still accepts the body (a number outside the
/// schema's range still makes an `i64`), so one response lists the violations of both,
/// as pydantic's field validators run beside its constraints. A body that cannot become
/// `T` (a wrong type, a missing field) is refused with the schema's violations only.
///
/// ```
/// use fal_error::json::{self, InputChecks, JsonConfig};
/// use fal_error::{FalError, ModelError, Violations};
///
/// #[derive(Debug, serde::Deserialize, schemars::JsonSchema)]
/// struct Input {
///     #[schemars(range(min = 1, max = 50))]
///     num_inference_steps: u32,
///     width: u32,
///     height: u32,
/// }
///
/// impl InputChecks for Input {
///     type Error = ModelError;
///
///     fn check(&self, violations: &mut Violations) {
///         let pixels = u64::from(self.width) * u64::from(self.height);
///         if pixels > 4096 * 4096 {
///             violations.push(ModelError::ImageTooLarge { max_width: 4096, max_height: 4096 }.at("width").with_input(self.width));
///         }
///     }
/// }
///
/// let body = br#"{"num_inference_steps": 80, "width": 8192, "height": 8192}"#;
/// let refused = json::from_body_checked::<Input>(Some(b"application/json"), body, &JsonConfig::new()).unwrap_err();
/// assert_eq!(refused.status(), 422);
/// assert_eq!(refused.headers()["x-fal-billable-units"], "0");
/// assert_eq!(
///     refused.body(),
///     concat!(
///         r#"{"detail":["#,
///         r#"{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80},"#,
///         r#"{"loc":["body","width"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":4096,"max_width":4096},"input":8192}"#,
///         r#"]}"#,
///     ),
/// );
/// ```
pub trait InputChecks {
    /// The errors the checks report.
    type Error: FalError;

    /// Adds every violation of `self` to `violations`.
    fn check(&self, violations: &mut Violations<Self::Error>);
}

/// Parses a request body as [`from_body_validated`](super::from_body_validated) does,
/// then runs `T`'s [`InputChecks`]: every violation of the schema and of the checks in
/// one response, in the order of `T`'s fields, with `x-fal-billable-units: 0` unless
/// [`JsonConfig::unbilled_refusals`] is off.
///
/// ```
/// use fal_error::json::{self, InputChecks, JsonConfig};
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
/// let config = JsonConfig::new();
/// let input = json::from_body_checked::<Input>(Some(b"application/json"), br#"{"prompt": "a cat"}"#, &config).unwrap();
/// assert_eq!(input.prompt, "a cat");
///
/// let refused = json::from_body_checked::<Input>(Some(b"application/json"), br#"{"prompt": "forbidden"}"#, &config).unwrap_err();
/// assert_eq!(
///     refused.body(),
///     r#"{"detail":[{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation","input":"forbidden"}]}"#,
/// );
/// ```
pub fn from_body_checked<T>(
    content_type: Option<&[u8]>,
    body: &[u8],
    config: &JsonConfig,
) -> Result<T, ErrorResponse>
where
    T: InputChecks + JsonSchema + DeserializeOwned + 'static,
{
    super::check_whole_body(content_type, body, config)?;
    from_read_body_checked(content_type, body, config)
}

/// A body read within the limit, checked against `T`'s schema, parsed into `T`, and
/// checked by `T`'s [`InputChecks`].
pub(crate) fn from_read_body_checked<T>(
    content_type: Option<&[u8]>,
    body: &[u8],
    config: &JsonConfig,
) -> Result<T, ErrorResponse>
where
    T: InputChecks + JsonSchema + DeserializeOwned + 'static,
{
    let (input, schema) = match validate::<T>(content_type, body, config, Build::Anyway)? {
        Validated::Valid(input) => (Some(input), None),
        Validated::Invalid { violations, input } => (input, Some(violations)),
    };
    let mut checks = Violations::new();
    if let Some(input) = &input {
        input.check(&mut checks);
    }
    let schema = match (input, schema) {
        (Some(input), None) if checks.is_empty() => return Ok(input),
        (_, schema) => schema,
    };
    let schema = schema.as_ref().map_or(&[][..], JsonRejection::errors);
    // Built when the body was validated, so found in the cache.
    let order = compiled::<T>().ok();
    let key = |error: &dyn FalError| order.as_ref().map(|order| order.sort_key(&error.loc()));
    Err(refusal(schema, &checks.into_errors(), key, config))
}

/// One response for the schema's violations and the checks', sorted by `key` (stable:
/// the schema's first among equals).
fn refusal<K: Ord>(
    schema: &[Located<JsonError>],
    checks: &[Located<impl FalError>],
    key: impl Fn(&dyn FalError) -> K,
    config: &JsonConfig,
) -> ErrorResponse {
    let mut errors: Vec<&dyn FalError> = Vec::with_capacity(schema.len() + checks.len());
    errors.extend(schema.iter().map(|error| error as &dyn FalError));
    errors.extend(checks.iter().map(|error| error as &dyn FalError));
    errors.sort_by_cached_key(|error| key(*error));
    // The schema's inputs were cut to the limits when read; cutting again counts what the
    // body had, so the checks' inputs are cut the same way.
    let response = ErrorResponse::from_errors_with(errors, &config.echo)
        .unwrap_or_else(|| ModelError::internal_server_error().to_response());
    super::unbilled_if(config.unbilled, response)
}
