//! `Violations`: the checks an author runs after deserializing, every failure kept, all
//! sent in one 422 as pydantic sends a model's errors.

use std::fmt;
use std::ops::{Bound, RangeBounds};

use serde::Serialize;
use serde_json::Value;

use crate::error::FalError;
use crate::loc::LocItem;
use crate::located::Located;
use crate::model_error::ModelError;
use crate::pydantic_error::{PydanticError, Shape};
use crate::response::ErrorResponse;
use crate::values::Number;

/// Collects the violations of one request, in the order they are checked, and answers
/// with all of them at once.
///
/// Each check names the field, takes the value (echoed as `input`) and the rule, and
/// records the built-in fal error when the value breaks it: [`range`](Self::range) the
/// four bound types, [`length`](Self::length) and [`chars`](Self::chars) the sequence
/// types, [`one_of`](Self::one_of) `one_of`. [`push`](Self::push) adds any placed error of
/// the collector's error type `E` (a derived enum that embeds [`ModelError`], or
/// `ModelError` itself).
///
/// ```
/// use fal_error::Violations;
///
/// let (steps, scale, prompt) = (80, 3, "");
/// let mut violations = Violations::<fal_error::ModelError>::new();
/// violations
///     .range("num_inference_steps", steps, 1..=50)
///     .one_of("scale", scale, &[2, 4])
///     .chars("prompt", prompt, 1..);
/// let response = violations.finish().unwrap_err();
/// assert_eq!(response.status(), 422);
/// assert_eq!(
///     response.body(),
///     concat!(
///         r#"{"detail":["#,
///         r#"{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80},"#,
///         r#"{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":3},"#,
///         r#"{"loc":["body","prompt"],"msg":"Sequence should have at least 1 items","type":"sequence_too_short","url":"https://docs.fal.ai/errors/#sequence_too_short","ctx":{"min_length":1},"input":""}"#,
///         r#"]}"#,
///     ),
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Violations<E = ModelError> {
    errors: Vec<Located<E>>,
    pydantic: Option<PydanticNames<E>>,
}

impl<E> Default for Violations<E> {
    fn default() -> Self {
        Violations {
            errors: Vec::new(),
            pydantic: None,
        }
    }
}

/// How a collector that sends pydantic's names makes its error type from one.
struct PydanticNames<E>(fn(PydanticError) -> E);

impl<E> Clone for PydanticNames<E> {
    fn clone(&self) -> Self {
        PydanticNames(self.0)
    }
}

impl<E> fmt::Debug for PydanticNames<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PydanticNames")
    }
}

/// There is one conversion per error type, so two collectors that both have one agree.
impl<E> PartialEq for PydanticNames<E> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<E: FalError + From<ModelError> + From<PydanticError>> Violations<E> {
    /// A collector that records pydantic's own types where fal's spec renamed them
    /// ([`PydanticError`]): `too_short` / `too_long` from [`length`](Self::length),
    /// `string_too_short` / `string_too_long` from [`chars`](Self::chars),
    /// `literal_error` from [`one_of`](Self::one_of). `E` embeds both built-in enums.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, PydanticError, Violations};
    ///
    /// #[derive(Debug, FalError)]
    /// enum InputError {
    ///     #[fal(transparent)]
    ///     Model(ModelError),
    ///     #[fal(transparent)]
    ///     Pydantic(PydanticError),
    /// }
    /// impl From<ModelError> for InputError {
    ///     fn from(error: ModelError) -> Self {
    ///         InputError::Model(error)
    ///     }
    /// }
    /// impl From<PydanticError> for InputError {
    ///     fn from(error: PydanticError) -> Self {
    ///         InputError::Pydantic(error)
    ///     }
    /// }
    ///
    /// let mut violations = Violations::<InputError>::pydantic_names();
    /// violations.chars("prompt", "", 1..).length("loras", &["a", "b", "c"], ..=2).one_of("scale", 3, &[2, 4]);
    /// assert_eq!(
    ///     violations.finish().unwrap_err().body(),
    ///     concat!(
    ///         r#"{"detail":["#,
    ///         r#"{"loc":["body","prompt"],"msg":"String should have at least 1 character","type":"string_too_short","url":"https://docs.fal.ai/errors/#string_too_short","ctx":{"min_length":1},"input":""},"#,
    ///         r#"{"loc":["body","loras"],"msg":"List should have at most 2 items after validation, not 3","type":"too_long","url":"https://docs.fal.ai/errors/#too_long","ctx":{"field_type":"List","max_length":2,"actual_length":3},"input":["a","b","c"]},"#,
    ///         r#"{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"literal_error","url":"https://docs.fal.ai/errors/#literal_error","ctx":{"expected":"2 or 4"},"input":3}"#,
    ///         r#"]}"#,
    ///     ),
    /// );
    /// ```
    pub fn pydantic_names() -> Self {
        Violations {
            errors: Vec::new(),
            pydantic: Some(PydanticNames(E::from)),
        }
    }
}

