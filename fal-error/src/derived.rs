//! What a derived error's impl reads: one static table per enum (the constant parts of
//! every variant, in declaration order, and the tables of its transparent variants), the
//! few helpers that answer `FalError` methods from it, and the compile-time check that
//! no two variants, however nested, send one `type`.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;

use crate::catalog::{CtxInfo, ErrorInfo, Retryability};
use crate::error::{CtxVisitor, FalError, WireSerialize};
use crate::fragments::Fragments;
use crate::loc::{Loc, LocItem};

/// The constant parts of one variant with its own attributes.
#[derive(Debug)]
pub struct Variant {
    /// What the catalog lists; its `msg` is the message when no arm builds one.
    pub info: ErrorInfo,
    /// The static `loc`; empty for the default `["body"]`.
    pub loc: &'static [LocItem],
    /// The item's constant parts as JSON.
    pub fragments: Fragments,
}

/// A [`Variant`] at the default `loc` (`["body"]`) with no doc comment, its parts in the
/// order the derive writes them (positional, so that a table of hundreds of variants
/// stays short for the compiler to read); `retryable` is 0 (no), 1 (yes) or 2 (a field
/// decides). [`Variant::doc`], [`Variant::at`] and [`Variant::loc_field`] add the rest.
#[allow(clippy::too_many_arguments)]
pub const fn variant(
    error_type: &'static str,
    status: u16,
    retryable: u8,
    url: &'static str,
    msg: &'static str,
    msg_json: &'static str,
    type_url: &'static str,
    ctx: &'static [CtxInfo],
) -> Variant {
    let retryable = match retryable {
        0 => Retryability::Fixed(false),
        1 => Retryability::Fixed(true),
        _ => Retryability::RaiseSite,
    };
    Variant {
        info: ErrorInfo {
            error_type,
            status,
            retryable,
            ctx,
            url,
            msg,
            doc: "",
        },
        loc: &[],
        fragments: Fragments {
            loc: r#"["body"]"#,
            msg: msg_json,
            type_url,
        },
    }
}

impl Variant {
    /// The variant's doc comment.
    pub const fn doc(mut self, doc: &'static str) -> Self {
        self.info.doc = doc;
        self
    }

    /// A static `loc`, and its JSON.
    pub const fn at(mut self, loc: &'static [LocItem], loc_json: &'static str) -> Self {
        self.loc = loc;
        self.fragments.loc = loc_json;
        self
    }

    /// The `loc` is a field's.
    pub const fn loc_field(mut self) -> Self {
        self.fragments.loc = "";
        self
    }
}

/// A [`CtxInfo`] without a doc comment, positional as [`variant`].
pub const fn ctx_info(key: &'static str, json_type: &'static str) -> CtxInfo {
    CtxInfo {
        key,
        json_type,
        doc: "",
    }
}

/// A [`CtxInfo`] with the field's doc comment.
pub const fn ctx_doc(key: &'static str, json_type: &'static str, doc: &'static str) -> CtxInfo {
    CtxInfo {
        key,
        json_type,
        doc,
    }
}

/// A derived error's table.
#[derive(Debug)]
pub struct Table {
    /// The variants with their own attributes, in declaration order.
    pub own: &'static [Variant],
    /// The tables of the transparent variants, in declaration order, each after the
    /// number of own variants declared before it (a short list, where one entry per
    /// variant would cost the compiler more than the whole `own` list).
    pub nested: &'static [(usize, &'static Table)],
}

/// An empty table, for inner errors that list no types (`dyn FalError`, or the enum
/// itself behind a pointer).
pub const OPAQUE: &Table = &Table {
    own: &[],
    nested: &[],
};

/// Which part of a table a value is.
#[derive(Clone, Copy)]
pub enum Kind<'a> {
    /// `Table::own[index]`.
    Own(usize),
    /// A transparent variant's inner error.
    Inner(&'a dyn FalError),
}

/// What [`Transparent::parts`] is asked for besides which variant a value is: the one
/// generated `match` hands each own variant's ctx values and message arguments here, and
/// only what was asked for is kept.
pub enum Parts<'a, 'v> {
    /// Only the variant.
    Kind,
    /// The text of a variant whose `msg` is a template; stays `None` for any other.
    Msg(Option<Cow<'static, str>>),
    /// The variant's ctx values, handed to the visitor under the keys of its table entry.
    Ctx(&'static Table, &'a mut CtxVisitor<'v>),
}

impl Parts<'_, '_> {
    /// The own variant `index`, whose ctx fields hold `values` (in its entry's key order).
    pub fn ctx(&mut self, index: usize, values: &[&dyn WireSerialize]) -> usize {
        if let Parts::Ctx(table, visitor) = self
            && let Some(variant) = own(table, index)
        {
            for (info, value) in variant.info.ctx.iter().zip(values) {
                visitor(info.key, *value);
            }
        }
        index
    }

    /// The own variant `index`, whose `msg` template reads `arguments`.
    pub fn msg(&mut self, index: usize, arguments: fmt::Arguments<'_>) -> usize {
        if let Parts::Msg(text) = self {
            *text = Some(Cow::Owned(fmt::format(arguments)));
        }
        index
    }

    /// The own variant `index`, with ctx `values` and a `msg` template reading `arguments`.
    pub fn both(
        &mut self,
        index: usize,
        values: &[&dyn WireSerialize],
        arguments: fmt::Arguments<'_>,
    ) -> usize {
        self.ctx(index, values);
        self.msg(index, arguments)
    }
}

/// What a `#[fal(transparent)]` field may hold: a derived error (its impl is generated),
/// a pointer to one, or `dyn FalError`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a fal error",
    label = "`{Self}` does not implement `FalError`",
    note = "derive it with `#[derive(Debug, fal_error::FalError)]`; a `#[fal(transparent)]` field must hold a fal error itself"
)]
pub trait Transparent {
    /// The constant parts of every variant.
    const TABLE: &'static Table;

