//! The echo of a scalar (string, number, bool, null) written straight from the value to
//! the body within the limits, without building an [`Echoed`](super::echoed::Echoed).

use serde::ser::{self, Serialize};

use super::build::Error;
use super::echoed::CUT;
use super::{EchoLimits, cut, data_uri_summary, non_finite_name};

/// Writes `input` to `out` when it is a scalar; `false`, with nothing written, otherwise.
pub(crate) fn write_scalar<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    input: &T,
    limits: &EchoLimits,
) -> bool {
    let start = out.len();
    let written = input.serialize(Direct { out, limits }).is_ok();
    if !written {
        out.truncate(start);
    }
    written
}

/// The scalar half of the echo, writing to the body as it goes; a container or a failing
/// `Serialize` impl stops it before anything is written.
struct Direct<'a> {
    out: &'a mut Vec<u8>,
    limits: &'a EchoLimits,
}

impl Direct<'_> {
    fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        serde_json::to_writer(self.out, value).map_err(|error| Error::Failed(error.to_string()))
    }

    fn string(self, string: &str) -> Result<(), Error> {
        match data_uri_summary(string, self.limits) {
            Some(summary) => self.json(&summary),
            None => {
                let max_bytes = self
                    .limits
                    .max_string_bytes
                    .min(self.limits.max_total_bytes);
                self.json(&*cut(string, max_bytes))
            }
        }
    }

    fn float(self, float: f64) -> Result<(), Error> {
        if float.is_finite() {
            self.json(&float)
        } else {
            self.json(non_finite_name(float))
        }
    }

    fn container<T>() -> Result<T, Error> {
        Err(Error::Failed(String::new()))
    }
}

macro_rules! direct_json {
    ($($method:ident($ty:ty)),*) => {$(
        fn $method(self, v: $ty) -> Result<(), Error> {
            self.json(&v)
        }
    )*};
}

impl<'a> ser::Serializer for Direct<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    direct_json!(
        serialize_bool(bool),
        serialize_i8(i8),
        serialize_i16(i16),
        serialize_i32(i32),
        serialize_i64(i64),
        serialize_u8(u8),
        serialize_u16(u16),
        serialize_u32(u32),
        serialize_u64(u64)
    );

    fn serialize_i128(self, v: i128) -> Result<(), Error> {
        self.json(&v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.json(&v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        self.float(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        self.float(v)
    }

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.json(&v)
    }

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Self::container()
    }

    fn serialize_none(self) -> Result<(), Error> {
        self.json(&())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Error> {
        self.json(&())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.json(&())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        // A string an earlier echo cut keeps its length only through the full echo.
        if name == CUT {
            return Self::container();
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Self::container()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Self::container()
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Self::container()
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Self::container()
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Self::container()
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Self::container()
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Self::container()
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Self::container()
    }
}
