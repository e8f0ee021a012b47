//! Reading `#[fal(...)]`: receivers that only collect what was written.
//!
//! Every item's attributes are read on their own, so one unreadable attribute does not
//! hide the mistakes elsewhere. Each key is checked against the table of keys
//! (`keys.rs`) for its place: unknown keys get a "did you mean", keys of another place
//! say where they belong, repeated keys point at the first, and a key written without
//! its value, or with one it does not take, shows how to write it. Values are kept as
//! raw expressions so that `ast.rs` can check them and say what to write instead.

use proc_macro2::{Spacing, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Attribute, DeriveInput, Expr, Generics, Ident, Lit, Meta, Path, Token, Type};

use crate::case::did_you_mean;
use crate::error::Accumulator;
use crate::keys::{Form, KEYS, Key, Place};

/// One key as written on an item.
pub struct Entry {
    pub key: &'static Key,
    /// The value of `key = value`, unchecked; `None` for a switch.
    pub value: Option<Expr>,
    /// Where it was written: the value, or the switch.
    pub span: Span,
}

/// The keys written on one item, in the table's order: each one belongs to the item's
/// place, is written in its form, and is given once.
#[derive(Default)]
pub struct Written(Vec<Entry>);

impl Written {
    /// The value written for `key`.
    pub fn value(&self, key: &Key) -> Option<&Expr> {
        self.entry(key)?.value.as_ref()
    }

    /// Where `key` was written, if it was.
    pub fn span(&self, key: &Key) -> Option<Span> {
        self.entry(key).map(|entry| entry.span)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.0.iter()
    }

    /// The keys that only a variant takes (a struct's own, or misplaced on an enum),
    /// taken out.
    pub fn take_only_on_variants(&mut self) -> Written {
        let (variants, rest) = std::mem::take(&mut self.0)
            .into_iter()
            .partition(|entry| entry.key.only_on_variants());
        self.0 = rest;
        Written(variants)
    }

    fn entry(&self, key: &Key) -> Option<&Entry> {
        self.0.iter().find(|entry| entry.key.name == key.name)
    }
}

/// What an item of an enum or struct holds.
pub enum Data<'a> {
    Enum(Vec<VariantAttrs<'a>>),
    Struct(Vec<FieldAttrs<'a>>),
}

/// The enum or struct with everything written on it.
pub struct ContainerAttrs<'a> {
    pub ident: &'a Ident,
    pub generics: &'a Generics,
    pub data: Data<'a>,
    pub attrs: &'a [Attribute],
    pub keys: Written,
    /// Some key on the container could not be read.
    pub rejected: bool,
}

impl<'a> ContainerAttrs<'a> {
    /// Reads every `#[fal(...)]` of `input`, reporting each mistake to `errors` (a
    /// union, and a list on a generic parameter, too); an unreadable list counts as
    /// empty. `None` for a union.
    pub fn read(input: &'a DeriveInput, errors: &mut Accumulator) -> Option<ContainerAttrs<'a>> {
        if let syn::Data::Union(union) = &input.data {
            errors.push(
                crate::error::Error::custom(
                    "`FalError` cannot be derived for a union: use an enum with one variant per error, or a struct",
                )
                .with_span(&union.union_token),
            );
        }
        for param in &input.generics.params {
            let attrs = match param {
                syn::GenericParam::Type(param) => &param.attrs,
                syn::GenericParam::Lifetime(param) => &param.attrs,
                syn::GenericParam::Const(param) => &param.attrs,
            };
            for attr in attrs.iter().filter(|attr| attr.path().is_ident("fal")) {
                errors.push(
                    crate::error::Error::custom(
                        "`#[fal(...)]` is not read on a generic parameter: put it on the enum, a variant or a field",
                    )
                    .with_span(attr),
                );
            }
        }
        let (data, place) = match &input.data {
            syn::Data::Enum(data) => {
                let variants = data
                    .variants
                    .iter()
                    .map(|variant| VariantAttrs::read(variant, errors))
                    .collect();
                (Data::Enum(variants), Place::Enum)
            }
            syn::Data::Struct(data) => (
                Data::Struct(read_fields(&data.fields, errors)),
                Place::Struct,
            ),
            syn::Data::Union(_) => return None,
        };
        let (keys, rejected) = read_keys(&input.attrs, place, errors);
        Some(ContainerAttrs {
            ident: &input.ident,
            generics: &input.generics,
            data,
            attrs: &input.attrs,
            keys,
            rejected,
        })
    }
}

/// `#[fal(...)]` on an enum variant.
pub struct VariantAttrs<'a> {
    pub ident: &'a Ident,
    pub fields: Vec<FieldAttrs<'a>>,
    pub attrs: &'a [Attribute],
    pub keys: Written,
    /// Some key on the variant could not be read.
    pub rejected: bool,
}

