//! Where an error happened: the `loc` path of a detail item (`["body", "images", 2]`).

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// One step of a [`Loc`]: a field name or a list index.
///
/// ```
/// use fal_error::LocItem;
///
/// assert_eq!(serde_json::to_string(&LocItem::from("prompt")).unwrap(), r#""prompt""#);
/// assert_eq!(serde_json::to_string(&LocItem::from(2usize)).unwrap(), "2");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LocItem {
    /// A field name, serialized as a JSON string.
    Key(Cow<'static, str>),
    /// A list index, serialized as a JSON integer.
    Index(u64),
}

impl LocItem {
    /// A field name known at compile time, usable in `const` items.
    ///
    /// ```
    /// use fal_error::{Loc, LocItem};
    ///
    /// const PROMPT: LocItem = LocItem::key("prompt");
    /// assert_eq!(PROMPT, LocItem::from("prompt"));
    /// assert_eq!(Loc::body().key(PROMPT).to_string(), "body.prompt");
    /// ```
    pub const fn key(name: &'static str) -> Self {
        LocItem::Key(Cow::Borrowed(name))
    }
}

impl From<&'static str> for LocItem {
    fn from(name: &'static str) -> Self {
        LocItem::Key(Cow::Borrowed(name))
    }
}

impl From<String> for LocItem {
    fn from(name: String) -> Self {
        LocItem::Key(Cow::Owned(name))
    }
}

impl From<Cow<'static, str>> for LocItem {
    fn from(name: Cow<'static, str>) -> Self {
        LocItem::Key(name)
    }
}

macro_rules! loc_index_from {
    ($($t:ty)*) => {$(
        impl From<$t> for LocItem {
            fn from(index: $t) -> Self {
                LocItem::Index(index as u64)
            }
        }
    )*};
}
loc_index_from!(u8 u16 u32 u64 usize);

impl fmt::Display for LocItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocItem::Key(name) => f.write_str(name),
            LocItem::Index(index) => write!(f, "{index}"),
        }
    }
}

impl Serialize for LocItem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            LocItem::Key(name) => serializer.serialize_str(name),
            LocItem::Index(index) => serializer.serialize_u64(*index),
        }
    }
}

impl<'de> Deserialize<'de> for LocItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocItemVisitor;

        impl Visitor<'_> for LocItemVisitor {
            type Value = LocItem;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name or a non-negative list index")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<LocItem, E> {
                Ok(LocItem::Key(Cow::Owned(name.to_owned())))
            }

            fn visit_string<E: de::Error>(self, name: String) -> Result<LocItem, E> {
                Ok(LocItem::Key(Cow::Owned(name)))
            }

            fn visit_u64<E: de::Error>(self, index: u64) -> Result<LocItem, E> {
                Ok(LocItem::Index(index))
            }

            fn visit_i64<E: de::Error>(self, index: i64) -> Result<LocItem, E> {
                u64::try_from(index)
                    .map(LocItem::Index)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(index), &self))
            }
        }

        deserializer.deserialize_any(LocItemVisitor)
    }
}

/// The location of an error in the request: `["body"]` for the request as a whole,
/// `["body", "image_url"]` for a field, `["body", "images", 2]` for a list item.
///
/// A location known at compile time costs nothing to hand out: it borrows a static slice;
/// a top-level field ([`Loc::field`]) is held inline, so placing an error with `.at(…)`
/// and handing its location out do not allocate either.
///
/// ```
/// use fal_error::Loc;
///
/// let loc = Loc::body().key("images").index(2);
/// assert_eq!(serde_json::to_string(&loc).unwrap(), r#"["body","images",2]"#);
/// assert_eq!(loc.to_string(), "body.images.2");
/// assert_eq!(Loc::field("prompt"), Loc::body().key("prompt"));
/// ```
#[derive(Clone)]
pub struct Loc {
    items: Items,
}

/// Where a location's items are; [`Loc::items`] sees one slice whatever the form.
#[derive(Clone)]
enum Items {
    Static(&'static [LocItem]),
    Field([LocItem; 2]),
    Owned(Vec<LocItem>),
}

const BODY: &[LocItem] = &[LocItem::key("body")];

impl Loc {
    /// `["body"]`: the request body as a whole, the default location.
    ///
    /// ```
    /// use fal_error::Loc;
    ///
    /// assert_eq!(serde_json::to_string(&Loc::body()).unwrap(), r#"["body"]"#);
    /// assert_eq!(Loc::default(), Loc::body());
    /// ```
    pub const fn body() -> Self {
        Loc::from_static(BODY)
    }

