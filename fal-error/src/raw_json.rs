//! One JSON value kept as its text: the `ctx` and `input` of a detail item, read once and
//! copied rather than built into a tree, and written back as they are.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::raw::Raw;
use crate::received::scan::Scanner;

/// One JSON value as compact text, as serde_json's `RawValue` holds one: what a fal
/// server sent as a detail item's `ctx` or `input`, or what code put there. Reading a
/// response copies these values once instead of building a tree of them.
///
/// A received value is kept as written when it is compact; whitespace between tokens is
/// dropped, and where a browser's `JSON.parse` is lenient, so is the reader: a lone
/// surrogate escape reads as `U+FFFD` and a number beyond `f64` as a string of its text,
/// so that the text is always JSON serde_json reads. Numbers stay as they were written,
/// and [`RawJson::to_value`] reads them exactly (integers to `u64::MAX` and `i64::MIN`,
/// floats bit for bit). Serializing writes the text unchanged.
///
/// Equality compares the text: `{"a":1,"b":2}` and `{"b":2,"a":1}` differ; compare
/// [`RawJson::to_value`]s to compare them as JSON.
///
/// ```
/// use fal_error::RawJson;
/// use serde_json::json;
///
/// let raw = RawJson::from_json(r#"{"seed": 18446744073709551615, "w": 1e400}"#).unwrap();
/// assert_eq!(raw.get(), r#"{"seed":18446744073709551615,"w":"1e400"}"#);
/// assert_eq!(raw.to_value(), json!({"seed": u64::MAX, "w": "1e400"}));
/// assert_eq!(serde_json::to_string(&[&raw]).unwrap(), format!("[{raw}]"));
/// assert_eq!(RawJson::from(json!([1, 2.5])).get(), "[1,2.5]");
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RawJson(Box<str>);

impl RawJson {
    /// Text that the crate's reader checked or rewrote, or that serde_json wrote.
    pub(crate) fn checked(text: Box<str>) -> RawJson {
        RawJson(text)
    }

    /// Reads one JSON value from `text` (whitespace around it allowed), as a received
    /// `input` is read.
    ///
    /// ```
    /// use fal_error::RawJson;
    ///
    /// assert_eq!(RawJson::from_json(" [1, \"\\ud800\"] ").unwrap().get(), "[1,\"\u{FFFD}\"]");
    /// assert!(RawJson::from_json("[1,]").is_err());
    /// assert!(RawJson::from_json("1 2").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<RawJson, serde_json::Error> {
        let mut scanner = Scanner::new(text);
        let raw = scanner.raw().and_then(|raw| scanner.end().map(|()| raw));
        raw.map_err(
            |_| match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Err(error) => error,
                Ok(_) => serde::de::Error::custom("JSON nested too deeply"),
            },
        )
    }

    /// The text.
    ///
    /// ```
    /// use fal_error::RawJson;
    ///
    /// assert_eq!(RawJson::from(serde_json::json!({"lt": 1.5})).get(), r#"{"lt":1.5}"#);
    /// ```
    pub fn get(&self) -> &str {
        &self.0
    }

    /// The value as a `serde_json::Value`, numbers exact (serde_json's own reader can
    /// move a float by one unit in the last place).
    ///
    /// ```
    /// use fal_error::RawJson;
    ///
    /// let raw = RawJson::from_json("[0.1, -0, 9007199254740993]").unwrap();
    /// assert_eq!(raw.to_value(), serde_json::json!([0.1, -0.0, 9007199254740993_u64]));
    /// ```
    pub fn to_value(&self) -> Value {
        Scanner::new(&self.0).value().unwrap_or(Value::Null)
    }

    /// The value read into `T`, numbers exact as for [`RawJson::to_value`].
    ///
    /// ```
    /// use fal_error::RawJson;
    ///
    /// let raw = RawJson::from_json(r#"{"width": 1024, "height": 768}"#).unwrap();
    /// let sizes: std::collections::BTreeMap<String, u32> = raw.parse().unwrap();
    /// assert_eq!(sizes["width"], 1024);
    /// assert!(raw.parse::<Vec<u32>>().is_err());
    /// ```
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_value(self.to_value())
    }
}

/// The value's compact text.
impl From<Value> for RawJson {
    fn from(value: Value) -> Self {
        RawJson::from(&value)
    }
}

/// The value's compact text.
impl From<&Value> for RawJson {
    fn from(value: &Value) -> Self {
        RawJson(value.to_string().into_boxed_str())
    }
}

/// The object's compact text.
impl From<Map<String, Value>> for RawJson {
    fn from(map: Map<String, Value>) -> Self {
        RawJson::from(Value::Object(map))
    }
}

/// Compares as JSON: `to_value() == *other`.
impl PartialEq<Value> for RawJson {
    fn eq(&self, other: &Value) -> bool {
        self.to_value() == *other
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawJson").field(&&*self.0).finish()
    }
}

/// The text, unchanged, as serde_json writes a `RawValue`.
impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Raw(&self.0).serialize(serializer)
    }
}

/// Any value, through `serde_json::Value`.
impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(RawJson::from)
    }
}