impl<'a> VariantAttrs<'a> {
    fn read(variant: &'a syn::Variant, errors: &mut Accumulator) -> VariantAttrs<'a> {
        let fields = read_fields(&variant.fields, errors);
        let (keys, rejected) = read_keys(&variant.attrs, Place::Variant, errors);
        VariantAttrs {
            ident: &variant.ident,
            fields,
            attrs: &variant.attrs,
            keys,
            rejected,
        }
    }
}

/// `#[fal(...)]` on a field.
pub struct FieldAttrs<'a> {
    pub ident: Option<&'a Ident>,
    pub ty: &'a Type,
    pub attrs: &'a [Attribute],
    pub keys: Written,
}

fn read_fields<'a>(fields: &'a syn::Fields, errors: &mut Accumulator) -> Vec<FieldAttrs<'a>> {
    fields
        .iter()
        .map(|field| FieldAttrs {
            ident: field.ident.as_ref(),
            ty: &field.ty,
            attrs: &field.attrs,
            keys: read_keys(&field.attrs, Place::Field, errors).0,
        })
        .collect()
}

/// Reads the `#[fal(...)]` lists of one item, checking every key first; what cannot be
/// read is reported and left out. Also says whether anything was rejected: a rule about
/// a key that may be the one mistyped then stays silent, so that one mistake gives one
/// error.
fn read_keys(attrs: &[Attribute], place: Place, outer: &mut Accumulator) -> (Written, bool) {
    let mut local = crate::error::Error::accumulator();
    let errors = &mut local;
    let mut found: Vec<Entry> = Vec::new();
    let mut seen: Vec<(String, Span)> = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("fal")) {
        let Meta::List(list) = &attr.meta else {
            errors.push(
                crate::error::Error::custom(format!(
                    "`#[fal]` takes a list of keys: write `#[fal({})]`",
                    place.example()
                ))
                .with_span(&attr.meta),
            );
            continue;
        };
        let parsed =
            simple_items(&list.tokens).map_or_else(|| parse_items.parse2(list.tokens.clone()), Ok);
        let items = match parsed {
            Ok(items) => items,
            Err(error) => {
                errors.push(crate::error::Error::from(error));
                continue;
            }
        };
        for item in items {
            if let Some(entry) = errors.handle(check_item(item, place, &mut seen)) {
                found.push(entry);
            }
        }
    }
    // Every found key belongs to the place and was given once: in the table's order, they
    // are the place's keys as written.
    found.sort_by_key(|entry| KEYS.iter().position(|key| key.name == entry.key.name));
    let rejected = local.into_inner();
    let any = !rejected.is_empty();
    for error in rejected {
        outer.push(error);
    }
    (Written(found), any)
}

/// One item of a `#[fal(...)]` list, as written; a list's items live only while it is read.
#[allow(clippy::large_enum_variant)]
enum Item {
    Meta(Meta),
    Lit(Lit),
    /// `key = value` whose value is not an expression.
    NameValueInvalidExpr {
        path: Path,
        value: TokenStream,
    },
}

