//! JSON request bodies refused the fal way, shared by the axum and actix-web extractors:
//! the content type, the size limit, JSON syntax, then the fields, each failure an exact
//! fal error instead of the framework's plain-text rejection.
//!
//! | failure | status | `type` | `loc` | `ctx` |
//! |---|---|---|---|---|
//! | body over [`JsonConfig::limit`] | 422 | `file_too_large` | `["body"]` | `max_size` |
//! | an empty body | 422 | `missing` | `["body"]` | |
//! | `Content-Type` missing or not JSON (FastAPI's answer, the default) | 422 | `model_attributes_type` | `["body"]` | |
//! | the same, with [`ContentTypeRefusal::UnsupportedMediaType`] | 415 | `content_type_invalid` | `["header", "content-type"]` | |
//! | not JSON | 422 | `json_invalid` | `["body"]` | `error` |
//! | a field missing | 422 | `missing` | `["body", …, field]` | |
//! | a field not allowed (`deny_unknown_fields`) | 422 | `extra_forbidden` | `["body", …, field]` | |
//! | a value of the wrong JSON type | 422 | `string_type`, `int_type`, `int_parsing`, `int_from_float`, `float_type`, `float_parsing`, `bool_type`, `bool_parsing`, `list_type`, `dict_type` (a map), `model_attributes_type` (a struct) | the value's path | |
//! | an integer outside its Rust type, of any size | 422 | `greater_than_equal` / `less_than_equal` | the value's path | `ge` / `le` |
//! | an unknown enum variant, or a number, `null` or list where an enum belongs | 422 | `one_of` | the value's path | `expected` |
//! | anything else a `Deserialize` impl refuses | 422 | `value_error` | the value's path | `error` (at most 512 bytes) |
//!
//! The names and messages are pydantic's (fal's Python servers send the same ones), and
//! so are the readings of a body: a repeated key's last value wins, a struct is never read
//! from a list. One reading is serde's: pydantic's default (lax) mode takes a numeric
//! string for a number (`"20"` for an `int`, `"0.5"` for a `float`), and this crate, as
//! serde does, refuses it with `int_parsing` / `float_parsing`, pydantic's words for a
//! string that is not a number. The path is serde's: object keys as strings, list indexes as integers
//! (`["body", "images", 2, "url"]`), taken from where the deserializer was, never from a
//! message. The refused value is copied from the body within
//! [`JsonConfig::echo_limits`] (depth, items, bytes) and echoed as `input`; nothing is
//! echoed for the size, syntax and missing-field cases. serde stops at the first bad
//! field, so one rejection carries one error. Refusals carry `x-fal-billable-units: 0`
//! (see [`JsonConfig::unbilled_refusals`]).

#[cfg(feature = "schemars")]
mod checked;
mod de;
mod document;
#[cfg(any(feature = "schemars", feature = "validator"))]
pub(crate) mod order;
#[cfg(feature = "schemars")]
mod schema;

#[cfg(all(feature = "schemars", any(feature = "axum", feature = "actix-web")))]
pub(crate) use self::checked::from_read_body_checked;
#[cfg(feature = "schemars")]
pub use self::checked::{InputChecks, from_body_checked};
#[cfg(feature = "schemars")]
pub use self::schema::from_body_validated;
#[cfg(all(feature = "schemars", any(feature = "axum", feature = "actix-web")))]
pub(crate) use self::schema::from_read_body_validated;

use std::fmt;

use serde::Serialize;
use serde::de::{self as serde_de, DeserializeOwned, IgnoredAny};

use self::de::NodeDe;
#[cfg(feature = "axum")]
pub(crate) use self::de::{Fault, bound};
use self::document::Document;
use crate::FalError;
use crate::echo::{EchoLimits, echo_value};
use crate::headers::BillableUnits;
use crate::loc::Loc;
use crate::located::Located;
use crate::model_error::ModelError;
use crate::pydantic_error::{PydanticError, Shape};
use crate::request_error::{RequestError, RequestErrorType};
use crate::response::ErrorResponse;

