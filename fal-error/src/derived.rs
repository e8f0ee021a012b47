//! What a derived error's impl reads: one static table per enum (the constant parts of
//! every variant, in declaration order, and the tables of its transparent variants), the
//! few helpers that answer `FalError` methods from it, and the compile-time check that
//! no two variants, however nested, send one `type`.

use std::borrow::Cow;

use http::StatusCode;

use crate::catalog::{CtxInfo, ErrorInfo, Retryability};
use crate::error::FalError;
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

    /// Which variant `self` is.
    fn kind(&self) -> Kind<'_>;

    /// `self` as a fal error, for a variant that forwards to it.
    fn as_fal(&self) -> &dyn FalError;
}

impl<E: Transparent + ?Sized> Transparent for Box<E> {
    const TABLE: &'static Table = E::TABLE;
    fn kind(&self) -> Kind<'_> {
        (**self).kind()
    }
    fn as_fal(&self) -> &dyn FalError {
        (**self).as_fal()
    }
}

impl<E: Transparent + ?Sized> Transparent for &E {
    const TABLE: &'static Table = E::TABLE;
    fn kind(&self) -> Kind<'_> {
        (**self).kind()
    }
    fn as_fal(&self) -> &dyn FalError {
        (**self).as_fal()
    }
}

impl<E: Transparent + FalError> Transparent for crate::Located<E> {
    const TABLE: &'static Table = E::TABLE;
    fn kind(&self) -> Kind<'_> {
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
            fn kind(&self) -> Kind<'_> {
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

/// `FalError::error_type` of a derived error.
pub fn error_type<'a>(table: &'static Table, kind: Kind<'a>) -> &'a str {
    match kind {
        Kind::Own(index) => own(table, index).map_or("", |variant| variant.info.error_type),
        Kind::Inner(inner) => inner.error_type(),
    }
}

/// `FalError::status` of a derived error.
pub fn status(table: &'static Table, kind: Kind<'_>) -> StatusCode {
    match kind {
        Kind::Own(index) => own(table, index)
            .and_then(|variant| StatusCode::from_u16(variant.info.status).ok())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        Kind::Inner(inner) => inner.status(),
    }
}

/// `FalError::retryable` of a derived error, for variants without a retryable field.
pub fn retryable(table: &'static Table, kind: Kind<'_>) -> bool {
    match kind {
        Kind::Own(index) => own(table, index)
            .is_some_and(|variant| variant.info.retryable == Retryability::Fixed(true)),
        Kind::Inner(inner) => inner.retryable(),
    }
}

/// `FalError::needs_retry` of a derived error.
pub fn needs_retry(kind: Kind<'_>) -> Option<bool> {
    match kind {
        Kind::Own(_) => None,
        Kind::Inner(inner) => inner.needs_retry(),
    }
}

/// `FalError::loc` of a derived error, for variants without a loc field.
pub fn loc(table: &'static Table, kind: Kind<'_>) -> Loc {
    match kind {
        Kind::Own(index) => match own(table, index) {
            Some(variant) if !variant.loc.is_empty() => Loc::from_static(variant.loc),
            _ => Loc::body(),
        },
        Kind::Inner(inner) => inner.loc(),
    }
}

/// `FalError::msg` of a derived error, for variants whose message is constant.
pub fn msg<'a>(table: &'static Table, kind: Kind<'a>) -> Cow<'a, str> {
    match kind {
        Kind::Own(index) => Cow::Borrowed(own(table, index).map_or("", |variant| variant.info.msg)),
        Kind::Inner(inner) => inner.msg(),
    }
}

/// `FalError::url` of a derived error.
pub fn url<'a>(table: &'static Table, kind: Kind<'a>) -> Cow<'a, str> {
    match kind {
        Kind::Own(index) => Cow::Borrowed(own(table, index).map_or("", |variant| variant.info.url)),
        Kind::Inner(inner) => inner.url(),
    }
}

/// `FalError::__fragments` of a derived error.
pub fn fragments(table: &'static Table, kind: Kind<'_>) -> Fragments {
    match kind {
        Kind::Own(index) => own(table, index).map_or(Fragments::NONE, |variant| variant.fragments),
        Kind::Inner(inner) => inner.__fragments(),
    }
}

/// `FalError::visit_ctx` of a derived error: `values` are the ctx fields of the variant
/// `kind` names, in the order of its table entry's keys.
pub fn visit_ctx(
    table: &'static Table,
    kind: Kind<'_>,
    values: &[&dyn crate::error::WireSerialize],
    visitor: &mut crate::error::CtxVisitor<'_>,
) {
    match kind {
        Kind::Own(index) => {
            if let Some(variant) = own(table, index) {
                for (info, value) in variant.info.ctx.iter().zip(values) {
                    visitor(info.key, *value);
                }
            }
        }
        Kind::Inner(inner) => inner.visit_ctx(visitor),
    }
}

/// `FalError::input` of a derived error, for variants without an input field.
pub fn input(kind: Kind<'_>) -> Option<&dyn crate::error::WireSerialize> {
    match kind {
        Kind::Own(_) => None,
        Kind::Inner(inner) => inner.input(),
    }
}

/// `FalError::catalog` of a derived error: every entry, in declaration order, nested
/// tables in place.
pub fn catalog(table: &'static Table) -> Vec<ErrorInfo> {
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
pub const fn check_unique_types(name: &str, table: &Table) {
    // Only a nested table can share a type, so the outer loop runs over them alone:
    // const evaluation is interpreted, and an enum has hundreds of own variants.
    let mut first = 0;
    while first < table.nested.len() {
        match shared_type(table, first) {
            Some(shared) => {
                let message = Message::new()
                    .push("two variants of `")
                    .push(name)
                    .push("` send the type `")
                    .push(shared)
                    .push("` (one of them through `#[fal(transparent)]`), so a client cannot tell them apart: give one of them another `type`, or leave one out of the inner error");
                panic!("{}", message.as_str());
            }
            None => first += 1,
        }
    }
}

/// A type sent by the nested table at `first` and by an own variant or a later nested
/// table; each pair of nested tables is compared once.
const fn shared_type(table: &Table, first: usize) -> Option<&'static str> {
    let nested = table.nested[first].1;
    let mut index = 0;
    while index < table.own.len() {
        let error_type = table.own[index].info.error_type;
        if sends(nested, error_type) {
            return Some(error_type);
        }
        index += 1;
    }
    let mut second = first + 1;
    while second < table.nested.len() {
        if let Some(shared) = first_shared(nested, table.nested[second].1) {
            return Some(shared);
        }
        second += 1;
    }
    None
}

/// The first type of `a` that `b` also sends.
const fn first_shared(a: &Table, b: &Table) -> Option<&'static str> {
    let mut index = 0;
    while index < a.own.len() {
        let error_type = a.own[index].info.error_type;
        if sends(b, error_type) {
            return Some(error_type);
        }
        index += 1;
    }
    let mut index = 0;
    while index < a.nested.len() {
        if let Some(shared) = first_shared(a.nested[index].1, b) {
            return Some(shared);
        }
        index += 1;
    }
    None
}

/// Whether `table`, nested tables included, sends `error_type`.
const fn sends(table: &Table, error_type: &str) -> bool {
    let mut index = 0;
    while index < table.own.len() {
        if same(table.own[index].info.error_type, error_type) {
            return true;
        }
        index += 1;
    }
    let mut index = 0;
    while index < table.nested.len() {
        if sends(table.nested[index].1, error_type) {
            return true;
        }
        index += 1;
    }
    false
}

const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut index = 0;
    while index < a.len() {
        if a[index] != b[index] {
            return false;
        }
        index += 1;
    }
    true
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
