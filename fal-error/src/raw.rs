//! A body this crate wrote as JSON, written through any serde serializer the way
//! serde_json's `RawValue` writes itself, so that serde_json copies it verbatim instead
//! of parsing it again.
//!
//! `RawValue` has no safe constructor that skips parsing its text, so the body does not
//! become one: it is serialized with the struct name and field that `RawValue`'s public
//! `Serialize` impl uses, learned once by serializing `RawValue::NULL`, rather than
//! copied from serde_json's private source.

use std::fmt;
use std::sync::LazyLock;

use serde::ser::{self, Impossible, Serialize, SerializeStruct, Serializer};
use serde_json::value::RawValue;

/// JSON text that serializes as itself.
pub(crate) struct Raw<'a>(pub(crate) &'a str);

impl Serialize for Raw<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *SHAPE {
            Some((name, field)) => {
                let mut raw = serializer.serialize_struct(name, 1)?;
                raw.serialize_field(field, self.0)?;
                raw.end()
            }
            // Only if serde_json stops serializing `RawValue` as a struct: then its
            // public constructor, at the price of a parse.
            None => RawValue::from_string(self.0.to_owned())
                .map_err(ser::Error::custom)?
                .serialize(serializer),
        }
    }
}

/// The struct name and field `RawValue` serializes as.
static SHAPE: LazyLock<Option<(&'static str, &'static str)>> =
    LazyLock::new(|| RawValue::NULL.serialize(Shape).ok());

/// A serializer that accepts only a one-field struct and returns its name and field.
struct Shape;

/// What [`Shape`] refuses.
#[derive(Debug)]
struct NotAStruct;

impl fmt::Display for NotAStruct {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a one-field struct")
    }
}

impl std::error::Error for NotAStruct {}

impl ser::Error for NotAStruct {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotAStruct
    }
}

/// The struct being read by [`Shape`].
struct ShapeStruct {
    name: &'static str,
    field: Option<&'static str>,
}

impl SerializeStruct for ShapeStruct {
    type Ok = (&'static str, &'static str);
    type Error = NotAStruct;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        _: &T,
    ) -> Result<(), NotAStruct> {
        match self.field {
            None => {
                self.field = Some(key);
                Ok(())
            }
            Some(_) => Err(NotAStruct),
        }
    }

    fn end(self) -> Result<Self::Ok, NotAStruct> {
        self.field.map(|field| (self.name, field)).ok_or(NotAStruct)
    }
}

macro_rules! refuse {
    ($($method:ident($($argument:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $(_: $argument),*) -> Result<$ok, NotAStruct> {
            Err(NotAStruct)
        }
    )*};
}

type Refused = Impossible<(&'static str, &'static str), NotAStruct>;

impl Serializer for Shape {
    type Ok = (&'static str, &'static str);
    type Error = NotAStruct;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = ShapeStruct;
    type SerializeStructVariant = Refused;

    fn serialize_struct(self, name: &'static str, _: usize) -> Result<ShapeStruct, NotAStruct> {
        Ok(ShapeStruct { name, field: None })
    }

    refuse! {
        serialize_bool(bool) -> Self::Ok;
        serialize_i8(i8) -> Self::Ok;
        serialize_i16(i16) -> Self::Ok;
        serialize_i32(i32) -> Self::Ok;
        serialize_i64(i64) -> Self::Ok;
        serialize_u8(u8) -> Self::Ok;
        serialize_u16(u16) -> Self::Ok;
        serialize_u32(u32) -> Self::Ok;
        serialize_u64(u64) -> Self::Ok;
        serialize_f32(f32) -> Self::Ok;
        serialize_f64(f64) -> Self::Ok;
        serialize_char(char) -> Self::Ok;
        serialize_str(&str) -> Self::Ok;
        serialize_bytes(&[u8]) -> Self::Ok;
        serialize_none() -> Self::Ok;
        serialize_unit() -> Self::Ok;
        serialize_unit_struct(&'static str) -> Self::Ok;
        serialize_unit_variant(&'static str, u32, &'static str) -> Self::Ok;
        serialize_seq(Option<usize>) -> Refused;
        serialize_tuple(usize) -> Refused;
        serialize_tuple_struct(&'static str, usize) -> Refused;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Refused;
        serialize_map(Option<usize>) -> Refused;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Refused;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, NotAStruct> {
        Err(NotAStruct)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, NotAStruct> {
        Err(NotAStruct)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::value::RawValue;

    use super::Raw;

    /// What serde_json does with a `RawValue`, in every place it can sit.
    #[test]
    fn raw_writes_as_raw_value_does() {
        let body =
            r#"{"detail":[{"loc":["body"],"msg":"a \"b\"","type":"c","input":[1,2.5,null]}]}"#;
        let raw_value = RawValue::from_string(body.to_owned()).unwrap();
        assert_eq!(serde_json::to_string(&Raw(body)).unwrap(), body);
        assert_eq!(
            serde_json::to_string(&[Raw(body), Raw("1")]).unwrap(),
            format!("[{body},1]"),
        );
        assert_eq!(
            serde_json::to_string_pretty(&Raw(body)).unwrap(),
            serde_json::to_string_pretty(&raw_value).unwrap(),
        );
        assert_eq!(
            serde_json::to_value(Raw(body)).unwrap(),
            serde_json::from_str::<serde_json::Value>(body).unwrap(),
        );
        assert!(super::SHAPE.is_some());
    }
}
