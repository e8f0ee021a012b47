//! Reading `#[fal(...)]`: receivers that only collect what was written.
//!
//! Every item's attributes are read on their own, so one unreadable attribute does not
//! hide the mistakes elsewhere. Before a list is read, each key is checked against
//! the keys of its place (unknown keys get a "did you mean", misplaced keys say where they
//! belong, repeated keys point at the first, and a key written without its value, or with
//! one it does not take, shows how to write it). Values are kept as raw expressions
//! (`RawValue`) so that `ast.rs` can check them and say what to write instead.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::ext::IdentExt;
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Expr, Generics, Ident, Lit, Meta, Path, Token, Type};

use crate::error::Accumulator;

use crate::case::did_you_mean;

/// The value of a `key = value` pair, unchecked.
#[derive(Clone)]
pub struct RawValue {
    pub expr: Expr,
}

/// Where a switch key (a bare word) was written, if it was.
pub type Flag = Option<Span>;

/// Keys read from checked items: each item's form was checked by `check_item`, and no
/// key is given twice.
trait Keys: Default {
    /// Keeps `meta` under its key; `name` is known to the place.
    fn set(&mut self, name: &str, meta: &Meta);
}

/// The value of `key = value`, or where a switch was written.
fn raw_value(meta: &Meta) -> Option<RawValue> {
    match meta {
        Meta::NameValue(pair) => Some(RawValue {
            expr: pair.value.clone(),
        }),
        _ => None,
    }
}

fn flag(meta: &Meta) -> Flag {
    Some(meta.path().span())
}

/// The keys a variant (or a struct, which is a single variant) may carry.
#[derive(Default)]
pub struct VariantKeys {
    pub error_type: Option<RawValue>,
    pub status: Option<RawValue>,
    pub retryable: Option<RawValue>,
    pub loc: Option<RawValue>,
    pub msg: Option<RawValue>,
    pub url: Option<RawValue>,
    pub transparent: Flag,
    pub display: Flag,
}

/// The keys of `#[fal(...)]` on the enum or struct itself: its own two, and the variant
/// keys (a struct's own, or an enum's defaults and misplaced keys).
#[derive(Default)]
pub struct ContainerKeys {
    pub doc_base: Option<RawValue>,
    pub krate: Option<RawValue>,
    pub variant: VariantKeys,
}

/// The keys of `#[fal(...)]` on a field.
#[derive(Default)]
pub struct FieldKeys {
    pub ctx: Flag,
    pub rename: Option<RawValue>,
    pub input: Flag,
    pub redact: Flag,
    pub loc: Flag,
    pub retryable: Flag,
    pub skip: Flag,
}

impl Keys for VariantKeys {
    fn set(&mut self, name: &str, meta: &Meta) {
        match name {
            "type" => self.error_type = raw_value(meta),
            "status" => self.status = raw_value(meta),
            "retryable" => self.retryable = raw_value(meta),
            "loc" => self.loc = raw_value(meta),
            "msg" => self.msg = raw_value(meta),
            "url" => self.url = raw_value(meta),
            "transparent" => self.transparent = flag(meta),
            "display" => self.display = flag(meta),
            _ => {}
        }
    }
}

impl Keys for ContainerKeys {
    fn set(&mut self, name: &str, meta: &Meta) {
        match name {
            "doc_base" => self.doc_base = raw_value(meta),
            "crate" => self.krate = raw_value(meta),
            _ => self.variant.set(name, meta),
        }
    }
}

impl Keys for FieldKeys {
    fn set(&mut self, name: &str, meta: &Meta) {
        match name {
            "ctx" => self.ctx = flag(meta),
            "rename" => self.rename = raw_value(meta),
            "input" => self.input = flag(meta),
            "redact" => self.redact = flag(meta),
            "loc" => self.loc = flag(meta),
            "retryable" => self.retryable = flag(meta),
            "skip" => self.skip = flag(meta),
            _ => {}
        }
    }
}

/// What an item of an enum or struct holds.
pub enum Data {
    Enum(Vec<VariantAttrs>),
    Struct(Vec<FieldAttrs>),
}

/// The enum or struct with everything written on it.
pub struct ContainerAttrs {
    pub ident: Ident,
    pub generics: Generics,
    pub data: Data,
    pub attrs: Vec<Attribute>,
    pub keys: ContainerKeys,
    /// Some key on the container could not be read.
    pub rejected: bool,
}

impl ContainerAttrs {
    /// Reads every `#[fal(...)]` of `input`, reporting each mistake to `errors`; an
    /// unreadable list counts as empty. `None` for a union.
    pub fn read(input: &DeriveInput, errors: &mut Accumulator) -> Option<ContainerAttrs> {
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
        let (keys, rejected) = read_checked_keys(&input.attrs, place, errors);
        Some(ContainerAttrs {
            ident: input.ident.clone(),
            generics: input.generics.clone(),
            data,
            attrs: input.attrs.clone(),
            keys,
            rejected,
        })
    }

