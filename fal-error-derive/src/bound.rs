//! Where-clauses for generic errors: a bound only for a field that mentions a type
//! parameter, and only the bound its use needs.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::quote;
use syn::{Generics, Ident, Type, WhereClause};

use crate::ast::{Body, LocSource, Variant};
use crate::fmt::Message;

pub struct Bounds<'a> {
    generics: &'a Generics,
    private: &'a TokenStream,
    params: BTreeSet<String>,
    predicates: Vec<TokenStream>,
}

impl<'a> Bounds<'a> {
    pub fn new(generics: &'a Generics, private: &'a TokenStream) -> Self {
        let params = generics
            .type_params()
            .map(|param| param.ident.to_string())
            .collect();
        Bounds {
            generics,
            private,
            params,
            predicates: Vec::new(),
        }
    }

    pub fn add_variant(&mut self, variant: &Variant) {
        let private = self.private;
        match &variant.body {
            Body::Transparent { field, .. } => {
                self.require(&variant.fields[*field].ty, quote!(#private::FalError));
            }
            Body::Own(own) => {
                for field in &variant.fields {
                    if field.ctx.is_some() || field.input.is_some() {
                        self.require(&field.ty, quote!(#private::Serialize));
                    }
                }
                if let LocSource::Field(index) = own.loc {
                    self.require(&variant.fields[index].ty, quote!(#private::LocField));
                }
                if let Message::Template(template) = &own.msg {
                    for field_use in &template.uses {
                        let bound = if field_use.debug {
                            quote!(::core::fmt::Debug)
                        } else {
                            quote!(::core::fmt::Display)
                        };
                        self.require(&variant.fields[field_use.field].ty, bound);
                    }
                }
            }
        }
    }

    fn require(&mut self, ty: &Type, bound: TokenStream) {
        if self.mentions_param(quote!(#ty)) {
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

    /// The user's where-clause, these bounds, and `Self: Debug` (the trait's supertrait)
    /// when the type is generic.
    pub fn where_clause(&self, ident: &Ident) -> Option<WhereClause> {
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
        }
        if predicates.is_empty() {
            return None;
        }
        Some(syn::parse_quote!(where #(#predicates),*))
    }
}
