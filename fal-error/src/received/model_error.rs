//! A received detail item read back into the built-in [`ModelError`]: its `type` picks
//! the variant and its `ctx` fills the typed fields; an item that does not fit says why.

use std::fmt;
use std::sync::OnceLock;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::detail::ErrorDetail;
use crate::echo::cut;
use crate::located::Located;
use crate::model_error::ModelError;
use crate::raw_json::RawJson;
use crate::values::{Choices, Extensions};
use crate::{FalError, Number};

/// Why a detail item is not one of the built-in [`ModelError`]s.
///
/// Received strings (a type, a ctx key) are shown escaped and cut to 64 bytes.
///
/// ```
/// use fal_error::{ErrorDetail, ModelError, NotAModelError};
/// use serde_json::json;
///
/// let item = ErrorDetail::new("image_too_large", "Image too large")
///     .with_ctx(json!({ "max_height": 4096, "max_width": "wide" }).as_object().unwrap().clone());
/// let error = ModelError::try_from(&item).unwrap_err();
/// assert_eq!(
///     error,
///     NotAModelError::InvalidCtx { error_type: "image_too_large", key: "max_width", expected: "an integer from 0 to 4294967295", found: "a string" },
/// );
/// assert_eq!(error.to_string(), "ctx `max_width` of `image_too_large` should be an integer from 0 to 4294967295, found a string");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NotAModelError {
    /// The `type` is not one of the 31 built-in types.
    UnknownType(String),
    /// The type needs this ctx key and the item has none.
    MissingCtx {
        /// The item's type.
        error_type: &'static str,
        /// The missing key.
        key: &'static str,
    },
    /// A ctx value has the wrong JSON type or is out of range for its field.
    InvalidCtx {
        /// The item's type.
        error_type: &'static str,
        /// The key whose value does not fit.
        key: &'static str,
        /// What the field holds.
        expected: &'static str,
        /// What the value is.
        found: &'static str,
    },
    /// The item has a ctx key that the type does not have: reading it would lose it.
    UnexpectedCtx {
        /// The item's type.
        error_type: &'static str,
        /// The first key not read.
        key: String,
    },
}

impl fmt::Display for NotAModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotAModelError::UnknownType(name) => {
                write!(f, "{:?} is not a built-in model error type", cut(name, 64))
            }
            NotAModelError::MissingCtx { error_type, key } => {
                write!(f, "`{error_type}` needs ctx `{key}`")
            }
            NotAModelError::InvalidCtx {
                error_type,
                key,
                expected,
                found,
            } => write!(
                f,
                "ctx `{key}` of `{error_type}` should be {expected}, found {found}"
            ),
            NotAModelError::UnexpectedCtx { error_type, key } => {
                write!(f, "`{error_type}` has no ctx {:?}", cut(key, 64))
            }
        }
    }
}

impl std::error::Error for NotAModelError {}

/// The built-in error of a received item. The message is the type's own (a received
/// `msg` is not compared); the four types whose retryability is chosen where they are
/// raised come back not retryable, as their constructors make them
/// ([`ReceivedError::model_errors`](crate::ReceivedError::model_errors) takes it from
/// the response). `loc` and `input` are not part of a `ModelError`: read into
/// [`Located<ModelError>`] to keep them.
///
/// ```
/// use fal_error::{ErrorDetail, ModelError, Number};
/// use serde_json::json;
///
/// let item = ErrorDetail::new("less_than", "Input should be less than 1")
///     .with_ctx(json!({ "lt": 1.0 }).as_object().unwrap().clone());
/// assert_eq!(ModelError::try_from(&item), Ok(ModelError::LessThan { lt: Number::Float(1.0) }));
/// ```
impl TryFrom<&ErrorDetail> for ModelError {
    type Error = NotAModelError;

    fn try_from(detail: &ErrorDetail) -> Result<Self, NotAModelError> {
        read_model_error(detail, false)
    }
}

