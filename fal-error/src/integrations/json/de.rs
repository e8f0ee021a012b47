//! `T`'s `Deserialize` run over a [`Document`]: the deserializer knows, for every
//! failure, the node it read and the way to it, and serde's derive tells it what went wrong
//! through [`de::Error`]'s structured constructors (the missing field, the unknown field,
//! the allowed variants). Nothing is read back from a message text.

use std::fmt::{self, Display, Write};

use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, Unexpected, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use super::JsonError;
use super::document::{Document, Entry, Node, Numeral, Span};
use crate::FalError;
use crate::echo::{self, EchoLimits, Echoed};
use crate::loc::{Loc, LocItem};
use crate::located::Located;
use crate::model_error::ModelError;
use crate::values::Number;

/// Longest `value_error` text kept from a `Deserialize` impl's message, in bytes.
const MAX_MESSAGE_BYTES: usize = 512;

/// A refusal on its way out of `T::deserialize`: what went wrong, at which node, and the
/// path to it, innermost item first.
#[derive(Debug)]
pub(crate) struct Fault {
    error: JsonError,
    /// Whether the refused value is echoed (not for a missing field).
    echo: bool,
    node: Option<usize>,
    path: Vec<LocItem>,
}

impl Fault {
    pub(crate) fn new(error: JsonError) -> Self {
        Fault {
            error,
            echo: true,
            node: None,
            path: Vec::new(),
        }
    }

    fn value_error(args: fmt::Arguments<'_>) -> Self {
        Fault::new(JsonError::ValueError {
            error: capped(args, MAX_MESSAGE_BYTES),
        })
    }

    /// Marks the node the fault happened at, unless a deeper one already did.
    fn at(mut self, node: usize) -> Self {
        self.node.get_or_insert(node);
        self
    }

    pub(crate) fn within(mut self, item: impl Into<LocItem>) -> Self {
        self.path.push(item.into());
        self
    }

    /// What went wrong, the path to it (innermost item first) and whether the refused
    /// value is echoed, for a deserializer that echoes from its own input.
    #[cfg(feature = "axum")]
    pub(crate) fn into_parts(self) -> (JsonError, Vec<LocItem>, bool) {
        (self.error, self.path, self.echo)
    }

    /// The placed error, echoing the refused value from `document` within `limits`.
    pub(crate) fn located(
        self,
        document: &Document<'_>,
        limits: &EchoLimits,
    ) -> Located<JsonError> {
        let loc = self
            .path
            .into_iter()
            .rev()
            .fold(Loc::body(), |loc, item| loc.key(item));
        let error = self.error.at_loc(loc);
        match self.node.filter(|_| self.echo) {
            Some(node) => error.with_echoed(echo_node(document, node, limits)),
            None => error,
        }
    }

    /// The same fault as a `value_error` with its message: after the schema passed, a
    /// refusal of `T`'s own `Deserialize` is one.
    #[cfg(feature = "schemars")]
    pub(super) fn into_value_error(self) -> Self {
        if matches!(
            self.error,
            JsonError::ValueError { .. } | JsonError::Missing
        ) {
            return self;
        }
        Fault {
            error: JsonError::ValueError {
                error: self.error.msg().into_owned(),
            },
            ..self
        }
    }
}

impl Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::FalError::msg(&self.error))
    }
}

impl std::error::Error for Fault {}

impl de::Error for Fault {
    fn custom<T: Display>(message: T) -> Self {
        Fault::value_error(format_args!("{message}"))
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        let expected = capped(format_args!("{expected}"), MAX_MESSAGE_BYTES);
        match type_error(&expected, &unexpected) {
            Some(error) => Fault::new(error),
            None => Fault::value_error(format_args!(
                "invalid type: {unexpected}, expected {expected}"
            )),
        }
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Fault::value_error(format_args!(
            "invalid value: {unexpected}, expected {expected}"
        ))
    }

    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Self {
        Fault::value_error(format_args!("invalid length {len}, expected {expected}"))
    }

    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        one_of(expected)
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Fault::new(JsonError::ExtraForbidden)
    }

    fn missing_field(field: &'static str) -> Self {
        Fault {
            echo: false,
            ..Fault::new(JsonError::Missing)
        }
        .within(field)
    }
}

fn one_of(expected: &[&str]) -> Fault {
    Fault::new(JsonError::Model(ModelError::OneOf {
        expected: expected.iter().copied().collect(),
    }))
}

