//! The serializer that copies a `Serialize` value into an [`Echoed`] within
//! [`EchoLimits`].
//!
//! It descends only into what it keeps: below the depth limit a container is not
//! visited, and once a container with a known length (every `Vec`, slice and map has one)
//! has given the items the limits keep, it stops the value's own `Serialize` at once and
//! counts the rest from that length. Neither the stack nor the work grows with what the
//! limits cut.

use std::cell::Cell;
use std::fmt::{self, Display};
use std::mem;

use serde::ser::{self, Serialize};
use serde_json::Value;

use super::echoed::{CUT, Echoed, RAW_VALUE, TRUNCATED, Text};
use super::peek::{is_marker, text_of};
use super::{EchoLimits, data_uri_summary, non_finite_name};

/// What every value kept costs beyond its text, against `max_total_bytes`.
const VALUE_COST: usize = 8;

/// `value` as the echo keeps it within `limits`; it never fails.
pub(crate) fn echoed<T: Serialize + ?Sized>(value: &T, limits: &EchoLimits) -> Echoed {
    let budget = Cell::new(limits.max_total_bytes);
    Echo {
        limits,
        depth: 0,
        budget: &budget,
    }
    .echo(value)
}

/// Why a copy stopped early: a `Serialize` impl that gave up (its message), or a container
/// that has kept all it will (its echo, taken out of the container's `Serialize`).
#[derive(Debug)]
pub(crate) enum Error {
    Failed(String),
    Stopped(Echoed),
}

impl Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Error::Failed(message) => formatter.write_str(message),
            Error::Stopped(_) => formatter.write_str("echo limits reached"),
        }
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error::Failed(message.to_string())
    }
}

fn too_deep() -> Echoed {
    Echoed::Text(Text::whole("<nested too deep>".to_owned()))
}

/// The echo of one value; `depth` counts enclosing containers, `budget` what the whole copy
/// may still keep.
#[derive(Clone, Copy)]
struct Echo<'a> {
    limits: &'a EchoLimits,
    depth: usize,
    budget: &'a Cell<usize>,
}

impl<'a> Echo<'a> {
    fn echo<T: Serialize + ?Sized>(self, value: &T) -> Echoed {
        let echoed = match value.serialize(self) {
            Ok(echoed) | Err(Error::Stopped(echoed)) => echoed,
            Err(Error::Failed(message)) => {
                Echoed::Text(Text::whole(format!("<unserializable: {message}>")))
            }
        };
        self.spend(VALUE_COST);
        echoed
    }

    fn deeper(self) -> Self {
        Echo {
            depth: self.depth + 1,
            ..self
        }
    }

    fn child<T: Serialize + ?Sized>(self, value: &T) -> Echoed {
        self.deeper().echo(value)
    }

    fn too_deep(self) -> bool {
        self.depth >= self.limits.max_depth
    }

    fn spend(self, bytes: usize) {
        self.budget.set(self.budget.get().saturating_sub(bytes));
    }

    /// Whether a container may keep one more item.
    fn keeps(self, kept: usize) -> bool {
        kept < self.limits.max_items && self.budget.get() > 0
    }

    fn max_string_bytes(self) -> usize {
        self.limits.max_string_bytes.min(self.budget.get())
    }

    fn string(self, string: &str) -> Echoed {
        let text = match data_uri_summary(string, self.limits) {
            Some(summary) => Text::whole(summary),
            None => Text::cut(string, self.max_string_bytes()),
        };
        self.spend(text.kept.len());
        Echoed::Text(text)
    }

    /// A string an earlier echo cut: cut again here if need be, keeping its length.
    fn cut_again(self, shown: &str) -> Echoed {
        let parsed = shown.rsplit_once(TRUNCATED).and_then(|(kept, rest)| {
            let len = rest.strip_suffix(" bytes>")?.parse::<usize>().ok()?;
            Some((kept, len))
        });
        let Some((kept, len)) = parsed else {
            return self.string(shown);
        };
        let text = Text {
            len,
            ..Text::cut(kept, self.max_string_bytes())
        };
        self.spend(text.kept.len());
        Echoed::Text(text)
    }