/// The built-in error of a received item placed at its `loc`, with its `input` when it
/// echoed one: written again, it gives the same item (with the type's own message).
///
/// ```
/// use fal_error::{ErrorDetail, FalError, Loc, Located, ModelError};
/// use serde_json::json;
///
/// let mut item = ErrorDetail::new("sequence_too_short", "Sequence should have at least 2 items")
///     .with_ctx(json!({ "min_length": 2 }).as_object().unwrap().clone())
///     .with_input(json!(["a.png"]));
/// item.loc = Loc::field("images");
/// let error = Located::<ModelError>::try_from(&item).unwrap();
/// let item_bytes = serde_json::to_string(&item).unwrap();
/// assert_eq!(error.to_response().body(), format!(r#"{{"detail":[{item_bytes}]}}"#));
/// ```
impl TryFrom<&ErrorDetail> for Located<ModelError> {
    type Error = NotAModelError;

    fn try_from(detail: &ErrorDetail) -> Result<Self, NotAModelError> {
        read_located(detail, false)
    }
}

/// [`TryFrom`] with the retryability of the four raise-site types given.
pub(crate) fn read_located(
    detail: &ErrorDetail,
    retryable: bool,
) -> Result<Located<ModelError>, NotAModelError> {
    let located = read_model_error(detail, retryable)?.at_loc(detail.loc.clone());
    Ok(match &detail.input {
        Some(input) => located.with_input(input.to_value()),
        None => located,
    })
}

fn read_model_error(detail: &ErrorDetail, retryable: bool) -> Result<ModelError, NotAModelError> {
    use ModelError::*;
    let Some(error_type) = built_in_type(&detail.error_type) else {
        return Err(NotAModelError::UnknownType(detail.error_type.clone()));
    };
    let entries = detail.ctx.as_ref().map(RawJson::to_value);
    let mut ctx = Ctx {
        error_type,
        entries: entries.as_ref().and_then(Value::as_object),
        read: [""; 3],
        count: 0,
    };
    let error = match error_type {
        "internal_server_error" => InternalServerError { retryable },
        "generation_timeout" => GenerationTimeout { retryable },
        "downstream_service_error" => DownstreamServiceError { retryable },
        "downstream_service_unavailable" => DownstreamServiceUnavailable { retryable },
        "content_policy_violation" => ContentPolicyViolation,
        "no_media_generated" => NoMediaGenerated,
        "image_too_small" => ImageTooSmall {
            min_height: ctx.read("min_height")?,
            min_width: ctx.read("min_width")?,
        },
        "image_too_large" => ImageTooLarge {
            max_height: ctx.read("max_height")?,
            max_width: ctx.read("max_width")?,
        },
        "image_load_error" => ImageLoadError,
        "file_download_error" => FileDownloadError,
        "face_detection_error" => FaceDetectionError,
        "file_too_large" => FileTooLarge {
            max_size: ctx.read("max_size")?,
        },
        "greater_than" => GreaterThan {
            gt: ctx.read("gt")?,
        },
        "greater_than_equal" => GreaterThanEqual {
            ge: ctx.read("ge")?,
        },
        "less_than" => LessThan {
            lt: ctx.read("lt")?,
        },
        "less_than_equal" => LessThanEqual {
            le: ctx.read("le")?,
        },
        "multiple_of" => MultipleOf {
            multiple_of: ctx.read("multiple_of")?,
        },
        "sequence_too_short" => SequenceTooShort {
            min_length: ctx.read("min_length")?,
        },
        "sequence_too_long" => SequenceTooLong {
            max_length: ctx.read("max_length")?,
        },
        "one_of" => OneOf {
            expected: ctx.read("expected")?,
        },
        "feature_not_supported" => FeatureNotSupported,
        "invalid_archive" => InvalidArchive {
            supported_extensions: ctx.read("supported_extensions")?,
        },
        "archive_file_count_below_minimum" => ArchiveFileCountBelowMinimum {
            min_count: ctx.read("min_count")?,
            provided_count: ctx.read("provided_count")?,
            supported_extensions: ctx.read("supported_extensions")?,
        },
        "archive_file_count_exceeds_maximum" => ArchiveFileCountExceedsMaximum {
            max_count: ctx.read("max_count")?,
            provided_count: ctx.read("provided_count")?,
            supported_extensions: ctx.read("supported_extensions")?,
        },
        "audio_duration_too_long" => AudioDurationTooLong {
            max_duration: ctx.read("max_duration")?,
            provided_duration: ctx.read("provided_duration")?,
        },
        "audio_duration_too_short" => AudioDurationTooShort {
            min_duration: ctx.read("min_duration")?,
            provided_duration: ctx.read("provided_duration")?,
        },
        "unsupported_audio_format" => UnsupportedAudioFormat {
            supported_formats: ctx.read("supported_formats")?,
        },
        "unsupported_image_format" => UnsupportedImageFormat {
            supported_formats: ctx.read("supported_formats")?,
        },
        "unsupported_video_format" => UnsupportedVideoFormat {
            supported_formats: ctx.read("supported_formats")?,
        },
        "video_duration_too_long" => VideoDurationTooLong {
            max_duration: ctx.read("max_duration")?,
            provided_duration: ctx.read("provided_duration")?,
        },
        "video_duration_too_short" => VideoDurationTooShort {
            min_duration: ctx.read("min_duration")?,
            provided_duration: ctx.read("provided_duration")?,
        },
        _ => return Err(NotAModelError::UnknownType(detail.error_type.clone())),
    };
    ctx.all_read()?;
    Ok(error)
}