/// The items of a list written only as `key` and `key = literal` (nearly every list), read
/// straight from its tokens as `parse_items` would read them; `None` for any other list,
/// which `parse_items` reads.
fn simple_items(tokens: &TokenStream) -> Option<Vec<Item>> {
    let is = |token: &TokenTree, char: char| matches!(token, TokenTree::Punct(punct) if punct.as_char() == char && punct.spacing() == Spacing::Alone);
    let mut items = Vec::new();
    let mut tokens = tokens.clone().into_iter();
    while let Some(token) = tokens.next() {
        let TokenTree::Ident(key) = token else {
            return None;
        };
        // `true` and `false` are literals, not keys.
        if key == "true" || key == "false" {
            return None;
        }
        let path = Path::from(key);
        let after = tokens.next();
        let Some(eq) = after.as_ref().filter(|token| is(token, '=')) else {
            items.push(Item::Meta(Meta::Path(path)));
            match after {
                None => break,
                Some(comma) if is(&comma, ',') => continue,
                Some(_) => return None,
            }
        };
        let lit = match tokens.next()? {
            TokenTree::Literal(literal) => Lit::new(literal),
            TokenTree::Ident(word) if word == "true" || word == "false" => {
                Lit::Bool(syn::LitBool::new(word == "true", word.span()))
            }
            _ => return None,
        };
        items.push(Item::Meta(Meta::NameValue(syn::MetaNameValue {
            path,
            eq_token: Token![=](eq.span()),
            value: Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit,
            }),
        })));
        match tokens.next() {
            None => break,
            Some(comma) if is(&comma, ',') => {}
            Some(_) => return None,
        }
    }
    Some(items)
}

fn parse_items(input: ParseStream<'_>) -> syn::Result<Vec<Item>> {
    Ok(
        Punctuated::<Item, Token![,]>::parse_terminated_with(input, parse_item)?
            .into_iter()
            .collect(),
    )
}

fn parse_item(input: ParseStream<'_>) -> syn::Result<Item> {
    if input.peek(Lit) && !(input.peek(syn::LitBool) && input.peek2(Token![=])) {
        return input.parse().map(Item::Lit);
    }
    if !(input.peek(Ident::peek_any) || input.peek(Token![::]) && input.peek3(Ident::peek_any)) {
        return Err(input.error("expected identifier or literal"));
    }
    let path = parse_key(input)?;
    if input.peek(syn::token::Paren)
        || input.peek(syn::token::Bracket)
        || input.peek(syn::token::Brace)
    {
        let (delimiter, tokens) = input.step(|cursor| match cursor.token_tree() {
            Some((TokenTree::Group(group), rest)) => {
                let span = group.delim_span();
                let delimiter = match group.delimiter() {
                    proc_macro2::Delimiter::Parenthesis => {
                        syn::MacroDelimiter::Paren(syn::token::Paren(span))
                    }
                    proc_macro2::Delimiter::Brace => {
                        syn::MacroDelimiter::Brace(syn::token::Brace(span))
                    }
                    _ => syn::MacroDelimiter::Bracket(syn::token::Bracket(span)),
                };
                Ok(((delimiter, group.stream()), rest))
            }
            _ => Err(cursor.error("expected delimiter")),
        })?;
        return Ok(Item::Meta(Meta::List(syn::MetaList {
            path,
            delimiter,
            tokens,
        })));
    }
    if !input.peek(Token![=]) {
        return Ok(Item::Meta(Meta::Path(path)));
    }
    let eq_token: Token![=] = input.parse()?;
    let ahead = input.fork();
    let literal: Option<Lit> = ahead.parse()?;
    let value = if let (Some(literal), true) = (literal, ahead.is_empty() || ahead.peek(Token![,]))
    {
        use syn::parse::discouraged::Speculative;
        input.advance_to(&ahead);
        Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: literal,
        })
    } else if input.peek(Token![#]) && input.peek2(syn::token::Bracket) {
        return Err(input.error("unexpected attribute inside of attribute"));
    } else {
        // Read from the value's own tokens, so that a failed attempt inside a group
        // leaves no error behind in the list. A `[...]` list is kept as its tokens for
        // `ast.rs` to read (syn reads arrays only with its `full` feature, which another
        // crate of the build may or may not turn on); what syn reads without `full`
        // (literals, paths, operators, macro fragments) is an `Expr`, and anything else
        // is kept as its tokens too.
        let value = input.step(until_comma)?;
        if value.is_empty() {
            return Ok(Item::NameValueInvalidExpr { path, value });
        }
        if crate::ast::is_list(&value) {
            Expr::Verbatim(value)
        } else {
            syn::parse2::<Expr>(value.clone()).unwrap_or(Expr::Verbatim(value))
        }
    };
    Ok(Item::Meta(Meta::NameValue(syn::MetaNameValue {
        path,
        eq_token,
        value,
    })))
}

