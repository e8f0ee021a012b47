//! The checked model: every `#[fal]` value parsed and typed, container defaults folded
//! into each variant. Values that cannot be understood are reported here, each spanned
//! on the offending token with what to write instead.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident};
use syn::{Expr, Generics, Ident, Lit, LitStr, Member, Path, Type};

use crate::attr::{ContainerAttrs, Data, FieldAttrs, VariantAttrs, Written};
use crate::case::{humanize, is_valid_type, snake_case};
use crate::fmt::{Message, TemplateField, parse_message};
use crate::keys::{self, Key};
use crate::thiserror;

pub const DEFAULT_DOC_BASE: &str = "https://docs.fal.ai/errors/";
pub const DEFAULT_STATUS: u16 = 422;

pub struct Input<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    /// Where the runtime is: `::fal_error`, or the path of `crate = ...`.
    pub krate: TokenStream,
    pub is_enum: bool,
    pub variants: Vec<Variant<'a>>,
    /// Keys of the variants written on an enum.
    pub misplaced: Keys,
}

pub struct Variant<'a> {
    pub ident: &'a Ident,
    pub is_struct: bool,
    /// A key of the variant (or of the container) could not be read: rules about what
    /// is missing stay silent, as the missing key may be the mistyped one.
    pub rejected: bool,
    /// `#[error(transparent)]`, thiserror's forwarding of `Display`.
    pub error_transparent: Option<Span>,
    /// thiserror's `#[error("...")]` and the fields its text shows.
    pub shown: Option<(Span, Vec<String>)>,
    pub doc: String,
    pub fields: Vec<Field<'a>>,
    pub keys: Keys,
    pub body: Body,
}

/// Where an item wrote each of its keys, in the table's order, for rules about
/// combinations.
pub struct Keys(Vec<(&'static Key, Span)>);

impl Keys {
    fn of(written: &Written) -> Keys {
        Keys(
            written
                .iter()
                .map(|entry| (entry.key, entry.span))
                .collect(),
        )
    }

    pub fn get(&self, key: &Key) -> Option<Span> {
        self.0
            .iter()
            .find(|(written, _)| written.name == key.name)
            .map(|(_, span)| *span)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static Key, Span)> {
        self.0.iter().copied()
    }
}

pub enum Body {
    /// Everything comes from the one field.
    Transparent {
        field: usize,
        span: Span,
    },
    Own(Own),
}

pub struct Own {
    pub error_type: String,
    pub type_span: Span,
    pub status: u16,
    pub status_span: Span,
    pub retry: Retry,
    pub loc: LocSource,
    pub msg: Message,
    pub url: String,
}

pub enum Retry {
    Fixed(bool),
    Field(usize),
    /// Not written anywhere: false, except that a 5xx must state it.
    Unstated,
}

pub enum LocSource {
    Default,
    Static(Vec<LocLit>),
    Field(usize),
}

pub enum LocLit {
    Key(String),
    Index(u64),
}

pub struct Field<'a> {
    pub member: Member,
    pub name: String,
    pub binding: Ident,
    pub ty: &'a Type,
    pub span: Span,
    pub doc: String,
    pub ctx: Option<(String, Span)>,
    pub input: Option<Span>,
    pub redact: Option<Span>,
    pub loc: Option<Span>,
    pub retryable: Option<Span>,
    pub skip: Option<Span>,
    pub rename: Option<Span>,
    pub keys: Keys,
    /// The underlying error: as thiserror marks it (`#[source]`, `#[from]`, a field
    /// named `source`, the field of an `#[error(transparent)]` variant) or by its type.
    pub source: bool,
}

/// What the container says about every variant.
struct Defaults {
    rejected: bool,
    doc_base: String,
    status: Option<(u16, Span)>,
    retryable: Option<bool>,
    display: Option<Span>,
}

impl<'a> Input<'a> {
    pub fn from_attrs(
        mut attrs: ContainerAttrs<'a>,
        errors: &mut crate::error::Accumulator,
    ) -> Input<'a> {
        // The keys that only a variant takes are a struct's own; on an enum, misplaced.
        let only_on_variants = attrs.keys.take_only_on_variants();
        let written = &attrs.keys;
        let defaults = Defaults {
            rejected: attrs.rejected,
            doc_base: written
                .value(&keys::DOC_BASE)
                .and_then(|value| errors.handle(absolute_url(value, &keys::DOC_BASE)))
                .unwrap_or_else(|| DEFAULT_DOC_BASE.to_owned()),
            status: written
                .value(&keys::STATUS)
                .and_then(|value| errors.handle(status(value))),
            retryable: written
                .value(&keys::RETRYABLE)
                .and_then(|value| errors.handle(boolean(value, &keys::RETRYABLE))),
            display: written.span(&keys::DISPLAY),
        };
        let krate = written
            .value(&keys::CRATE)
            .and_then(|value| errors.handle(crate_path(value)))
            .unwrap_or_else(|| quote::quote!(::fal_error));
        let (is_enum, variants, misplaced) = match &attrs.data {
            Data::Enum(variants) => (
                true,
                variants
                    .iter()
                    .map(|variant| Variant::from_enum_variant(variant, &defaults, errors))
                    .collect(),
                Keys::of(&only_on_variants),
            ),
            Data::Struct(fields) => {
                let variant = Variant::build(
                    attrs.ident,
                    true,
                    attrs.rejected,
                    attrs.attrs,
                    fields,
                    &only_on_variants,
                    &defaults,
                    errors,
                );
                (false, vec![variant], Keys::of(&Written::default()))
            }
        };
        Input {
            ident: attrs.ident,
            generics: attrs.generics,
            krate,
            is_enum,
            variants,
            misplaced,
        }
    }
}

