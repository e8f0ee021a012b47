//! `garde`'s `Report` as fal's detail items (feature `garde`). garde's errors carry a
//! message and nothing else (no rule code, no bound, no value), so every error is a
//! `value_error` whose `ctx.error` is garde's message, at garde's path
//! (`["body", "loras", 1, "scale"]`), in the report's order, without `input`. For
//! pydantic's range and length types, validate with the schema path
//! ([`json::from_body_validated`](crate::json::from_body_validated)) or the `validator`
//! feature instead.

use ::garde::error::Kind;
use ::garde::{Report, Validate};

use crate::error::FalError;
use crate::integrations::json::JsonError;
use crate::loc::{Loc, LocItem};
use crate::located::Located;
use crate::response::ErrorResponse;

/// Longest text kept from a rule's message, in bytes.
const MAX_MESSAGE_BYTES: usize = 512;

/// Validates `input` and answers with every failed rule at once, ready for `?` in a
/// handler returning `Result<_, ErrorResponse>`. The items keep the report's order
/// (garde's, not always the fields' order).
///
/// ```
/// use ::garde::Validate;
///
/// #[derive(Validate)]
/// struct Input {
///     #[garde(length(min = 1))]
///     prompt: String,
///     #[garde(range(min = 1, max = 50))]
///     num_inference_steps: u32,
/// }
///
/// let input = Input { prompt: String::new(), num_inference_steps: 80 };
/// let refused = fal_error::garde::validate(&input).unwrap_err();
/// assert_eq!(refused.status(), 422);
/// assert_eq!(
///     refused.body(),
///     concat!(
///         r#"{"detail":["#,
///         r#"{"loc":["body","num_inference_steps"],"msg":"Value error, greater than 50","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"greater than 50"}},"#,
///         r#"{"loc":["body","prompt"],"msg":"Value error, length is lower than 1","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"length is lower than 1"}}"#,
///         r#"]}"#,
///     ),
/// );
/// ```
pub fn validate<T>(input: &T) -> Result<(), ErrorResponse>
where
    T: Validate + ?Sized,
    T::Context: Default,
{
    match input.validate() {
        Ok(()) => Ok(()),
        Err(report) => match ErrorResponse::from_errors(errors(&report)) {
            Some(response) => Err(response),
            None => Ok(()),
        },
    }
}

/// The detail items of `report`, one `value_error` per error, in the report's order.
///
/// ```
/// use ::garde::Validate;
/// use fal_error::FalError;
///
/// #[derive(Validate)]
/// struct Input {
///     #[garde(dive)]
///     loras: Vec<Lora>,
/// }
///
/// #[derive(Validate)]
/// struct Lora {
///     #[garde(range(min = 0.0, max = 4.0))]
///     scale: f64,
/// }
///
/// let input = Input { loras: vec![Lora { scale: 1.0 }, Lora { scale: 9.0 }] };
/// let errors = fal_error::garde::errors(&input.validate().unwrap_err());
/// assert_eq!(errors.len(), 1);
/// assert_eq!(errors[0].loc().to_string(), "body.loras.1.scale");
/// assert_eq!(errors[0].error_type(), "value_error");
/// ```
pub fn errors(report: &Report) -> Vec<Located<JsonError>> {
    report
        .iter()
        .map(|(path, error)| {
            let error = JsonError::ValueError {
                error: crate::echo::cut(error.message(), MAX_MESSAGE_BYTES).into_owned(),
            };
            // `Path::__iter` is the only structured view of a path (its `Display` joins
            // keys with `.`, which a key may contain); it yields the leaf first.
            let mut loc = Loc::body();
            for (kind, component) in path.__iter().rev() {
                loc = match kind {
                    Kind::Index => match component.parse::<u64>() {
                        Ok(index) => loc.index(index),
                        Err(_) => loc.key(LocItem::from(component.to_string())),
                    },
                    Kind::Key => loc.key(LocItem::from(component.to_string())),
                    Kind::None => loc,
                };
            }
            error.at_loc(loc)
        })
        .collect()
}
