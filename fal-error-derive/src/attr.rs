//! Reading `#[fal(...)]`: darling receivers that only collect what was written.
//!
//! Every item's attributes are read on their own, so one unreadable attribute does not
//! hide the mistakes elsewhere. Before darling types a list, each key is checked against
//! the keys of its place (unknown keys get a "did you mean", misplaced keys say where they
//! belong, repeated keys point at the first, and a key written without its value, or with
//! one it does not take, shows how to write it). Values are kept as raw expressions
//! (`RawValue`) so that `ast.rs` can check them and say what to write instead.

use darling::ast::NestedMeta;
use darling::util::Flag;
use darling::{FromMeta, error::Accumulator};
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Expr, Generics, Ident, Meta, Type};

use crate::case::did_you_mean;

/// The value of a `key = value` pair, unchecked.
#[derive(Clone, Debug)]
pub struct RawValue {
    pub expr: Expr,
}

/// Only `key = value` reaches here: `check_item` turns the other forms away first.
impl FromMeta for RawValue {
    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        Ok(RawValue { expr: expr.clone() })
    }
}

/// The keys a variant (or a struct, which is a single variant) may carry.
#[derive(Debug, Default, FromMeta)]
pub struct VariantKeys {
    #[darling(rename = "type")]
    pub error_type: Option<RawValue>,
    pub status: Option<RawValue>,
    pub retryable: Option<RawValue>,
    pub loc: Option<RawValue>,
    pub msg: Option<RawValue>,
    pub url: Option<RawValue>,
    pub transparent: Flag,
    pub display: Flag,
}

/// The keys of `#[fal(...)]` on the enum or struct itself.
#[derive(Debug, Default, FromMeta)]
pub struct ContainerKeys {
    pub doc_base: Option<RawValue>,
    #[darling(rename = "crate")]
    pub krate: Option<RawValue>,
    #[darling(rename = "type")]
    pub error_type: Option<RawValue>,
    pub status: Option<RawValue>,
    pub retryable: Option<RawValue>,
    pub loc: Option<RawValue>,
    pub msg: Option<RawValue>,
    pub url: Option<RawValue>,
    pub transparent: Flag,
    pub display: Flag,
}

/// The keys of `#[fal(...)]` on a field.
#[derive(Debug, Default, FromMeta)]
pub struct FieldKeys {
    pub ctx: Flag,
    pub rename: Option<RawValue>,
    pub input: Flag,
    pub redact: Flag,
    pub loc: Flag,
    pub retryable: Flag,
    pub skip: Flag,
}

/// The enum or struct with everything written on it.
#[derive(Debug)]
pub struct ContainerAttrs {
    pub ident: Ident,
    pub generics: Generics,
    pub data: darling::ast::Data<VariantAttrs, FieldAttrs>,
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
                (darling::ast::Data::Enum(variants), Place::Enum)
            }
            syn::Data::Struct(data) => (
                darling::ast::Data::Struct(read_fields(&data.fields, errors)),
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
        VariantKeys {
            error_type: self.keys.error_type.clone(),
            status: None,
            retryable: None,
            loc: self.keys.loc.clone(),
            msg: self.keys.msg.clone(),
            url: self.keys.url.clone(),
            transparent: self.keys.transparent,
            display: Flag::default(),
        }
    }
}

/// `#[fal(...)]` on an enum variant.
#[derive(Debug)]
pub struct VariantAttrs {
    pub ident: Ident,
    pub fields: darling::ast::Fields<FieldAttrs>,
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
#[derive(Debug)]
pub struct FieldAttrs {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<Attribute>,
    pub keys: FieldKeys,
}

fn read_fields(fields: &syn::Fields, errors: &mut Accumulator) -> darling::ast::Fields<FieldAttrs> {
    let read = fields
        .iter()
        .map(|field| FieldAttrs {
            ident: field.ident.clone(),
            ty: field.ty.clone(),
            attrs: field.attrs.clone(),
            keys: read_keys(&field.attrs, Place::Field, errors),
        })
        .collect();
    darling::ast::Fields::new(fields.into(), read)
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
fn read_keys<T: FromMeta + Default>(
    attrs: &[Attribute],
    place: Place,
    errors: &mut Accumulator,
) -> T {
    read_checked_keys(attrs, place, errors).0
}

/// `read_keys`, also saying whether anything was rejected: a rule about a key that
/// may be the one mistyped then stays silent, so that one mistake gives one error.
fn read_checked_keys<T: FromMeta + Default>(
    attrs: &[Attribute],
    place: Place,
    outer: &mut Accumulator,
) -> (T, bool) {
    let mut local = darling::Error::accumulator();
    let errors = &mut local;
    let mut accepted: Vec<NestedMeta> = Vec::new();
    let mut seen: Vec<(String, Span)> = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("fal")) {
        let Meta::List(list) = &attr.meta else {
            errors.push(
                darling::Error::custom(format!(
                    "`#[fal]` takes a list of keys: write `#[fal({})]`",
                    example(place)
                ))
                .with_span(&attr.meta),
            );
            continue;
        };
        let items = match NestedMeta::parse_meta_list(list.tokens.clone()) {
            Ok(items) => items,
            Err(error) => {
                errors.push(darling::Error::from(error));
                continue;
            }
        };
        for item in items {
            if let Some(meta) = errors.handle(check_item(&item, place, &mut seen)) {
                accepted.push(NestedMeta::Meta(meta));
            }
        }
    }
    let keys = errors.handle(T::from_list(&accepted)).unwrap_or_default();
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

fn check_item(
    item: &NestedMeta,
    place: Place,
    seen: &mut Vec<(String, Span)>,
) -> darling::Result<Meta> {
    let meta = match item {
        NestedMeta::Meta(meta) => meta,
        NestedMeta::Lit(literal) => {
            return Err(darling::Error::custom(format!(
                "`#[fal(...)]` takes keys, not a bare literal: write e.g. `#[fal({})]`",
                example(place)
            ))
            .with_span(literal));
        }
        NestedMeta::NameValueInvalidExpr(invalid) => {
            let name = path_name(&invalid.path);
            let written = place
                .keys()
                .iter()
                .find_map(|key| match key.form {
                    Form::Value(example) if key.name == name => Some(example),
                    _ => None,
                })
                .unwrap_or("key = value");
            return Err(darling::Error::custom(format!(
                "the value of `{name}` is not an expression: write `{written}`"
            ))
            .with_span(&invalid.value));
        }
    };
    let path = meta.path();
    let name = path_name(path);
    let Some(key) = place.keys().iter().find(|key| key.name == name) else {
        return Err(unknown_key(&name, place).with_span(path));
    };
    if let Some((_, first)) = seen.iter().find(|(seen, _)| *seen == name) {
        let mut twice = darling::Error::accumulator();
        twice.push(
            darling::Error::custom(format!("`{name}` is given twice: keep one")).with_span(path),
        );
        twice.push(darling::Error::custom(format!("`{name}` first given here")).with_span(first));
        return Err(twice.finish().unwrap_err());
    }
    seen.push((name.clone(), path.span()));
    match (key.form, meta) {
        (Form::Value(_), Meta::NameValue(_)) | (Form::Switch, Meta::Path(_)) => Ok(meta.clone()),
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
            Err(
                darling::Error::custom(format!("`{name}` needs a value: write `{example}`{hint}"))
                    .with_span(meta),
            )
        }
        (Form::Value(example), Meta::List(_)) => Err(darling::Error::custom(format!(
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
            Err(darling::Error::custom(format!(
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

fn unknown_key(name: &str, place: Place) -> darling::Error {
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
    darling::Error::custom(message)
}