/// A key: a path whose segments may be keywords (`type`, `crate`).
fn parse_key(input: ParseStream<'_>) -> syn::Result<Path> {
    let leading_colon: Option<Token![::]> = input.parse()?;
    let mut segments = Punctuated::new();
    loop {
        if !input.peek(Ident::peek_any) {
            break;
        }
        segments.push_value(syn::PathSegment::from(Ident::parse_any(input)?));
        if !input.peek(Token![::]) {
            break;
        }
        segments.push_punct(input.parse()?);
    }
    if segments.is_empty() {
        return Err(input.error("expected identifier"));
    } else if segments.trailing_punct() {
        return Err(input.error("expected path segment after `::`"));
    }
    Ok(Path {
        leading_colon,
        segments,
    })
}

/// The tokens up to the next `,`.
fn until_comma<'c>(
    cursor: syn::parse::StepCursor<'c, '_>,
) -> syn::Result<(TokenStream, syn::buffer::Cursor<'c>)> {
    let mut rest = *cursor;
    let mut tokens = TokenStream::new();
    while let Some((token, next)) = rest.token_tree() {
        if matches!(&token, TokenTree::Punct(punct) if punct.as_char() == ',') {
            break;
        }
        tokens.extend([token]);
        rest = next;
    }
    Ok((tokens, rest))
}

/// The key of `item` and the item, if its key belongs to `place`, is written in its
/// form and was not given before.
fn check_item(
    item: Item,
    place: Place,
    seen: &mut Vec<(String, Span)>,
) -> crate::error::Result<Entry> {
    let meta = match item {
        Item::Meta(meta) => meta,
        Item::Lit(literal) => {
            return Err(crate::error::Error::custom(format!(
                "`#[fal(...)]` takes keys, not a bare literal: write e.g. `#[fal({})]`",
                place.example()
            ))
            .with_span(&literal));
        }
        Item::NameValueInvalidExpr { path, value } => {
            let name = path_name(&path);
            let written = match place.key(&name).map(|key| key.form) {
                Some(Form::Value(example)) => example,
                _ => "key = value",
            };
            return Err(crate::error::Error::custom(format!(
                "the value of `{name}` is not an expression: write `{written}`"
            ))
            .with_span(&value));
        }
    };
    let path = meta.path();
    let name = path_name(path);
    let Some(key) = place.key(&name) else {
        return Err(unknown_key(&name, place).with_span(path));
    };
    if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == name) {
        let mut twice = crate::error::Error::accumulator();
        twice.push(
            crate::error::Error::custom(format!("`{name}` is given twice: keep one"))
                .with_span(path),
        );
        twice.push(
            crate::error::Error::custom(format!("`{name}` first given here")).with_span(first),
        );
        return Err(twice.finish().unwrap_err());
    }
    seen.push((name.clone(), crate::start::path(path)));
    match (key.form, meta) {
        (Form::Value(_), Meta::NameValue(pair)) => Ok(Entry {
            key,
            span: crate::start::expr(&pair.value),
            value: Some(pair.value),
        }),
        (Form::Switch, Meta::Path(path)) => Ok(Entry {
            key,
            value: None,
            span: crate::start::path(&path),
        }),
        (form, meta) => Err(wrong_form(&name, key, form, &meta, place)),
    }
}