/// The settings of the JSON extractors: the largest body accepted, how a request that is
/// not sent as JSON is answered, the billing header of refusals, and the echo limits.
///
/// Give it to axum as an extension layer, to actix-web as app data; without it the
/// extractors use [`JsonConfig::new`].
///
/// ```
/// use fal_error::EchoLimits;
/// use fal_error::json::{ContentTypeRefusal, JsonConfig};
///
/// let config = JsonConfig::new()
///     .limit(10 * 1024 * 1024)
///     .content_type_refusal(ContentTypeRefusal::UnsupportedMediaType)
///     .unbilled_refusals(false)
///     .echo_limits(EchoLimits { max_items: 8, ..EchoLimits::DEFAULT });
/// assert_eq!(config.max_size(), 10_485_760);
/// assert_eq!(JsonConfig::default().max_size(), JsonConfig::DEFAULT_LIMIT);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonConfig {
    limit: usize,
    content_type: ContentTypeRefusal,
    unbilled: bool,
    pydantic: bool,
    pub(crate) echo: EchoLimits,
}

/// How a request whose `Content-Type` is missing or not JSON is refused.
///
/// ```
/// use fal_error::FalError;
/// use fal_error::json::{self, ContentTypeRefusal, JsonConfig};
///
/// let fastapi = json::from_body::<u32>(Some(b"text/plain"), b"1", &JsonConfig::new()).unwrap_err();
/// assert_eq!(fastapi.errors()[0].error_type(), "model_attributes_type");
///
/// let config = JsonConfig::new().content_type_refusal(ContentTypeRefusal::UnsupportedMediaType);
/// let refused = json::from_body::<u32>(None, b"1", &config).unwrap_err();
/// assert_eq!(refused.to_response().status(), 415);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ContentTypeRefusal {
    /// As FastAPI answers today: 422 `model_attributes_type` at `["body"]` with the body
    /// as `input` (an empty body is `missing` at `["body"]`). The default.
    #[default]
    ModelAttributesType,
    /// 415 `content_type_invalid` at `["header", "content-type"]`, checked before the body
    /// is read, with the header's value as `input`.
    UnsupportedMediaType,
}

impl JsonConfig {
    /// 2 MiB, the default body limit of axum and of actix-web.
    ///
    /// ```
    /// use fal_error::json::JsonConfig;
    ///
    /// assert_eq!(JsonConfig::DEFAULT_LIMIT, 2_097_152);
    /// assert_eq!(JsonConfig::new().max_size(), JsonConfig::DEFAULT_LIMIT);
    /// ```
    pub const DEFAULT_LIMIT: usize = 2 * 1024 * 1024;