impl<E: FalError + From<ModelError>> Violations<E> {
    /// `value` must lie within `bounds` (`1..=50`, `0.0..1.0`, `1..`, or a pair of
    /// [`Bound`]s for an exclusive minimum): `greater_than_equal` / `greater_than` below
    /// it, `less_than_equal` / `less_than` above it.
    ///
    /// ```
    /// use std::ops::Bound;
    /// use fal_error::{FalError, Violations};
    ///
    /// let mut violations = Violations::<fal_error::ModelError>::new();
    /// violations.range("strength", 0.0, (Bound::Excluded(0.0), Bound::Included(1.0)));
    /// let errors = violations.into_errors();
    /// assert_eq!(errors[0].msg(), "Input should be greater than 0");
    /// ```
    pub fn range<T>(
        &mut self,
        field: impl Into<LocItem>,
        value: T,
        bounds: impl RangeBounds<T>,
    ) -> &mut Self
    where
        T: PartialOrd + Copy + Into<Number> + Serialize,
    {
        let error = match bounds.start_bound() {
            Bound::Included(&min) if value < min => {
                Some(ModelError::GreaterThanEqual { ge: min.into() })
            }
            Bound::Excluded(&min) if value <= min => {
                Some(ModelError::GreaterThan { gt: min.into() })
            }
            _ => None,
        };
        let error = error.or_else(|| match bounds.end_bound() {
            Bound::Included(&max) if value > max => {
                Some(ModelError::LessThanEqual { le: max.into() })
            }
            Bound::Excluded(&max) if value >= max => Some(ModelError::LessThan { lt: max.into() }),
            _ => None,
        });
        self.record(field, error, Shape::Other, &value)
    }

    /// A list's number of items must lie within `bounds`: `sequence_too_short` /
    /// `sequence_too_long`, the whole list echoed (within the echo limits).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, Violations};
    ///
    /// let loras = ["pixel-art", "anime", "sketch"];
    /// let mut violations = Violations::<ModelError>::new();
    /// violations.length("loras", &loras, ..=2);
    /// let errors = violations.into_errors();
    /// assert_eq!(errors[0].error_type(), "sequence_too_long");
    /// assert_eq!(errors[0].msg(), "Sequence should have at most 2 items");
    /// assert_eq!(errors[0].input_value(), Some(serde_json::json!(["pixel-art", "anime", "sketch"])));
    /// ```
    pub fn length<T: Serialize>(
        &mut self,
        field: impl Into<LocItem>,
        items: &[T],
        bounds: impl RangeBounds<usize>,
    ) -> &mut Self {
        let error = length_error(items.len(), bounds);
        let shape = Shape::List(u64::try_from(items.len()).unwrap_or(u64::MAX));
        self.record(field, error, shape, &items)
    }