/// `key` written in a form it does not take: how to write it instead.
fn wrong_form(name: &str, key: &Key, form: Form, meta: &Meta, place: Place) -> crate::error::Error {
    match (form, meta) {
        (Form::Value(example), Meta::Path(_)) => {
            // An enum has no fields of its own to offer instead.
            let hint = match key.instead {
                "" => String::new(),
                _ if place == Place::Enum => String::new(),
                instead => format!(" ({instead})"),
            };
            crate::error::Error::custom(format!("`{name}` needs a value: write `{example}`{hint}"))
                .with_span(meta)
        }
        (Form::Value(example), _) => crate::error::Error::custom(format!(
            "`{name}` takes `= value`, not a list: write `{example}`"
        ))
        .with_span(meta),
        (Form::Switch, _) => {
            let value = match meta {
                Meta::NameValue(syn::MetaNameValue {
                    value:
                        Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(value),
                            ..
                        }),
                    ..
                }) => value.value(),
                _ => "key".to_owned(),
            };
            let hint = match key.instead {
                "" => String::new(),
                instead => format!(", {}", instead.replace("{value}", &value)),
            };
            crate::error::Error::custom(format!(
                "`{name}` takes no value: write `#[fal({name})]`{hint}"
            ))
            .with_span(meta)
        }
    }
}

fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|segment| segment.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

fn unknown_key(name: &str, place: Place) -> crate::error::Error {
    let elsewhere = [Place::Variant, Place::Enum, Place::Field]
        .into_iter()
        .filter(|other| *other != place)
        .find_map(|other| Some((other, other.offered().find(|key| key.name == name)?)));
    let message = match elsewhere {
        Some((other, key)) => format!(
            "`{name}` is not read on {}: write `#[fal({})]` on {}",
            place.name(),
            key.written(),
            other.whereabouts()
        ),
        None => {
            let offered: Vec<&str> = place.offered().map(|key| key.name).collect();
            match did_you_mean(name, offered.iter().copied()) {
                Some(close) => format!(
                    "unknown key `{name}` on {}: did you mean `{close}`?",
                    place.name()
                ),
                None => format!(
                    "unknown key `{name}` on {}; the keys are {}",
                    place.name(),
                    offered
                        .iter()
                        .map(|key| format!("`{key}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    crate::error::Error::custom(message)
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;
    use syn::parse::Parser;

    fn written(items: Vec<super::Item>) -> Vec<String> {
        items
            .into_iter()
            .map(|item| match item {
                super::Item::Meta(meta) => format!("meta {}", meta.to_token_stream()),
                super::Item::Lit(lit) => format!("lit {}", lit.to_token_stream()),
                super::Item::NameValueInvalidExpr { path, value } => {
                    format!("invalid {} {value}", path.to_token_stream())
                }
            })
            .collect()
    }

    /// The token reader takes the lists it can read whole, and reads them as syn does.
    #[test]
    fn simple_lists_read_as_the_parser_reads_them() {
        let simple = [
            "",
            "ctx",
            "ctx,",
            "ctx, rename = \"max\"",
            "type = \"too_large\", status = 422, retryable = false,",
            "retryable = true",
            "r#type = \"x\"",
            "status = 503u16",
        ];
        let other = [
            "true",
            "\"text\"",
            "status = -1",
            "loc = [\"body\"]",
            "crate = ::my::path",
            "a::b",
            "key == 1",
            "key = 1 + 2",
            "key(1)",
            "key = ",
            "ctx rename",
        ];
        for text in simple {
            let tokens: proc_macro2::TokenStream = text.parse().unwrap();
            let fast = super::simple_items(&tokens).expect(text);
            let parsed = super::parse_items.parse2(tokens).unwrap();
            assert_eq!(written(fast), written(parsed), "{text}");
        }
        for text in other {
            let tokens: proc_macro2::TokenStream = text.parse().unwrap();
            assert!(super::simple_items(&tokens).is_none(), "{text}");
        }
    }
}
