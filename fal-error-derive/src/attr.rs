//! Reading `#[fal(...)]`: darling receivers that only collect what was written.
//!
//! Values are kept as raw expressions (`RawValue`) so that `ast.rs` can check them and say
//! what to write instead; darling reports unknown keys (with a "did you mean") and
//! duplicated ones.

use darling::util::Flag;
use darling::{FromDeriveInput, FromField, FromMeta, FromVariant};
use syn::{Attribute, Expr, Generics, Ident, Type};

/// The value of a `key = value` pair, unchecked.
#[derive(Clone, Debug)]
pub struct RawValue {
    pub expr: Expr,
}

impl FromMeta for RawValue {
    fn from_expr(expr: &Expr) -> darling::Result<Self> {
        Ok(RawValue { expr: expr.clone() })
    }

    fn from_word() -> darling::Result<Self> {
        Err(darling::Error::custom("this key needs a value: write `key = value`"))
    }

    fn from_list(_items: &[darling::ast::NestedMeta]) -> darling::Result<Self> {
        Err(darling::Error::custom("this key takes a value, not a list: write `key = value`"))
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

/// `#[fal(...)]` on the enum or struct itself.
#[derive(Debug, FromDeriveInput)]
#[darling(attributes(fal), forward_attrs(doc))]
pub struct ContainerAttrs {
    pub ident: Ident,
    pub generics: Generics,
    pub data: darling::ast::Data<VariantAttrs, FieldAttrs>,
    pub attrs: Vec<Attribute>,
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

impl ContainerAttrs {
    /// The variant keys written on the container: a struct's own, or misplaced on an enum.
    pub fn variant_keys(&self) -> VariantKeys {
        VariantKeys {
            error_type: self.error_type.clone(),
            status: None,
            retryable: None,
            loc: self.loc.clone(),
            msg: self.msg.clone(),
            url: self.url.clone(),
            transparent: self.transparent,
            display: Flag::default(),
        }
    }
}

/// `#[fal(...)]` on an enum variant.
#[derive(Debug, FromVariant)]
#[darling(attributes(fal), forward_attrs(doc))]
pub struct VariantAttrs {
    pub ident: Ident,
    pub fields: darling::ast::Fields<FieldAttrs>,
    pub attrs: Vec<Attribute>,
    #[darling(flatten)]
    pub keys: VariantKeys,
}

/// `#[fal(...)]` on a field.
#[derive(Debug, FromField)]
#[darling(attributes(fal), forward_attrs(doc))]
pub struct FieldAttrs {
    pub ident: Option<Ident>,
    pub ty: Type,
    pub attrs: Vec<Attribute>,
    pub ctx: Flag,
    pub rename: Option<RawValue>,
    pub input: Flag,
    pub redact: Flag,
    pub loc: Flag,
    pub retryable: Flag,
    pub skip: Flag,
}
