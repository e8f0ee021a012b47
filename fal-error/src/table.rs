//! The constant parts of a derived error's own variants (type, status, retryability, url,
//! message, loc, ctx keys, doc comments, and their JSON) as static data. The derive
//! writes them as one packed text per enum, which the compiler reads as a single literal
//! (a table of hundreds of variants written as expressions costs it more than the rest
//! of the impl); the runtime reads that text once, on first use, into a static beside it.
//!
//! The text is a sequence of fields, each its length in bytes, `:`, and its bytes. A
//! variant is, in order: its type; status; retryability (`0` no, `1` yes, `2` a field
//! decides); url; message (a template's text, empty for a `Display` message); the
//! constant message's JSON (empty when the message is built from the value); the
//! `"type":…,"url":…` JSON; the loc's JSON (empty when a field holds the loc); doc
//! comment; the number of static loc items, then each (`k` and a key, or `i` and an
//! index); the number of ctx keys, then each key's name, JSON type and doc comment.
//! The types are also listed apart, for the compile-time check that reads them.

use std::ops::Range;
use std::sync::OnceLock;

use crate::catalog::{CtxInfo, ErrorInfo, Retryability};
use crate::fragments::Fragments;
use crate::loc::LocItem;

/// A derived error's table: its own variants and the tables of its transparent ones.
pub struct Table {
    /// The own variants, in declaration order, packed as the module header says.
    pub packed: &'static str,
    /// The own variants' types, for the compile-time check.
    pub types: &'static [&'static str],
    /// `packed`, once read.
    pub unpacked: &'static Unpacked,
    /// The tables of the transparent variants, in declaration order, each after the
    /// number of own variants declared before it.
    pub nested: &'static [(usize, &'static Table)],
}

/// An empty table, for inner errors that list no types (`dyn FalError`, or the enum
/// itself behind a pointer).
pub const OPAQUE: &Table = &Table {
    packed: "",
    types: &[],
    unpacked: &NONE_UNPACKED,
    nested: &[],
};

static NONE_UNPACKED: Unpacked = Unpacked::new();

/// A table's packed text once read: a `static` of each derived type, filled on first use.
pub struct Unpacked(OnceLock<Variants>);

impl Unpacked {
    /// Not read yet.
    pub const fn new() -> Self {
        Unpacked(OnceLock::new())
    }
}

impl Default for Unpacked {
    fn default() -> Self {
        Self::new()
    }
}

/// The constant parts of one own variant.
#[derive(Clone, Copy, Debug)]
pub struct Variant {
    /// What the catalog lists; its `msg` is the message when no arm builds one.
    pub info: ErrorInfo,
    /// The static `loc`; empty for the default `["body"]`.
    pub loc: &'static [LocItem],
    /// The item's constant parts as JSON.
    pub fragments: Fragments,
}

impl Table {
    /// The own variant `index`, in declaration order.
    pub fn own(&'static self, index: usize) -> Option<Variant> {
        let variants = self.unpacked.0.get_or_init(|| unpack(self.packed));
        let entry = variants.entries.get(index)?;
        Some(Variant {
            info: ErrorInfo {
                error_type: entry.error_type,
                status: entry.status,
                retryable: entry.retryable,
                ctx: variants.ctx.get(entry.ctx.clone()).unwrap_or_default(),
                url: entry.url,
                msg: entry.msg,
                doc: entry.doc,
            },
            loc: variants.loc.get(entry.loc.clone()).unwrap_or_default(),
            fragments: entry.fragments,
        })
    }
}

#[derive(Default)]
struct Variants {
    entries: Vec<Entry>,
    /// The ctx keys of every variant, each variant's a range of them.
    ctx: Vec<CtxInfo>,
    /// The static loc items of every variant, each variant's a range of them.
    loc: Vec<LocItem>,
}

struct Entry {
    error_type: &'static str,
    status: u16,
    retryable: Retryability,
    url: &'static str,
    msg: &'static str,
    doc: &'static str,
    fragments: Fragments,
    ctx: Range<usize>,
    loc: Range<usize>,
}

/// Every variant of `packed`; a text the derive did not write ends the list where it
/// stops making sense.
fn unpack(packed: &'static str) -> Variants {
    let mut fields = Fields(packed);
    let mut variants = Variants::default();
    while !fields.0.is_empty() {
        match fields.entry(&mut variants) {
            Some(entry) => variants.entries.push(entry),
            None => break,
        }
    }
    variants
}