    /// The variant keys written on the container: a struct's own, or misplaced on an enum.
    pub fn variant_keys(&self) -> VariantKeys {
        let keys = &self.keys.variant;
        VariantKeys {
            error_type: keys.error_type.clone(),
            status: None,
            retryable: None,
            loc: keys.loc.clone(),
            msg: keys.msg.clone(),
            url: keys.url.clone(),
            transparent: keys.transparent,
            display: None,
        }
    }
}

/// `#[fal(...)]` on an enum variant.
pub struct VariantAttrs {
    pub ident: Ident,
    pub fields: Vec<FieldAttrs>,
    pub attrs: Vec<Attribute>,
    pub keys: VariantKeys,
    /// Some key on the variant could not be read.
    pub rejected: bool,
}

impl VariantAttrs {
    fn read(variant: &syn::Variant, errors: &mut Accumulator) -> VariantAttrs {
        let fields = read_fields(&variant.fields, errors);
        let (keys, rejected) = read_checked_keys(&variant.attrs, Place::Variant, errors);
        VariantAttrs {
            ident: variant.ident.clone(),
            fields,
            attrs: variant.attrs.clone(),
            keys,
            rejected,
        }
    }
}

/// `#[fal(...)]` on a field.
pub struct FieldAttrs {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<Attribute>,
    pub keys: FieldKeys,
}

fn read_fields(fields: &syn::Fields, errors: &mut Accumulator) -> Vec<FieldAttrs> {
    fields
        .iter()
        .map(|field| FieldAttrs {
            ident: field.ident.clone(),
            ty: field.ty.clone(),
            attrs: field.attrs.clone(),
            keys: read_keys(&field.attrs, Place::Field, errors),
        })
        .collect()
}

/// Where a `#[fal(...)]` list is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Enum,
    Struct,
    Variant,
    Field,
}

impl Place {
    fn name(self) -> &'static str {
        match self {
            Place::Enum => "an enum",
            Place::Struct => "a struct",
            Place::Variant => "a variant",
            Place::Field => "a field",
        }
    }

    /// The keys this place reads. An enum also reads the variant keys, so that
    /// `valid.rs` can say to move them onto the variants.
    fn keys(self) -> &'static [Key] {
        match self {
            Place::Enum | Place::Struct => CONTAINER_KEYS,
            Place::Variant => VARIANT_KEYS,
            Place::Field => FIELD_KEYS,
        }
    }

    /// The keys to offer in "did you mean" and in the list of valid keys.
    fn offered(self) -> impl Iterator<Item = &'static Key> {
        self.keys()
            .iter()
            .filter(move |key| self != Place::Enum || ENUM_KEYS.contains(&key.name))
    }
}

/// How a key is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `key = value`; the text is an example of the whole pair.
    Value(&'static str),
    /// The bare word `key`.
    Switch,
}

struct Key {
    name: &'static str,
    form: Form,
}

const fn value(name: &'static str, example: &'static str) -> Key {
    Key {
        name,
        form: Form::Value(example),
    }
}

const fn switch(name: &'static str) -> Key {
    Key {
        name,
        form: Form::Switch,
    }
}

const TYPE: Key = value("type", "type = \"image_too_large\"");
const STATUS: Key = value("status", "status = 422");
const RETRYABLE: Key = value("retryable", "retryable = false");
const LOC: Key = value("loc", "loc = [\"body\", \"image_url\"]");
const MSG: Key = value("msg", "msg = \"Image too large\"");
const URL: Key = value(
    "url",
    "url = \"https://docs.example.com/errors/image_too_large\"",
);
const DOC_BASE: Key = value(
    "doc_base",
    "doc_base = \"https://docs.example.com/errors/\"",
);
const CRATE: Key = value("crate", "crate = my_crate::fal_error");

const CONTAINER_KEYS: &[Key] = &[
    DOC_BASE,
    CRATE,
    TYPE,
    STATUS,
    RETRYABLE,
    LOC,
    MSG,
    URL,
    switch("transparent"),
    switch("display"),
];
/// What an enum itself takes; the other container keys belong on its variants.
const ENUM_KEYS: &[&str] = &["doc_base", "crate", "status", "retryable", "display"];
const VARIANT_KEYS: &[Key] = &[
    TYPE,
    STATUS,
    RETRYABLE,
    LOC,
    MSG,
    URL,
    switch("transparent"),
    switch("display"),
];
const FIELD_KEYS: &[Key] = &[
    switch("ctx"),
    value("rename", "rename = \"max_width\""),
    switch("input"),
    switch("redact"),
    switch("loc"),
    switch("retryable"),
    switch("skip"),
];

/// Reads the `#[fal(...)]` lists of one item into `T`, checking every key first; what
/// cannot be read is reported and left out.
fn read_keys<T: Keys>(attrs: &[Attribute], place: Place, errors: &mut Accumulator) -> T {
    read_checked_keys(attrs, place, errors).0
}

