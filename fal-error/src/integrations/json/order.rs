//! The order of an input type's fields, read once from its `Deserialize` impl: pydantic
//! reports a model's errors in field order, and a JSON Schema's `properties` (a
//! `serde_json::Map`, sorted) no longer know it.
//!
//! A probing deserializer hands `T::deserialize` a placeholder for every value (zero,
//! `""`, one list item, `Some`, the first variant) and records the fields each struct
//! names, keyed by the path of field names that leads to it (list indexes left out).
//! A type whose `Deserialize` refuses the placeholders keeps the fields seen so far; the
//! rest sort by name.

use std::collections::HashMap;

use serde::de::value::{Error, StrDeserializer};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, Visitor};

use crate::loc::{Loc, LocItem};

/// Nested structs deeper than this are not probed (a recursive type ends here).
const MAX_DEPTH: usize = 32;

/// Each struct's fields in declaration order, by the path of field names to it.
#[derive(Debug, Default)]
pub(crate) struct FieldOrder {
    fields: HashMap<Vec<&'static str>, &'static [&'static str]>,
}

/// Where a `loc` sorts: each item's field position (or list index), then its name.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SortKey(Vec<(usize, String)>);

impl FieldOrder {
    pub(crate) fn of<T: DeserializeOwned>() -> Self {
        let mut order = FieldOrder::default();
        let _ = T::deserialize(Probe {
            order: &mut order,
            path: Vec::new(),
        });
        order
    }

    pub(crate) fn key(&self, loc: &Loc) -> SortKey {
        let mut path: Vec<&str> = Vec::new();
        let mut key = Vec::new();
        for item in loc.items().iter().skip(1) {
            match item {
                LocItem::Index(index) => {
                    key.push((usize::try_from(*index).unwrap_or(usize::MAX), String::new()))
                }
                LocItem::Key(name) => {
                    let position = self
                        .fields
                        .iter()
                        .find(|(at, _)| at.as_slice() == path.as_slice())
                        .and_then(|(_, fields)| fields.iter().position(|field| field == name))
                        .unwrap_or(usize::MAX);
                    key.push((position, name.to_string()));
                    path.push(name);
                }
            }
        }
        SortKey(key)
    }
}

/// Methods that hand the visitor one placeholder value.
macro_rules! placeholders {
    ($($method:ident => $visit:ident $arguments:tt,)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit $arguments
        }
    )*};
}

struct Probe<'o> {
    order: &'o mut FieldOrder,
    path: Vec<&'static str>,
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bool(false)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_i64(0)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_u64(0)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_f64(0.0)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_char('a')
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_str("")
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            probe: Some(self),
            left: 1,
        })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items {
            probe: Some(self),
            left: len,
        })
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(Fields {
            probe: self,
            fields: &[],
            next: 0,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.path.len() >= MAX_DEPTH {
            return Err(de::Error::custom("nested too deep"));
        }
        self.order.fields.entry(self.path.clone()).or_insert(fields);
        visitor.visit_map(Fields {
            probe: self,
            fields,
            next: 0,
        })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let first = variants.first().copied().unwrap_or_default();
        visitor.visit_enum(Variant {
            probe: self,
            name: first,
        })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_bytes(&[])
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    placeholders! {
        deserialize_i8 => visit_i64(0),
        deserialize_i16 => visit_i64(0),
        deserialize_i32 => visit_i64(0),
        deserialize_i128 => visit_i64(0),
        deserialize_u8 => visit_u64(0),
        deserialize_u16 => visit_u64(0),
        deserialize_u32 => visit_u64(0),
        deserialize_u128 => visit_u64(0),
        deserialize_f32 => visit_f64(0.0),
        deserialize_string => visit_str(""),
        deserialize_identifier => visit_str(""),
        deserialize_byte_buf => visit_bytes(&[]),
        deserialize_unit => visit_unit(),
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct Items<'o> {
    probe: Option<Probe<'o>>,
    left: usize,
}

impl<'de> de::SeqAccess<'de> for Items<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        let Some(probe) = self.probe.as_mut() else {
            return Ok(None);
        };
        seed.deserialize(Probe {
            order: probe.order,
            path: probe.path.clone(),
        })
        .map(Some)
    }
}

struct Fields<'o> {
    probe: Probe<'o>,
    fields: &'static [&'static str],
    next: usize,
}

impl<'de> de::MapAccess<'de> for Fields<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(field) = self.fields.get(self.next) else {
            return Ok(None);
        };
        let key: StrDeserializer<'_, Error> = field.into_deserializer();
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let field = self.fields.get(self.next).copied().unwrap_or_default();
        self.next += 1;
        let mut path = self.probe.path.clone();
        path.push(field);
        seed.deserialize(Probe {
            order: self.probe.order,
            path,
        })
    }
}

struct Variant<'o> {
    probe: Probe<'o>,
    name: &'static str,
}

impl<'de, 'o> de::EnumAccess<'de> for Variant<'o> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let name: StrDeserializer<'_, Error> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self.probe)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        self.probe.deserialize_tuple(len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.probe.deserialize_struct("", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        zeta: u32,
        alpha: Option<Inner>,
        items: Vec<Inner>,
    }

    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        y: String,
        b: bool,
    }

    #[test]
    fn fields_sort_in_declaration_order_at_every_depth() {
        let order = FieldOrder::of::<Outer>();
        let mut locs = [
            Loc::body().key("items").index(1).key("b"),
            Loc::body().key("alpha").key("b"),
            Loc::body().key("unknown"),
            Loc::body().key("items").index(0).key("y"),
            Loc::body().key("alpha").key("y"),
            Loc::body().key("zeta"),
        ];
        locs.sort_by_key(|loc| order.key(loc));
        let names: Vec<String> = locs.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "body.zeta",
                "body.alpha.y",
                "body.alpha.b",
                "body.items.0.y",
                "body.items.1.b",
                "body.unknown"
            ]
        );
    }
}