/// `args` formatted, cut after `max` bytes as echoed strings are.
pub(super) fn capped(args: fmt::Arguments<'_>, max: usize) -> String {
    struct Capped {
        kept: String,
        max: usize,
        total: usize,
    }
    impl Write for Capped {
        fn write_str(&mut self, piece: &str) -> fmt::Result {
            self.total += piece.len();
            let room = self.max.saturating_sub(self.kept.len());
            let mut end = room.min(piece.len());
            while !piece.is_char_boundary(end) {
                end -= 1;
            }
            self.kept.push_str(&piece[..end]);
            Ok(())
        }
    }
    let mut out = Capped {
        kept: String::new(),
        max,
        total: 0,
    };
    let _ = out.write_fmt(args);
    if out.total > out.kept.len() {
        let _ = write!(out.kept, "...<truncated, {} bytes>", out.total);
    }
    out.kept
}

/// The pydantic type of a value of the wrong JSON type, from what a visitor expected.
pub(super) fn type_error(expected: &str, unexpected: &Unexpected<'_>) -> Option<JsonError> {
    let is_string = matches!(unexpected, Unexpected::Str(_) | Unexpected::Char(_));
    let error = if is_integer_name(expected) {
        match unexpected {
            Unexpected::Str(_) => JsonError::IntParsing,
            Unexpected::Float(float) if float.fract() != 0.0 => JsonError::IntFromFloat,
            _ => JsonError::IntType,
        }
    } else if matches!(expected, "f32" | "f64") {
        if is_string {
            JsonError::FloatParsing
        } else {
            JsonError::FloatType
        }
    } else if expected == "a boolean" {
        if is_string {
            JsonError::BoolParsing
        } else {
            JsonError::BoolType
        }
    } else if matches!(
        expected,
        "a string" | "a borrowed string" | "a character" | "a char"
    ) {
        JsonError::StringType
    } else if matches!(expected, "a sequence" | "an array")
        || expected.starts_with("a tuple")
        || expected.starts_with("an array")
    {
        JsonError::ListType
    } else if expected == "a map" {
        JsonError::DictType
    } else if expected.starts_with("struct ") {
        JsonError::ModelAttributesType
    } else {
        return None;
    };
    Some(error)
}

fn is_integer_name(name: &str) -> bool {
    matches!(
        name,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

/// Deserializes the node `node` of `document`.
#[derive(Clone, Copy)]
pub(crate) struct NodeDe<'d, 'b> {
    pub(crate) document: &'d Document<'b>,
    pub(crate) node: usize,
}

impl<'d> NodeDe<'d, '_> {
    fn kind(self) -> Node {
        self.document.node(self.node)
    }

    fn fail<T>(self, error: JsonError) -> Result<T, Fault> {
        Err(Fault::new(error).at(self.node))
    }

    /// The integer this node holds, range-checked against `min..=max`.
    fn integer(self, min: i128, max: i128) -> Result<i128, Fault> {
        let out_of_range = |below: bool| {
            let error = if below {
                ModelError::GreaterThanEqual { ge: bound(min) }
            } else {
                ModelError::LessThanEqual { le: bound(max) }
            };
            Err(Fault::new(JsonError::Model(error)).at(self.node))
        };
        match self.kind() {
            Node::Number(span) => match self.document.numeral(span) {
                Numeral::Int(integer) if integer < min => out_of_range(true),
                Numeral::Int(integer) if integer > max => out_of_range(false),
                Numeral::Int(integer) => Ok(integer),
                Numeral::Huge { negative } => out_of_range(negative),
                Numeral::Float(float) if float.fract() != 0.0 || !float.is_finite() => {
                    self.fail(JsonError::IntFromFloat)
                }
                Numeral::Float(float) if float < min as f64 => out_of_range(true),
                Numeral::Float(float) if float > max as f64 => out_of_range(false),
                Numeral::Float(float) => Ok(float as i128),
            },
            Node::String(_) => self.fail(JsonError::IntParsing),
            _ => self.fail(JsonError::IntType),
        }
    }

    fn float(self) -> Result<f64, Fault> {
        match self.kind() {
            Node::Number(span) => Ok(match self.document.numeral(span) {
                Numeral::Int(integer) => integer as f64,
                _ => self.document.number_text(span).parse().unwrap_or(f64::NAN),
            }),
            Node::String(_) => self.fail(JsonError::FloatParsing),
            _ => self.fail(JsonError::FloatType),
        }
    }

    fn string(self) -> Result<&'d str, Fault> {
        match self.kind() {
            Node::String(span) => Ok(self.document.text(span)),
            _ => self.fail(JsonError::StringType),
        }
    }
}

