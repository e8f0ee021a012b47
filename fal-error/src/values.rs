//! Value types of built-in ctx fields whose message text differs from their JSON:
//! numeric bounds, `one_of`'s allowed values and the lists of file extensions.

use std::fmt::{self, Display};

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

use crate::pyfmt::{non_finite_name, py_repr_alternatives};

/// A numeric bound as a caller gives it: an integer stays an integer, a float stays a float.
///
/// `Display` writes integers in decimal and floats with Rust's `f64` display,
/// which never uses exponent notation; non-finite floats are written
/// `nan`, `inf` and `-inf`.
///
/// # Example
///
/// ```
/// use fal_error::Number;
///
/// assert_eq!(Number::from(3).to_string(), "3");
/// assert_eq!(Number::from(1.0).to_string(), "1");
/// assert_eq!(Number::from(2.5).to_string(), "2.5");
/// assert_eq!(Number::from(f64::INFINITY).to_string(), "inf");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A signed integer, or an unsigned one that fits in `i64`.
    Int(i64),
    /// An unsigned integer above `i64::MAX`.
    UInt(u64),
    /// A floating-point number.
    Float(f64),
}

macro_rules! from_signed {
    ($($ty:ty)*) => {$(
        impl From<$ty> for Number {
            fn from(n: $ty) -> Self {
                Number::Int(i64::from(n))
            }
        }
    )*};
}

from_signed!(i8 i16 i32 i64 u8 u16 u32);

impl From<isize> for Number {
    fn from(n: isize) -> Self {
        Number::Int(n as i64)
    }
}

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        i64::try_from(n).map_or(Number::UInt(n), Number::Int)
    }
}

impl From<usize> for Number {
    fn from(n: usize) -> Self {
        Number::from(n as u64)
    }
}

impl From<f32> for Number {
    fn from(n: f32) -> Self {
        Number::Float(f64::from(n))
    }
}

impl From<f64> for Number {
    fn from(n: f64) -> Self {
        Number::Float(n)
    }
}

fn parse_non_finite(name: &str) -> Option<f64> {
    match name {
        "nan" => Some(f64::NAN),
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

impl Display for Number {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        match *self {
            Number::Int(n) => Display::fmt(&n, formatter),
            Number::UInt(n) => Display::fmt(&n, formatter),
            Number::Float(n) if n.is_finite() => Display::fmt(&n, formatter),
            Number::Float(n) => formatter.pad(non_finite_name(n)),
        }
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Number::Int(n) => serializer.serialize_i64(n),
            Number::UInt(n) => serializer.serialize_u64(n),
            Number::Float(n) if n.is_finite() => serializer.serialize_f64(n),
            Number::Float(n) => serializer.serialize_str(non_finite_name(n)),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NumberVisitor)
    }
}

struct NumberVisitor;