    /// The default settings: a 2 MiB limit, FastAPI's answer to a non-JSON content type,
    /// `x-fal-billable-units: 0` on refusals, inputs echoed within [`EchoLimits::DEFAULT`].
    ///
    /// ```
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// const CONFIG: JsonConfig = JsonConfig::new();
    /// assert_eq!(CONFIG, JsonConfig::default());
    /// let refused = json::from_body::<u32>(Some(b"application/json"), b"\"two\"", &CONFIG).unwrap_err();
    /// let response = refused.to_response();
    /// assert_eq!(response.headers()["x-fal-billable-units"], "0");
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"two"}]}"#,
    /// );
    /// ```
    pub const fn new() -> Self {
        JsonConfig {
            limit: Self::DEFAULT_LIMIT,
            content_type: ContentTypeRefusal::ModelAttributesType,
            unbilled: true,
            pydantic: false,
            echo: EchoLimits::DEFAULT,
        }
    }

    /// Accepts bodies of at most `bytes` bytes; larger ones are refused with
    /// `file_too_large` (`ctx.max_size` = `bytes`) before they are read whole.
    ///
    /// ```
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// let config = JsonConfig::new().limit(8);
    /// let refused = json::from_body::<Vec<u32>>(Some(b"application/json"), b"[1, 2, 3, 4]", &config).unwrap_err();
    /// assert_eq!(
    ///     refused.to_response().body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":8}}]}"#,
    /// );
    /// ```
    #[must_use]
    pub const fn limit(mut self, bytes: usize) -> Self {
        self.limit = bytes;
        self
    }

    /// How a request not sent as JSON is refused.
    ///
    /// ```
    /// use fal_error::json::{self, ContentTypeRefusal, JsonConfig};
    ///
    /// let config = JsonConfig::new().content_type_refusal(ContentTypeRefusal::UnsupportedMediaType);
    /// let refused = json::from_body::<u32>(Some(b"text/plain"), b"1", &config).unwrap_err();
    /// assert_eq!(
    ///     refused.to_response().body(),
    ///     r#"{"detail":[{"loc":["header","content-type"],"msg":"Expected request with `Content-Type: application/json`","type":"content_type_invalid","url":"https://docs.fal.ai/errors/#content_type_invalid","input":"text/plain"}]}"#,
    /// );
    /// ```
    #[must_use]
    pub const fn content_type_refusal(mut self, refusal: ContentTypeRefusal) -> Self {
        self.content_type = refusal;
        self
    }

    /// Whether refusals carry `x-fal-billable-units: 0`, as fal's own handlers send with
    /// validation failures so that they are not billed (on by default).
    ///
    /// ```
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// let config = JsonConfig::new().unbilled_refusals(false);
    /// let refused = json::from_body::<u32>(Some(b"application/json"), b"{", &config).unwrap_err();
    /// assert!(refused.to_response().headers().get("x-fal-billable-units").is_none());
    /// ```
    #[must_use]
    pub const fn unbilled_refusals(mut self, unbilled: bool) -> Self {
        self.unbilled = unbilled;
        self
    }

    /// Whether refusals use pydantic's own types where fal's spec renamed them (off by
    /// default): [`PydanticError`]'s `too_short` / `too_long` for lists,
    /// `string_too_short` / `string_too_long` for strings and `literal_error` instead of
    /// `sequence_too_short` / `sequence_too_long` and `one_of`, with pydantic's messages
    /// and ctx. For a server that must answer byte for byte as its FastAPI twin does.
    ///
    /// ```
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// #[derive(Debug, serde::Deserialize)]
    /// #[serde(rename_all = "lowercase")]
    /// enum Scheduler {
    ///     Euler,
    ///     Dpm,
    /// }
    ///
    /// let config = JsonConfig::new().pydantic_names(true);
    /// let refused = json::from_body::<Scheduler>(Some(b"application/json"), br#""ddim""#, &config).unwrap_err();
    /// assert_eq!(
    ///     refused.to_response().body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"Input should be 'euler' or 'dpm'","type":"literal_error","url":"https://docs.fal.ai/errors/#literal_error","ctx":{"expected":"'euler' or 'dpm'"},"input":"ddim"}]}"#,
    /// );
    /// ```
    #[must_use]
    pub const fn pydantic_names(mut self, pydantic: bool) -> Self {
        self.pydantic = pydantic;
        self
    }

    /// The limits within which a refused value is copied from the body and echoed.
    ///
    /// ```
    /// use fal_error::{EchoLimits, FalError};
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// let config = JsonConfig::new().echo_limits(EchoLimits { max_string_bytes: 4, ..EchoLimits::DEFAULT });
    /// let refused = json::from_body::<u32>(Some(b"application/json"), b"\"twenty\"", &config).unwrap_err();
    /// assert_eq!(refused.errors()[0].input_value(), Some("twen...<truncated, 6 bytes>".into()));
    /// ```
    #[must_use]
    pub const fn echo_limits(mut self, limits: EchoLimits) -> Self {
        self.echo = limits;
        self
    }

    /// The largest body accepted, in bytes.
    ///
    /// ```
    /// use fal_error::json::JsonConfig;
    ///
    /// assert_eq!(JsonConfig::new().limit(1024 * 1024).max_size(), 1_048_576);
    /// ```
    pub const fn max_size(&self) -> usize {
        self.limit
    }
}

impl Default for JsonConfig {
    fn default() -> Self {
        JsonConfig::new()
    }
}

