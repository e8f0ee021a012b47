//! Echoing an error's `input` back to the caller.
//!
//! Errors on fal repeat the offending input in their JSON body. Inputs can be
//! anything a request carries: megabyte data URIs, deeply nested documents,
//! floats that JSON cannot represent. [`echo_value`] turns any `Serialize`
//! value into a `serde_json::Value` that is always valid JSON and bounded in
//! size by [`EchoLimits`], and it never fails.

use std::borrow::Cow;
use std::fmt::{self, Display};

use serde::ser::{self, Serialize};
use serde_json::{Map, Number, Value};

use crate::pyfmt::non_finite_name;

/// Limits applied when an error echoes its input.
///
/// # Example
///
/// ```
/// use fal_error::EchoLimits;
///
/// let limits = EchoLimits {
///     max_items: 8,
///     ..EchoLimits::DEFAULT
/// };
/// assert_eq!(limits.max_string_bytes, 4096);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EchoLimits {
    /// Longest string echoed, in bytes (UTF-8); longer strings are cut. Default 4096.
    pub max_string_bytes: usize,
    /// Most items of an array or entries of an object echoed. Default 64.
    pub max_items: usize,
    /// Deepest nesting echoed. Default 16.
    pub max_depth: usize,
}

impl EchoLimits {
    /// The default limits, usable in `const` context.
    ///
    /// # Example
    ///
    /// ```
    /// use fal_error::EchoLimits;
    ///
    /// const LIMITS: EchoLimits = EchoLimits::DEFAULT;
    /// assert_eq!(LIMITS, EchoLimits::default());
    /// ```
    pub const DEFAULT: EchoLimits = EchoLimits {
        max_string_bytes: 4096,
        max_items: 64,
        max_depth: 16,
    };

    /// No limits: strings, arrays, objects and nesting are echoed whole.
    ///
    /// Non-finite floats, bytes and data URIs are still summarised, and
    /// failing `Serialize` impls are still replaced.
    ///
    /// ```
    /// use fal_error::{EchoLimits, echo_value};
    ///
    /// let long = "x".repeat(10_000);
    /// assert_eq!(echo_value(&long, &EchoLimits::UNLIMITED), serde_json::json!(long));
    /// assert_eq!(echo_value(&f64::NAN, &EchoLimits::UNLIMITED), serde_json::json!("nan"));
    /// ```
    pub const UNLIMITED: EchoLimits = EchoLimits {
        max_string_bytes: usize::MAX,
        max_items: usize::MAX,
        max_depth: usize::MAX,
    };
}

impl Default for EchoLimits {
    fn default() -> Self {
        EchoLimits::DEFAULT
    }
}

/// Converts `value` into JSON that is safe to echo, never failing.
///
/// Non-finite floats become `"nan"`, `"inf"` or `"-inf"`; bytes and data URIs
/// are summarised; long strings, long arrays, large objects and deep nesting
/// are cut according to `limits`. A `Serialize` impl that fails is replaced by
/// `"<unserializable: {message}>"` at the place where it failed.
///
/// # Example
///
/// ```
/// use fal_error::{EchoLimits, echo_value};
/// use serde_json::json;
///
/// let input = (f64::NAN, "data:image/png;base64,iVBORw0K");
/// assert_eq!(
///     echo_value(&input, &EchoLimits::DEFAULT),
///     json!(["nan", "<data URI image/png, 6 bytes>"]),
/// );
/// ```
pub fn echo_value<T: Serialize + ?Sized>(value: &T, limits: &EchoLimits) -> Value {
    echo_at(value, limits, 0)
}

fn echo_at<T: Serialize + ?Sized>(value: &T, limits: &EchoLimits, depth: usize) -> Value {
    value
        .serialize(Echo { limits, depth })
        .unwrap_or_else(|error| unserializable(&error))
}

fn unserializable(error: &Error) -> Value {
    Value::String(format!("<unserializable: {}>", error.0))
}