    /// A string's length in characters (Unicode scalar values, as Python's `len`) must
    /// lie within `bounds`: `sequence_too_short` / `sequence_too_long`.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, Violations};
    ///
    /// let mut violations = Violations::<ModelError>::new();
    /// violations.chars("negative_prompt", "é".repeat(5).as_str(), ..=4);
    /// let errors = violations.into_errors();
    /// assert_eq!(errors[0].ctx().unwrap()["max_length"], 4, "five characters, ten bytes");
    /// assert!(Violations::<ModelError>::new().chars("prompt", "éééé", ..=4).is_empty());
    /// ```
    pub fn chars(
        &mut self,
        field: impl Into<LocItem>,
        text: &str,
        bounds: impl RangeBounds<usize>,
    ) -> &mut Self {
        let error = length_error(text.chars().count(), bounds);
        self.record(field, error, Shape::Text, &text)
    }

    /// `value` must be one of `allowed`: `one_of` with the allowed values as
    /// `ctx.expected`.
    ///
    /// ```
    /// use fal_error::{ModelError, Violations};
    ///
    /// let mut violations = Violations::<ModelError>::new();
    /// violations.one_of("scheduler", "ddim", &["euler", "dpm"]).one_of("scale", 2, &[2, 4]);
    /// assert_eq!(
    ///     violations.finish().unwrap_err().body(),
    ///     r#"{"detail":[{"loc":["body","scheduler"],"msg":"Input should be 'euler' or 'dpm'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["euler","dpm"]},"input":"ddim"}]}"#,
    /// );
    /// ```
    pub fn one_of<T>(&mut self, field: impl Into<LocItem>, value: T, allowed: &[T]) -> &mut Self
    where
        T: PartialEq + Clone + Into<Value> + Serialize,
    {
        let error = (!allowed.contains(&value)).then(|| ModelError::OneOf {
            expected: allowed.iter().cloned().collect(),
        });
        self.record(field, error, Shape::Other, &value)
    }

    fn record<T: Serialize + ?Sized>(
        &mut self,
        field: impl Into<LocItem>,
        error: Option<ModelError>,
        shape: Shape,
        input: &T,
    ) -> &mut Self {
        if let Some(error) = error {
            let renamed = self
                .pydantic
                .as_ref()
                .and_then(|PydanticNames(from)| PydanticError::renaming(&error, shape).map(*from));
            let error = renamed.unwrap_or_else(|| E::from(error));
            let error = Located::new(error).at(field).with_input(input);
            self.errors.push(error);
        }
        self
    }
}

impl<E: FalError> Violations<E> {
    /// No violation yet.
    ///
    /// ```
    /// use fal_error::{ModelError, Violations};
    ///
    /// let violations = Violations::<ModelError>::new();
    /// assert!(violations.is_empty());
    /// assert_eq!(violations.finish(), Ok(()));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds any placed error (`error.at("field").with_input(value)`).
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, Violations};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(type = "lora_not_found", msg = "LoRA {name} was not found")]
    ///     LoraNotFound { #[fal(ctx)] name: String },
    ///     #[fal(transparent)]
    ///     Model(ModelError),
    /// }
    ///
    /// impl From<ModelError> for UpscaleError {
    ///     fn from(error: ModelError) -> Self {
    ///         UpscaleError::Model(error)
    ///     }
    /// }
    ///
    /// let mut violations = Violations::<UpscaleError>::new();
    /// violations
    ///     .range("scale", 3, 2..=4)
    ///     .push(UpscaleError::LoraNotFound { name: "anime".into() }.at("loras").with_input("anime"));
    /// assert_eq!(
    ///     violations.finish().unwrap_err().body(),
    ///     r#"{"detail":[{"loc":["body","loras"],"msg":"LoRA anime was not found","type":"lora_not_found","url":"https://docs.fal.ai/errors/#lora_not_found","ctx":{"name":"anime"},"input":"anime"}]}"#,
    /// );
    /// ```
    pub fn push(&mut self, error: impl Into<Located<E>>) -> &mut Self {
        self.errors.push(error.into());
        self
    }

    /// Whether nothing was violated.
    ///
    /// ```
    /// use fal_error::{ModelError, Violations};
    ///
    /// let mut violations = Violations::<ModelError>::new();
    /// violations.range("num_images", 2, 1..=4);
    /// assert!(violations.is_empty());
    /// violations.range("num_images", 5, 1..=4);
    /// assert!(!violations.is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The violations, in the order they were found.
    ///
    /// ```
    /// use fal_error::{FalError, ModelError, Violations};
    ///
    /// let mut violations = Violations::<ModelError>::new();
    /// violations.range("width", 4096, 64..=2048).range("height", 32, 64..=2048);
    /// let fields: Vec<String> = violations.into_errors().iter().map(|error| error.loc().to_string()).collect();
    /// assert_eq!(fields, ["body.width", "body.height"]);
    /// ```
    pub fn into_errors(self) -> Vec<Located<E>> {
        self.errors
    }

    /// `Ok(())` when nothing was violated, otherwise one 422 response with every
    /// violation, ready for `?` in a handler returning `Result<_, ErrorResponse>`.
    ///
    /// ```
    /// use fal_error::{ErrorResponse, ModelError, Violations};
    ///
    /// fn check(steps: u32) -> Result<u32, ErrorResponse> {
    ///     let mut violations = Violations::<ModelError>::new();
    ///     violations.range("num_inference_steps", steps, 1..=50);
    ///     violations.finish()?;
    ///     Ok(steps)
    /// }
    ///
    /// assert_eq!(check(20), Ok(20));
    /// let response = check(0).unwrap_err();
    /// assert_eq!(response.status(), 422);
    /// assert_eq!(response.headers()["x-fal-retryable"], "false");
    /// assert_eq!(
    ///     response.body(),
    ///     r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0}]}"#,
    /// );
    /// ```
    pub fn finish(self) -> Result<(), ErrorResponse> {
        match ErrorResponse::from_errors(self.errors) {
            None => Ok(()),
            Some(response) => Err(response),
        }
    }
}

