//! `#[derive(FalError)]`: turns an error enum (or struct) into fal errors.
//!
//! The derive runs in phases, one file each: `attr.rs` reads `#[fal(...)]`, `ast.rs`
//! builds the checked model, `valid.rs` applies the rules across attributes, and
//! `expand.rs` generates the code. All errors of the first three are reported together;
//! when there are any, `fallback.rs` still emits an impl so that no cascade follows.
//! Use it through the `fal-error` crate, which documents every attribute.

#![forbid(unsafe_code)]

mod ast;
mod attr;
mod bound;
mod builtin;
mod case;
mod expand;
mod fallback;
mod fmt;
mod thiserror;
mod valid;

#[cfg(test)]
mod no_panic;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `fal_error::FalError`; see the `fal-error` crate for the attributes.
#[proc_macro_derive(FalError, attributes(fal))]
pub fn derive_fal_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let mut errors = darling::Error::accumulator();
    if let syn::Data::Union(union) = &input.data {
        errors.push(
            darling::Error::custom(
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
                darling::Error::custom(
                    "`#[fal(...)]` is not read on a generic parameter: put it on the enum, a variant or a field",
                )
                .with_span(attr),
            );
        }
    }
    let attrs = attr::ContainerAttrs::read(input, &mut errors);
    let model = attrs.as_ref().map(|attrs| {
        let model = ast::Input::from_attrs(attrs, &mut errors);
        valid::check(&model, attrs, &mut errors);
        model
    });
    match (errors.finish(), model) {
        (Ok(()), Some(model)) => expand::impl_fal_error(&model),
        (result, model) => {
            let krate = model.map_or_else(|| syn::parse_quote!(::fal_error), |model| model.krate);
            let errors = result
                .err()
                .map(darling::Error::write_errors)
                .unwrap_or_default();
            let fallback = fallback::fallback(&input.ident, &input.generics, &krate);
            quote::quote!(#errors #fallback)
        }
    }
}