impl<'a> Variant<'a> {
    fn from_enum_variant(
        variant: &VariantAttrs<'a>,
        defaults: &Defaults,
        errors: &mut crate::error::Accumulator,
    ) -> Variant<'a> {
        Variant::build(
            variant.ident,
            false,
            variant.rejected || defaults.rejected,
            variant.attrs,
            &variant.fields,
            &variant.keys,
            defaults,
            errors,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        ident: &'a Ident,
        is_struct: bool,
        rejected: bool,
        attrs: &[syn::Attribute],
        fields: &[FieldAttrs<'a>],
        written: &Written,
        defaults: &Defaults,
        errors: &mut crate::error::Accumulator,
    ) -> Variant<'a> {
        let mut fields: Vec<Field<'a>> = fields
            .iter()
            .enumerate()
            .map(|(index, field)| Field::build(index, field, errors))
            .collect();
        let error_transparent = thiserror::error_transparent(attrs);
        if let [only] = fields.as_mut_slice()
            && error_transparent.is_some()
        {
            only.source = true;
        }
        let body = if let Some(span) = written.span(&keys::TRANSPARENT) {
            Body::Transparent { field: 0, span }
        } else {
            Body::Own(Own::build(ident, &fields, written, defaults, errors))
        };
        Variant {
            ident,
            is_struct,
            rejected,
            error_transparent,
            shown: thiserror::shown_fields(attrs),
            doc: docs(attrs),
            fields,
            keys: Keys::of(written),
            body,
        }
    }
}