/// `read_keys`, also saying whether anything was rejected: a rule about a key that
/// may be the one mistyped then stays silent, so that one mistake gives one error.
fn read_checked_keys<T: Keys>(
    attrs: &[Attribute],
    place: Place,
    outer: &mut Accumulator,
) -> (T, bool) {
    let mut local = crate::error::Error::accumulator();
    let errors = &mut local;
    let mut keys = T::default();
    let mut seen: Vec<(String, Span)> = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("fal")) {
        let Meta::List(list) = &attr.meta else {
            errors.push(
                crate::error::Error::custom(format!(
                    "`#[fal]` takes a list of keys: write `#[fal({})]`",
                    example(place)
                ))
                .with_span(&attr.meta),
            );
            continue;
        };
        let items = match parse_items.parse2(list.tokens.clone()) {
            Ok(items) => items,
            Err(error) => {
                errors.push(crate::error::Error::from(error));
                continue;
            }
        };
        for item in items {
            if let Some((name, meta)) = errors.handle(check_item(&item, place, &mut seen)) {
                keys.set(&name, &meta);
            }
        }
    }
    let rejected = local.into_inner();
    let any = !rejected.is_empty();
    for error in rejected {
        outer.push(error);
    }
    (keys, any)
}

/// An example of the keys of a place, for `#[fal(...)]` written without a list.
fn example(place: Place) -> &'static str {
    match place {
        Place::Enum => "doc_base = \"https://docs.example.com/errors/\"",
        Place::Struct | Place::Variant => "type = \"image_too_large\", status = 422",
        Place::Field => "ctx",
    }
}

/// One item of a `#[fal(...)]` list, as written.
enum Item {
    Meta(Meta),
    Lit(Lit),
    /// `key = value` whose value is not an expression.
    NameValueInvalidExpr {
        path: Path,
        value: TokenStream,
    },
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
    item: &Item,
    place: Place,
    seen: &mut Vec<(String, Span)>,
) -> crate::error::Result<(String, Meta)> {
    let meta = match item {
        Item::Meta(meta) => meta,
        Item::Lit(literal) => {
            return Err(crate::error::Error::custom(format!(
                "`#[fal(...)]` takes keys, not a bare literal: write e.g. `#[fal({})]`",
                example(place)
            ))
            .with_span(literal));
        }
        Item::NameValueInvalidExpr { path, value } => {
            let name = path_name(path);
            let written = place
                .keys()
                .iter()
                .find_map(|key| match key.form {
                    Form::Value(example) if key.name == name => Some(example),
                    _ => None,
                })
                .unwrap_or("key = value");
            return Err(crate::error::Error::custom(format!(
                "the value of `{name}` is not an expression: write `{written}`"
            ))
            .with_span(value));
        }
    };
    let path = meta.path();
    let name = path_name(path);
    let Some(key) = place.keys().iter().find(|key| key.name == name) else {
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
    seen.push((name.clone(), path.span()));
    match (key.form, meta) {
        (Form::Value(_), Meta::NameValue(_)) | (Form::Switch, Meta::Path(_)) => {
            Ok((name, meta.clone()))
        }
        (Form::Value(example), Meta::Path(_)) => {
            let hint = match (place, name.as_str()) {
                (Place::Variant | Place::Struct, "loc") => {
                    " (or mark the field that holds the location `#[fal(loc)]`)"
                }
                (Place::Variant | Place::Struct, "retryable") => {
                    " (or mark a `bool` field `#[fal(retryable)]` to choose when raising)"
                }
                _ => "",
            };
            Err(crate::error::Error::custom(format!(
                "`{name}` needs a value: write `{example}`{hint}"
            ))
            .with_span(meta))
        }
        (Form::Value(example), Meta::List(_)) => Err(crate::error::Error::custom(format!(
            "`{name}` takes `= value`, not a list: write `{example}`"
        ))
        .with_span(meta)),
        (Form::Switch, _) => {
            let renamed = match meta {
                Meta::NameValue(syn::MetaNameValue {
                    value:
                        Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(key),
                            ..
                        }),
                    ..
                }) => key.value(),
                _ => "key".to_owned(),
            };
            let hint = match (place, name.as_str()) {
                (Place::Field, "ctx") => format!(
                    ", or `#[fal(ctx, rename = \"{renamed}\")]` to write the field under another key"
                ),
                (Place::Field, "loc") => ", or put `loc = [...]` on the variant".to_owned(),
                (Place::Field, "retryable") => {
                    ", or put `retryable = true|false` on the variant".to_owned()
                }
                _ => String::new(),
            };
            Err(crate::error::Error::custom(format!(
                "`{name}` takes no value: write `#[fal({name})]`{hint}"
            ))
            .with_span(meta))
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
        Some((other, key)) => {
            let written = match key.form {
                Form::Value(example) => example,
                Form::Switch => key.name,
            };
            let other = match other {
                Place::Enum | Place::Struct => "the enum (or struct) itself",
                Place::Variant => "the variant",
                Place::Field => "the field it is about",
            };
            format!(
                "`{name}` is not read on {}: write `#[fal({written})]` on {other}",
                place.name()
            )
        }
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