impl Visitor<'_> for NumberVisitor {
    type Value = Number;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a number")
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Number, E> {
        Ok(Number::Int(n))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Number, E> {
        Ok(Number::from(n))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Number, E> {
        Ok(Number::Float(n))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Number, E> {
        parse_non_finite(s)
            .map(Number::Float)
            .ok_or_else(|| E::invalid_value(de::Unexpected::Str(s), &self))
    }
}

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
#[derive(Clone, Debug, Default, PartialEq)]
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
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extensions(pub Vec<String>);

/// `Serialize` and `Deserialize` as the list a newtype holds.
macro_rules! serde_as_list {
    ($($newtype:ident),*) => {$(
        impl Serialize for $newtype {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.0.serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for $newtype {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Vec::deserialize(deserializer).map($newtype)
            }
        }
    )*};
}
serde_as_list!(Choices, Extensions);

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

#[cfg(test)]
mod tests {
    use super::Number;

    #[test]
    fn number_from_integers() {
        assert_eq!(Number::from(-3i8), Number::Int(-3));
        assert_eq!(Number::from(7u8), Number::Int(7));
        assert_eq!(Number::from(i16::MIN), Number::Int(-32768));
        assert_eq!(Number::from(u32::MAX), Number::Int(4_294_967_295));
        assert_eq!(Number::from(i64::MIN), Number::Int(i64::MIN));
        assert_eq!(Number::from(-1isize), Number::Int(-1));
        assert_eq!(Number::from(5usize), Number::Int(5));
        assert_eq!(Number::from(i64::MAX as u64), Number::Int(i64::MAX));
        assert_eq!(Number::from(u64::MAX), Number::UInt(u64::MAX));
        assert_eq!(Number::from(usize::MAX), Number::UInt(usize::MAX as u64));
    }

    #[test]
    fn number_from_floats() {
        assert_eq!(Number::from(2.5f64), Number::Float(2.5));
        assert_eq!(Number::from(0.1f32), Number::Float(f64::from(0.1f32)));
    }

    #[test]
    fn number_display() {
        let shown: Vec<String> = [
            Number::Int(-42),
            Number::UInt(u64::MAX),
            Number::Float(1.0),
            Number::Float(2.5),
            Number::Float(1e20),
            Number::Float(1e-7),
            Number::Float(-0.5),
            Number::Float(f64::NAN),
            Number::Float(f64::INFINITY),
            Number::Float(f64::NEG_INFINITY),
        ]
        .iter()
        .map(Number::to_string)
        .collect();
        assert_eq!(
            shown,
            [
                "-42",
                "18446744073709551615",
                "1",
                "2.5",
                "100000000000000000000",
                "0.0000001",
                "-0.5",
                "nan",
                "inf",
                "-inf",
            ],
        );
    }

    #[test]
    fn number_display_honours_width() {
        let shown = format!(
            "[{:>4}|{:<4}|{:>5}]",
            Number::Int(7),
            Number::Float(2.5),
            Number::Float(f64::INFINITY),
        );
        assert_eq!(shown, "[   7|2.5 |  inf]");
    }

    #[test]
    fn number_serialize() {
        let numbers = [
            Number::Int(-1),
            Number::UInt(u64::MAX),
            Number::Float(1.0),
            Number::Float(2.5),
            Number::Float(f64::NAN),
            Number::Float(f64::INFINITY),
            Number::Float(f64::NEG_INFINITY),
        ];
        assert_eq!(
            serde_json::to_string(&numbers).unwrap(),
            r#"[-1,18446744073709551615,1.0,2.5,"nan","inf","-inf"]"#,
        );
    }

    #[test]
    fn number_deserialize() {
        let numbers: Vec<Number> =
            serde_json::from_str(r#"[3, -3, 18446744073709551615, 1.0, 2.5e-3, "inf"]"#).unwrap();
        assert_eq!(
            numbers,
            [
                Number::Int(3),
                Number::Int(-3),
                Number::UInt(u64::MAX),
                Number::Float(1.0),
                Number::Float(0.0025),
                Number::Float(f64::INFINITY),
            ],
        );
    }

    #[test]
    fn number_deserialize_rejects_non_numbers() {
        let errors: Vec<String> = ["\"3\"", "true", "null", "[1]"]
            .iter()
            .map(|json| match serde_json::from_str::<Number>(json) {
                Ok(number) => format!("accepted {number}"),
                Err(error) => error.to_string(),
            })
            .collect();
        assert_eq!(
            errors,
            [
                "invalid value: string \"3\", expected a number at line 1 column 3",
                "invalid type: boolean `true`, expected a number at line 1 column 4",
                "invalid type: null, expected a number at line 1 column 4",
                "invalid type: sequence, expected a number at line 1 column 1",
            ],
        );
    }

    #[test]
    fn number_deserialize_nan_round_trips() {
        let json = serde_json::to_string(&Number::Float(f64::NAN)).unwrap();
        let number: Number = serde_json::from_str(&json).unwrap();
        assert_eq!(number.to_string(), "nan");
    }
}
