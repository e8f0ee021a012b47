//! What a derived error's impl reads besides its table (`table.rs`): which variant a
//! value is, with its ctx values and message arguments (`Transparent::parts`), and the
//! few helpers that answer `FalError` methods from the two.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;

use crate::catalog::{ErrorInfo, Retryability};
use crate::error::{CtxVisitor, FalError, WireSerialize};
use crate::fragments::Fragments;
use crate::loc::Loc;
use crate::table::{OPAQUE, Table};

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
    /// Where to write the text of a variant whose `msg` is a template; left `None` for
    /// any other. (Borrowed, so that `Parts` has no destructor for every call to clean up.)
    Msg(&'a mut Option<String>),
    /// The variant's ctx values, handed to the visitor under the keys of its table entry.
    Ctx(&'static Table, &'a mut CtxVisitor<'v>),
}

impl Parts<'_, '_> {
    /// The own variant `index`, whose ctx fields hold `values` (in its entry's key order).
    pub fn ctx(&mut self, index: usize, values: &[&dyn WireSerialize]) -> usize {
        if let Parts::Ctx(table, visitor) = self
            && let Some(variant) = table.own(index)
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
            **text = Some(fmt::format(arguments));
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

// The `FalError` methods of a derived error, from its table and `Transparent::parts`.
// Each is a thin generic shell around the code shared by every type.

/// `FalError::error_type`.
#[inline]
pub fn error_type<T: Transparent + ?Sized>(error: &T) -> &str {
    error_type_of(T::TABLE, error.kind())
}

fn error_type_of<'a>(table: &'static Table, kind: Kind<'a>) -> &'a str {
    match kind {
        Kind::Own(index) => table
            .own(index)
            .map_or("", |variant| variant.info.error_type),
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
        Kind::Own(index) => table
            .own(index)
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
        Kind::Own(index) => table
            .own(index)
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
        Kind::Own(index) => match table.own(index) {
            Some(variant) if !variant.loc.is_empty() => Loc::from_static(variant.loc),
            _ => Loc::body(),
        },
        Kind::Inner(inner) => inner.loc(),
    }
}

/// `FalError::msg`, for variants whose message is not their `Display` text.
#[inline]
pub fn msg<T: Transparent + ?Sized>(error: &T) -> Cow<'_, str> {
    let mut text = None;
    let kind = error.parts(&mut Parts::Msg(&mut text));
    msg_of(T::TABLE, kind, text)
}

fn msg_of<'a>(table: &'static Table, kind: Kind<'a>, text: Option<String>) -> Cow<'a, str> {
    match (kind, text) {
        (_, Some(text)) => Cow::Owned(text),
        (Kind::Own(index), _) => {
            Cow::Borrowed(table.own(index).map_or("", |variant| variant.info.msg))
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
        Kind::Own(index) => Cow::Borrowed(table.own(index).map_or("", |variant| variant.info.url)),
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
        Kind::Own(index) => table
            .own(index)
            .map_or(Fragments::NONE, |variant| variant.fragments),
        Kind::Inner(inner) => inner.__fragments(),
    }
}

/// `FalError::visit_ctx`.
#[inline]
pub fn visit_ctx<T: Transparent + ?Sized>(error: &T, visitor: &mut CtxVisitor<'_>) {
    let kind = error.parts(&mut Parts::Ctx(T::TABLE, visitor));
    if let Kind::Inner(inner) = kind {
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
    let own_info = |range: std::ops::Range<usize>| {
        range
            .map_while(|index| table.own(index))
            .map(|variant| variant.info)
    };
    let mut taken = 0;
    for &(after, nested) in table.nested {
        into.extend(own_info(taken..after));
        taken = taken.max(after);
        collect(nested, into);
    }
    into.extend(own_info(taken..usize::MAX));
}