impl Own {
    fn build(
        ident: &Ident,
        fields: &[Field],
        written: &Written,
        defaults: &Defaults,
        errors: &mut crate::error::Accumulator,
    ) -> Own {
        let (error_type, type_span) = match written.value(&keys::TYPE) {
            Some(value) => match errors.handle(error_type(value)) {
                Some(error_type) => (error_type, crate::start::expr(value)),
                None => (snake_case(&ident.to_string()), crate::start::expr(value)),
            },
            None => {
                let error_type = snake_case(&ident.to_string());
                if !is_valid_type(&error_type) {
                    errors.push(
                        crate::error::Error::custom(format!(
                            "the type taken from the variant's name, `{error_type}`, does not match [a-z][a-z0-9_]*: name it with `#[fal(type = \"...\")]`"
                        ))
                        .with_span(ident),
                    );
                }
                (error_type, ident.span())
            }
        };
        let (status, status_span) = match written.value(&keys::STATUS) {
            Some(value) => errors
                .handle(status(value))
                .unwrap_or((DEFAULT_STATUS, crate::start::expr(value))),
            None => defaults.status.unwrap_or((DEFAULT_STATUS, type_span)),
        };
        let retry_field = fields.iter().position(|field| field.retryable.is_some());
        let retry = match (written.value(&keys::RETRYABLE), retry_field) {
            // A value that cannot be read is reported; it still states a decision.
            (Some(value), _) => Retry::Fixed(
                errors
                    .handle(boolean(value, &keys::RETRYABLE))
                    .unwrap_or_default(),
            ),
            (None, Some(field)) => Retry::Field(field),
            (None, None) => defaults.retryable.map_or(Retry::Unstated, Retry::Fixed),
        };
        let loc = match (
            written.value(&keys::LOC),
            fields.iter().position(|field| field.loc.is_some()),
        ) {
            (Some(value), _) => errors
                .handle(loc_list(value))
                .map_or(LocSource::Default, LocSource::Static),
            (None, Some(field)) => LocSource::Field(field),
            (None, None) => LocSource::Default,
        };
        let msg = match written.value(&keys::MSG) {
            Some(value) => errors
                .handle(lit_str(value, &keys::MSG))
                .and_then(|literal| {
                    let names: Vec<TemplateField<'_>> = fields
                        .iter()
                        .map(|field| TemplateField {
                            name: field.name.clone(),
                            binding: &field.binding,
                        })
                        .collect();
                    errors.handle(parse_message(literal, &names))
                })
                .unwrap_or(Message::Text(String::new())),
            None => match written.span(&keys::DISPLAY).or(defaults.display) {
                Some(_) if status >= 500 && fields.iter().any(|field| field.source) => {
                    Message::Text(humanize(&error_type))
                }
                Some(span) => Message::Display(span),
                None => Message::Text(humanize(&error_type)),
            },
        };
        let url = match written.value(&keys::URL) {
            Some(value) => errors
                .handle(absolute_url(value, &keys::URL))
                .unwrap_or_default(),
            None => format!("{}#{}", defaults.doc_base, error_type),
        };
        Own {
            error_type,
            type_span,
            status,
            status_span,
            retry,
            loc,
            msg,
            url,
        }
    }
}

impl<'a> Field<'a> {
    fn build(
        index: usize,
        field: &FieldAttrs<'a>,
        errors: &mut crate::error::Accumulator,
    ) -> Field<'a> {
        let (member, name, binding) = match &field.ident {
            Some(ident) => {
                let name = ident.to_string().trim_start_matches("r#").to_owned();
                (
                    Member::Named((*ident).clone()),
                    name,
                    binding(index, field.ty),
                )
            }
            None => (
                Member::Unnamed(syn::Index {
                    index: index as u32,
                    span: crate::start::ty(field.ty),
                }),
                index.to_string(),
                binding(index, field.ty),
            ),
        };
        let written = &field.keys;
        let rename = written
            .value(&keys::RENAME)
            .and_then(|value| errors.handle(lit_str(value, &keys::RENAME)));
        if let Some(literal) = &rename
            && literal.value().is_empty()
        {
            errors.push(
                crate::error::Error::custom("a ctx key cannot be empty: write `rename = \"key\"`")
                    .with_span(literal),
            );
        }
        let ctx = written.span(&keys::CTX).map(|span| {
            let key = rename.map_or_else(|| name.clone(), LitStr::value);
            (key, span)
        });
        Field {
            member,
            name,
            binding,
            ty: field.ty,
            span: crate::start::ty(field.ty),
            doc: docs(field.attrs),
            ctx,
            input: written.span(&keys::INPUT),
            redact: written.span(&keys::REDACT),
            loc: written.span(&keys::FIELD_LOC),
            retryable: written.span(&keys::FIELD_RETRYABLE),
            skip: written.span(&keys::SKIP),
            rename: written.span(&keys::RENAME),
            keys: Keys::of(written),
            source: thiserror::holds_error(field.ident, field.ty, field.attrs),
        }
    }
}