/// Why a JSON request body was refused: one fal error per case (see the [module](self)
/// table for status, `loc` and `ctx`). The size limit and integer ranges use the built-in
/// [`ModelError`] types.
///
/// ```
/// use fal_error::FalError;
/// use fal_error::json::JsonError;
///
/// assert_eq!(JsonError::Missing.error_type(), "missing");
/// assert_eq!(JsonError::Missing.msg(), "Field required");
/// assert_eq!(JsonError::ContentTypeInvalid.status(), 415);
/// assert_eq!(JsonError::ContentTypeInvalid.loc().to_string(), "header.content-type");
/// ```
#[derive(Clone, Debug, PartialEq, FalError)]
#[non_exhaustive]
pub enum JsonError {
    /// The `Content-Type` header is missing, or names neither `application/json` nor an
    /// `application/*+json` type.
    #[fal(
        type = "content_type_invalid",
        status = 415,
        loc = ["header", "content-type"],
        msg = "Expected request with `Content-Type: application/json`"
    )]
    ContentTypeInvalid,
    /// The body is not JSON; `error` is the parser's description with its position.
    #[fal(type = "json_invalid", msg = "Invalid JSON: {error}")]
    JsonInvalid {
        /// What the parser found, and where (`expected value at line 1 column 1`).
        #[fal(ctx)]
        error: String,
    },
    /// A required field is absent.
    #[fal(type = "missing", msg = "Field required")]
    Missing,
    /// A field that is not allowed (the type denies unknown fields).
    #[fal(type = "extra_forbidden", msg = "Extra inputs are not permitted")]
    ExtraForbidden,
    /// A string was expected.
    #[fal(type = "string_type", msg = "Input should be a valid string")]
    StringType,
    /// An integer was expected, and the value is neither a number nor a string.
    #[fal(type = "int_type", msg = "Input should be a valid integer")]
    IntType,
    /// An integer was expected, and the value is a string.
    #[fal(
        type = "int_parsing",
        msg = "Input should be a valid integer, unable to parse string as an integer"
    )]
    IntParsing,
    /// An integer was expected, and the value is a number with a fractional part.
    #[fal(
        type = "int_from_float",
        msg = "Input should be a valid integer, got a number with a fractional part"
    )]
    IntFromFloat,
    /// A number was expected.
    #[fal(type = "float_type", msg = "Input should be a valid number")]
    FloatType,
    /// A number was expected, and the value is a string.
    #[fal(
        type = "float_parsing",
        msg = "Input should be a valid number, unable to parse string as a number"
    )]
    FloatParsing,
    /// A boolean was expected.
    #[fal(type = "bool_type", msg = "Input should be a valid boolean")]
    BoolType,
    /// A boolean was expected, and the value is a string.
    #[fal(
        type = "bool_parsing",
        msg = "Input should be a valid boolean, unable to interpret input"
    )]
    BoolParsing,
    /// A list was expected.
    #[fal(type = "list_type", msg = "Input should be a valid list")]
    ListType,
    /// A map was expected (a `HashMap`, a `BTreeMap`).
    #[fal(type = "dict_type", msg = "Input should be a valid dictionary")]
    DictType,
    /// A struct was expected (an object with its fields), or the request was not sent as
    /// JSON at all.
    #[fal(
        type = "model_attributes_type",
        msg = "Input should be a valid dictionary or object to extract fields from"
    )]
    ModelAttributesType,
    /// A string does not match the schema's `pattern`.
    #[fal(
        type = "string_pattern_mismatch",
        msg = "String should match pattern '{pattern}'"
    )]
    StringPatternMismatch {
        /// The regular expression.
        #[fal(ctx)]
        pattern: String,
    },
    /// The value was refused by its `Deserialize` impl for another reason.
    #[fal(type = "value_error", msg = "Value error, {error}")]
    ValueError {
        /// The impl's own message.
        #[fal(ctx)]
        error: String,
    },
    /// A built-in type: `file_too_large` for the size limit, `greater_than_equal` and
    /// `less_than_equal` for integer ranges, `one_of` for enum variants.
    #[fal(transparent)]
    Model(ModelError),
    /// pydantic's name of a renamed built-in type, with [`JsonConfig::pydantic_names`].
    #[fal(transparent)]
    Pydantic(PydanticError),
}

