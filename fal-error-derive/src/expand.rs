//! Code generation from the checked model; it never fails.
//!
//! Every method is a plain `match self` whose arms return constants where the variant's
//! attributes are static; generated code names only `::core` and the runtime's hidden
//! `__private` module.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::Type;

use crate::ast::{Body, Input, LocLit, LocSource, Own, Retry, Variant};
use crate::bound::{Bounds, mentions_ident};
use crate::fmt::Message;

pub fn impl_fal_error(input: &Input) -> TokenStream {
    let krate = &input.krate;
    let private = quote!(#krate::__private);
    let ident = &input.ident;
    let mut bounds = Bounds::new(ident, &input.generics, &private);
    for variant in &input.variants {
        bounds.add_variant(variant);
    }
    let (impl_generics, ty_generics, _) = input.generics.split_for_impl();
    let predicates = bounds.predicates();
    let where_clause = (!predicates.is_empty()).then(|| quote!(where #(#predicates),*));

    let methods = Methods { private: &private };
    let error_type = methods.arms(
        input,
        |_, own| {
            let error_type = &own.error_type;
            Some(quote!(#error_type))
        },
        quote!(error_type),
    );
    let status = methods.arms(
        input,
        |_, own| {
            let status = own.status;
            Some(quote!(const { #private::status(#status) }))
        },
        quote!(status),
    );
    let retryable = methods.arms(
        input,
        |variant, own| {
            Some(match own.retry {
                Retry::Fixed(retryable) => quote!(#retryable),
                Retry::Unstated => quote!(false),
                Retry::Field(index) => {
                    let binding = &variant.fields[index].binding;
                    quote!(#private::bool_field(#binding))
                }
            })
        },
        quote!(retryable),
    );
    let loc = methods.arms(
        input,
        |variant, own| {
            Some(match &own.loc {
                LocSource::Default => quote!(#private::Loc::body()),
                LocSource::Static(items) => {
                    let items = items.iter().map(|item| match item {
                        LocLit::Key(key) => quote!(#private::LocItem::key(#key)),
                        LocLit::Index(index) => quote!(#private::LocItem::Index(#index)),
                    });
                    quote!({
                        const LOC: &[#private::LocItem] = &[#(#items),*];
                        #private::Loc::from_static(LOC)
                    })
                }
                LocSource::Field(index) => {
                    let field = &variant.fields[*index];
                    let binding = &field.binding;
                    quote_spanned!(field.span=> #private::loc_field(#binding))
                }
            })
        },
        quote!(loc),
    );
    let msg = methods.arms(
        input,
        |variant, own| {
            Some(match &own.msg {
                Message::Text(text) => quote!(#private::Cow::Borrowed(#text)),
                Message::Display(span) => quote_spanned!(*span=> #private::display_msg(self)),
                Message::Template(template) => {
                    let format = &template.format;
                    let args = template.arguments().into_iter().map(|field| {
                        let binding = &variant.fields[field].binding;
                        quote!(#binding = #binding)
                    });
                    quote!(#private::Cow::Owned(#private::format!(#format, #(#args),*)))
                }
            })
        },
        quote!(msg),
    );
    let url = methods.arms(
        input,
        |_, own| {
            let url = &own.url;
            Some(quote!(#private::Cow::Borrowed(#url)))
        },
        quote!(url),
    );
    let visit_ctx = methods.arms(
        input,
        |variant, _| {
            let entries = variant.fields.iter().filter_map(|field| {
                let (key, _) = field.ctx.as_ref()?;
                let binding = &field.binding;
                Some(quote_spanned!(field.span=> visitor(#key, #private::wire(#binding));))
            });
            Some(quote!({ #(#entries)* }))
        },
        quote!(visit_ctx, visitor),
    );
    let input_arms = methods.arms(
        input,
        |variant, _| {
            Some(
                match variant.fields.iter().find(|field| field.input.is_some()) {
                    Some(field) if field.redact.is_none() => {
                        let binding = &field.binding;
                        quote_spanned!(field.span=> #private::Some(#private::wire(#binding)))
                    }
                    Some(redacted) => {
                        let binding = &redacted.binding;
                        quote!({
                            let _redacted = #binding;
                            #private::None
                        })
                    }
                    None => quote!(#private::None),
                },
            )
        },
        quote!(input),
    );
    let needs_retry = methods.arms(
        input,
        |_, _| Some(quote!(#private::None)),
        quote!(needs_retry),
    );
    let catalog = catalog(input, &private);

    quote! {
        #[automatically_derived]
        impl #impl_generics #private::FalError for #ident #ty_generics #where_clause {
            fn error_type(&self) -> &str {
                match self { #error_type }
            }
            fn status(&self) -> #private::StatusCode {
                match self { #status }
            }
            fn retryable(&self) -> bool {
                match self { #retryable }
            }
            fn needs_retry(&self) -> #private::Option<bool> {
                match self { #needs_retry }
            }
            fn loc(&self) -> #private::Loc {
                match self { #loc }
            }
            fn msg(&self) -> #private::Cow<'_, str> {
                match self { #msg }
            }
            fn url(&self) -> #private::Cow<'_, str> {
                match self { #url }
            }
            fn visit_ctx(&self, visitor: &mut #private::CtxVisitor<'_>) {
                match self { #visit_ctx }
            }
            fn input(&self) -> #private::Option<&dyn #private::ErasedSerialize> {
                match self { #input_arms }
            }
            fn catalog() -> #private::Vec<#private::ErrorInfo> {
                #catalog
            }
        }

        #private::framework_impls! {
            impl { #impl_generics } for { #ident #ty_generics } where { #(#predicates,)* }
        }
    }
}

struct Methods<'a> {
    private: &'a TokenStream,
}

impl Methods<'_> {
    /// One arm per variant: `own` builds the arm of a variant with its own attributes;
    /// a transparent variant forwards `call` (method name, then extra arguments) to its
    /// field.
    fn arms(
        &self,
        input: &Input,
        own: impl Fn(&Variant, &Own) -> Option<TokenStream>,
        call: TokenStream,
    ) -> TokenStream {
        let private = self.private;
        let mut call = call.into_iter();
        let method = call.next();
        let arguments: TokenStream = call.collect();
        let arms = input.variants.iter().map(|variant| {
            let path = variant_path(variant);
            match &variant.body {
                Body::Transparent { field, .. } => {
                    let inner = &variant.fields[*field];
                    let member = &inner.member;
                    let binding = &inner.binding;
                    quote!(#path { #member: #binding, .. } => #private::FalError::#method(#binding #arguments),)
                }
                Body::Own(attributes) => {
                    let body = own(variant, attributes).unwrap_or_default();
                    let bindings = used_bindings(variant, &body);
                    quote!(#path { #(#bindings,)* .. } => #body,)
                }
            }
        });
        quote!(#(#arms)*)
    }
}

fn variant_path(variant: &Variant) -> TokenStream {
    if variant.is_struct {
        quote!(Self)
    } else {
        let ident = &variant.ident;
        quote!(Self::#ident)
    }
}

/// The `member: binding` pairs of the fields an arm's body names.
fn used_bindings(variant: &Variant, body: &TokenStream) -> Vec<TokenStream> {
    let mut named: Vec<String> = Vec::new();
    collect_idents(body.clone(), &mut named);
    variant
        .fields
        .iter()
        .filter(|field| named.iter().any(|ident| field.binding == ident))
        .map(|field| {
            let member = &field.member;
            let binding = &field.binding;
            quote!(#member: #binding)
        })
        .collect()
}

fn collect_idents(tokens: TokenStream, into: &mut Vec<String>) {
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => into.push(ident.to_string()),
            proc_macro2::TokenTree::Group(group) => collect_idents(group.stream(), into),
            _ => {}
        }
    }
}

fn catalog(input: &Input, private: &TokenStream) -> TokenStream {
    let entries = input.variants.iter().map(|variant| match &variant.body {
        Body::Transparent { field, .. } => {
            let ty = pointee(&variant.fields[*field].ty);
            if mentions_ident(quote!(#ty), &input.ident) {
                quote!()
            } else {
                quote!(entries.extend(<#ty as #private::FalError>::catalog());)
            }
        }
        Body::Own(own) => {
            let error_type = &own.error_type;
            let status = own.status;
            let retryable = match own.retry {
                Retry::Fixed(retryable) => quote!(#private::Retryability::Fixed(#retryable)),
                Retry::Unstated => quote!(#private::Retryability::Fixed(false)),
                Retry::Field(_) => quote!(#private::Retryability::RaiseSite),
            };
            let ctx = variant.fields.iter().filter_map(|field| {
                let (key, _) = field.ctx.as_ref()?;
                let json_type = json_type(&field.ty);
                let doc = &field.doc;
                Some(quote!(#private::CtxInfo { key: #key, json_type: #json_type, doc: #doc }))
            });
            let url = &own.url;
            let msg = match &own.msg {
                Message::Text(text) => text.clone(),
                Message::Template(template) => template.original.clone(),
                Message::Display(_) => String::new(),
            };
            let doc = &variant.doc;
            quote!(entries.push(#private::ErrorInfo {
                error_type: #error_type,
                status: #status,
                retryable: #retryable,
                ctx: &[#(#ctx),*],
                url: #url,
                msg: #msg,
                doc: #doc,
            });)
        }
    });
    quote!({
        let mut entries = #private::Vec::new();
        #(#entries)*
        entries
    })
}

/// The error a transparent field holds: through `Box<E>` and `&E`, which forward
/// everything but the catalog (a static function of a sized type), to `E` itself;
/// `dyn FalError` has no catalog.
fn pointee(ty: &Type) -> &Type {
    let inner = match ty {
        Type::Reference(reference) => Some(&*reference.elem),
        Type::Path(path) => path
            .path
            .segments
            .last()
            .filter(|segment| segment.ident == "Box")
            .and_then(|segment| match &segment.arguments {
                syn::PathArguments::AngleBracketed(arguments) => match arguments.args.first() {
                    Some(syn::GenericArgument::Type(inner)) => Some(inner),
                    _ => None,
                },
                _ => None,
            }),
        _ => None,
    };
    match inner {
        Some(Type::TraitObject(_)) | None => ty,
        Some(inner) => pointee(inner),
    }
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