/// The name a generated arm binds a field to, spanned at the field's type so that a type
/// error points there. It is declared and used with that one span, so it resolves in
/// whatever hygiene context the type was written.
fn binding(index: usize, ty: &Type) -> Ident {
    format_ident!("__fal_field{}", index, span = crate::start::ty(ty))
}

/// The `///` text of an item, lines joined with newlines.
fn docs(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    Expr::Lit(syn::ExprLit {
                        lit: Lit::Str(text),
                        ..
                    }),
                ..
            }) => Some(text.value()),
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').map(str::to_owned).unwrap_or(line))
        .collect();
    lines.join("\n").trim().to_owned()
}

/// `expr` without the invisible groups around a `macro_rules!` fragment (`$x:expr`).
fn ungrouped(mut expr: &Expr) -> &Expr {
    while let Expr::Group(group) = expr {
        expr = &group.expr;
    }
    expr
}

fn literal(value: &Expr) -> Option<&Lit> {
    match ungrouped(value) {
        Expr::Lit(literal) => Some(&literal.lit),
        _ => None,
    }
}

fn lit_str<'v>(value: &'v Expr, key: &Key) -> crate::error::Result<&'v LitStr> {
    match literal(value) {
        Some(Lit::Str(text)) => Ok(text),
        _ => Err(crate::error::Error::custom(format!(
            "`{}` takes a string literal: write `{}`",
            key.name,
            key.written()
        ))
        .with_span(value)),
    }
}

fn error_type(value: &Expr) -> crate::error::Result<String> {
    let text = lit_str(value, &keys::TYPE)?;
    let error_type = text.value();
    if is_valid_type(&error_type) {
        return Ok(error_type);
    }
    let suggestion = snake_case(&error_type)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect::<String>();
    let hint = if is_valid_type(&suggestion) {
        format!(": write `type = \"{suggestion}\"`")
    } else {
        format!(", e.g. `{}`", keys::TYPE.written())
    };
    Err(crate::error::Error::custom(format!(
        "`type` must match [a-z][a-z0-9_]* (lowercase ASCII, digits and underscores, starting with a letter){hint}"
    ))
    .with_span(&text))
}

fn status(value: &Expr) -> crate::error::Result<(u16, Span)> {
    let (number, span) = match literal(value) {
        Some(Lit::Int(number)) => (number.base10_parse::<u64>().ok(), number.span()),
        Some(Lit::Str(text)) if text.value().parse::<u16>().is_ok() => {
            return Err(crate::error::Error::custom(format!(
                "`status` takes an integer literal, not a string: write `status = {}`",
                text.value()
            ))
            .with_span(text));
        }
        _ => {
            return Err(crate::error::Error::custom(format!(
                "`status` takes an integer literal between 400 and 599: write `{}`",
                keys::STATUS.written()
            ))
            .with_span(value));
        }
    };
    match number {
        Some(code @ 400..=599) => Ok((code as u16, span)),
        _ => Err(crate::error::Error::custom(
            "fal error statuses lie in 400..=599 (4xx: the input is wrong; 5xx: the server failed): write e.g. `status = 422` or `status = 500`",
        )
        .with_span(value)),
    }
}

fn boolean(value: &Expr, key: &Key) -> crate::error::Result<bool> {
    let name = key.name;
    match literal(value) {
        Some(Lit::Bool(flag)) => Ok(flag.value),
        Some(Lit::Str(text)) if matches!(text.value().as_str(), "true" | "false") => {
            Err(crate::error::Error::custom(format!(
                "`{name}` takes a bool literal, not a string: write `{name} = {}`",
                text.value()
            ))
            .with_span(text))
        }
        _ => Err(crate::error::Error::custom(format!(
            "`{name}` takes `true` or `false`: write `{}`",
            key.written()
        ))
        .with_span(value)),
    }
}

