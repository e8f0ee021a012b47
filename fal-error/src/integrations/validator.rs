//! `validator`'s `ValidationErrors` as fal's detail items (feature `validator`), for
//! authors who check an input after deserializing it with `#[derive(Validate)]`: every
//! failed rule one item at its path, in the order of the input type's fields.
//!
//! | validator code | `type` | `ctx` |
//! | --- | --- | --- |
//! | `range` | `greater_than_equal` / `greater_than` / `less_than_equal` / `less_than` (the bound the value breaks) | `ge` / `gt` / `le` / `lt` |
//! | `length` | `sequence_too_short` / `sequence_too_long` (a string's length in characters) | `min_length` / `max_length` |
//! | `regex` | `string_pattern_mismatch` | `pattern`: validator does not report the pattern, so it is the rule's `message` |
//! | `required` | `missing` | |
//! | `email`, `url`, `contains`, `must_match`, and validator's other rules | `value_error` | `error`: the rule's `message`, else what the rule checks |
//! | a custom code (`ValidationError::new("lora_not_found")`, snake_case) | the code | the error's params but `value` |
//!
//! The refused value (validator's `value` param) is echoed as `input` within
//! [`EchoLimits::DEFAULT`](crate::EchoLimits::DEFAULT). A nested struct's key and a list's
//! index become `loc` items (`["body", "loras", 1, "scale"]`); struct-level errors
//! (`__all__`) sit at the struct itself.

use std::borrow::Cow;

use ::validator::{Validate, ValidationError, ValidationErrors, ValidationErrorsKind};
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::catalog::humanize;
use crate::error::{CtxVisitor, DEFAULT_DOC_BASE, FalError, WireSerialize, doc_url};
use crate::integrations::json::order::FieldOrder;
use crate::integrations::json::{JsonError, number};
use crate::loc::{Loc, LocItem};
use crate::located::Located;
use crate::model_error::ModelError;
use crate::response::ErrorResponse;

/// Longest text kept from a rule's message, in bytes.
const MAX_MESSAGE_BYTES: usize = 512;

/// validator's own rule codes; any other code is the author's and becomes the `type`.
const BUILT_IN_CODES: &[(&str, &str)] = &[
    ("email", "value is not a valid email address"),
    ("url", "value is not a valid URL"),
    ("contains", "value does not contain the required text"),
    ("does_not_contain", "value contains a forbidden text"),
    ("must_match", "value does not match the other field"),
    ("non_control_character", "value contains control characters"),
    ("ip", "value is not a valid IP address"),
    ("credit_card", "value is not a valid credit card number"),
    ("range", "value is out of range"),
    ("length", "value has the wrong length"),
    ("regex", "value does not match the pattern"),
    ("required", "value is required"),
];

/// Validates `input` and answers with every failed rule at once, ready for `?` in a
/// handler returning `Result<_, ErrorResponse>`: a 422 whose items follow `T`'s fields.
///
/// ```
/// use ::validator::Validate;
///
/// #[derive(Debug, serde::Deserialize, Validate)]
/// struct Input {
///     #[validate(length(min = 1))]
///     prompt: String,
///     #[validate(range(min = 1, max = 50))]
///     num_inference_steps: u32,
/// }
///
/// let input = Input { prompt: String::new(), num_inference_steps: 80 };
/// let refused = fal_error::validator::validate(&input).unwrap_err();
/// assert_eq!(refused.status(), 422);
/// assert_eq!(
///     refused.body(),
///     concat!(
///         r#"{"detail":["#,
///         r#"{"loc":["body","prompt"],"msg":"Sequence should have at least 1 items","type":"sequence_too_short","url":"https://docs.fal.ai/errors/#sequence_too_short","ctx":{"min_length":1},"input":""},"#,
///         r#"{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80}"#,
///         r#"]}"#,
///     ),
/// );
/// assert!(fal_error::validator::validate(&Input { prompt: "a cat".into(), num_inference_steps: 20 }).is_ok());
/// ```
pub fn validate<T: Validate + DeserializeOwned>(input: &T) -> Result<(), ErrorResponse> {
    match input.validate() {
        Ok(()) => Ok(()),
        Err(found) => match ErrorResponse::from_errors(errors::<T>(&found)) {
            Some(response) => Err(response),
            None => Ok(()),
        },
    }
}