    /// Raw JSON text (serde_json's `RawValue`, or an integer beyond 64 bits an earlier
    /// echo kept): a number as its digits, anything else echoed as parsed.
    fn raw(self, raw: &str) -> Echoed {
        let raw = raw.trim();
        let digits = raw.strip_prefix('-').unwrap_or(raw);
        if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) {
            if let Ok(number) = raw.parse::<serde_json::Number>()
                && (number.is_i64() || number.is_u64())
            {
                return Echoed::Number(number);
            }
            if raw.len() <= self.max_string_bytes() {
                self.spend(raw.len());
                return Echoed::Digits(raw.into());
            }
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(value) => match value.serialize(self) {
                Ok(echoed) | Err(Error::Stopped(echoed)) => echoed,
                Err(Error::Failed(_)) => self.string(raw),
            },
            Err(_) => self.string(raw),
        }
    }

    fn array(self, hint: Option<usize>) -> Result<Array<'a>, Error> {
        if self.too_deep() {
            return Err(Error::Stopped(too_deep()));
        }
        Ok(Array::new(self, hint))
    }

    fn object(self, hint: Option<usize>) -> Result<Object<'a>, Error> {
        if self.too_deep() {
            return Err(Error::Stopped(too_deep()));
        }
        Ok(Object::new(self, hint))
    }

    fn variant(self, variant: &str, value: Echoed) -> Echoed {
        if self.too_deep() {
            return too_deep();
        }
        Echoed::Object {
            entries: vec![(Text::whole(variant.to_owned()), value)],
            len: 1,
        }
    }
}

fn number(number: impl Into<serde_json::Number>) -> Result<Echoed, Error> {
    Ok(Echoed::Number(number.into()))
}

fn float(float: f64) -> Result<Echoed, Error> {
    Ok(serde_json::Number::from_f64(float).map_or_else(
        || Echoed::Text(Text::whole(non_finite_name(float).to_owned())),
        Echoed::Number,
    ))
}

fn wide<I: Copy + Display>(integer: I) -> Result<Echoed, Error>
where
    i64: TryFrom<I>,
    u64: TryFrom<I>,
{
    if let Ok(small) = i64::try_from(integer) {
        number(small)
    } else if let Ok(large) = u64::try_from(integer) {
        number(large)
    } else {
        Ok(Echoed::Digits(integer.to_string().into()))
    }
}

macro_rules! numbers {
    ($($convert:ident: $($method:ident($ty:ty)),*;)*) => {$($(
        fn $method(self, v: $ty) -> Result<Echoed, Error> {
            $convert(v)
        }
    )*)*};
}

impl<'a> ser::Serializer for Echo<'a> {
    type Ok = Echoed;
    type Error = Error;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = Variant<'a, Array<'a>>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Variant<'a, Object<'a>>;

    fn serialize_bool(self, v: bool) -> Result<Echoed, Error> {
        Ok(Echoed::Bool(v))
    }

    numbers! {
        number: serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_u8(u8), serialize_u16(u16), serialize_u32(u32), serialize_u64(u64);
        wide: serialize_i128(i128), serialize_u128(u128);
    }

