//! `Echoed`: an input as the echo keeps it, in the input's own order, with what the limits
//! cut recorded, so that a later, tighter cut still counts what the client sent.
//!
//! It serializes as the JSON the echo writes. Three shapes carry more than their text to
//! the echo's own serializer (`build.rs`), each a serde struct name no other type uses; any
//! other serializer sees plain JSON:
//! - a cut string is a newtype [`CUT`] around its text with the
//!   `...<truncated, N bytes>` suffix, so a tighter cut keeps the original `N`;
//! - the `<N more items>` element and the `"..."` entry are newtypes [`MORE`], skipped when
//!   echoed again (the container's length hint is what counts);
//! - an integer beyond 64 bits is serde_json's raw-value struct around its digits.

use std::fmt::{self, Display};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde_json::Value;

/// The newtype name of a string that was cut.
pub(crate) const CUT: &str = "\u{0}fal_error::echo::Cut";
/// The newtype name of the marker of items or entries left out.
pub(crate) const MORE: &str = "\u{0}fal_error::echo::More";
/// serde_json writes a struct of this name and field verbatim: it is how `RawValue`
/// serializes itself (the crate enables serde_json's `raw_value`; the name is not public
/// API, but it is the only way to write a number serde_json's types cannot hold).
pub(crate) const RAW_VALUE: &str = "$serde_json::private::RawValue";
/// What a cut string ends with before the byte count.
pub(crate) const TRUNCATED: &str = "...<truncated, ";

/// A value as the echo keeps it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Echoed {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    /// An integer beyond 64 bits: its digits, as sent.
    Digits(Box<str>),
    Text(Text),
    /// The items kept, and how many the input had.
    Array {
        items: Vec<Echoed>,
        len: usize,
    },
    /// The entries kept in the input's order, and how many the input had.
    Object {
        entries: Vec<(Text, Echoed)>,
        len: usize,
    },
}

/// A string's first bytes and its whole length in bytes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Text {
    pub(crate) kept: String,
    pub(crate) len: usize,
}

impl Text {
    /// A string kept whole.
    pub(crate) fn whole(text: String) -> Self {
        let len = text.len();
        Text { kept: text, len }
    }

    /// `text` cut to at most `max_bytes` at a character boundary.
    pub(crate) fn cut(text: &str, max_bytes: usize) -> Self {
        Text {
            kept: text[..floor_char_boundary(text, max_bytes)].to_owned(),
            len: text.len(),
        }
    }

    fn is_cut(&self) -> bool {
        self.kept.len() < self.len
    }
}

/// The largest index at most `max_bytes` that starts a character of `text`.
pub(crate) fn floor_char_boundary(text: &str, max_bytes: usize) -> usize {
    if max_bytes >= text.len() {
        return text.len();
    }
    let mut end = max_bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

impl Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.kept)?;
        if self.is_cut() {
            write!(f, "{TRUNCATED}{} bytes>", self.len)?;
        }
        Ok(())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.is_cut() {
            serializer.serialize_newtype_struct(CUT, &Shown(self))
        } else {
            serializer.serialize_str(&self.kept)
        }
    }
}

/// A value written as its `Display` text.
struct Shown<T>(T);

impl<T: Display> Serialize for Shown<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// The marker of what a container left out.
struct More<T>(T);

impl<T: Display> Serialize for More<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(MORE, &Shown(&self.0))
    }
}

impl Serialize for Echoed {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Echoed::Null => serializer.serialize_unit(),
            Echoed::Bool(value) => serializer.serialize_bool(*value),
            Echoed::Number(number) => number.serialize(serializer),
            Echoed::Digits(digits) => serialize_digits(digits, serializer),
            Echoed::Text(text) => text.serialize(serializer),
            Echoed::Array { items, len } => {
                let mut seq = serializer.serialize_seq(Some(*len))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                if let Some(dropped) = len.checked_sub(items.len()).filter(|&n| n > 0) {
                    seq.serialize_element(&More(format_args!("<{dropped} more items>")))?;
                }
                seq.end()
            }
            Echoed::Object { entries, len } => {
                let mut map = serializer.serialize_map(Some(*len))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                if let Some(dropped) = len.checked_sub(entries.len()).filter(|&n| n > 0) {
                    map.serialize_entry(
                        &More("..."),
                        &Shown(format_args!("<{dropped} more entries>")),
                    )?;
                }
                map.end()
            }
        }
    }
}

/// An integer's digits as a JSON number, however wide: serde_json writes them as they
/// are, and the echo keeps them exactly (within its string limit).
pub(crate) fn serialize_digits<S: Serializer>(
    digits: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut raw = serializer.serialize_struct(RAW_VALUE, 1)?;
    raw.serialize_field(RAW_VALUE, digits)?;
    raw.end()
}

impl Echoed {
    /// The echo as a `serde_json::Value`: objects in key order (serde_json's map sorts
    /// them) and an integer beyond 64 bits as the nearest float, the closest a `Value`
    /// can hold without changing serde_json's features for the whole build.
    pub(crate) fn into_value(self) -> Value {
        match self {
            Echoed::Null => Value::Null,
            Echoed::Bool(value) => Value::Bool(value),
            Echoed::Number(number) => Value::Number(number),
            Echoed::Digits(digits) => digits
                .parse::<f64>()
                .ok()
                .and_then(serde_json::Number::from_f64)
                .map_or(Value::String(digits.into()), Value::Number),
            Echoed::Text(text) => Value::String(text_string(text)),
            Echoed::Array { mut items, len } => {
                let dropped = len.saturating_sub(items.len());
                let mut values: Vec<Value> = items.drain(..).map(Echoed::into_value).collect();
                if dropped > 0 {
                    values.push(Value::String(format!("<{dropped} more items>")));
                }
                Value::Array(values)
            }
            Echoed::Object { entries, len } => {
                let dropped = len.saturating_sub(entries.len());
                let mut map: serde_json::Map<String, Value> = entries
                    .into_iter()
                    .map(|(key, value)| (text_string(key), value.into_value()))
                    .collect();
                if dropped > 0 {
                    map.insert("...".into(), format!("<{dropped} more entries>").into());
                }
                Value::Object(map)
            }
        }
    }
}

fn text_string(text: Text) -> String {
    if text.is_cut() {
        text.to_string()
    } else {
        text.kept
    }
}
