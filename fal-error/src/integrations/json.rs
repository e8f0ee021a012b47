//! JSON request bodies refused the fal way, shared by the axum and actix-web extractors:
//! the content type, the size limit, JSON syntax, then the fields, each failure an exact
//! fal error instead of the framework's plain-text rejection.
//!
//! | failure | status | `type` | `loc` | `ctx` |
//! |---|---|---|---|---|
//! | `Content-Type` missing or not JSON | 415 | `content_type_invalid` | `["header", "content-type"]` | |
//! | body over [`JsonConfig::limit`] | 422 | `file_too_large` | `["body"]` | `max_size` |
//! | not JSON | 422 | `json_invalid` | `["body"]` | `error` |
//! | a field missing | 422 | `missing` | `["body", …, field]` | |
//! | a field not allowed (`deny_unknown_fields`) | 422 | `extra_forbidden` | `["body", …, field]` | |
//! | a value of the wrong JSON type | 422 | `string_type`, `int_type`, `int_parsing`, `int_from_float`, `float_type`, `float_parsing`, `bool_type`, `bool_parsing`, `list_type`, `dict_type` | the value's path | |
//! | an integer outside its Rust type | 422 | `greater_than_equal` / `less_than_equal` | the value's path | `ge` / `le` |
//! | an unknown enum variant | 422 | `one_of` | the value's path | `expected` |
//! | anything else a `Deserialize` impl refuses | 422 | `value_error` | the value's path | `error` |
//!
//! The names and messages are pydantic's (fal's Python servers send the same ones). The
//! path is serde's: object keys as strings, list indexes as integers
//! (`["body", "images", 2, "url"]`). The refused value is echoed as `input` (made safe by
//! [`EchoLimits`](crate::EchoLimits)); nothing is echoed for the size, syntax and missing
//! cases. serde stops at the first bad field, so one rejection carries one error.

use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::FalError;
use crate::loc::{Loc, LocItem};
use crate::located::Located;
use crate::model_error::ModelError;
use crate::request_error::{RequestError, RequestErrorType};
use crate::response::ErrorResponse;

/// The settings of the JSON extractors: the largest body accepted.
///
/// Give it to axum as an extension layer, to actix-web as app data; without it the limit is
/// [`JsonConfig::DEFAULT_LIMIT`], the frameworks' own default.
///
/// ```
/// use fal_error::json::JsonConfig;
///
/// let config = JsonConfig::new().limit(10 * 1024 * 1024);
/// assert_eq!(config.max_size(), 10_485_760);
/// assert_eq!(JsonConfig::default().max_size(), JsonConfig::DEFAULT_LIMIT);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonConfig {
    limit: usize,
}

impl JsonConfig {
    /// 2 MiB, the default body limit of axum and of actix-web.
    pub const DEFAULT_LIMIT: usize = 2 * 1024 * 1024;

    /// The default settings.
    pub const fn new() -> Self {
        JsonConfig {
            limit: Self::DEFAULT_LIMIT,
        }
    }

    /// Accepts bodies of at most `bytes` bytes; larger ones are refused with
    /// `file_too_large` (`ctx.max_size` = `bytes`) before they are read whole.
    #[must_use]
    pub const fn limit(mut self, bytes: usize) -> Self {
        self.limit = bytes;
        self
    }

    /// The largest body accepted, in bytes.
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
    /// An object was expected.
    #[fal(type = "dict_type", msg = "Input should be a valid dictionary")]
    DictType,
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
}

/// What the JSON extractors reject with: a refused body (a fal model error, placed and
/// with its input), or a body that could not be read at all (a `bad_request` request
/// error: the connection broke mid-body).
///
/// Take `Result<Json<T>, JsonRejection>` in a handler to inspect or replace it; otherwise
/// the framework sends [`JsonRejection::to_response`].
///
/// ```
/// use fal_error::FalError;
/// use fal_error::json::{self, JsonConfig, JsonRejection};
///
/// let rejection = json::from_body::<u32>(Some(b"text/plain"), b"1", &JsonConfig::new()).unwrap_err();
/// let JsonRejection::Invalid(error) = &rejection else { unreachable!() };
/// assert_eq!(error.error_type(), "content_type_invalid");
/// assert_eq!(rejection.to_response().status(), 415);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum JsonRejection {
    /// The body was read and refused.
    Invalid(Located<JsonError>),
    /// The body could not be read.
    Unreadable(RequestError),
}

impl JsonRejection {
    /// The response: the model error's `{"detail": [...]}` or the request error's flat body.
    pub fn to_response(&self) -> ErrorResponse {
        match self {
            JsonRejection::Invalid(error) => error.to_response(),
            JsonRejection::Unreadable(error) => error.to_response(),
        }
    }

    pub(crate) fn too_large(limit: usize) -> Self {
        let max_size = u64::try_from(limit).unwrap_or(u64::MAX);
        JsonRejection::Invalid(Located::new(JsonError::Model(ModelError::FileTooLarge {
            max_size,
        })))
    }