/// A type's bound as a ctx number: an integer while it fits in 64 bits.
pub(crate) fn bound(value: i128) -> Number {
    i64::try_from(value)
        .map(Number::Int)
        .or_else(|_| u64::try_from(value).map(Number::UInt))
        .unwrap_or(Number::Float(value as f64))
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
            let integer = self.integer(<$ty>::MIN as i128, <$ty>::MAX as i128)?;
            let integer = <$ty>::try_from(integer).map_err(|_| Fault::new(JsonError::IntType).at(self.node))?;
            visitor.$visit(integer).map_err(|fault: Fault| fault.at(self.node))
        }
    )*};
}

impl<'de> Deserializer<'de> for NodeDe<'_, '_> {
    type Error = Fault;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let document = self.document;
        match self.kind() {
            Node::Null => visitor.visit_unit(),
            Node::Bool(value) => visitor.visit_bool(value),
            Node::Number(span) => match document.numeral(span) {
                Numeral::Int(integer) => match (i64::try_from(integer), u64::try_from(integer)) {
                    (Ok(signed), _) => visitor.visit_i64(signed),
                    (_, Ok(unsigned)) => visitor.visit_u64(unsigned),
                    _ => visitor.visit_f64(integer as f64),
                },
                _ => visitor.visit_f64(document.number_text(span).parse().unwrap_or(f64::NAN)),
            },
            Node::String(span) => visitor.visit_str(document.text(span)),
            Node::Array(span) => visitor.visit_seq(Items::new(document, span)),
            Node::Object(span) => visitor.visit_map(Entries::new(document, span)),
        }
        .map_err(|fault: Fault| fault.at(self.node))
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
        visitor
            .visit_u128(integer.unsigned_abs())
            .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let float = self.float()?;
        visitor
            .visit_f32(float as f32)
            .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let float = self.float()?;
        visitor
            .visit_f64(float)
            .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Node::Bool(value) => visitor
                .visit_bool(value)
                .map_err(|fault: Fault| fault.at(self.node)),
            Node::String(_) => self.fail(JsonError::BoolParsing),
            _ => self.fail(JsonError::BoolType),
        }
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        let string = self.string()?;
        visitor
            .visit_str(string)
            .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Node::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
        .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.deserialize_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        visitor
            .visit_newtype_struct(self)
            .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Node::Array(span) => visitor
                .visit_seq(Items::new(self.document, span))
                .map_err(|fault: Fault| fault.at(self.node)),
            _ => self.fail(JsonError::ListType),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        match self.kind() {
            Node::Object(span) => visitor
                .visit_map(Entries::new(self.document, span))
                .map_err(|fault: Fault| fault.at(self.node)),
            _ => self.fail(JsonError::DictType),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        match self.kind() {
            Node::Object(span) => visitor
                .visit_map(Entries::new(self.document, span))
                .map_err(|fault: Fault| fault.at(self.node)),
            _ => self.fail(JsonError::ModelAttributesType),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        let access = match self.kind() {
            Node::String(span) => Variant {
                document: self.document,
                name: self.document.text(span),
                value: None,
            },
            Node::Object(span) => match self.document.entries(span) {
                [entry] => Variant {
                    document: self.document,
                    name: self.document.key(entry),
                    value: Some(entry.value),
                },
                _ => return Err(one_of(variants).at(self.node)),
            },
            _ => return Err(one_of(variants).at(self.node)),
        };
        visitor
            .visit_enum(access)
            .map_err(|fault: Fault| fault.at(self.node))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Fault> {
        visitor.visit_unit()
    }
}

/// The items of an array, each failure placed at its index.
struct Items<'d, 'b> {
    document: &'d Document<'b>,
    items: std::iter::Enumerate<std::slice::Iter<'d, usize>>,
}

impl<'d, 'b> Items<'d, 'b> {
    fn new(document: &'d Document<'b>, span: Span) -> Self {
        Items {
            document,
            items: document.items(span).iter().enumerate(),
        }
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = Fault;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Fault> {
        let Some((index, &node)) = self.items.next() else {
            return Ok(None);
        };
        seed.deserialize(NodeDe {
            document: self.document,
            node,
        })
        .map(Some)
        .map_err(|fault| fault.within(index))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of an object, each failure placed at its key.
struct Entries<'d, 'b> {
    document: &'d Document<'b>,
    entries: std::slice::Iter<'d, Entry>,
    current: Option<&'d Entry>,
}

impl<'d, 'b> Entries<'d, 'b> {
    fn new(document: &'d Document<'b>, span: Span) -> Self {
        Entries {
            document,
            entries: document.entries(span).iter(),
            current: None,
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, '_> {
    type Error = Fault;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Fault> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.current = Some(entry);
        let key = self.document.key(entry);
        // A refused key (an unknown field) is reported at the key, echoing its value.
        seed.deserialize(key.into_deserializer())
            .map(Some)
            .map_err(|fault: Fault| fault.at(entry.value).within(key.to_owned()))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Fault> {
        let Some(entry) = self.current.take() else {
            return Err(Fault::value_error(format_args!("a value without its key")));
        };
        seed.deserialize(NodeDe {
            document: self.document,
            node: entry.value,
        })
        .map_err(|fault| fault.within(self.document.key(entry).to_owned()))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum's variant: a bare string, or the single key of an object with its value.
struct Variant<'d, 'b> {
    document: &'d Document<'b>,
    name: &'d str,
    value: Option<usize>,
}

impl<'de, 'd, 'b> de::EnumAccess<'de> for Variant<'d, 'b> {
    type Error = Fault;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Fault> {
        let name: de::value::StrDeserializer<'_, Fault> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, '_> {
    type Error = Fault;

    fn unit_variant(self) -> Result<(), Fault> {
        match self.value.map(|node| self.document.node(node)) {
            None | Some(Node::Null) => Ok(()),
            Some(_) => Err(Fault::value_error(format_args!(
                "invalid type: a value, expected unit variant"
            ))),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Fault> {
        seed.deserialize(self.content()?)
            .map_err(|fault| fault.within(self.name.to_owned()))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Fault> {
        self.content()?
            .deserialize_seq(visitor)
            .map_err(|fault| fault.within(self.name.to_owned()))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Fault> {
        self.content()?
            .deserialize_struct("", fields, visitor)
            .map_err(|fault| fault.within(self.name.to_owned()))
    }
}

impl<'d, 'b> Variant<'d, 'b> {
    fn content(&self) -> Result<NodeDe<'d, 'b>, Fault> {
        match self.value {
            Some(node) => Ok(NodeDe {
                document: self.document,
                node,
            }),
            None => Err(Fault::value_error(format_args!(
                "invalid type: unit variant, expected a variant with content"
            ))),
        }
    }
}

/// The node's value copied from the body within `limits`.
pub(super) fn echo_node(document: &Document<'_>, node: usize, limits: &EchoLimits) -> Echoed {
    echo::echoed(&NodeRef { document, node }, limits)
}

/// A node as `Serialize`, for the echo: objects in the body's key order, integers
/// beyond 64 bits as their digits. The echo stops descending at its limits, so
/// only what is echoed is visited below the first level.
struct NodeRef<'d, 'b> {
    document: &'d Document<'b>,
    node: usize,
}

impl Serialize for NodeRef<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let document = self.document;
        let child = |node| NodeRef { document, node };
        match document.node(self.node) {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(value) => serializer.serialize_bool(value),
            Node::Number(span) => match document.numeral(span) {
                Numeral::Int(integer) => match (i64::try_from(integer), u64::try_from(integer)) {
                    (Ok(signed), _) => serializer.serialize_i64(signed),
                    (_, Ok(unsigned)) => serializer.serialize_u64(unsigned),
                    _ => echo::serialize_digits(document.number_text(span), serializer),
                },
                Numeral::Huge { .. } => {
                    echo::serialize_digits(document.number_text(span), serializer)
                }
                Numeral::Float(float) => serializer.serialize_f64(float),
            },
            Node::String(span) => serializer.serialize_str(document.text(span)),
            Node::Array(span) => {
                let items = document.items(span);
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for &item in items {
                    seq.serialize_element(&child(item))?;
                }
                seq.end()
            }
            Node::Object(span) => {
                let entries = document.entries(span);
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for entry in entries {
                    map.serialize_entry(document.key(entry), &child(entry.value))?;
                }
                map.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_text_keeps_a_prefix_and_the_size() {
        assert_eq!(capped(format_args!("{}", "abc"), 8), "abc");
        assert_eq!(
            capped(format_args!("{}{}", "ab", "cdé"), 4),
            "abcd...<truncated, 6 bytes>"
        );
        assert_eq!(capped(format_args!("é"), 1), "...<truncated, 2 bytes>");
    }
}