fn length_error(length: usize, bounds: impl RangeBounds<usize>) -> Option<ModelError> {
    let min = match bounds.start_bound() {
        Bound::Included(&min) => Some(min),
        Bound::Excluded(&min) => Some(min.saturating_add(1)),
        Bound::Unbounded => None,
    };
    let max = match bounds.end_bound() {
        Bound::Included(&max) => Some(max),
        Bound::Excluded(&max) => Some(max.saturating_sub(1)),
        Bound::Unbounded => None,
    };
    let wide = |count: usize| u64::try_from(count).unwrap_or(u64::MAX);
    match (min, max) {
        (Some(min), _) if length < min => Some(ModelError::SequenceTooShort {
            min_length: wide(min),
        }),
        (_, Some(max)) if length > max => Some(ModelError::SequenceTooLong {
            max_length: wide(max),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types(violations: Violations) -> Vec<String> {
        violations
            .into_errors()
            .iter()
            .map(|error| format!("{} {}", error.error_type(), error.msg()))
            .collect()
    }

    #[test]
    fn each_bound_has_its_type() {
        let mut violations = Violations::new();
        violations
            .range("a", 0, 1..=5)
            .range("b", 6, 1..=5)
            .range("c", 5, 1..5)
            .range("d", 0.0, (Bound::Excluded(0.0), Bound::Unbounded))
            .range("e", 3, 1..=5)
            .length("f", &[1, 2, 3], ..3)
            .length("g", &[1], 2..=4)
            .chars("h", "héé", 1..=2)
            .chars("i", "héé", 3..=3)
            .one_of("j", "c", &["a", "b"]);
        assert_eq!(
            types(violations),
            [
                "greater_than_equal Input should be greater than or equal to 1",
                "less_than_equal Input should be less than or equal to 5",
                "less_than Input should be less than 5",
                "greater_than Input should be greater than 0",
                "sequence_too_long Sequence should have at most 2 items",
                "sequence_too_short Sequence should have at least 2 items",
                "sequence_too_long Sequence should have at most 2 items",
                "one_of Input should be 'a' or 'b'",
            ]
        );
    }

    #[test]
    fn nothing_violated_finishes_ok() {
        let mut violations = Violations::<ModelError>::new();
        violations.range("a", 3, 1..=5).one_of("b", 2, &[2, 4]);
        assert!(violations.is_empty());
        assert_eq!(violations.finish(), Ok(()));
    }
}