    pub(crate) fn unreadable(error: &dyn fmt::Display) -> Self {
        JsonRejection::Unreadable(RequestError::new(
            RequestErrorType::BadRequest,
            format!("Failed to read the request body: {error}"),
        ))
    }
}

impl From<Located<JsonError>> for JsonRejection {
    fn from(error: Located<JsonError>) -> Self {
        JsonRejection::Invalid(error)
    }
}

impl From<JsonRejection> for ErrorResponse {
    fn from(rejection: JsonRejection) -> Self {
        rejection.to_response()
    }
}

/// The error's message, as `msg` sends it (for a request error, its `detail`).
impl fmt::Display for JsonRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonRejection::Invalid(error) => f.write_str(&error.msg()),
            JsonRejection::Unreadable(error) => f.write_str(error.detail()),
        }
    }
}

impl std::error::Error for JsonRejection {}

/// Parses a request body the way the extractors do, for servers on any framework: checks
/// the `Content-Type` value, the size against `config`, then deserializes `T`, tracking
/// the path to a bad field.
///
/// ```
/// use fal_error::FalError;
/// use fal_error::json::{self, JsonConfig, JsonRejection};
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
/// let Err(JsonRejection::Invalid(error)) = json::from_body::<Request>(Some(b"application/json"), body, &JsonConfig::new()) else {
///     unreachable!()
/// };
/// assert_eq!(
///     error.to_response().body(),
///     r#"{"detail":[{"loc":["body","images",1,"width"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"wide"}]}"#,
/// );
/// ```
pub fn from_body<T: DeserializeOwned>(
    content_type: Option<&[u8]>,
    body: &[u8],
    config: &JsonConfig,
) -> Result<T, JsonRejection> {
    check_content_type(content_type)?;
    if body.len() > config.max_size() {
        return Err(JsonRejection::too_large(config.max_size()));
    }
    deserialize(body).map_err(JsonRejection::Invalid)
}

/// Whether a `Content-Type` value names JSON: `application/json` or `application/*+json`,
/// parameters allowed, case-insensitive.
pub(crate) fn check_content_type(content_type: Option<&[u8]>) -> Result<(), JsonRejection> {
    let Some(value) = content_type else {
        return Err(JsonRejection::Invalid(Located::new(
            JsonError::ContentTypeInvalid,
        )));
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
    Err(JsonRejection::Invalid(
        JsonError::ContentTypeInvalid.with_input(received),
    ))
}

/// Deserializes `body`, turning any failure into its placed fal error.
pub(crate) fn deserialize<T: DeserializeOwned>(body: &[u8]) -> Result<T, Located<JsonError>> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (loc, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => return Ok(value),
            Err(trailing) => (Loc::body(), trailing),
        },
        Err(error) => (body_path(error.path()), error.into_inner()),
    };
    // A syntax error later in the body outranks a field error found first, as when the
    // body is parsed before it is validated.
    let value = match serde_json::from_slice::<Value>(body) {
        Ok(value) => value,
        Err(syntax) => return Err(json_invalid(&syntax)),
    };
    if error.is_syntax() || error.is_eof() {
        return Err(json_invalid(&error));
    }
    Err(field_error(loc, &error, Some(&value)))
}

/// `["body", ...]` followed by serde's path: keys as strings, indexes as integers.
fn body_path(path: &serde_path_to_error::Path) -> Loc {
    use serde_path_to_error::Segment;
    path.iter().fold(Loc::body(), |loc, segment| match segment {
        Segment::Seq { index } => loc.index(*index as u64),
        Segment::Map { key } => loc.key(key.clone()),
        Segment::Enum { variant } => loc.key(variant.clone()),
        Segment::Unknown => loc,
    })
}

pub(crate) fn json_invalid(error: &serde_json::Error) -> Located<JsonError> {
    Located::new(JsonError::JsonInvalid {
        error: error.to_string(),
    })
}