/// The detail items of `found`, reported by validating a `T`, in the order of `T`'s
/// fields (list items by index); several errors of one field keep validator's order.
///
/// ```
/// use ::validator::Validate;
/// use fal_error::FalError;
///
/// #[derive(Debug, serde::Deserialize, Validate)]
/// struct Input {
///     #[validate(nested)]
///     loras: Vec<Lora>,
/// }
///
/// #[derive(Debug, serde::Deserialize, Validate)]
/// struct Lora {
///     #[validate(range(exclusive_min = 0.0, max = 4.0))]
///     scale: f64,
/// }
///
/// let input = Input { loras: vec![Lora { scale: 1.0 }, Lora { scale: 0.0 }] };
/// let errors = fal_error::validator::errors::<Input>(&input.validate().unwrap_err());
/// assert_eq!(errors.len(), 1);
/// assert_eq!(errors[0].loc().to_string(), "body.loras.1.scale");
/// assert_eq!(errors[0].error_type(), "greater_than");
/// assert_eq!(errors[0].msg(), "Input should be greater than 0");
/// ```
pub fn errors<T: DeserializeOwned>(found: &ValidationErrors) -> Vec<Located<ValidatorError>> {
    let mut placed = Vec::new();
    collect(found, &Loc::body(), &mut placed);
    let order = FieldOrder::of::<T>();
    placed.sort_by_cached_key(|error: &Located<ValidatorError>| order.key(&error.loc()));
    placed
}

/// Every error of `found`, placed under `loc`. The recursion follows the input type's
/// nesting, which the code declares, not the request.
fn collect(found: &ValidationErrors, loc: &Loc, placed: &mut Vec<Located<ValidatorError>>) {
    for (field, kind) in found.errors() {
        let at = if field == "__all__" {
            loc.clone()
        } else {
            loc.clone().key(LocItem::from(field.to_string()))
        };
        match kind {
            ValidationErrorsKind::Field(errors) => {
                placed.extend(errors.iter().map(|error| item(error, at.clone())));
            }
            ValidationErrorsKind::Struct(nested) => collect(nested, &at, placed),
            ValidationErrorsKind::List(items) => {
                for (index, nested) in items {
                    collect(nested, &at.clone().index(*index as u64), placed);
                }
            }
        }
    }
}

/// One failed rule as its fal error, placed, the refused value echoed.
fn item(error: &ValidationError, loc: Loc) -> Located<ValidatorError> {
    let value = error.params.get("value");
    let mapped = match error.code.as_ref() {
        "required" => return ValidatorError::Json(JsonError::Missing).at_loc(loc),
        "range" => value.and_then(|value| range(&error.params, value)),
        "length" => value.and_then(|value| length(&error.params, value)),
        "regex" => Some(JsonError::StringPatternMismatch {
            pattern: message(error).unwrap_or_default(),
        }),
        code if is_custom(code) => {
            let custom = ValidatorError::Custom {
                msg: message(error).unwrap_or_else(|| humanize(code)),
                code: code.to_owned(),
                ctx: error
                    .params
                    .iter()
                    .filter(|(key, _)| *key != "value")
                    .map(|(key, value)| (key.to_string(), value.clone()))
                    .collect::<std::collections::BTreeMap<_, _>>()
                    .into_iter()
                    .collect(),
            };
            return with_value(custom.at_loc(loc), value);
        }
        _ => None,
    };
    let mapped = mapped.unwrap_or_else(|| JsonError::ValueError {
        error: message(error).unwrap_or_else(|| built_in_text(&error.code).to_owned()),
    });
    with_value(ValidatorError::Json(mapped).at_loc(loc), value)
}

