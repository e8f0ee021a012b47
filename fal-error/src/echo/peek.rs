//! A look at a value's first serializer call without echoing it: whether it is the marker
//! of an earlier echo (`MORE`), or the text of a string-like value (a cut string, a raw
//! number). Anything else answers `Err` at once, having visited nothing.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize};

use super::echoed::MORE;

/// Whether `value` is the `<N more ...>` marker an earlier echo wrote.
pub(crate) fn is_marker<T: Serialize + ?Sized>(value: &T) -> bool {
    matches!(value.serialize(Peek::Marker), Ok(Peeked::Marker))
}

/// The text `value` serializes as, when it serializes as one string.
pub(crate) fn text_of<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    match value.serialize(Peek::Text) {
        Ok(Peeked::Text(text)) => Some(text),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Peek {
    Marker,
    Text,
}

enum Peeked {
    Marker,
    Text(String),
}

/// The answer for anything the look does not want: no value is visited further.
#[derive(Debug)]
struct Refused;

impl Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not peeked")
    }
}

impl std::error::Error for Refused {}

impl ser::Error for Refused {
    fn custom<T: Display>(_message: T) -> Self {
        Refused
    }
}

macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ok, Refused> {
            Err(Refused)
        }
    )*};
}

impl ser::Serializer for Peek {
    type Ok = Peeked;
    type Error = Refused;
    type SerializeSeq = Impossible<Peeked, Refused>;
    type SerializeTuple = Impossible<Peeked, Refused>;
    type SerializeTupleStruct = Impossible<Peeked, Refused>;
    type SerializeTupleVariant = Impossible<Peeked, Refused>;
    type SerializeMap = Impossible<Peeked, Refused>;
    type SerializeStruct = Impossible<Peeked, Refused>;
    type SerializeStructVariant = Impossible<Peeked, Refused>;

    refuse! {
        serialize_bool(bool) -> Peeked;
        serialize_i8(i8) -> Peeked;
        serialize_i16(i16) -> Peeked;
        serialize_i32(i32) -> Peeked;
        serialize_i64(i64) -> Peeked;
        serialize_u8(u8) -> Peeked;
        serialize_u16(u16) -> Peeked;
        serialize_u32(u32) -> Peeked;
        serialize_u64(u64) -> Peeked;
        serialize_f32(f32) -> Peeked;
        serialize_f64(f64) -> Peeked;
        serialize_char(char) -> Peeked;
        serialize_bytes(&[u8]) -> Peeked;
        serialize_none() -> Peeked;
        serialize_unit() -> Peeked;
        serialize_unit_struct(&'static str) -> Peeked;
        serialize_unit_variant(&'static str, u32, &'static str) -> Peeked;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_str(self, v: &str) -> Result<Peeked, Refused> {
        match self {
            Peek::Text => Ok(Peeked::Text(v.to_owned())),
            Peek::Marker => Err(Refused),
        }
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<Peeked, Refused> {
        match self {
            Peek::Text => Ok(Peeked::Text(value.to_string())),
            Peek::Marker => Err(Refused),
        }
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<Peeked, Refused> {
        Err(Refused)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Peeked, Refused> {
        match self {
            Peek::Marker if name == MORE => Ok(Peeked::Marker),
            Peek::Marker => Err(Refused),
            Peek::Text => value.serialize(self),
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Peeked, Refused> {
        Err(Refused)
    }
}
