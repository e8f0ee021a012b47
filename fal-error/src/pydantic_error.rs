//! `PydanticError`: pydantic's own names for the errors that fal's spec renamed, sent by
//! servers that must answer byte for byte as a FastAPI twin does.

use std::fmt;

use crate::FalError;
use crate::model_error::ModelError;

/// The types pydantic sends where fal's spec has its own name: `too_short` / `too_long`
/// for lists and `string_too_short` / `string_too_long` for strings (fal:
/// `sequence_too_short` / `sequence_too_long`), `literal_error` (fal: `one_of`).
///
/// They are produced instead of the spec's types when asked for:
/// [`JsonConfig::pydantic_names`](crate::json::JsonConfig::pydantic_names) for the JSON
/// extractors and [`Violations::pydantic_names`](crate::Violations::pydantic_names) for
/// checks after deserializing. Messages and `ctx` are pydantic's, `ctx.expected` of
/// `literal_error` included (one string, not a list).
///
/// ```
/// use fal_error::{FalError, PydanticError};
///
/// let error = PydanticError::too_short(1, 0).at("loras").with_input(Vec::<String>::new());
/// assert_eq!(
///     error.to_response().body(),
///     r#"{"detail":[{"loc":["body","loras"],"msg":"List should have at least 1 item after validation, not 0","type":"too_short","url":"https://docs.fal.ai/errors/#too_short","ctx":{"field_type":"List","min_length":1,"actual_length":0},"input":[]}]}"#,
/// );
/// assert_eq!(PydanticError::StringTooShort { min_length: 1 }.msg(), "String should have at least 1 character");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, FalError)]
#[non_exhaustive]
pub enum PydanticError {
    /// A list has fewer items than its minimum.
    #[fal(display)]
    TooShort {
        /// `List`.
        #[fal(ctx)]
        field_type: &'static str,
        /// The minimum number of items.
        #[fal(ctx)]
        min_length: u64,
        /// The number of items sent.
        #[fal(ctx)]
        actual_length: u64,
    },
    /// A list has more items than its maximum.
    #[fal(display)]
    TooLong {
        /// `List`.
        #[fal(ctx)]
        field_type: &'static str,
        /// The maximum number of items.
        #[fal(ctx)]
        max_length: u64,
        /// The number of items sent.
        #[fal(ctx)]
        actual_length: u64,
    },
    /// A string has fewer characters than its minimum.
    #[fal(display)]
    StringTooShort {
        /// The minimum number of characters.
        #[fal(ctx)]
        min_length: u64,
    },
    /// A string has more characters than its maximum.
    #[fal(display)]
    StringTooLong {
        /// The maximum number of characters.
        #[fal(ctx)]
        max_length: u64,
    },
    /// A value is none of the allowed ones.
    #[fal(msg = "Input should be {expected}")]
    LiteralError {
        /// The allowed values as pydantic prints them: `'a' or 'b'`.
        #[fal(ctx)]
        expected: String,
    },
}

impl PydanticError {
    /// `too_short` for a list of `actual_length` items.
    ///
    /// ```
    /// use fal_error::{FalError, PydanticError};
    ///
    /// assert_eq!(PydanticError::too_short(2, 1).msg(), "List should have at least 2 items after validation, not 1");
    /// ```
    pub fn too_short(min_length: u64, actual_length: u64) -> Self {
        PydanticError::TooShort {
            field_type: "List",
            min_length,
            actual_length,
        }
    }

    /// `too_long` for a list of `actual_length` items.
    ///
    /// ```
    /// use fal_error::{FalError, PydanticError};
    ///
    /// assert_eq!(PydanticError::too_long(2, 3).msg(), "List should have at most 2 items after validation, not 3");
    /// ```
    pub fn too_long(max_length: u64, actual_length: u64) -> Self {
        PydanticError::TooLong {
            field_type: "List",
            max_length,
            actual_length,
        }
    }

    /// pydantic's name for one of fal's renamed errors, given what was refused: a string
    /// (its length in characters is not needed) or a list of `items` items. `None` for
    /// every other error, which keeps its name.
    pub(crate) fn renaming(error: &ModelError, shape: Shape) -> Option<Self> {
        Some(match (error, shape) {
            (ModelError::SequenceTooShort { min_length }, Shape::Text) => {
                PydanticError::StringTooShort {
                    min_length: *min_length,
                }
            }
            (ModelError::SequenceTooLong { max_length }, Shape::Text) => {
                PydanticError::StringTooLong {
                    max_length: *max_length,
                }
            }
            (ModelError::SequenceTooShort { min_length }, Shape::List(items)) => {
                Self::too_short(*min_length, items)
            }
            (ModelError::SequenceTooLong { max_length }, Shape::List(items)) => {
                Self::too_long(*max_length, items)
            }
            (ModelError::OneOf { expected }, _) => PydanticError::LiteralError {
                expected: expected.to_string(),
            },
            _ => return None,
        })
    }
}

/// What a renamed error refused, as far as its name and ctx depend on it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Shape {
    Text,
    List(u64),
    Other,
}

impl fmt::Display for PydanticError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |count: u64| if count == 1 { "" } else { "s" };
        match self {
            PydanticError::TooShort {
                field_type,
                min_length,
                actual_length,
            } => write!(
                f,
                "{field_type} should have at least {min_length} item{} after validation, not {actual_length}",
                plural(*min_length)
            ),
            PydanticError::TooLong {
                field_type,
                max_length,
                actual_length,
            } => write!(
                f,
                "{field_type} should have at most {max_length} item{} after validation, not {actual_length}",
                plural(*max_length)
            ),
            PydanticError::StringTooShort { min_length } => write!(
                f,
                "String should have at least {min_length} character{}",
                plural(*min_length)
            ),
            PydanticError::StringTooLong { max_length } => write!(
                f,
                "String should have at most {max_length} character{}",
                plural(*max_length)
            ),
            PydanticError::LiteralError { expected } => write!(f, "Input should be {expected}"),
        }
    }
}

impl std::error::Error for PydanticError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Choices;

    #[test]
    fn renames_by_shape() {
        let short = ModelError::SequenceTooShort { min_length: 2 };
        let long = ModelError::SequenceTooLong { max_length: 1 };
        let renamed = [
            PydanticError::renaming(&short, Shape::Text),
            PydanticError::renaming(&long, Shape::Text),
            PydanticError::renaming(&short, Shape::List(1)),
            PydanticError::renaming(&long, Shape::List(3)),
        ];
        let messages: Vec<String> = renamed.iter().flatten().map(|e| e.msg().into()).collect();
        assert_eq!(
            messages,
            [
                "String should have at least 2 characters",
                "String should have at most 1 character",
                "List should have at least 2 items after validation, not 1",
                "List should have at most 1 item after validation, not 3",
            ]
        );
        let one_of = ModelError::OneOf {
            expected: Choices::from(["a", "b"]),
        };
        assert_eq!(
            PydanticError::renaming(&one_of, Shape::Other),
            Some(PydanticError::LiteralError {
                expected: "'a' or 'b'".into()
            })
        );
        let other = ModelError::GreaterThan { gt: 1.into() };
        assert_eq!(PydanticError::renaming(&other, Shape::Other), None);
    }
}