fn too_deep() -> Value {
    Value::String("<nested too deep>".to_owned())
}

fn float_value(float: f64) -> Value {
    Number::from_f64(float).map_or_else(
        || Value::String(non_finite_name(float).to_owned()),
        Value::Number,
    )
}

fn string_value(string: &str, limits: &EchoLimits) -> Value {
    Value::String(echo_string(string, limits))
}

fn echo_string(string: &str, limits: &EchoLimits) -> String {
    data_uri_summary(string, limits).unwrap_or_else(|| truncate(string, limits.max_string_bytes))
}

fn truncate(string: &str, max_bytes: usize) -> String {
    cut(string, max_bytes).into_owned()
}

/// `string` cut to `max_bytes` as echoed strings are (`...<truncated, N bytes>`),
/// borrowed when it fits.
pub(crate) fn cut(string: &str, max_bytes: usize) -> Cow<'_, str> {
    if string.len() <= max_bytes {
        return Cow::Borrowed(string);
    }
    let mut end = max_bytes;
    while !string.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!(
        "{}...<truncated, {} bytes>",
        &string[..end],
        string.len()
    ))
}

fn data_uri_summary(string: &str, limits: &EchoLimits) -> Option<String> {
    let scheme = string.get(..5)?;
    if !scheme.eq_ignore_ascii_case("data:") {
        return None;
    }
    let rest = &string[5..];
    let Some((header, payload)) = rest.split_once(',') else {
        return Some(format!("<malformed data URI, {} bytes>", string.len()));
    };
    let mut params = header.split(';');
    let media_type = params.next().unwrap_or_default().trim();
    let media_type = if media_type.is_empty() {
        "text/plain".to_owned()
    } else {
        truncate(media_type, limits.max_string_bytes)
    };
    let is_base64 = params.any(|param| param.trim().eq_ignore_ascii_case("base64"));
    let bytes = if is_base64 {
        base64_decoded_len(payload)
    } else {
        payload.len()
    };
    Some(format!("<data URI {media_type}, {bytes} bytes>"))
}

fn base64_decoded_len(payload: &str) -> usize {
    let symbols = payload.bytes().filter(|b| !b.is_ascii_whitespace());
    let (count, padding) = symbols.fold((0usize, 0usize), |(count, padding), b| {
        let padding = if b == b'=' { padding + 1 } else { 0 };
        (count + 1, padding)
    });
    let data = count - padding;
    data / 4 * 3 + data % 4 * 3 / 4
}

fn integer_value<I>(integer: I) -> Value
where
    I: Copy + Display,
    i64: TryFrom<I>,
    u64: TryFrom<I>,
{
    if let Ok(small) = i64::try_from(integer) {
        Value::from(small)
    } else if let Ok(large) = u64::try_from(integer) {
        Value::from(large)
    } else {
        Value::String(integer.to_string())
    }
}

fn key_string(key: Value, limits: &EchoLimits) -> String {
    match key {
        Value::String(string) => string,
        other => truncate(&other.to_string(), limits.max_string_bytes),
    }
}

/// The error of a `Serialize` impl that gave up; only ever caught.
#[derive(Debug)]
struct Error(String);

impl Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

/// Serializer building the echoed value; `depth` counts enclosing containers.
#[derive(Clone, Copy)]
struct Echo<'a> {
    limits: &'a EchoLimits,
    depth: usize,
}

impl<'a> Echo<'a> {
    fn too_deep(self) -> bool {
        self.depth >= self.limits.max_depth
    }

    fn child<T: Serialize + ?Sized>(self, value: &T) -> Value {
        echo_at(value, self.limits, self.depth + 1)
    }