/// The fields left to read.
struct Fields(&'static str);

impl Fields {
    fn next(&mut self) -> Option<&'static str> {
        let (len, rest) = self.0.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let field = rest.get(..len)?;
        self.0 = rest.get(len..)?;
        Some(field)
    }

    fn number<T: std::str::FromStr>(&mut self) -> Option<T> {
        self.next()?.parse().ok()
    }

    fn entry(&mut self, variants: &mut Variants) -> Option<Entry> {
        let error_type = self.next()?;
        let status = self.number()?;
        let retryable = match self.next()? {
            "0" => Retryability::Fixed(false),
            "1" => Retryability::Fixed(true),
            _ => Retryability::RaiseSite,
        };
        let url = self.next()?;
        let msg = self.next()?;
        let fragments_msg = self.next()?;
        let type_url = self.next()?;
        let loc_json = self.next()?;
        let doc = self.next()?;
        let loc_start = variants.loc.len();
        for _ in 0..self.number::<usize>()? {
            let item = match self.next()?.split_at_checked(1)? {
                ("k", key) => LocItem::key(key),
                ("i", index) => LocItem::Index(index.parse().ok()?),
                _ => return None,
            };
            variants.loc.push(item);
        }
        let ctx_start = variants.ctx.len();
        for _ in 0..self.number::<usize>()? {
            variants.ctx.push(CtxInfo {
                key: self.next()?,
                json_type: self.next()?,
                doc: self.next()?,
            });
        }
        Some(Entry {
            error_type,
            status,
            retryable,
            url,
            msg,
            doc,
            fragments: Fragments {
                loc: loc_json,
                msg: fragments_msg,
                type_url,
            },
            ctx: ctx_start..variants.ctx.len(),
            loc: loc_start..variants.loc.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Table, Unpacked};
    use crate::catalog::{CtxInfo, Retryability};
    use crate::loc::LocItem;

    /// `fields` packed as the derive packs them.
    fn table(fields: &[&str]) -> &'static Table {
        let packed: String = fields
            .iter()
            .map(|field| format!("{}:{field}", field.len()))
            .collect();
        Box::leak(Box::new(Table {
            packed: Box::leak(packed.into_boxed_str()),
            types: &[],
            unpacked: Box::leak(Box::new(Unpacked::new())),
            nested: &[],
        }))
    }

    /// Two variants: every part read back in place.
    #[test]
    fn packed_variants_read_back() {
        let table = table(&[
            "image_too_large",
            "422",
            "0",
            "https://docs.fal.ai/errors/#image_too_large",
            "Image too large",
            "\"Image too large\"",
            "\"type\":\"image_too_large\",\"url\":\"https://docs.fal.ai/errors/#image_too_large\"",
            "[\"body\",\"image_url\",3]",
            "Doc comment é",
            "2",
            "kimage_url",
            "i3",
            "1",
            "max_width",
            "integer",
            "",
            "gpu_busy",
            "503",
            "2",
            "https://docs.fal.ai/errors/#gpu_busy",
            "Busy: {n}.",
            "",
            "\"type\":\"gpu_busy\",\"url\":\"https://docs.fal.ai/errors/#gpu_busy\"",
            "",
            "",
            "0",
            "0",
        ]);
        let first = table.own(0).unwrap();
        assert_eq!(first.info.error_type, "image_too_large");
        assert_eq!(first.info.status, 422);
        assert_eq!(first.info.retryable, Retryability::Fixed(false));
        assert_eq!(
            first.info.url,
            "https://docs.fal.ai/errors/#image_too_large"
        );
        assert_eq!(first.info.msg, "Image too large");
        assert_eq!(first.info.doc, "Doc comment é");
        assert_eq!(
            first.info.ctx,
            [CtxInfo {
                key: "max_width",
                json_type: "integer",
                doc: ""
            }]
        );
        assert_eq!(first.loc, [LocItem::key("image_url"), LocItem::Index(3)]);
        assert_eq!(first.fragments.msg, "\"Image too large\"");
        assert_eq!(first.fragments.loc, "[\"body\",\"image_url\",3]");
        let second = table.own(1).unwrap();
        assert_eq!(second.info.error_type, "gpu_busy");
        assert_eq!(second.info.status, 503);
        assert_eq!(second.info.retryable, Retryability::RaiseSite);
        assert_eq!(second.info.msg, "Busy: {n}.");
        assert_eq!(second.info.ctx, []);
        assert_eq!(second.loc, []);
        assert_eq!(second.fragments.msg, "");
        assert_eq!(second.fragments.loc, "");
        assert_eq!(
            second.fragments.type_url,
            "\"type\":\"gpu_busy\",\"url\":\"https://docs.fal.ai/errors/#gpu_busy\""
        );
        assert!(table.own(2).is_none());
    }

    /// A text the derive did not write gives the variants read before it, and no panic.
    #[test]
    fn a_broken_text_ends_the_list() {
        let unit = ["v1", "422", "0", "", "", "", "", "", "", "0", "0"];
        assert_eq!(table(&unit).own(0).unwrap().info.error_type, "v1");
        for end in 0..unit.len() {
            assert!(table(&unit[..end]).own(0).is_none(), "{end} fields");
        }
        let mut bad_status = unit;
        bad_status[1] = "4x2";
        assert!(table(&bad_status).own(0).is_none());
        let mut bad_loc = unit;
        bad_loc[9] = "1";
        let mut fields = bad_loc.to_vec();
        fields.insert(10, "x1");
        assert!(table(&fields).own(0).is_none());
        fields[10] = "i-1";
        assert!(table(&fields).own(0).is_none());
        let mut two = unit.to_vec();
        two.extend(["v2", "422", "0", "", "", "", "", "", "", "7"]);
        let table = table(&two);
        assert_eq!(table.own(0).unwrap().info.error_type, "v1");
        assert!(table.own(1).is_none());
        let garbled = Box::leak(Box::new(Table {
            packed: "99:v1",
            types: &[],
            unpacked: Box::leak(Box::new(Unpacked::new())),
            nested: &[],
        }));
        assert!(garbled.own(0).is_none());
    }
}