    /// Which variant `self` is; an own variant also hands `parts` what it asks for.
    fn parts(&self, parts: &mut Parts<'_, '_>) -> Kind<'_>;

    /// Which variant `self` is.
    #[inline]
    fn kind(&self) -> Kind<'_> {
        self.parts(&mut Parts::Kind)
    }

    /// `self` as a fal error, for a variant that forwards to it.
    fn as_fal(&self) -> &dyn FalError;
}

impl<E: Transparent + ?Sized> Transparent for Box<E> {
    const TABLE: &'static Table = E::TABLE;
    fn parts(&self, parts: &mut Parts<'_, '_>) -> Kind<'_> {
        (**self).parts(parts)
    }
    fn as_fal(&self) -> &dyn FalError {
        (**self).as_fal()
    }
}

impl<E: Transparent + ?Sized> Transparent for &E {
    const TABLE: &'static Table = E::TABLE;
    fn parts(&self, parts: &mut Parts<'_, '_>) -> Kind<'_> {
        (**self).parts(parts)
    }
    fn as_fal(&self) -> &dyn FalError {
        (**self).as_fal()
    }
}

impl<E: Transparent + FalError> Transparent for crate::Located<E> {
    const TABLE: &'static Table = E::TABLE;
    fn parts(&self, _: &mut Parts<'_, '_>) -> Kind<'_> {
        Kind::Inner(self)
    }
    fn as_fal(&self) -> &dyn FalError {
        self
    }
}

macro_rules! opaque_transparent {
    ($($dyn:ty),*) => {$(
        impl Transparent for $dyn {
            const TABLE: &'static Table = OPAQUE;
            fn parts(&self, _: &mut Parts<'_, '_>) -> Kind<'_> {
                Kind::Inner(self)
            }
            fn as_fal(&self) -> &dyn FalError {
                self
            }
        }
    )*};
}
opaque_transparent!(
    dyn FalError,
    dyn FalError + Send,
    dyn FalError + Send + Sync
);

