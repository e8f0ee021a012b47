//! A query string read into `T` pair by pair: serde's derive says what went wrong through
//! [`de::Error`]'s structured calls (the missing field, the unknown field, the allowed
//! variants), taken by the JSON extractor's [`Fault`], and the deserializer places a
//! failure at the key of the pair it was reading. No message text is read back, so a key
//! or value holding backticks or quotes cannot change what a refusal is.
//!
//! A repeated key keeps its last value, as FastAPI reads a scalar parameter. Values are
//! parsed as pydantic parses query parameters: integers range-checked
//! (`greater_than_equal` / `less_than_equal` with the type's bound, as the JSON
//! extractor does), booleans from `true`/`false`, `1`/`0`, `yes`/`no`, `on`/`off`,
//! `t`/`f`, `y`/`n` in any case.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::de::value::MapDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};

use crate::integrations::json::{Fault, JsonError, bound};
use crate::model_error::ModelError;

/// Reads `query` (the part of the URI after `?`) into `T`; a refusal is placed at the key
/// it is about (none when no pair is to blame).
pub(super) fn from_query<'q, T: de::Deserialize<'q>>(query: &'q str) -> Result<T, Fault> {
    T::deserialize(Pairs(query))
}

/// The value `query` gives `key` as [`from_query`] reads it: its last.
pub(super) fn value_of(query: &str, key: &str) -> Option<String> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name == key)
        .last()
        .map(|(_, value)| value.into_owned())
}

/// The refusal of `text`, which a parser refused as the integer type named `name` (`u8` …
/// `isize`, as axum names a path parameter's type): the bound of the type it crosses,
/// else `int_parsing`; `None` when `name` is no integer type.
pub(super) fn integer_refusal(text: &str, name: &str) -> Option<JsonError> {
    let (min, max) = match name {
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" => (0, u64::MAX.into()),
        "u128" => (0, i128::MAX),
        "usize" => (0, usize::MAX as i128),
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        "i128" => (i128::MIN, i128::MAX),
        "isize" => (isize::MIN as i128, isize::MAX as i128),
        _ => return None,
    };
    Some(match Part(Cow::Borrowed(text)).integer(min, max) {
        Ok(_) => JsonError::IntParsing,
        Err(refused) => refused.into_parts().0,
    })
}

/// The whole query string: a map of its pairs (a sequence of `(key, value)` for a type
/// that asks for one).
struct Pairs<'q>(&'q str);

impl<'q> Pairs<'q> {
    fn iter(&self) -> impl Iterator<Item = (Part<'q>, Part<'q>)> {
        form_urlencoded::parse(self.0.as_bytes()).map(|(key, value)| (Part(key), Part(value)))
    }

    /// The pairs with one per key, as a dict of them: a repeated key keeps its first
    /// position and its last value (Starlette's `QueryParams` read as FastAPI reads a
    /// scalar parameter).
    fn last_of_each_key(&self) -> Vec<(Cow<'q, str>, Cow<'q, str>)> {
        let mut pairs: Vec<(Cow<'q, str>, Cow<'q, str>)> = Vec::new();
        let mut positions: HashMap<Cow<'q, str>, usize> = HashMap::new();
        for (key, value) in form_urlencoded::parse(self.0.as_bytes()) {
            match positions.get(&key) {
                Some(&position) => pairs[position].1 = value,
                None => {
                    positions.insert(key.clone(), pairs.len());
                    pairs.push((key, value));
                }
            }
        }
        pairs
    }
}

impl<'de> Deserializer<'de> for Pairs<'de> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_map(Entries {
            pairs: self.last_of_each_key().into_iter(),
            value: None,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let mut pairs = MapDeserializer::new(self.iter());
        let value = visitor.visit_seq(&mut pairs)?;
        pairs.end()?;
        Ok(value)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit_struct tuple tuple_struct map struct enum identifier ignored_any
    }
}

/// The pairs one by one; each failure is placed at the pair it was reading.
struct Entries<'q> {
    pairs: std::vec::IntoIter<(Cow<'q, str>, Cow<'q, str>)>,
    /// The pair whose key was just read.
    value: Option<(Cow<'q, str>, Cow<'q, str>)>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fault> {
        let Some((key, value)) = self.pairs.next() else {
            return Ok(None);
        };
        let read = seed
            .deserialize(Part(key.clone()))
            .map_err(|fault| fault.within(key.clone().into_owned()))?;
        self.value = Some((key, value));
        Ok(Some(read))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Fault> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a value was read before its key"));
        };
        seed.deserialize(Part(value))
            .map_err(|fault| fault.within(key.into_owned()))
    }
}

/// One key or value of the query string, parsed as the type asks.
struct Part<'q>(Cow<'q, str>);

impl<'de> IntoDeserializer<'de, Fault> for Part<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl Part<'_> {
    /// The integer this text holds, range-checked against `min..=max`.
    fn integer(&self, min: i128, max: i128) -> Result<i128, Fault> {
        let text = self.0.trim();
        let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
        let integer = match text.parse::<i128>() {
            Ok(integer) => integer,
            // Only digits, yet no `i128`: out of any range.
            Err(_) if !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit()) => {
                if text.starts_with('-') {
                    i128::MIN
                } else {
                    i128::MAX
                }
            }
            Err(_) => return Err(Fault::new(JsonError::IntParsing)),
        };
        if integer < min {
            Err(Fault::new(JsonError::Model(ModelError::GreaterThanEqual {
                ge: bound(min),
            })))
        } else if integer > max {
            Err(Fault::new(JsonError::Model(ModelError::LessThanEqual {
                le: bound(max),
            })))
        } else {
            Ok(integer)
        }
    }

    fn float(&self) -> Result<f64, Fault> {
        self.0
            .trim()
            .parse()
            .map_err(|_| Fault::new(JsonError::FloatParsing))
    }

    /// pydantic's words for a boolean, in any case.
    fn boolean(&self) -> Result<bool, Fault> {
        const TRUE: [&str; 6] = ["1", "on", "t", "true", "y", "yes"];
        const FALSE: [&str; 6] = ["0", "off", "f", "false", "n", "no"];
        let text = self.0.trim();
        if TRUE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
            Ok(true)
        } else if FALSE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
            Ok(false)
        } else {
            Err(Fault::new(JsonError::BoolParsing))
        }
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
            let integer = self.integer(<$ty>::MIN as i128, <$ty>::MAX as i128)?;
            let integer = <$ty>::try_from(integer).map_err(|_| Fault::new(JsonError::IntParsing))?;
            visitor.$visit(integer)
        }
    )*};
}

impl<'de> Deserializer<'de> for Part<'de> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.0 {
            Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    integers! {
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_i128 visit_i128 i128,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
    }

    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let integer = self.integer(0, i128::MAX)?;
        visitor.visit_u128(integer.unsigned_abs())
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_f32(self.float()? as f32)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_f64(self.float()?)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_bool(self.boolean()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        visitor.visit_enum(self.0.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}