/// The catalog's own spelling of a built-in type, so that errors can name it.
fn built_in_type(name: &str) -> Option<&'static str> {
    static TYPES: OnceLock<Vec<&'static str>> = OnceLock::new();
    TYPES
        .get_or_init(|| {
            <ModelError as FalError>::catalog()
                .iter()
                .map(|info| info.error_type)
                .collect()
        })
        .iter()
        .copied()
        .find(|error_type| *error_type == name)
}

/// The ctx of one item, read key by key.
struct Ctx<'a> {
    error_type: &'static str,
    entries: Option<&'a Map<String, Value>>,
    read: [&'static str; 3],
    count: usize,
}

impl Ctx<'_> {
    fn read<T: CtxField>(&mut self, key: &'static str) -> Result<T, NotAModelError> {
        let error_type = self.error_type;
        let value = self
            .entries
            .and_then(|entries| entries.get(key))
            .ok_or(NotAModelError::MissingCtx { error_type, key })?;
        if let Some(slot) = self.read.get_mut(self.count) {
            *slot = key;
            self.count += 1;
        }
        T::from_value(value).map_err(|_| NotAModelError::InvalidCtx {
            error_type,
            key,
            expected: T::EXPECTED,
            found: json_kind(value),
        })
    }

    /// Fails on the first key no field took.
    fn all_read(self) -> Result<(), NotAModelError> {
        let read = &self.read[..self.count];
        match self
            .entries
            .into_iter()
            .flat_map(Map::keys)
            .find(|key| !read.contains(&key.as_str()))
        {
            Some(key) => Err(NotAModelError::UnexpectedCtx {
                error_type: self.error_type,
                key: key.clone(),
            }),
            None => Ok(()),
        }
    }
}

/// A typed ctx field: read from its JSON value, and what it holds in words.
trait CtxField: DeserializeOwned {
    const EXPECTED: &'static str;

    fn from_value(value: &Value) -> Result<Self, serde_json::Error> {
        <Self as serde::Deserialize>::deserialize(value)
    }
}

impl CtxField for u32 {
    const EXPECTED: &'static str = "an integer from 0 to 4294967295";
}

impl CtxField for u64 {
    const EXPECTED: &'static str = "an integer from 0 to 18446744073709551615";
}

impl CtxField for Number {
    const EXPECTED: &'static str = "a number";
}

impl CtxField for Choices {
    const EXPECTED: &'static str = "a list";
}

impl CtxField for Extensions {
    const EXPECTED: &'static str = "a list of strings";
}

/// A value's JSON type in words.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(number) if number.is_f64() => "a float",
        Value::Number(number) if number.is_i64() && !number.is_u64() => "a negative integer",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
