//! Where-clauses for generic errors: a bound only for a field that mentions a type
//! parameter, and only the bound its use needs.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::{Generics, Ident, Type};

use crate::ast::{Body, LocSource, Variant};
use crate::fmt::{Message, Usage};

pub struct Bounds<'a> {
    ident: &'a Ident,
    generics: &'a Generics,
    private: &'a TokenStream,
    params: BTreeSet<String>,
    predicates: Vec<TokenStream>,
    /// A variant's `msg` is the value's `Display` text.
    self_display: bool,
    /// The type derives thiserror's `Error` too (a variant has its `#[error(...)]`).
    self_error: bool,
}

impl<'a> Bounds<'a> {
    pub fn new(ident: &'a Ident, generics: &'a Generics, private: &'a TokenStream) -> Self {
        let params = generics
            .type_params()
            .map(|param| param.ident.to_string())
            .collect();
        Bounds {
            ident,
            generics,
            private,
            params,
            predicates: Vec::new(),
            self_display: false,
            self_error: false,
        }
    }

    pub fn add_variant(&mut self, variant: &Variant) {
        if self.params.is_empty() {
            // No field can mention a type parameter, and `Self` needs no bound.
            return;
        }
        let private = self.private;
        self.self_error |= variant.shown.is_some() || variant.error_transparent.is_some();
        match &variant.body {
            Body::Transparent { field, .. } => {
                self.require(variant.fields[*field].ty, quote!(#private::Transparent));
            }
            Body::Own(own) => {
                for field in &variant.fields {
                    if field.ctx.is_some() || field.input.is_some() {
                        self.require(field.ty, quote!(#private::Serialize));
                    }
                }
                if let LocSource::Field(index) = own.loc {
                    self.require(variant.fields[index].ty, quote!(#private::LocField));
                }
                match &own.msg {
                    Message::Template(template) => {
                        for field_use in &template.uses {
                            let bound = match field_use.usage {
                                Usage::Display => quote!(::core::fmt::Display),
                                Usage::Debug => quote!(::core::fmt::Debug),
                                Usage::Count => continue,
                            };
                            self.require(variant.fields[field_use.field].ty, bound);
                        }
                    }
                    Message::Display(_) => self.self_display = true,
                    Message::Text(_) => {}
                }
            }
        }
    }

    /// Bounds `ty` when it mentions a type parameter, unless it mentions the type itself
    /// (`Box<Tree<T>>`), whose bound would be cyclic and never hold.
    fn require(&mut self, ty: &Type, bound: TokenStream) {
        let tokens = quote!(#ty);
        if self.mentions_param(tokens.clone()) && !mentions_ident(tokens, self.ident) {
            self.predicates.push(quote!(#ty: #bound));
        }
    }

    fn mentions_param(&self, tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => self.params.contains(&ident.to_string()),
            TokenTree::Group(group) => self.mentions_param(group.stream()),
            _ => false,
        })
    }

    /// The user's where-clause, these bounds, and for a generic type `Self: Debug` (the
    /// trait's supertrait), when a message comes from it `Self: Display`, and when it
    /// derives thiserror's `Error` `Self: Error` (so that `as_error` can see that impl).
    pub fn predicates(&self) -> Vec<TokenStream> {
        let ident = self.ident;
        let mut predicates: Vec<TokenStream> = self
            .generics
            .where_clause
            .iter()
            .flat_map(|clause| clause.predicates.iter().map(|predicate| quote!(#predicate)))
            .collect();
        predicates.extend(self.predicates.iter().cloned());
        if !self.params.is_empty() {
            let (_, ty_generics, _) = self.generics.split_for_impl();
            predicates.push(quote!(#ident #ty_generics: ::core::fmt::Debug));
            if self.self_display {
                predicates.push(quote!(#ident #ty_generics: ::core::fmt::Display));
            }
            if self.self_error {
                predicates.push(quote!(#ident #ty_generics: ::core::error::Error));
            }
        }
        predicates
    }
}

/// Whether `tokens` name `wanted` or `Self`.
pub fn mentions_ident(tokens: TokenStream, wanted: &Ident) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == *wanted || ident == "Self",
        TokenTree::Group(group) => mentions_ident(group.stream(), wanted),
        _ => false,
    })
}
