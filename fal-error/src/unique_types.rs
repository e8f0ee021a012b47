//! The compile-time check that no two variants of a derived error, however nested
//! through `#[fal(transparent)]`, send one `type`: a `const` the derive emits beside an
//! enum with transparent variants evaluates it over the tables' type lists.

use crate::table::Table;

/// Fails the build when two parts of `table` (its own variants and each transparent
/// variant's table) send one `type`; `name` is the enum's. The derive has already
/// checked the own variants among themselves, and each nested table was checked where
/// it was derived.
///
/// Const evaluation is interpreted, and an enum has hundreds of variants: every type is
/// read once into a Bloom filter of the parts before it, and only a type the filter may
/// hold is compared with those parts' types, so the work grows with the number of types,
/// not with their pairs.
pub const fn check_unique_types(name: &str, table: &Table) {
    let mut seen = Seen::new();
    seen.add_own(table);
    let nested = table.nested.len();
    let mut part = 0;
    while part < nested {
        let inner = table.nested[part].1;
        if let Some(shared) = sent_before(table, part, inner, &seen) {
            let message = Message::new()
                .push("two variants of `")
                .push(name)
                .push("` send the type `")
                .push(shared)
                .push("` (one of them through `#[fal(transparent)]`), so a client cannot tell them apart: give one of them another `type`, or leave one out of the inner error");
            panic!("{}", message.as_str());
        }
        seen.add_all(inner);
        part += 1;
    }
}

/// A type of `inner` (nested tables included) that the own variants of `table` or its
/// nested tables before `part` also send.
const fn sent_before(
    table: &Table,
    part: usize,
    inner: &Table,
    seen: &Seen,
) -> Option<&'static str> {
    let mut index = 0;
    while index < inner.types.len() {
        let error_type = inner.types[index];
        if seen.may_hold(error_type) && sent_by_parts(table, part, error_type) {
            return Some(error_type);
        }
        index += 1;
    }
    let nested = inner.nested.len();
    let mut index = 0;
    while index < nested {
        if let Some(shared) = sent_before(table, part, inner.nested[index].1, seen) {
            return Some(shared);
        }
        index += 1;
    }
    None
}

/// Whether the own variants of `table` or its first `parts` nested tables (theirs
/// nested included) send `error_type`.
const fn sent_by_parts(table: &Table, parts: usize, error_type: &str) -> bool {
    let mut index = 0;
    while index < table.types.len() {
        if same(table.types[index], error_type) {
            return true;
        }
        index += 1;
    }
    let mut index = 0;
    while index < parts {
        let nested = table.nested[index].1;
        if sent_by_parts(nested, nested.nested.len(), error_type) {
            return true;
        }
        index += 1;
    }
    false
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let len = a.len();
    if len != b.len() {
        return false;
    }
    let mut index = 0;
    while index < len {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
}

/// A Bloom filter of types: two bits of 4096 per type, so that with a few hundred types
/// a type not among them is taken for one about once in fifty lookups.
struct Seen {
    bits: [u64; 64],
}

impl Seen {
    const fn new() -> Self {
        Seen { bits: [0; 64] }
    }

    const fn add_own(&mut self, table: &Table) {
        let mut index = 0;
        while index < table.types.len() {
            let (first, second) = bits_of(table.types[index]);
            self.bits[first / 64] |= 1 << (first % 64);
            self.bits[second / 64] |= 1 << (second % 64);
            index += 1;
        }
    }

    const fn add_all(&mut self, table: &Table) {
        self.add_own(table);
        let nested = table.nested.len();
        let mut index = 0;
        while index < nested {
            self.add_all(table.nested[index].1);
            index += 1;
        }
    }

    const fn may_hold(&self, error_type: &str) -> bool {
        let (first, second) = bits_of(error_type);
        self.bits[first / 64] & (1 << (first % 64)) != 0
            && self.bits[second / 64] & (1 << (second % 64)) != 0
    }
}

/// The two filter bits of a type: FNV-1a over its bytes (multiplied in `u128`, which
/// cannot overflow, to spare the interpreter a call per byte).
const fn bits_of(error_type: &str) -> (usize, usize) {
    let bytes = error_type.as_bytes();
    let len = bytes.len();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < len {
        hash = ((hash ^ bytes[index] as u64) as u128 * 0x0100_0000_01b3) as u64;
        index += 1;
    }
    ((hash % 4096) as usize, ((hash >> 12) % 4096) as usize)
}

/// A compile-time message: `const` panics take one `&str` argument.
struct Message {
    bytes: [u8; 512],
    len: usize,
}

impl Message {
    const fn new() -> Self {
        Message {
            bytes: [0; 512],
            len: 0,
        }
    }

    const fn push(mut self, text: &str) -> Self {
        let text = text.as_bytes();
        let mut index = 0;
        while index < text.len() && self.len < self.bytes.len() {
            self.bytes[self.len] = text[index];
            self.len += 1;
            index += 1;
        }
        self
    }

    const fn as_str(&self) -> &str {
        match core::str::from_utf8(self.bytes.split_at(self.len).0) {
            Ok(text) => text,
            Err(_) => "two variants send one type",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check_unique_types;
    use crate::table::{Table, Unpacked};

    fn table(types: impl Iterator<Item = String>, nested: Vec<&'static Table>) -> &'static Table {
        let types: Vec<&'static str> = types
            .map(|name| &*Box::leak(name.into_boxed_str()))
            .collect();
        let nested: Vec<(usize, &'static Table)> =
            nested.into_iter().map(|inner| (0, inner)).collect();
        Box::leak(Box::new(Table {
            packed: "",
            types: Box::leak(types.into_boxed_slice()),
            unpacked: Box::leak(Box::new(Unpacked::new())),
            nested: Box::leak(nested.into_boxed_slice()),
        }))
    }
    fn named(prefix: &str, count: usize) -> impl Iterator<Item = String> {
        (0..count).map(move |index| format!("{prefix}{index}"))
    }

    fn shared(table: &'static Table) -> Option<String> {
        let failure = std::panic::catch_unwind(|| check_unique_types("Big", table)).err()?;
        let message = failure
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_default();
        Some(message)
    }

    #[test]
    fn many_distinct_types_pass() {
        let deep = table(named("c", 300), vec![]);
        let first = table(named("a", 300), vec![deep]);
        let second = table(named("b", 300), vec![]);
        assert_eq!(shared(table(named("t", 500), vec![first, second])), None);
    }

    #[test]
    fn a_type_shared_at_any_depth_fails() {
        let message = |name: &str| {
            format!(
                "two variants of `Big` send the type `{name}` (one of them through `#[fal(transparent)]`), so a client cannot tell them apart: give one of them another `type`, or leave one out of the inner error"
            )
        };
        let own_and_nested = table(named("b", 300).chain(["t250".into()]), vec![]);
        assert_eq!(
            shared(table(named("t", 500), vec![own_and_nested])),
            Some(message("t250"))
        );
        let first = table(named("a", 300), vec![]);
        let deep = table(named("c", 10).chain(["a17".into()]), vec![]);
        let second = table(named("b", 300), vec![deep]);
        assert_eq!(
            shared(table(named("t", 500), vec![first, second])),
            Some(message("a17"))
        );
    }
}