fn with_value(error: Located<ValidatorError>, value: Option<&Value>) -> Located<ValidatorError> {
    match value {
        Some(value) => error.with_input(value),
        None => error,
    }
}

/// The bound `value` breaks, from validator's `min`, `max`, `exclusive_min` and
/// `exclusive_max` params.
fn range(params: &Params, value: &Value) -> Option<JsonError> {
    let value = value.as_f64()?;
    let bound = |name: &str| {
        let limit = params.get(name)?;
        Some((limit.as_f64()?, number(limit)?))
    };
    let error = match () {
        () if bound("min").is_some_and(|(min, _)| value < min) => ModelError::GreaterThanEqual {
            ge: bound("min")?.1,
        },
        () if bound("exclusive_min").is_some_and(|(min, _)| value <= min) => {
            ModelError::GreaterThan {
                gt: bound("exclusive_min")?.1,
            }
        }
        () if bound("max").is_some_and(|(max, _)| value > max) => ModelError::LessThanEqual {
            le: bound("max")?.1,
        },
        () if bound("exclusive_max").is_some_and(|(max, _)| value >= max) => ModelError::LessThan {
            lt: bound("exclusive_max")?.1,
        },
        () => return None,
    };
    Some(JsonError::Model(error))
}

/// The length bound `value` breaks, from validator's `min`, `max` and `equal` params: a
/// string counts characters, a list or map its items.
fn length(params: &Params, value: &Value) -> Option<JsonError> {
    let count = match value {
        Value::String(text) => text.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(entries) => entries.len(),
        _ => return None,
    } as u64;
    let limit = |name: &str| params.get(name).and_then(Value::as_u64);
    let (min, max) = match limit("equal") {
        Some(equal) => (Some(equal), Some(equal)),
        None => (limit("min"), limit("max")),
    };
    let error = match (min, max) {
        (Some(min_length), _) if count < min_length => ModelError::SequenceTooShort { min_length },
        (_, Some(max_length)) if count > max_length => ModelError::SequenceTooLong { max_length },
        _ => return None,
    };
    Some(JsonError::Model(error))
}

type Params = std::collections::HashMap<Cow<'static, str>, Value>;

fn message(error: &ValidationError) -> Option<String> {
    let text = error.message.as_deref()?;
    Some(crate::echo::cut(text, MAX_MESSAGE_BYTES).into_owned())
}

/// A code the author chose: not validator's own, and a plain snake_case word that can
/// be sent as a `type` as it is.
fn is_custom(code: &str) -> bool {
    let mut bytes = code.bytes();
    !BUILT_IN_CODES.iter().any(|(known, _)| *known == code)
        && bytes.next().is_some_and(|first| first.is_ascii_lowercase())
        && bytes.all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'_')
        && code.len() <= 64
}

fn built_in_text(code: &str) -> &'static str {
    BUILT_IN_CODES
        .iter()
        .find(|(known, _)| *known == code)
        .map_or("value is not valid", |(_, text)| text)
}

/// One failed validator rule as a fal error: a type of the JSON extractor's (see the
/// [module](self) table), or the author's own code as the `type`.
///
/// ```
/// use fal_error::FalError;
/// use fal_error::validator::ValidatorError;
///
/// let error = ValidatorError::Custom {
///     code: "lora_not_found".into(),
///     msg: "LoRA anime was not found".into(),
///     ctx: serde_json::Map::new(),
/// };
/// assert_eq!(error.error_type(), "lora_not_found");
/// assert_eq!(error.status(), 422);
/// assert_eq!(error.url(), "https://docs.fal.ai/errors/#lora_not_found");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ValidatorError {
    /// One of validator's rules, named as the JSON extractor names it.
    Json(JsonError),
    /// A rule of the author's, its code sent as the `type`.
    Custom {
        /// The code, a snake_case word.
        code: String,
        /// The rule's message, else the code as a sentence.
        msg: String,
        /// The error's params but `value`, by name.
        ctx: serde_json::Map<String, Value>,
    },
}