/// So that a [`Violations`](crate::Violations) collector can be of `JsonError`.
impl From<ModelError> for JsonError {
    fn from(error: ModelError) -> Self {
        JsonError::Model(error)
    }
}

/// So that a [`Violations::pydantic_names`](crate::Violations::pydantic_names) collector
/// can be of `JsonError`.
impl From<PydanticError> for JsonError {
    fn from(error: PydanticError) -> Self {
        JsonError::Pydantic(error)
    }
}

impl JsonError {
    /// pydantic's name for this error when `config` asks for it and fal renamed it.
    pub(crate) fn named_for(self, config: &JsonConfig, shape: Shape) -> Self {
        match &self {
            JsonError::Model(error) if config.pydantic => {
                PydanticError::renaming(error, shape).map_or(self, JsonError::Pydantic)
            }
            _ => self,
        }
    }
}

/// What the JSON extractors reject with: the placed errors of a refused body, or a body
/// that could not be read at all (a `bad_request` request error: the connection broke
/// mid-body). Unless [`JsonConfig::unbilled_refusals`] is off, its response carries
/// `x-fal-billable-units: 0`.
///
/// Take `Result<Json<T>, JsonRejection>` in a handler to inspect or replace it; otherwise
/// the framework sends [`JsonRejection::to_response`].
///
/// ```
/// use fal_error::FalError;
/// use fal_error::json::{self, JsonConfig};
///
/// let rejection = json::from_body::<u32>(Some(b"application/json"), b"-1", &JsonConfig::new()).unwrap_err();
/// assert_eq!(rejection.errors()[0].error_type(), "greater_than_equal");
/// let response = rejection.to_response();
/// assert_eq!(response.status(), 422);
/// assert_eq!(response.headers()["x-fal-billable-units"], "0");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct JsonRejection {
    refusal: Refusal,
    unbilled: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Refusal {
    /// One error or more, in the order they are sent.
    Invalid(Vec<Located<JsonError>>),
    Unreadable(RequestError),
}

impl JsonRejection {
    /// The refused body's errors, in the order they are sent; empty when the body could
    /// not be read. Their inputs are already cut to [`JsonConfig::echo_limits`]; written
    /// again with other limits (`ErrorResponse::from_errors_with`), they are cut again,
    /// counting what the body had.
    ///
    /// ```
    /// use fal_error::FalError;
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Input {
    ///     #[allow(dead_code)]
    ///     scale: u8,
    /// }
    ///
    /// let refused = json::from_body::<Input>(Some(b"application/json"), br#"{"scale": 300}"#, &JsonConfig::new()).unwrap_err();
    /// let error = &refused.errors()[0];
    /// assert_eq!(error.error_type(), "less_than_equal");
    /// assert_eq!(error.loc().to_string(), "body.scale");
    /// assert_eq!(error.input_value(), Some(300.into()));
    /// ```
    pub fn errors(&self) -> &[Located<JsonError>] {
        match &self.refusal {
            Refusal::Invalid(errors) => errors,
            Refusal::Unreadable(_) => &[],
        }
    }

    /// The request error of a body that could not be read.
    ///
    /// ```
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// // A body that was read but refused has errors, not a request error.
    /// let refused = json::from_body::<u32>(Some(b"application/json"), b"{", &JsonConfig::new()).unwrap_err();
    /// assert!(refused.unreadable_body().is_none());
    /// assert_eq!(refused.errors().len(), 1);
    /// ```
    pub fn unreadable_body(&self) -> Option<&RequestError> {
        match &self.refusal {
            Refusal::Invalid(_) => None,
            Refusal::Unreadable(error) => Some(error),
        }
    }

    /// The response: the model errors' `{"detail": [...]}` or the request error's flat
    /// body, with `x-fal-billable-units: 0` unless turned off.
    ///
    /// ```
    /// use fal_error::json::{self, JsonConfig};
    ///
    /// let refused = json::from_body::<u32>(Some(b"application/json"), b"{", &JsonConfig::new()).unwrap_err();
    /// let response = refused.to_response();
    /// assert_eq!(response.status(), 422);
    /// assert_eq!(response.headers()["x-fal-billable-units"], "0");
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"detail":[{"loc":["body"],"msg":"Invalid JSON: EOF while parsing an object at line 1 column 1","type":"json_invalid","url":"https://docs.fal.ai/errors/#json_invalid","ctx":{"error":"EOF while parsing an object at line 1 column 1"}}]}"#,
    /// );
    /// ```
    pub fn to_response(&self) -> ErrorResponse {
        let response = match &self.refusal {
            // Each input was copied from the body within the configured limits already.
            Refusal::Invalid(errors) => {
                ErrorResponse::from_errors_with(errors, &EchoLimits::UNLIMITED)
                    .unwrap_or_else(|| ModelError::internal_server_error().to_response())
            }
            Refusal::Unreadable(error) => error.to_response(),
        };
        unbilled_if(self.unbilled, response)
    }