fn absolute_url(value: &Expr, key: &Key) -> crate::error::Result<String> {
    let text = lit_str(value, key)?;
    let url = text.value();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(rest)
            if rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
                && !url.contains(char::is_whitespace) =>
        {
            Ok(url)
        }
        _ => Err(crate::error::Error::custom(format!(
            "`{}` must be an absolute http(s) URL: write `{}`",
            key.name,
            key.written()
        ))
        .with_span(&text)),
    }
}

/// The `[...]` group that `tokens` are, inside any invisible groups of `macro_rules!`
/// fragments.
fn list_group(tokens: &TokenStream) -> Option<proc_macro2::Group> {
    let mut trees = tokens.clone().into_iter();
    let (Some(TokenTree::Group(group)), None) = (trees.next(), trees.next()) else {
        return None;
    };
    match group.delimiter() {
        Delimiter::None => list_group(&group.stream()),
        Delimiter::Bracket => Some(group),
        _ => None,
    }
}

/// Whether an attribute value is a `[...]` list.
pub fn is_list(tokens: &TokenStream) -> bool {
    list_group(tokens).is_some()
}

/// The items of a `[...]` list, read from its tokens (syn reads array expressions only
/// with its `full` feature, which no other derive in a user's build needs).
fn list_items(expr: &Expr) -> Option<Vec<Expr>> {
    let Expr::Verbatim(tokens) = ungrouped(expr) else {
        return None;
    };
    let group = list_group(tokens)?;
    let mut items = Vec::new();
    let mut item = TokenStream::new();
    let mut trees = group.stream().into_iter().peekable();
    while let Some(tree) = trees.next() {
        let comma = matches!(&tree, TokenTree::Punct(punct) if punct.as_char() == ',');
        if !comma {
            item.extend([tree]);
        }
        if comma || trees.peek().is_none() {
            let tokens = std::mem::take(&mut item);
            items.push(syn::parse2(tokens.clone()).unwrap_or(Expr::Verbatim(tokens)));
        }
    }
    Some(items)
}

fn loc_list(value: &Expr) -> crate::error::Result<Vec<LocLit>> {
    let Some(elems) = list_items(value) else {
        return Err(crate::error::Error::custom(format!(
            "`loc` takes a list of field names and indexes: write `{}`",
            keys::LOC.written()
        ))
        .with_span(value));
    };
    if elems.is_empty() {
        return Err(crate::error::Error::custom(
            "`loc` cannot be empty: write `loc = [\"body\"]` for the whole body, or leave `loc` out (that is the default)",
        )
        .with_span(value));
    }
    let mut errors = crate::error::Error::accumulator();
    let items = elems
        .iter()
        .filter_map(|item| {
            errors.handle(match ungrouped(item) {
                Expr::Lit(syn::ExprLit { lit: Lit::Str(text), .. }) => Ok(LocLit::Key(text.value())),
                Expr::Lit(syn::ExprLit { lit: Lit::Int(index), .. }) => index
                    .base10_parse::<u64>()
                    .map(LocLit::Index)
                    .map_err(|_| crate::error::Error::custom("a `loc` index must be a non-negative integer").with_span(index)),
                other => Err(crate::error::Error::custom(
                    "a `loc` item is a string literal (a field name) or an integer literal (a list index)",
                )
                .with_span(other)),
            })
        })
        .collect();
    errors.finish_with(items)
}

/// The path of `crate = ...`, as tokens.
fn crate_path(value: &Expr) -> crate::error::Result<TokenStream> {
    let mistake = || {
        crate::error::Error::custom(format!(
            "`crate` takes a path: write `{}`",
            keys::CRATE.written()
        ))
    };
    match ungrouped(value) {
        Expr::Path(path) => Ok(path.path.to_token_stream()),
        _ => match literal(value) {
            Some(Lit::Str(text)) => text
                .parse::<Path>()
                .map(|path| path.to_token_stream())
                .map_err(|_| mistake().with_span(text)),
            _ => Err(mistake().with_span(value)),
        },
    }
}