impl FalError for ValidatorError {
    fn error_type(&self) -> &str {
        match self {
            ValidatorError::Json(error) => error.error_type(),
            ValidatorError::Custom { code, .. } => code,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            ValidatorError::Json(error) => error.status(),
            ValidatorError::Custom { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    fn retryable(&self) -> bool {
        match self {
            ValidatorError::Json(error) => error.retryable(),
            ValidatorError::Custom { .. } => false,
        }
    }

    fn loc(&self) -> Loc {
        match self {
            ValidatorError::Json(error) => error.loc(),
            ValidatorError::Custom { .. } => Loc::body(),
        }
    }

    fn msg(&self) -> Cow<'_, str> {
        match self {
            ValidatorError::Json(error) => error.msg(),
            ValidatorError::Custom { msg, .. } => Cow::Borrowed(msg),
        }
    }

    fn url(&self) -> Cow<'_, str> {
        match self {
            ValidatorError::Json(error) => error.url(),
            ValidatorError::Custom { code, .. } => Cow::Owned(doc_url(DEFAULT_DOC_BASE, code)),
        }
    }

    fn visit_ctx(&self, visitor: &mut CtxVisitor<'_>) {
        match self {
            ValidatorError::Json(error) => error.visit_ctx(visitor),
            ValidatorError::Custom { ctx, .. } => {
                for (key, value) in ctx {
                    visitor(key, value);
                }
            }
        }
    }

    fn input(&self) -> Option<&dyn WireSerialize> {
        match self {
            ValidatorError::Json(error) => error.input(),
            ValidatorError::Custom { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(code: &'static str, params: &[(&'static str, Value)]) -> ValidationError {
        let mut error = ValidationError::new(code);
        for (name, value) in params {
            error.add_param(Cow::Borrowed(name), value);
        }
        error
    }

    fn named(error: &ValidationError) -> String {
        let item = item(error, Loc::field("x"));
        format!("{} {}", item.error_type(), item.msg())
    }

    #[test]
    fn each_range_bound_is_compared_with_the_value() {
        let cases = [
            (
                vec![("min", 1.into()), ("max", 5.into())],
                0,
                "greater_than_equal Input should be greater than or equal to 1",
            ),
            (
                vec![("min", 1.into()), ("max", 5.into())],
                6,
                "less_than_equal Input should be less than or equal to 5",
            ),
            (
                vec![("exclusive_min", 1.into())],
                1,
                "greater_than Input should be greater than 1",
            ),
            (
                vec![("exclusive_max", 5.into())],
                5,
                "less_than Input should be less than 5",
            ),
            (
                vec![("min", 1.into())],
                3,
                "value_error Value error, value is out of range",
            ),
        ];
        for (mut params, value, expected) in cases {
            params.push(("value", Value::from(value)));
            assert_eq!(named(&failed("range", &params)), expected);
        }
    }

    #[test]
    fn length_counts_characters_and_items() {
        let text = failed("length", &[("max", 2.into()), ("value", "héé".into())]);
        assert_eq!(
            named(&text),
            "sequence_too_long Sequence should have at most 2 items"
        );
        let list = failed(
            "length",
            &[("equal", 2.into()), ("value", Value::from(vec![1]))],
        );
        assert_eq!(
            named(&list),
            "sequence_too_short Sequence should have at least 2 items"
        );
    }

    #[test]
    fn codes_become_types_or_value_errors() {
        assert_eq!(named(&failed("required", &[])), "missing Field required");
        assert_eq!(
            named(&failed("email", &[("value", "x".into())])),
            "value_error Value error, value is not a valid email address"
        );
        assert_eq!(
            named(&failed("lora_not_found", &[])),
            "lora_not_found Lora not found"
        );
        assert_eq!(
            named(&failed("Not \"snake\"", &[])),
            "value_error Value error, value is not valid"
        );
        let pattern = failed("regex", &[]).with_message(Cow::Borrowed("^[a-z]+$"));
        assert_eq!(
            named(&pattern),
            "string_pattern_mismatch String should match pattern '^[a-z]+$'"
        );
    }
}