    fn serialize_f32(self, v: f32) -> Result<Echoed, Error> {
        float(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<Echoed, Error> {
        float(v)
    }

    fn serialize_char(self, v: char) -> Result<Echoed, Error> {
        Ok(Echoed::Text(Text::whole(v.to_string())))
    }

    fn serialize_str(self, v: &str) -> Result<Echoed, Error> {
        Ok(self.string(v))
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<Echoed, Error> {
        Ok(Echoed::Text(Text::whole(format!(
            "<binary {} bytes>",
            v.len()
        ))))
    }

    fn serialize_none(self) -> Result<Echoed, Error> {
        Ok(Echoed::Null)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Echoed, Error> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Echoed, Error> {
        Ok(Echoed::Null)
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<Echoed, Error> {
        Ok(Echoed::Null)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Echoed, Error> {
        Ok(self.string(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Echoed, Error> {
        if name == CUT
            && let Some(shown) = text_of(value)
        {
            return Ok(self.cut_again(&shown));
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Echoed, Error> {
        if self.too_deep() {
            return Ok(too_deep());
        }
        Ok(self.variant(variant, self.child(value)))
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Array<'a>, Error> {
        self.array(len)
    }

    fn serialize_tuple(self, len: usize) -> Result<Array<'a>, Error> {
        self.array(Some(len))
    }

    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Array<'a>, Error> {
        self.array(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, Array<'a>>, Error> {
        Ok(Variant {
            echo: self,
            name: variant,
            inner: Array::new(self.deeper(), None),
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Object<'a>, Error> {
        self.object(len)
    }

    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Object<'a>, Error> {
        if name == RAW_VALUE {
            return Ok(Object {
                raw: true,
                ..Object::new(self, None)
            });
        }
        // A struct's length counts the fields it writes; it is not needed to count them.
        self.object(None)
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<'a, Object<'a>>, Error> {
        Ok(Variant {
            echo: self,
            name: variant,
            inner: Object::new(self.deeper(), None),
        })
    }
}

/// An array being echoed: the items kept, how many were offered, the length announced.
pub(crate) struct Array<'a> {
    echo: Echo<'a>,
    items: Vec<Echoed>,
    offered: usize,
    hint: Option<usize>,
}

impl<'a> Array<'a> {
    fn new(echo: Echo<'a>, hint: Option<usize>) -> Self {
        Array {
            echo,
            items: Vec::new(),
            offered: 0,
            hint,
        }
    }

    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if self.echo.too_deep() || is_marker(value) {
            return Ok(());
        }
        self.offered += 1;
        if self.echo.keeps(self.items.len()) {
            self.items.push(self.echo.child(value));
        } else if self.hint.is_some() {
            return Err(Error::Stopped(self.take()));
        }
        Ok(())
    }

    fn take(&mut self) -> Echoed {
        if self.echo.too_deep() {
            return too_deep();
        }
        Echoed::Array {
            items: mem::take(&mut self.items),
            len: self.hint.unwrap_or(0).max(self.offered),
        }
    }
}

macro_rules! array_impl {
    ($($trait:ident::$method:ident),*) => {$(
        impl ser::$trait for Array<'_> {
            type Ok = Echoed;
            type Error = Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
                self.push(value)
            }

            fn end(mut self) -> Result<Echoed, Error> {
                Ok(self.take())
            }
        }
    )*};
}

array_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// An object being echoed: the entries kept in the order given, how many were offered,
/// the length announced; `raw` for serde_json's raw-value struct.
pub(crate) struct Object<'a> {
    echo: Echo<'a>,
    entries: Vec<(Text, Echoed)>,
    offered: usize,
    hint: Option<usize>,
    /// The key of the entry being serialized, or `None` if it is dropped.
    key: Option<Text>,
    /// The entry being serialized is the marker of an earlier echo.
    marker: bool,
    raw: bool,
    raw_value: Option<Echoed>,
}

impl<'a> Object<'a> {
    fn new(echo: Echo<'a>, hint: Option<usize>) -> Self {
        Object {
            echo,
            entries: Vec::new(),
            offered: 0,
            hint,
            key: None,
            marker: false,
            raw: false,
            raw_value: None,
        }
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = None;
        self.marker = is_marker(key);
        if self.marker || self.echo.too_deep() {
            return Ok(());
        }
        self.offered += 1;
        if self.echo.keeps(self.entries.len()) {
            self.key = Some(key_text(self.echo.child(key), self.echo.limits));
        } else if self.hint.is_some() {
            return Err(Error::Stopped(self.take()));
        }
        Ok(())
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) {
        if let Some(key) = self.key.take() {
            let value = self.echo.child(value);
            self.entries.push((key, value));
        }
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.raw {
            let raw = text_of(value).unwrap_or_default();
            self.raw_value = Some(self.echo.raw(&raw));
            return;
        }
        if self.echo.too_deep() {
            return;
        }
        self.offered += 1;
        if self.echo.keeps(self.entries.len()) {
            let Echoed::Text(key) = self.echo.string(key) else {
                return;
            };
            let value = self.echo.child(value);
            self.entries.push((key, value));
        }
    }

    fn take(&mut self) -> Echoed {
        if let Some(raw) = self.raw_value.take() {
            return raw;
        }
        if self.echo.too_deep() {
            return too_deep();
        }
        Echoed::Object {
            entries: mem::take(&mut self.entries),
            len: self.hint.unwrap_or(0).max(self.offered),
        }
    }
}

/// A map key as the text JSON needs: strings as they are, anything else as its JSON.
fn key_text(key: Echoed, limits: &EchoLimits) -> Text {
    match key {
        Echoed::Text(text) => text,
        other => {
            let json = serde_json::to_string(&other).unwrap_or_default();
            if json.len() > limits.max_string_bytes {
                Text::cut(&json, limits.max_string_bytes)
            } else {
                Text::whole(json)
            }
        }
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = Echoed;
    type Error = Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        if !mem::take(&mut self.marker) {
            self.value(value);
        }
        Ok(())
    }

    fn end(mut self) -> Result<Echoed, Error> {
        Ok(self.take())
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = Echoed;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.field(key, value);
        Ok(())
    }

    fn end(mut self) -> Result<Echoed, Error> {
        Ok(self.take())
    }
}

/// A tuple or struct variant, echoed as `{"Name": inner}`.
pub(crate) struct Variant<'a, I> {
    echo: Echo<'a>,
    name: &'static str,
    inner: I,
}

impl ser::SerializeTupleVariant for Variant<'_, Array<'_>> {
    type Ok = Echoed;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.push(value)
    }

    fn end(mut self) -> Result<Echoed, Error> {
        Ok(self.echo.variant(self.name, self.inner.take()))
    }
}

impl ser::SerializeStructVariant for Variant<'_, Object<'_>> {
    type Ok = Echoed;
    type Error = Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.inner.field(key, value);
        Ok(())
    }

    fn end(mut self) -> Result<Echoed, Error> {
        Ok(self.echo.variant(self.name, self.inner.take()))
    }
}