    /// A refusal of one error or more (an empty list is never built).
    pub(crate) fn invalid(errors: Vec<Located<JsonError>>, config: &JsonConfig) -> Self {
        let errors = if config.pydantic {
            let name = |error: JsonError| error.named_for(config, Shape::Other);
            errors.into_iter().map(|error| error.map(name)).collect()
        } else {
            errors
        };
        JsonRejection {
            refusal: Refusal::Invalid(errors),
            unbilled: config.unbilled,
        }
    }

    pub(crate) fn one(error: Located<JsonError>, config: &JsonConfig) -> Self {
        Self::invalid(vec![error], config)
    }

    pub(crate) fn too_large(config: &JsonConfig) -> Self {
        let max_size = u64::try_from(config.max_size()).unwrap_or(u64::MAX);
        let error = JsonError::Model(ModelError::FileTooLarge { max_size });
        Self::one(Located::new(error), config)
    }

    pub(crate) fn unreadable(error: &dyn fmt::Display, config: &JsonConfig) -> Self {
        JsonRejection {
            refusal: Refusal::Unreadable(RequestError::new(
                RequestErrorType::BadRequest,
                format!("Failed to read the request body: {error}"),
            )),
            unbilled: config.unbilled,
        }
    }
}

impl From<JsonRejection> for ErrorResponse {
    fn from(rejection: JsonRejection) -> Self {
        rejection.to_response()
    }
}

/// The first error's message, as `msg` sends it (for a request error, its `detail`).
impl fmt::Display for JsonRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.refusal {
            Refusal::Invalid(errors) => match errors.first() {
                Some(error) => f.write_str(&error.msg()),
                None => Ok(()),
            },
            Refusal::Unreadable(error) => f.write_str(error.detail()),
        }
    }
}

impl std::error::Error for JsonRejection {}

/// Parses a request body the way the extractors do, for servers on any framework: checks
/// the `Content-Type` value, the size against `config`, then deserializes `T`, tracking
/// the path to a bad field.
///
/// ```
/// use fal_error::json::{self, JsonConfig};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Request {
///     images: Vec<Image>,
/// }
/// #[derive(Debug, serde::Deserialize)]
/// struct Image {
///     width: u32,
/// }
///
/// let body = br#"{"images": [{"width": 64}, {"width": "wide"}]}"#;
/// let rejection = json::from_body::<Request>(Some(b"application/json"), body, &JsonConfig::new()).unwrap_err();
/// assert_eq!(
///     rejection.to_response().body(),
///     r#"{"detail":[{"loc":["body","images",1,"width"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"wide"}]}"#,
/// );
/// ```
pub fn from_body<T: DeserializeOwned>(
    content_type: Option<&[u8]>,
    body: &[u8],
    config: &JsonConfig,
) -> Result<T, JsonRejection> {
    check_whole_body(content_type, body, config)?;
    from_read_body(content_type, body, config)
}