/// The fal error of a data error (the JSON was fine, a value was not) at `loc`, echoing the
/// refused value found in `body` when the body is known.
pub(crate) fn field_error(
    loc: Loc,
    error: &serde_json::Error,
    body: Option<&Value>,
) -> Located<JsonError> {
    let full = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let message = full.strip_suffix(&suffix).unwrap_or(&full);
    let value = body.and_then(|body| value_at(body, &loc));

    if let Some(field) = quoted_after(message, "missing field `") {
        return JsonError::Missing.at_loc(loc.key(field.to_owned()));
    }
    if let Some(field) = quoted_after(message, "unknown field `") {
        // serde_path_to_error has already entered the field when it is refused.
        let entered = matches!(loc.last(), Some(LocItem::Key(last)) if last == field);
        let loc = if entered {
            loc
        } else {
            loc.key(field.to_owned())
        };
        let value = body.and_then(|body| value_at(body, &loc));
        return placed(JsonError::ExtraForbidden, loc, value);
    }
    if message.starts_with("unknown variant `") {
        let expected = message
            .split_once("`, expected ")
            .map(|(_, names)| backquoted(names))
            .unwrap_or_default();
        if !expected.is_empty() {
            let error = JsonError::Model(ModelError::OneOf {
                expected: expected.into(),
            });
            return placed(error, loc, value);
        }
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let expected = rest
            .rsplit_once(", expected ")
            .map_or("", |(_, expected)| expected);
        if let Some(error) = type_error(expected, value) {
            return placed(error, loc, value);
        }
    }
    if message.starts_with("invalid length ") && message.contains(", expected struct ") {
        // serde reads a struct from a JSON array too; an array of the wrong length is a
        // body that is not an object, as pydantic reports it.
        return placed(JsonError::DictType, loc, value);
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        let expected = rest
            .rsplit_once(", expected ")
            .map_or("", |(_, expected)| expected);
        if let Some(error) = range_error(expected, value) {
            return placed(error, loc, value);
        }
    }
    let error = JsonError::ValueError {
        error: message.to_owned(),
    };
    placed(error, loc, value)
}

fn placed(error: JsonError, loc: Loc, input: Option<&Value>) -> Located<JsonError> {
    let error = error.at_loc(loc);
    match input {
        Some(input) => error.with_input(input),
        None => error,
    }
}

/// The value at `loc` (which starts with `"body"`) inside the body.
fn value_at<'a>(body: &'a Value, loc: &Loc) -> Option<&'a Value> {
    loc.items()
        .iter()
        .skip(1)
        .try_fold(body, |value, item| match item {
            LocItem::Key(key) => value.get(key.as_ref()),
            LocItem::Index(index) => value.get(usize::try_from(*index).ok()?),
        })
}

/// The text between `prefix` and the next backquote.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message
        .strip_prefix(prefix)?
        .split_once('`')
        .map(|(name, _)| name)
}

/// Every `` `name` `` in serde's "one of `a`, `b`" lists.
fn backquoted(names: &str) -> Vec<String> {
    names
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The pydantic type of a value of the wrong JSON type, from what serde expected.
fn type_error(expected: &str, value: Option<&Value>) -> Option<JsonError> {
    let is_string = matches!(value, Some(Value::String(_)));
    let error = if int_range(expected).is_some() || matches!(expected, "i128" | "u128") {
        match value {
            Some(Value::String(_)) => JsonError::IntParsing,
            Some(Value::Number(number))
                if number.as_f64().is_some_and(|float| float.fract() != 0.0) =>
            {
                JsonError::IntFromFloat
            }
            _ => JsonError::IntType,
        }
    } else if matches!(expected, "f32" | "f64") {
        if is_string {
            JsonError::FloatParsing
        } else {
            JsonError::FloatType
        }
    } else if matches!(expected, "a boolean") {
        if is_string {
            JsonError::BoolParsing
        } else {
            JsonError::BoolType
        }
    } else if matches!(
        expected,
        "a string" | "a borrowed string" | "a character" | "a char"
    ) {
        JsonError::StringType
    } else if matches!(expected, "a sequence" | "an array")
        || expected.starts_with("a tuple")
        || expected.starts_with("an array")
    {
        JsonError::ListType
    } else if expected == "a map" || expected.starts_with("struct ") {
        JsonError::DictType
    } else {
        return None;
    };
    Some(error)
}

/// `greater_than_equal` / `less_than_equal` for an integer outside the range of the Rust
/// integer type serde expected.
fn range_error(expected: &str, value: Option<&Value>) -> Option<JsonError> {
    let (min, max) = int_range(expected)?;
    let Some(Value::Number(number)) = value else {
        return None;
    };
    let below = match (number.as_i64(), number.as_u64()) {
        (Some(signed), _) => signed < min,
        (None, Some(_)) => false,
        (None, None) => return None,
    };
    let error = if below {
        ModelError::GreaterThanEqual { ge: min.into() }
    } else {
        ModelError::LessThanEqual { le: max.into() }
    };
    Some(JsonError::Model(error))
}

/// The bounds of the integer types serde names in its messages (`u32`), up to 64 bits.
fn int_range(expected: &str) -> Option<(i64, u64)> {
    Some(match expected {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX),
        "usize" => (0, usize::MAX as u64),
        "i8" => (i8::MIN.into(), i8::MAX as u64),
        "i16" => (i16::MIN.into(), i16::MAX as u64),
        "i32" => (i32::MIN.into(), i32::MAX as u64),
        "i64" => (i64::MIN, i64::MAX as u64),
        "isize" => (isize::MIN as i64, isize::MAX as u64),
        _ => return None,
    })
}

/// Writes `value` as the JSON body of a success response; a failing `Serialize` impl
/// becomes fal's `internal_server_error`.
pub(crate) fn to_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, ModelError> {
    serde_json::to_vec(value).map_err(|_| ModelError::internal_server_error())
}