fn own(table: &'static Table, index: usize) -> Option<&'static Variant> {
    table.own.get(index)
}

// The `FalError` methods of a derived error, from its table and `Transparent::parts`.
// Each is a thin generic shell around the code shared by every type.

/// `FalError::error_type`.
#[inline]
pub fn error_type<T: Transparent + ?Sized>(error: &T) -> &str {
    error_type_of(T::TABLE, error.kind())
}

fn error_type_of<'a>(table: &'static Table, kind: Kind<'a>) -> &'a str {
    match kind {
        Kind::Own(index) => own(table, index).map_or("", |variant| variant.info.error_type),
        Kind::Inner(inner) => inner.error_type(),
    }
}

/// `FalError::status`.
#[inline]
pub fn status<T: Transparent + ?Sized>(error: &T) -> StatusCode {
    status_of(T::TABLE, error.kind())
}

fn status_of(table: &'static Table, kind: Kind<'_>) -> StatusCode {
    match kind {
        Kind::Own(index) => own(table, index)
            .and_then(|variant| StatusCode::from_u16(variant.info.status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Kind::Inner(inner) => inner.status(),
    }
}

/// `FalError::retryable`, for variants without a retryable field.
#[inline]
pub fn retryable<T: Transparent + ?Sized>(error: &T) -> bool {
    retryable_of(T::TABLE, error.kind())
}

fn retryable_of(table: &'static Table, kind: Kind<'_>) -> bool {
    match kind {
        Kind::Own(index) => own(table, index)
            .is_some_and(|variant| variant.info.retryable == Retryability::Fixed(true)),
        Kind::Inner(inner) => inner.retryable(),
    }
}

/// `FalError::needs_retry`.
#[inline]
pub fn needs_retry<T: Transparent + ?Sized>(error: &T) -> Option<bool> {
    needs_retry_of(error.kind())
}

fn needs_retry_of(kind: Kind<'_>) -> Option<bool> {
    match kind {
        Kind::Own(_) => None,
        Kind::Inner(inner) => inner.needs_retry(),
    }
}

/// `FalError::loc`, for variants without a loc field.
#[inline]
pub fn loc<T: Transparent + ?Sized>(error: &T) -> Loc {
    loc_of(T::TABLE, error.kind())
}

fn loc_of(table: &'static Table, kind: Kind<'_>) -> Loc {
    match kind {
        Kind::Own(index) => match own(table, index) {
            Some(variant) if !variant.loc.is_empty() => Loc::from_static(variant.loc),
            _ => Loc::body(),
        },
        Kind::Inner(inner) => inner.loc(),
    }
}

/// `FalError::msg`, for variants whose message is not their `Display` text.
#[inline]
pub fn msg<T: Transparent + ?Sized>(error: &T) -> Cow<'_, str> {
    let mut parts = Parts::Msg(None);
    let kind = error.parts(&mut parts);
    msg_of(T::TABLE, kind, parts)
}

fn msg_of<'a>(table: &'static Table, kind: Kind<'a>, parts: Parts<'_, '_>) -> Cow<'a, str> {
    match (kind, parts) {
        (_, Parts::Msg(Some(text))) => text,
        (Kind::Own(index), _) => {
            Cow::Borrowed(own(table, index).map_or("", |variant| variant.info.msg))
        }
        (Kind::Inner(inner), _) => inner.msg(),
    }
}

/// `FalError::url`.
#[inline]
pub fn url<T: Transparent + ?Sized>(error: &T) -> Cow<'_, str> {
    url_of(T::TABLE, error.kind())
}

fn url_of<'a>(table: &'static Table, kind: Kind<'a>) -> Cow<'a, str> {
    match kind {
        Kind::Own(index) => Cow::Borrowed(own(table, index).map_or("", |variant| variant.info.url)),
        Kind::Inner(inner) => inner.url(),
    }
}

/// `FalError::__fragments`.
#[inline]
pub fn fragments<T: Transparent + ?Sized>(error: &T) -> Fragments {
    fragments_of(T::TABLE, error.kind())
}

fn fragments_of(table: &'static Table, kind: Kind<'_>) -> Fragments {
    match kind {
        Kind::Own(index) => own(table, index).map_or(Fragments::NONE, |variant| variant.fragments),
        Kind::Inner(inner) => inner.__fragments(),
    }
}

/// `FalError::visit_ctx`.
#[inline]
pub fn visit_ctx<T: Transparent + ?Sized>(error: &T, visitor: &mut CtxVisitor<'_>) {
    let mut parts = Parts::Ctx(T::TABLE, visitor);
    if let Kind::Inner(inner) = error.parts(&mut parts) {
        visit_inner(inner, parts);
    }
}

fn visit_inner(inner: &dyn FalError, parts: Parts<'_, '_>) {
    if let Parts::Ctx(_, visitor) = parts {
        inner.visit_ctx(visitor);
    }
}

/// `FalError::input`, for variants without an input field.
#[inline]
pub fn input<T: Transparent + ?Sized>(error: &T) -> Option<&dyn WireSerialize> {
    input_of(error.kind())
}

fn input_of(kind: Kind<'_>) -> Option<&dyn WireSerialize> {
    match kind {
        Kind::Own(_) => None,
        Kind::Inner(inner) => inner.input(),
    }
}

/// `FalError::catalog`.
#[inline]
pub fn catalog<T: Transparent + ?Sized>() -> Vec<ErrorInfo> {
    catalog_of(T::TABLE)
}

/// Every entry of `table`, in declaration order, nested tables in place.
fn catalog_of(table: &'static Table) -> Vec<ErrorInfo> {
    let mut entries = Vec::new();
    collect(table, &mut entries);
    entries
}

fn collect(table: &'static Table, into: &mut Vec<ErrorInfo>) {
    let mut taken = 0;
    for &(after, nested) in table.nested {
        let before = table.own.get(taken..after).unwrap_or_default();
        into.extend(before.iter().map(|variant| variant.info));
        taken = taken.max(after);
        collect(nested, into);
    }
    let rest = table.own.get(taken..).unwrap_or_default();
    into.extend(rest.iter().map(|variant| variant.info));
}

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
    let own = inner.own.len();
    let mut index = 0;
    while index < own {
        let error_type = inner.own[index].info.error_type;
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
    let own = table.own.len();
    let mut index = 0;
    while index < own {
        if same(table.own[index].info.error_type, error_type) {
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
        let own = table.own.len();
        let mut index = 0;
        while index < own {
            let (first, second) = bits_of(table.own[index].info.error_type);
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
    use super::{Table, Variant, check_unique_types, variant};

    fn variants(types: impl Iterator<Item = String>) -> &'static [Variant] {
        let types = types.map(|name| &*Box::leak(name.into_boxed_str()));
        let entries: Vec<Variant> = types
            .map(|name| variant(name, 422, 0, "", "", "", "", &[]))
            .collect();
        Box::leak(entries.into_boxed_slice())
    }

    fn table(types: impl Iterator<Item = String>, nested: Vec<&'static Table>) -> &'static Table {
        let nested: Vec<(usize, &'static Table)> =
            nested.into_iter().map(|inner| (0, inner)).collect();
        Box::leak(Box::new(Table {
            own: variants(types),
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