/// What [`from_body`] and its siblings check of a body read by the caller before parsing
/// it: the content type (when refused with 415) and the size.
pub(crate) fn check_whole_body(
    content_type: Option<&[u8]>,
    body: &[u8],
    config: &JsonConfig,
) -> Result<(), JsonRejection> {
    check_before_reading(content_type, Some(body.len() as u64), config)
}

/// What the extractors check before reading the body: the declared length and, when
/// refused with 415, the content type.
pub(crate) fn check_before_reading(
    content_type: Option<&[u8]>,
    declared_length: Option<u64>,
    config: &JsonConfig,
) -> Result<(), JsonRejection> {
    if config.content_type == ContentTypeRefusal::UnsupportedMediaType {
        check_content_type(content_type).map_err(|error| JsonRejection::one(error, config))?;
    }
    if declared_length.is_some_and(|length| length > config.max_size() as u64) {
        return Err(JsonRejection::too_large(config));
    }
    Ok(())
}

/// What an extractor does with a body read within the limit: content type, syntax, `T`.
pub(crate) type ParseBody<T, R = JsonRejection> =
    fn(Option<&[u8]>, &[u8], &JsonConfig) -> Result<T, R>;

/// A body read within the limit, parsed into `T`: the content type as FastAPI checks it
/// (unless refused with 415 already), emptiness, syntax, then `T`'s fields.
pub(crate) fn from_read_body<T: DeserializeOwned>(
    content_type: Option<&[u8]>,
    body: &[u8],
    config: &JsonConfig,
) -> Result<T, JsonRejection> {
    let document = read_document(content_type, body, config)?;
    T::deserialize(NodeDe {
        document: &document,
        node: 0,
    })
    .map_err(|fault| JsonRejection::one(fault.located(&document, &config.echo), config))
}

/// The body as a [`Document`], or the refusal of a body that is not a JSON value.
pub(crate) fn read_document<'b>(
    content_type: Option<&[u8]>,
    body: &'b [u8],
    config: &JsonConfig,
) -> Result<Document<'b>, JsonRejection> {
    if body.is_empty() {
        // FastAPI reads an empty body as no body: the model is missing.
        let error = JsonError::Missing.at_loc(Loc::body()).with_input(());
        return Err(JsonRejection::one(error, config));
    }
    if check_content_type(content_type).is_err() {
        let text = echo_value(&*String::from_utf8_lossy(body), &config.echo);
        let error = JsonError::ModelAttributesType
            .at_loc(Loc::body())
            .with_input(text);
        return Err(JsonRejection::one(error, config));
    }
    // serde_json checks the syntax (and caps the depth at 128) with its own messages.
    let mut syntax = serde_json::Deserializer::from_slice(body);
    let checked = serde::Deserialize::deserialize(&mut syntax)
        .map(|Syntax| ())
        .and_then(|()| syntax.end());
    if let Err(error) = checked {
        return Err(JsonRejection::one(json_invalid(&error), config));
    }
    Document::parse(body).ok_or_else(|| {
        let error = JsonError::JsonInvalid {
            error: "unreadable JSON".to_owned(),
        };
        JsonRejection::one(Located::new(error), config)
    })
}

/// Any JSON value, read by serde_json's `deserialize_any` (so within its depth limit)
/// and kept nowhere.
struct Syntax;

impl<'de> serde::Deserialize<'de> for Syntax {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Syntax)
    }
}

impl<'de> serde_de::Visitor<'de> for Syntax {
    type Value = Syntax;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_str<E>(self, _: &str) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_unit<E>(self) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_seq<A: serde_de::SeqAccess<'de>>(self, mut items: A) -> Result<Syntax, A::Error> {
        while items.next_element::<Syntax>()?.is_some() {}
        Ok(Syntax)
    }

    fn visit_map<A: serde_de::MapAccess<'de>>(self, mut entries: A) -> Result<Syntax, A::Error> {
        while entries.next_entry::<IgnoredAny, Syntax>()?.is_some() {}
        Ok(Syntax)
    }
}