    fn array(self) -> Array<'a> {
        Array {
            echo: self,
            items: Vec::new(),
            dropped: 0,
            too_deep: self.too_deep(),
        }
    }

    fn object(self) -> Object<'a> {
        Object {
            echo: self,
            entries: Map::new(),
            offered: 0,
            too_deep: self.too_deep(),
            key: None,
        }
    }

    fn variant(self, variant: &str, value: Value) -> Value {
        if self.too_deep() {
            return too_deep();
        }
        let mut object = Map::new();
        object.insert(variant.to_owned(), value);
        Value::Object(object)
    }
}

impl<'a> ser::Serializer for Echo<'a> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Variant<'a, Array<'a>>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Variant<'a, Object<'a>>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::Bool(v))
    }

    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_i128(self, v: i128) -> Result<Value, Error> {
        Ok(integer_value(v))
    }

    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }

    fn serialize_u128(self, v: u128) -> Result<Value, Error> {
        Ok(integer_value(v))
    }

    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        Ok(float_value(f64::from(v)))
    }

    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        Ok(float_value(v))
    }

    fn serialize_char(self, v: char) -> Result<Value, Error> {
        Ok(Value::String(v.to_string()))
    }

    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(string_value(v, self.limits))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::String(format!("<binary {} bytes>", v.len())))
    }

    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(string_value(variant, self.limits))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        if self.too_deep() {
            return Ok(too_deep());
        }
        Ok(self.variant(variant, self.child(value)))
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Array<'a>, Error> {
        Ok(self.array())
    }

    fn serialize_tuple(self, _len: usize) -> Result<Array<'a>, Error> {
        Ok(self.array())
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Array<'a>, Error> {
        Ok(self.array())
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, Array<'a>>, Error> {
        let inner = Echo {
            depth: self.depth + 1,
            ..self
        };
        Ok(Variant {
            echo: self,
            name: variant,
            inner: inner.array(),
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(self.object())
    }

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Object<'a>, Error> {
        Ok(self.object())
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, Object<'a>>, Error> {
        let inner = Echo {
            depth: self.depth + 1,
            ..self
        };
        Ok(Variant {
            echo: self,
            name: variant,
            inner: inner.object(),
        })
    }
}

/// An array being echoed: the items kept and how many were dropped.
struct Array<'a> {
    echo: Echo<'a>,
    items: Vec<Value>,
    dropped: usize,
    too_deep: bool,
}

impl Array<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) {
        if self.too_deep {
            return;
        }
        if self.items.len() < self.echo.limits.max_items {
            self.items.push(self.echo.child(value));
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Value {
        if self.too_deep {
            return too_deep();
        }
        if self.dropped > 0 {
            let marker = format!("<{} more items>", self.dropped);
            self.items.push(Value::String(marker));
        }
        Value::Array(self.items)
    }
}

impl ser::SerializeSeq for Array<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTuple for Array<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeTupleStruct for Array<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.push(value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

/// An object being echoed: the entries kept and how many were dropped.
struct Object<'a> {
    echo: Echo<'a>,
    entries: Map<String, Value>,
    offered: usize,
    too_deep: bool,
    /// The key of the entry being serialized, or `None` if it is dropped.
    key: Option<String>,
}

impl Object<'_> {
    fn accepts(&mut self) -> bool {
        self.offered += 1;
        !self.too_deep && self.offered <= self.echo.limits.max_items
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) {
        self.key = None;
        if self.accepts() {
            let key = self.echo.child(key);
            self.key = Some(key_string(key, self.echo.limits));
        }
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Some(key) = self.key.take() {
            let value = self.echo.child(value);
            self.entries.insert(key, value);
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.accepts() {
            let key = echo_string(key, self.echo.limits);
            let value = self.echo.child(value);
            self.entries.insert(key, value);
        }
    }

    fn finish(mut self) -> Value {
        if self.too_deep {
            return too_deep();
        }
        let dropped = self.offered.saturating_sub(self.echo.limits.max_items);
        if dropped > 0 {
            let marker = format!("<{dropped} more entries>");
            self.entries.insert("...".to_owned(), Value::String(marker));
        }
        Value::Object(self.entries)
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.value(value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.finish())
    }
}

/// A tuple or struct variant, echoed as `{"Name": inner}`.
struct Variant<'a, I> {
    echo: Echo<'a>,
    name: &'static str,
    inner: I,
}