    /// `["body", name]`: a top-level field of the request body.
    ///
    /// ```
    /// use fal_error::Loc;
    ///
    /// let loc = Loc::field("image_url");
    /// assert_eq!(serde_json::to_string(&loc).unwrap(), r#"["body","image_url"]"#);
    /// ```
    pub fn field(name: impl Into<LocItem>) -> Self {
        Loc {
            items: Items::Field([LocItem::key("body"), name.into()]),
        }
    }

    /// A location from a static list of items, usable in `const` items.
    ///
    /// ```
    /// use fal_error::{Loc, LocItem};
    ///
    /// const FIRST_IMAGE_ITEMS: &[LocItem] =
    ///     &[LocItem::key("body"), LocItem::key("images"), LocItem::Index(0)];
    /// const FIRST_IMAGE: Loc = Loc::from_static(FIRST_IMAGE_ITEMS);
    /// assert_eq!(FIRST_IMAGE, Loc::field("images").index(0));
    /// assert_eq!(serde_json::to_string(&FIRST_IMAGE).unwrap(), r#"["body","images",0]"#);
    /// ```
    pub const fn from_static(items: &'static [LocItem]) -> Self {
        Loc {
            items: Items::Static(items),
        }
    }

    /// This location followed by a field name.
    ///
    /// ```
    /// use fal_error::Loc;
    ///
    /// let loc = Loc::field("loras").index(1).key("scale");
    /// assert_eq!(serde_json::to_string(&loc).unwrap(), r#"["body","loras",1,"scale"]"#);
    /// ```
    #[must_use]
    pub fn key(self, name: impl Into<LocItem>) -> Self {
        self.push(name.into())
    }

    /// This location followed by a list index.
    ///
    /// ```
    /// use fal_error::{Loc, LocItem};
    ///
    /// let loc = Loc::field("images").index(2);
    /// assert_eq!(loc.last(), Some(&LocItem::Index(2)));
    /// assert_eq!(loc.to_string(), "body.images.2");
    /// ```
    #[must_use]
    pub fn index(self, index: u64) -> Self {
        self.push(LocItem::Index(index))
    }

    fn push(self, item: LocItem) -> Self {
        let mut items = match self.items {
            Items::Owned(items) => items,
            Items::Static(items) => items.to_vec(),
            Items::Field(items) => Vec::from(items),
        };
        items.push(item);
        Loc::from(items)
    }

    /// The items of the location, outermost first.
    ///
    /// ```
    /// use fal_error::{Loc, LocItem};
    ///
    /// let loc = Loc::field("images").index(2);
    /// assert_eq!(loc.items(), [LocItem::from("body"), LocItem::from("images"), LocItem::Index(2)]);
    /// ```
    pub fn items(&self) -> &[LocItem] {
        match &self.items {
            Items::Static(items) => items,
            Items::Field(items) => items,
            Items::Owned(items) => items,
        }
    }

    /// The innermost item: the field name fal's JavaScript client matches with
    /// `getFieldErrors(name)`.
    ///
    /// ```
    /// use fal_error::{Loc, LocItem};
    ///
    /// assert_eq!(Loc::field("prompt").last(), Some(&LocItem::from("prompt")));
    /// assert_eq!(Loc::body().last(), Some(&LocItem::from("body")));
    /// assert_eq!(Loc::from(Vec::new()).last(), None);
    /// ```
    pub fn last(&self) -> Option<&LocItem> {
        self.items().last()
    }
}

impl PartialEq for Loc {
    fn eq(&self, other: &Self) -> bool {
        self.items() == other.items()
    }
}

impl Eq for Loc {}

impl Hash for Loc {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.items().hash(state);
    }
}

impl fmt::Debug for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loc").field("items", &self.items()).finish()
    }
}

impl Default for Loc {
    fn default() -> Self {
        Loc::body()
    }
}

impl From<Vec<LocItem>> for Loc {
    fn from(items: Vec<LocItem>) -> Self {
        Loc {
            items: Items::Owned(items),
        }
    }
}

impl FromIterator<LocItem> for Loc {
    fn from_iter<I: IntoIterator<Item = LocItem>>(iter: I) -> Self {
        Loc::from(iter.into_iter().collect::<Vec<_>>())
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, item) in self.items().iter().enumerate() {
            if position > 0 {
                f.write_str(".")?;
            }
            fmt::Display::fmt(item, f)?;
        }
        Ok(())
    }
}

impl Serialize for Loc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.items())
    }
}

impl<'de> Deserialize<'de> for Loc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<LocItem>::deserialize(deserializer).map(Loc::from)
    }
}