/// Whether a `Content-Type` value names JSON: `application/json` or `application/*+json`,
/// parameters allowed, case-insensitive.
#[allow(
    clippy::result_large_err,
    reason = "`Located` holds its `Loc` inline (so that `.at()` does not allocate); refusals are rare"
)]
pub(crate) fn check_content_type(content_type: Option<&[u8]>) -> Result<(), Located<JsonError>> {
    let Some(value) = content_type else {
        return Err(Located::new(JsonError::ContentTypeInvalid));
    };
    let essence = value
        .split(|byte| *byte == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii();
    let essence = String::from_utf8_lossy(essence).to_ascii_lowercase();
    let is_json = essence.strip_prefix("application/").is_some_and(|subtype| {
        subtype == "json" || (subtype.ends_with("+json") && subtype.len() > "+json".len())
    });
    if is_json {
        return Ok(());
    }
    let received = String::from_utf8_lossy(value).into_owned();
    Err(JsonError::ContentTypeInvalid.with_input(received))
}

pub(crate) fn json_invalid(error: &serde_json::Error) -> Located<JsonError> {
    Located::new(JsonError::JsonInvalid {
        error: error.to_string(),
    })
}

/// The fal error of a data error reported by serde_json alone, for actix-web's own
/// `web::Json`: serde_json gives no path and no structure there, so the error sits at
/// `["body"]` and its type is read from serde_json's message (field names and variants
/// containing a backquote are not told apart; [`from_body`] has no such limit).
#[cfg(feature = "actix-web")]
pub(crate) fn message_error(error: &serde_json::Error) -> Located<JsonError> {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let quoted_after = |prefix: &str| {
        let rest = message.strip_prefix(prefix)?;
        rest.split_once('`').map(|(name, _)| name.to_owned())
    };
    if let Some(field) = quoted_after("missing field `") {
        return JsonError::Missing.at_loc(Loc::field(field));
    }
    if let Some(field) = quoted_after("unknown field `") {
        return JsonError::ExtraForbidden.at_loc(Loc::field(field));
    }
    if let Some((_, names)) = message
        .strip_prefix("unknown variant `")
        .and_then(|rest| rest.split_once("`, expected "))
    {
        let expected: Vec<&str> = names.split('`').skip(1).step_by(2).collect();
        if !expected.is_empty() {
            let error = ModelError::OneOf {
                expected: expected.into_iter().collect(),
            };
            return JsonError::Model(error).at_loc(Loc::body());
        }
    }
    let expected = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
        .map(|(_, expected)| expected);
    if let Some(error) =
        expected.and_then(|expected| de::type_error(expected, &serde::de::Unexpected::Other("")))
    {
        return error.at_loc(Loc::body());
    }
    JsonError::ValueError {
        error: crate::echo::cut(message, EchoLimits::DEFAULT.max_string_bytes).into_owned(),
    }
    .at_loc(Loc::body())
}

/// `response` with `x-fal-billable-units: 0` when `unbilled`.
fn unbilled_if(unbilled: bool, response: ErrorResponse) -> ErrorResponse {
    if unbilled {
        response.with_billable_units(BillableUnits::from(0u32))
    } else {
        response
    }
}

/// Writes `value` as the JSON body of a success response; a failing `Serialize` impl
/// becomes fal's `internal_server_error`.
pub(crate) fn to_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, ModelError> {
    serde_json::to_vec(value).map_err(|_| ModelError::internal_server_error())
}

/// A bound written in a schema or a validator rule as fal's [`Number`](crate::Number).
#[cfg(any(feature = "schemars", feature = "validator"))]
pub(crate) fn number(limit: &serde_json::Value) -> Option<crate::Number> {
    use crate::Number;
    let serde_json::Value::Number(number) = limit else {
        return None;
    };
    number
        .as_i64()
        .map(Number::Int)
        .or_else(|| number.as_u64().map(Number::UInt))
        .or_else(|| number.as_f64().map(Number::Float))
}
