//! Value types of built-in ctx fields whose message text differs from their JSON:
//! `one_of`'s allowed values and the lists of file extensions.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::pyfmt::py_repr_alternatives;

/// The allowed values of a `one_of` error: a JSON list in `ctx`, Python reprs joined
/// with "or" in the message, as pydantic writes them.
///
/// ```
/// use fal_error::Choices;
///
/// let choices = Choices::from(["EulerA", "DPM++"]);
/// assert_eq!(choices.to_string(), "'EulerA' or 'DPM++'");
/// assert_eq!(serde_json::to_string(&choices).unwrap(), r#"["EulerA","DPM++"]"#);
/// assert_eq!(Choices::from([2, 4]).to_string(), "2 or 4");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Choices(pub Vec<Value>);

impl fmt::Display for Choices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&py_repr_alternatives(&self.0))
    }
}

impl<T: Into<Value>> FromIterator<T> for Choices {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Choices(iter.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Value>> From<Vec<T>> for Choices {
    fn from(values: Vec<T>) -> Self {
        values.into_iter().collect()
    }
}

impl<T: Into<Value>, const N: usize> From<[T; N]> for Choices {
    fn from(values: [T; N]) -> Self {
        values.into_iter().collect()
    }
}

/// A list of file extensions (`.zip`, `.tar.gz`): a JSON list in `ctx`, joined with
/// commas in the message.
///
/// ```
/// use fal_error::Extensions;
///
/// let formats = Extensions::from([".mp3", ".wav", ".ogg"]);
/// assert_eq!(formats.to_string(), ".mp3, .wav, .ogg");
/// assert_eq!(serde_json::to_string(&formats).unwrap(), r#"[".mp3",".wav",".ogg"]"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extensions(pub Vec<String>);

impl fmt::Display for Extensions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(", "))
    }
}

impl<T: Into<String>> FromIterator<T> for Extensions {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Extensions(iter.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<String>> From<Vec<T>> for Extensions {
    fn from(extensions: Vec<T>) -> Self {
        extensions.into_iter().collect()
    }
}

impl<T: Into<String>, const N: usize> From<[T; N]> for Extensions {
    fn from(extensions: [T; N]) -> Self {
        extensions.into_iter().collect()
    }
}