impl ser::SerializeTupleVariant for Variant<'_, Array<'_>> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.push(value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.echo.variant(self.name, self.inner.finish()))
    }
}

impl ser::SerializeStructVariant for Variant<'_, Object<'_>> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.inner.field(key, value);
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(self.echo.variant(self.name, self.inner.finish()))
    }
}

/// Writes `input` as a body's `input`: a scalar (string, number, bool, null) goes straight
/// from the value to `out` within `limits`, without an intermediate [`Value`]; anything
/// else is echoed through [`echo_value`], whose copy the limits bound.
pub(crate) fn write_echo<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    input: &T,
    limits: &EchoLimits,
) -> serde_json::Result<()> {
    if input.serialize(Direct { out, limits }).is_ok() {
        return Ok(());
    }
    serde_json::to_writer(out, &echo_value(input, limits))
}

/// The scalar half of [`Echo`], writing to the body as it goes; a container or a failing
/// `Serialize` impl stops it before anything is written.
struct Direct<'a> {
    out: &'a mut Vec<u8>,
    limits: &'a EchoLimits,
}

impl Direct<'_> {
    fn json<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Error> {
        serde_json::to_writer(self.out, value).map_err(|error| Error(error.to_string()))
    }

    fn string(self, string: &str) -> Result<(), Error> {
        match data_uri_summary(string, self.limits) {
            Some(summary) => self.json(&summary),
            None => {
                let max_bytes = self.limits.max_string_bytes;
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
        Err(Error(String::new()))
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
        self.json(&integer_value(v))
    }

    fn serialize_u128(self, v: u128) -> Result<(), Error> {
        self.json(&integer_value(v))
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
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Serialize, Serializer};
    use serde_json::{Value, json};

    use super::{EchoLimits, echo_value};

    fn echo<T: Serialize + ?Sized>(value: &T) -> Value {
        echo_value(value, &EchoLimits::DEFAULT)
    }

    fn limits(max_string_bytes: usize, max_items: usize, max_depth: usize) -> EchoLimits {
        EchoLimits {
            max_string_bytes,
            max_items,
            max_depth,
        }
    }

    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    struct Failing;

    impl Serialize for Failing {
        fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("tensor on GPU"))
        }
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Point {
        x: i32,
        y: i32,
    }

    #[derive(Serialize)]
    enum Shape {
        Empty,
        Circle(f64),
        Segment(i32, i32),
        Rect { w: u8, h: u8 },
    }

    #[test]
    fn default_limits() {
        let expected = limits(4096, 64, 16);
        assert_eq!(EchoLimits::DEFAULT, expected);
        assert_eq!(EchoLimits::default(), expected);
    }

    #[test]
    fn unlimited_keeps_everything_but_still_summarises() {
        let long = "x".repeat(10_000);
        let many: Vec<u32> = (0..1000).collect();
        let input = (&long, &many, f64::NAN, Bytes(&[1, 2]), "data:,ab");
        assert_eq!(
            echo_value(&input, &EchoLimits::UNLIMITED),
            json!([
                long,
                many,
                "nan",
                "<binary 2 bytes>",
                "<data URI text/plain, 2 bytes>"
            ]),
        );
    }

    #[test]
    fn non_finite_floats_become_python_strings() {
        let input = (
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f32::NAN,
            -f64::NAN,
        );
        assert_eq!(echo(&input), json!(["nan", "inf", "-inf", "nan", "nan"]));
    }

    #[test]
    fn finite_floats_stay_numbers() {
        assert_eq!(echo(&2.5f64), json!(2.5));
        assert_eq!(echo(&0.1f32), json!(f64::from(0.1f32)));
        assert_eq!(echo(&0.1f32), serde_json::to_value(0.1f32).unwrap());
        assert_eq!(echo(&-0.0f64), json!(-0.0));
    }

    #[test]
    fn integers_stay_integers() {
        let input = (i64::MIN, u64::MAX, -7i8, 200u8);
        assert_eq!(echo(&input), json!([i64::MIN, u64::MAX, -7, 200]));
    }

    #[test]
    fn wide_integers_fit_or_become_decimal_strings() {
        let input = (-5i128, i128::from(u64::MAX), i128::MIN, 7u128, u128::MAX);
        assert_eq!(
            echo(&input),
            json!([
                -5,
                u64::MAX,
                "-170141183460469231731687303715884105728",
                7,
                "340282366920938463463374607431768211455",
            ]),
        );
    }

    #[test]
    fn bytes_are_summarised() {
        assert_eq!(echo(&Bytes(&[0, 159, 146, 150])), json!("<binary 4 bytes>"));
        assert_eq!(echo(&Bytes(&[])), json!("<binary 0 bytes>"));
    }

    #[test]
    fn base64_data_uris_report_decoded_size() {
        let input = [
            "data:image/png;base64,iVBORw0K",
            "data:image/png;base64,aGVsbG8=",
            "data:image/png;base64,aGk=",
            "data:audio/wav;base64,aGVsbG8",
            "DATA:image/jpeg;name=x.jpg;BASE64,aGVs\nbG8=",
            "data:;base64,",
        ];
        assert_eq!(
            echo(&input),
            json!([
                "<data URI image/png, 6 bytes>",
                "<data URI image/png, 5 bytes>",
                "<data URI image/png, 2 bytes>",
                "<data URI audio/wav, 5 bytes>",
                "<data URI image/jpeg, 5 bytes>",
                "<data URI text/plain, 0 bytes>",
            ]),
        );
    }

    #[test]
    fn plain_data_uris_report_payload_length() {
        let input = [
            "data:,Hello%2C%20World!",
            "data:text/html;charset=utf-8,<h1>é</h1>",
            "data:text/plain",
            "data:",
        ];
        assert_eq!(
            echo(&input),
            json!([
                "<data URI text/plain, 17 bytes>",
                "<data URI text/html, 11 bytes>",
                "<malformed data URI, 15 bytes>",
                "<malformed data URI, 5 bytes>",
            ]),
        );
    }

    #[test]
    fn data_uris_are_summarised_even_when_short() {
        let short = limits(4, 64, 16);
        assert_eq!(
            echo_value("data:,ab", &short),
            json!("<data URI text/plain, 2 bytes>"),
        );
        assert_eq!(
            echo_value("data:image/png,ab", &short),
            json!("<data URI imag...<truncated, 9 bytes>, 2 bytes>"),
        );
        assert_eq!(echo("dat"), json!("dat"));
        assert_eq!(echo("dataé"), json!("dataé"));
    }

    #[test]
    fn long_strings_are_cut_at_a_char_boundary() {
        let five = limits(5, 64, 16);
        assert_eq!(echo_value("hello", &five), json!("hello"));
        assert_eq!(
            echo_value("hello world", &five),
            json!("hello...<truncated, 11 bytes>"),
        );
        assert_eq!(
            echo_value("abcdéf", &five),
            json!("abcd...<truncated, 7 bytes>"),
        );
        assert_eq!(
            echo_value("😀😀", &limits(3, 64, 16)),
            json!("...<truncated, 8 bytes>"),
        );
    }

    #[test]
    fn long_arrays_keep_their_first_items() {
        let two = limits(4096, 2, 16);
        assert_eq!(
            echo_value(&vec![1, 2, 3, 4, 5], &two),
            json!([1, 2, "<3 more items>"]),
        );
        assert_eq!(echo_value(&[1, 2], &two), json!([1, 2]));
        assert_eq!(
            echo_value(&(1, "a", true), &two),
            json!([1, "a", "<1 more items>"])
        );
        assert_eq!(
            echo_value(&Shape::Segment(1, 2), &limits(4096, 1, 16)),
            json!({"Segment": [1, "<1 more items>"]}),
        );
        assert_eq!(
            echo_value(&[1], &limits(4096, 0, 16)),
            json!(["<1 more items>"])
        );
    }

    #[test]
    fn large_objects_keep_their_first_entries() {
        let two = limits(4096, 2, 16);
        let map: BTreeMap<&str, i32> = [("a", 1), ("b", 2), ("c", 3), ("d", 4)].into();
        assert_eq!(
            echo_value(&map, &two),
            json!({"a": 1, "b": 2, "...": "<2 more entries>"}),
        );
        assert_eq!(
            echo_value(&Point { x: 1, y: 2 }, &limits(4096, 1, 16)),
            json!({"x": 1, "...": "<1 more entries>"}),
        );
        assert_eq!(
            echo_value(&Shape::Rect { w: 3, h: 4 }, &limits(4096, 1, 16)),
            json!({"Rect": {"w": 3, "...": "<1 more entries>"}}),
        );
        assert_eq!(
            echo_value(&Point { x: 1, y: 2 }, &two),
            json!({"x": 1, "y": 2})
        );
    }

    #[test]
    fn map_keys_become_strings() {
        let ints: BTreeMap<i64, &str> = [(-1, "a"), (2, "b")].into();
        let bools: BTreeMap<bool, u8> = [(false, 0), (true, 1)].into();
        let chars: BTreeMap<char, u8> = [('x', 0)].into();
        let points: BTreeMap<Point, u8> = [(Point { x: 1, y: 2 }, 0)].into();
        let wide: BTreeMap<u128, u8> = [(u128::MAX, 0)].into();
        assert_eq!(echo(&ints), json!({"-1": "a", "2": "b"}));
        assert_eq!(echo(&bools), json!({"false": 0, "true": 1}));
        assert_eq!(echo(&chars), json!({"x": 0}));
        assert_eq!(echo(&points), json!({r#"{"x":1,"y":2}"#: 0}));
        assert_eq!(
            echo(&wide),
            json!({"340282366920938463463374607431768211455": 0}),
        );
    }

    #[test]
    fn unusual_map_keys_never_fail() {
        let floats: Vec<(f64, u8)> = vec![(1.5, 0), (f64::NAN, 1)];
        let seqs: BTreeMap<Vec<u8>, u8> = [(vec![1, 2], 0)].into();
        let nones: BTreeMap<Option<u8>, u8> = [(None, 0)].into();
        let units: BTreeMap<(), u8> = [((), 0)].into();
        let long: BTreeMap<&str, u8> = [("abcdef", 0)].into();
        let failing = [(Failing, 0)];
        assert_eq!(
            echo(&floats.into_iter().collect::<SerializedMap<_, _>>()),
            json!({"1.5": 0, "nan": 1}),
        );
        assert_eq!(echo(&seqs), json!({"[1,2]": 0}));
        assert_eq!(echo(&nones), json!({"null": 0}));
        assert_eq!(echo(&units), json!({"null": 0}));
        assert_eq!(
            echo_value(&long, &limits(3, 64, 16)),
            json!({"abc...<truncated, 6 bytes>": 0}),
        );
        assert_eq!(
            echo(&SerializedMap(failing.into())),
            json!({"<unserializable: tensor on GPU>": 0}),
        );
    }

    /// A map whose keys need not be `Ord`.
    struct SerializedMap<K, V>(Vec<(K, V)>);

    impl<K, V> FromIterator<(K, V)> for SerializedMap<K, V> {
        fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
            SerializedMap(iter.into_iter().collect())
        }
    }

    impl<K: Serialize, V: Serialize> Serialize for SerializedMap<K, V> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    #[test]
    fn deep_nesting_is_cut() {
        let nested = json!([[[1]], {"a": {"b": 2}}]);
        assert_eq!(
            echo_value(&nested, &limits(4096, 64, 2)),
            json!([["<nested too deep>"], {"a": "<nested too deep>"}]),
        );
        assert_eq!(echo_value(&nested, &limits(4096, 64, 3)), nested);
        assert_eq!(
            echo_value(&nested, &limits(4096, 64, 0)),
            json!("<nested too deep>"),
        );
        assert_eq!(echo_value(&7, &limits(4096, 64, 0)), json!(7));
    }

    #[test]
    fn deep_variants_are_cut() {
        let one = limits(4096, 64, 1);
        let input = (
            Shape::Empty,
            Shape::Circle(1.0),
            Shape::Segment(1, 2),
            Shape::Rect { w: 1, h: 2 },
        );
        assert_eq!(
            echo_value(&input, &one),
            json!([
                "Empty",
                "<nested too deep>",
                "<nested too deep>",
                "<nested too deep>",
            ]),
        );
        assert_eq!(
            echo_value(&Shape::Segment(1, 2), &one),
            json!({"Segment": "<nested too deep>"}),
        );
    }

    /// An infinitely deep value: `[[[...]]]`.
    struct Endless;

    impl Serialize for Endless {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq([Endless])
        }
    }

    #[test]
    fn endless_nesting_terminates() {
        assert_eq!(
            echo_value(&Endless, &limits(4096, 64, 3)),
            json!([[["<nested too deep>"]]]),
        );
    }

    #[test]
    fn enums_and_options_match_serde_json() {
        let input = (
            Shape::Empty,
            Shape::Circle(1.5),
            Shape::Segment(1, 2),
            Shape::Rect { w: 3, h: 4 },
            None::<u8>,
            Some(5),
            (),
            'é',
        );
        let expected = json!([
            "Empty",
            {"Circle": 1.5},
            {"Segment": [1, 2]},
            {"Rect": {"w": 3, "h": 4}},
            null,
            5,
            null,
            "é",
        ]);
        assert_eq!(echo(&input), expected);
        assert_eq!(echo(&input), serde_json::to_value(&input).unwrap());
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Meters(f64);

    #[derive(Serialize)]
    struct Pair(u8, &'static str);

    #[test]
    fn structs_match_serde_json() {
        let input = (
            Unit,
            Meters(f64::INFINITY),
            Pair(1, "a"),
            Point { x: 1, y: 2 },
        );
        assert_eq!(
            echo(&input),
            json!([null, "inf", [1, "a"], {"x": 1, "y": 2}]),
        );
    }

    #[test]
    fn failing_serialize_is_replaced_where_it_failed() {
        assert_eq!(echo(&Failing), json!("<unserializable: tensor on GPU>"));
        assert_eq!(
            echo(&(1, Failing)),
            json!([1, "<unserializable: tensor on GPU>"]),
        );
        let map: BTreeMap<&str, Option<Failing>> = [("a", Some(Failing)), ("b", None)].into();
        assert_eq!(
            echo(&map),
            json!({"a": "<unserializable: tensor on GPU>", "b": null}),
        );
    }

    #[test]
    fn strings_inside_containers_are_echoed_safely() {
        let small = limits(6, 64, 16);
        let input = json!({
            "prompt": "a cat in a hat",
            "image": "data:image/png;base64,AAAA",
            "negative_prompt": "",
        });
        assert_eq!(
            echo_value(&input, &small),
            json!({
                "prompt": "a cat ...<truncated, 14 bytes>",
                "image": "<data URI image/...<truncated, 9 bytes>, 3 bytes>",
                "negati...<truncated, 15 bytes>": "",
            }),
        );
    }
}
