//! Code generation from the checked model; it never fails.
//!
//! The constant parts of every variant (type, status, retryability, url, a constant
//! message and loc, those parts as escaped JSON, the catalog) become one static table,
//! packed into a single string literal that the runtime reads on first use (`table.rs`
//! of the runtime): the compiler spends far more on a table written as expressions than
//! on the rest of the impl. The generated code is then one `match` (`Transparent::parts`)
//! saying which entry a value is and handing out its ctx values and message arguments,
//! plus arms only for the variants whose method reads a field; the `FalError` methods
//! are one-line calls of the runtime's helpers. Generated code names only `::core` and
//! the runtime's hidden `__private` module (its helpers under one-token `__fal_*` names),
//! and every identifier it creates (`self`, the ctx visitor, field bindings) resolves at
//! the derive's call site, whatever tokens of the user's it sits on.
//!
//! Compile cost is paid per token and per body: the arms that carry no span of the
//! user's are written as text and parsed once by the compiler, which is several times
//! cheaper for the derive than building each token.

extern crate proc_macro;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{Ident, Type};

use crate::ast::{Body, Field, Input, LocLit, LocSource, Own, Retry, Variant};
use crate::bound::{Bounds, mentions_ident};
use crate::fmt::Message;

/// A span placed at `span` that resolves names at the call site.
pub fn at(span: Span) -> Span {
    Span::call_site().located_at(span)
}

pub fn impl_fal_error(input: &Input) -> TokenStream {
    let krate = &input.krate;
    // One short name for the runtime's hidden module: generated code names it thousands
    // of times, and every token costs the compiler.
    let private = quote!(__fal);
    let ident = &input.ident;
    let mut bounds = Bounds::new(ident, input.generics, &private);
    for variant in &input.variants {
        bounds.add_variant(variant);
    }
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let predicates = bounds.predicates();
    let where_clause = (!predicates.is_empty()).then(|| quote!(where #(#predicates),*));

    let table = table(input, &private);
    let parts = parts_body(input, &private);
    let methods = methods(input, &private);
    let hooks = integration_hooks(input, &private, &predicates);
    let check = unique_types_check(input, &private);

    quote! {
        #[doc(hidden)]
        #[allow(deprecated, non_upper_case_globals)]
        const _: () = {
            use #krate::__private as __fal;
            #[allow(unused_imports)]
            use __fal::{format_args as __fal_fa, wire as __fal_w};
            static __FAL_UNPACKED: __fal::Unpacked = __fal::Unpacked::new();

            #[automatically_derived]
            impl #impl_generics #private::Transparent for #ident #ty_generics #where_clause {
                const TABLE: &'static #private::Table = #table;
                fn parts(&self, __fal_p: &mut #private::Parts<'_, '_>) -> #private::Kind<'_> {
                    #parts
                }
                #[inline]
                fn as_fal(&self) -> &dyn #private::FalError {
                    self
                }
            }

            #[automatically_derived]
            impl #impl_generics #private::FalError for #ident #ty_generics #where_clause {
                #methods
            }

            #hooks
            #check
        };
    }
}

/// The impls of the enabled integrations (`ResponseError` with `actix-web`), emitted by
/// feature-gated `__private` macros of the runtime so that the derive needs no features.
fn integration_hooks(
    input: &Input,
    private: &TokenStream,
    predicates: &[TokenStream],
) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    quote! {
        #private::framework_impls! {
            impl { #impl_generics } for { #ident #ty_generics } where { #(#predicates,)* }
        }
    }
}

/// The const check that no two parts of the table send one type; only a type without
/// generic parameters can be named in a free `const`.
fn unique_types_check(input: &Input, private: &TokenStream) -> TokenStream {
    let nested = input
        .variants
        .iter()
        .filter(|variant| matches!(variant.body, Body::Transparent { .. }))
        .count();
    if input.generics.params.is_empty() && nested > 0 {
        let ident = &input.ident;
        let name = ident.to_string();
        let check = quote! {
            const _: () = #private::check_unique_types(#name, <#ident as #private::Transparent>::TABLE);
        };
        relocate(check, ident.span())
    } else {
        TokenStream::new()
    }
}

/// `tokens` placed at `span`, each keeping how it resolves, so that an error in them
/// points at `span` alone.
fn relocate(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut moved =
                    proc_macro2::Group::new(group.delimiter(), relocate(group.stream(), span));
                moved.set_span(group.span().located_at(span));
                return proc_macro2::TokenTree::Group(moved);
            }
            token.set_span(token.span().located_at(span));
            token
        })
        .collect()
}

/// The table: the own variants packed into one string (read by the runtime, `table.rs`,
/// whose header describes the packing), their types, and the nested tables.
fn table(input: &Input, private: &TokenStream) -> TokenStream {
    let mut packed = String::new();
    let mut types = String::new();
    let mut own_count = 0usize;
    let mut nested = Vec::new();
    for variant in &input.variants {
        match &variant.body {
            Body::Own(attributes) => {
                own_entry(&mut packed, variant, attributes);
                // A type is `[a-z][a-z0-9_]*`: nothing to escape.
                types.push('"');
                types.push_str(&attributes.error_type);
                types.push_str("\",");
                own_count += 1;
            }
            Body::Transparent { field, .. } => {
                let field = &variant.fields[*field];
                let ty = &field.ty;
                let table = if mentions_ident(quote!(#ty), input.ident) {
                    quote!(#private::OPAQUE)
                } else {
                    quote_spanned!(at(field.span)=> <#ty as #private::Transparent>::TABLE)
                };
                let after = proc_macro2::Literal::usize_unsuffixed(own_count);
                nested.push(quote!((#after, #table)));
            }
        }
    }
    let packed = proc_macro2::Literal::string(&packed);
    let types = parse(&types);
    quote!(&#private::Table {
        packed: #packed,
        types: &[#types],
        unpacked: &__FAL_UNPACKED,
        nested: &[#(#nested),*],
    })
}

/// `code`, written by the derive and valid, as tokens at the call site. Inside the
/// compiler, `proc_macro` parses it directly (`proc_macro2` would first lex it again
/// itself to check it).
fn parse(code: &str) -> TokenStream {
    if proc_macro::is_available() {
        code.parse::<proc_macro::TokenStream>()
            .map(TokenStream::from)
            .unwrap_or_default()
    } else {
        code.parse().unwrap_or_default()
    }
}

/// One variant's fields in the packed table, in the order `table.rs` reads them.
fn own_entry(out: &mut String, variant: &Variant, own: &Own) {
    let retryable = match own.retry {
        Retry::Fixed(false) | Retry::Unstated => "0",
        Retry::Fixed(true) => "1",
        Retry::Field(_) => "2",
    };
    let msg = match &own.msg {
        Message::Text(text) => text.as_str(),
        Message::Template(template) => template.original.as_str(),
        Message::Display(_) => "",
    };
    let fragments = crate::fragments::fragments(own);
    field(out, &own.error_type);
    number_field(out, own.status.into());
    field(out, retryable);
    field(out, &own.url);
    field(out, msg);
    field(out, &fragments.msg);
    field(out, &fragments.type_url);
    field(out, &fragments.loc);
    field(out, &variant.doc);
    match &own.loc {
        LocSource::Static(items) => {
            number_field(out, items.len());
            for item in items {
                field(
                    out,
                    &match item {
                        LocLit::Key(key) => format!("k{key}"),
                        LocLit::Index(index) => format!("i{index}"),
                    },
                );
            }
        }
        LocSource::Field(_) | LocSource::Default => field(out, "0"),
    }
    let ctx: Vec<(&String, &Field)> = variant
        .fields
        .iter()
        .filter_map(|field| Some((&field.ctx.as_ref()?.0, field)))
        .collect();
    number_field(out, ctx.len());
    for (key, ctx_field) in ctx {
        field(out, key);
        field(out, json_type(ctx_field.ty));
        field(out, &ctx_field.doc);
    }
}

/// One field of the packed table: its length in bytes, `:`, and its text.
fn field(out: &mut String, text: &str) {
    decimal(out, text.len());
    out.push(':');
    out.push_str(text);
}

/// A number as a field of the packed table.
fn number_field(out: &mut String, number: usize) {
    let mut digits = String::new();
    decimal(&mut digits, number);
    field(out, &digits);
}

/// `number` in decimal. (The derive runs unoptimized in a user's build, where the
/// formatting machinery costs several times this loop.)
fn decimal(out: &mut String, number: usize) {
    let mut divisor = 1;
    while number / divisor >= 10 {
        divisor *= 10;
    }
    while divisor > 0 {
        out.push(char::from(b'0' + (number / divisor % 10) as u8));
        divisor /= 10;
    }
}

/// The body of `Transparent::parts`: the one `match` over every variant. An own variant's
/// arm hands `__fal_p` its ctx values and message arguments, where it has any, and gives
/// its entry's index; a transparent variant's returns its inner error.
fn parts_body(input: &Input, private: &TokenStream) -> TokenStream {
    use std::fmt::Write;
    let any_own = input
        .variants
        .iter()
        .any(|variant| matches!(variant.body, Body::Own(_)));
    // The arms that bind nothing, as text parsed once.
    let mut plain_arms = String::new();
    let mut arms = Vec::new();
    let mut own_index = 0usize;
    for variant in &input.variants {
        let own = match &variant.body {
            Body::Own(own) => own,
            Body::Transparent { field, .. } => {
                let field = &variant.fields[*field];
                let binding = &field.binding;
                let ty = &field.ty;
                let inner = quote_spanned!(at(field.span)=> <#ty as #private::Transparent>::as_fal(#binding));
                let inner = quote!(#private::Kind::Inner(#inner));
                arms.push(if any_own {
                    arm(variant, &[field], quote!(return #inner))
                } else {
                    arm(variant, &[field], inner)
                });
                continue;
            }
        };
        let position = own_index;
        own_index += 1;
        let index = proc_macro2::Literal::usize_unsuffixed(position);
        let ctx: Vec<&Field> = variant
            .fields
            .iter()
            .filter(|field| field.ctx.is_some())
            .collect();
        let values = ctx.iter().map(|field| {
            let binding = &field.binding;
            // The call starts at the call site, as the derive's own call does, so that
            // "required by a bound introduced by this call" points at it.
            let arguments = quote_spanned!(field.span=> (#binding));
            quote!(__fal_w #arguments)
        });
        let template = match &own.msg {
            Message::Template(template) => Some(template),
            Message::Text(_) | Message::Display(_) => None,
        };
        let Some(template) = template else {
            if ctx.is_empty() {
                let path = if variant.is_struct {
                    String::from("Self")
                } else {
                    format!("Self::{}", variant.ident)
                };
                let _ = write!(plain_arms, "{path}{{..}}=>{position},");
            } else {
                arms.push(arm(
                    variant,
                    &ctx,
                    quote!(__fal_p.ctx(#index, &[#(#values),*])),
                ));
            }
            continue;
        };
        let format = &template.format;
        let named: Vec<usize> = template.arguments();
        let arguments = named.iter().map(|index| {
            let binding = &variant.fields[*index].binding;
            quote!(#binding = #binding)
        });
        let message = quote!(__fal_fa!(#format, #(#arguments),*));
        let mut bound: Vec<&Field> = ctx.clone();
        for index in &named {
            let field = &variant.fields[*index];
            if field.ctx.is_none() {
                bound.push(field);
            }
        }
        arms.push(if ctx.is_empty() {
            arm(variant, &bound, quote!(__fal_p.msg(#index, #message)))
        } else {
            arm(
                variant,
                &bound,
                quote!(__fal_p.both(#index, &[#(#values),*], #message)),
            )
        });
    }
    let plain_arms = parse(&plain_arms);
    if any_own {
        quote!(#private::Kind::Own(match self { #(#arms)* #plain_arms }))
    } else {
        quote!(match self { #(#arms)* })
    }
}

/// `Self::Variant { member: binding, .. } => body,` binding only `fields`.
fn arm(variant: &Variant, fields: &[&Field], body: TokenStream) -> TokenStream {
    let path = if variant.is_struct {
        quote!(Self)
    } else {
        let ident = &variant.ident;
        quote!(Self::#ident)
    };
    let bindings = fields.iter().map(|field| {
        let member = &field.member;
        let binding = &field.binding;
        quote!(#member: #binding)
    });
    quote!(#path { #(#bindings,)* .. } => #body,)
}

/// The body of a method answered by `helper` from the table, except for the variants
/// `special` gives an arm of their own; `None` when no variant has one, and the method
/// needs no body of this type's own.
fn method(
    input: &Input,
    helper: TokenStream,
    special: impl Fn(&Variant, &Own) -> Option<TokenStream>,
) -> Option<TokenStream> {
    let arms: Vec<TokenStream> = input
        .variants
        .iter()
        .filter_map(|variant| match &variant.body {
            Body::Own(own) => special(variant, own),
            Body::Transparent { .. } => None,
        })
        .collect();
    if arms.is_empty() {
        None
    } else if arms.len() == input.variants.len() {
        Some(quote!(match self { #(#arms)* }))
    } else {
        Some(quote!(match self { #(#arms)* _ => #helper, }))
    }
}

fn methods(input: &Input, private: &TokenStream) -> TokenStream {
    let retryable = method(input, quote!(#private::retryable(self)), |variant, own| {
        let Retry::Field(index) = own.retry else {
            return None;
        };
        let field = &variant.fields[index];
        let binding = &field.binding;
        Some(arm(
            variant,
            &[field],
            quote!(#private::bool_field(#binding)),
        ))
    });
    let loc = method(input, quote!(#private::loc(self)), |variant, own| {
        let LocSource::Field(index) = own.loc else {
            return None;
        };
        let field = &variant.fields[index];
        let binding = &field.binding;
        let body = quote_spanned!(field.span=> #private::loc_field(#binding));
        Some(arm(variant, &[field], body))
    });
    let msg = method(input, quote!(#private::msg(self)), |variant, own| {
        let Message::Display(span) = &own.msg else {
            return None;
        };
        // The whole value, bound at the `display` switch so that a missing `Display` is
        // reported there.
        let value = Ident::new("__fal_value", *span);
        let body = quote_spanned!(*span=> #private::display_msg(#value));
        let arm = arm(variant, &[], body);
        Some(quote!(#value @ #arm))
    });
    let input_method = method(input, quote!(#private::input(self)), |variant, _| {
        let field = variant.fields.iter().find(|field| field.input.is_some())?;
        let binding = &field.binding;
        let body = if field.redact.is_some() {
            // Read, so that the field the user keeps for the input counts as used.
            quote!({
                let _redacted = #binding;
                #private::None
            })
        } else {
            quote_spanned!(field.span=> #private::Some(#private::wire(#binding)))
        };
        Some(arm(variant, &[field], body))
    });

    // The methods that read no field are the same for every type: text, parsed once.
    let mut text = String::from(
        "fn error_type(&self)->&str{__fal::error_type(self)}\
         fn status(&self)->__fal::StatusCode{__fal::status(self)}\
         fn url(&self)->__fal::Cow<'_,str>{__fal::url(self)}\
         fn catalog()->__fal::Vec<__fal::ErrorInfo>{__fal::catalog::<Self>()}\
         fn __fragments(&self)->__fal::Fragments{__fal::fragments(self)}",
    );
    // Where no variant has what a provided method reads (an inner error, ctx fields, an
    // input field), the trait's default answers as the helper would: one body less to
    // compile. (Not so for the generic defaults below: a vtable of `Self` would compile
    // them again for each type.)
    let nested = input
        .variants
        .iter()
        .any(|variant| matches!(variant.body, Body::Transparent { .. }));
    let own_fields = || {
        input
            .variants
            .iter()
            .filter(|variant| matches!(variant.body, Body::Own(_)))
            .flat_map(|variant| &variant.fields)
    };
    if nested {
        text.push_str("fn needs_retry(&self)->__fal::Option<bool>{__fal::needs_retry(self)}");
    }
    let any_ctx = nested || own_fields().any(|field| field.ctx.is_some());
    if any_ctx {
        text.push_str(
            "fn visit_ctx(&self,visitor:&mut __fal::CtxVisitor<'_>){__fal::visit_ctx(self,visitor)}",
        );
    }
    let any_input = nested || own_fields().any(|field| field.input.is_some());
    // `Probe(self)` is `Error` when `Self` is; otherwise autoref reaches `NoCause`.
    text.push_str(
        "#[inline]fn as_error(&self)->__fal::Option<&(dyn ::core::error::Error+'_)>{\
         #[allow(unused_imports)]use __fal::{ErrorCause as _,NoCause as _};\
         (&__fal::Probe(self)).__fal_cause()}",
    );
    // The provided methods that are generic over `Self`, answered once for every type
    // through `dyn FalError` (the vtable would instantiate them per type). Inline, as
    // every method that makes a vtable of `Self`: the vtable (and the `Debug` impl and
    // drop glue it holds) is then compiled only where it is used.
    text.push_str(
        "#[inline]fn ctx(&self)->__fal::Option<__fal::Map<__fal::String,__fal::Value>>{__fal::ctx(self)}\
         #[inline]fn input_value(&self)->__fal::Option<__fal::Value>{__fal::input_value(self)}\
         #[inline]fn to_response(&self)->__fal::ErrorResponse{__fal::to_response(self)}",
    );
    let mut read_fields = TokenStream::new();
    match retryable {
        None => text.push_str("fn retryable(&self)->bool{__fal::retryable(self)}"),
        Some(body) => read_fields.extend(quote!(fn retryable(&self) -> bool { #body })),
    }
    match loc {
        None => text.push_str("fn loc(&self)->__fal::Loc{__fal::loc(self)}"),
        Some(body) => read_fields.extend(quote!(fn loc(&self) -> #private::Loc { #body })),
    }
    match msg {
        None => text.push_str("fn msg(&self)->__fal::Cow<'_,str>{__fal::msg(self)}"),
        Some(body) => {
            read_fields.extend(quote!(fn msg(&self) -> #private::Cow<'_, str> { #body }));
        }
    }
    match input_method {
        None if !any_input => {}
        None => text.push_str(
            "fn input(&self)->__fal::Option<&dyn __fal::ErasedSerialize>{__fal::input(self)}",
        ),
        Some(body) => read_fields.extend(quote! {
            fn input(&self) -> #private::Option<&dyn #private::ErasedSerialize> { #body }
        }),
    }
    let mut methods = parse(&text);
    methods.extend(read_fields);
    methods
}

/// The JSON type a field's Rust type serializes to, as far as its name tells.
fn json_type(ty: &Type) -> &'static str {
    match ty {
        Type::Reference(reference) => json_type(&reference.elem),
        Type::Array(_) | Type::Slice(_) | Type::Tuple(_) => "array",
        Type::Paren(inner) => json_type(&inner.elem),
        Type::Group(inner) => json_type(&inner.elem),
        Type::Path(path) => {
            let Some(last) = path.path.segments.last() else {
                return "any";
            };
            match last.ident.to_string().as_str() {
                "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64"
                | "i128" | "isize" => "integer",
                "f32" | "f64" | "Number" => "number",
                "String" | "str" | "char" | "Cow" => "string",
                "bool" => "boolean",
                "Vec" | "VecDeque" | "HashSet" | "BTreeSet" | "LinkedList" | "Choices"
                | "Extensions" => "array",
                "HashMap" | "BTreeMap" | "Map" => "object",
                "Box" | "Rc" | "Arc" | "Option" => match &last.arguments {
                    syn::PathArguments::AngleBracketed(arguments) => match arguments.args.first() {
                        Some(syn::GenericArgument::Type(inner)) => json_type(inner),
                        _ => "any",
                    },
                    _ => "any",
                },
                _ => "any",
            }
        }
        _ => "any",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_are_length_prefixed_in_decimal() {
        for number in [0, 7, 10, 99, 422, 1000, 65_535, usize::MAX] {
            let mut out = String::new();
            super::decimal(&mut out, number);
            assert_eq!(out, number.to_string());
        }
        let mut out = String::new();
        super::field(&mut out, "é:1");
        super::number_field(&mut out, 503);
        assert_eq!(out, "4:é:13:503");
    }
}
