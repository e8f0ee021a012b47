//! What the derive reads of thiserror's attributes, so that the two derives agree on one
//! enum: `#[error(transparent)]`, the fields an `#[error("...")]` text shows, and which
//! fields hold an underlying error (thiserror's markers, or an error type without one).

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::{Attribute, Ident, LitStr, Type};

/// The span of `#[error(transparent)]`, which forwards `Display` to the one field.
pub fn error_transparent(attrs: &[Attribute]) -> Option<Span> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("error"))
        .find_map(|attr| attr.parse_args::<Ident>().ok())
        .filter(|word| word == "transparent")
        .map(|word| word.span())
}

/// The `#[error("...", args)]` text's span and the fields it shows: each `{name}` or `{0}` of
/// the format string and each `.field` among the arguments.
pub fn shown_fields(attrs: &[Attribute]) -> Option<(Span, Vec<String>)> {
    let attr = attrs.iter().find(|attr| attr.path().is_ident("error"))?;
    let (text, rest) = attr
        .parse_args_with(|input: syn::parse::ParseStream<'_>| {
            let text: LitStr = input.parse()?;
            let rest: TokenStream = input.parse()?;
            Ok((text, rest))
        })
        .ok()?;
    let mut names = placeholders(&text.value());
    field_arguments(rest, &mut names);
    Some((text.span(), names))
}

/// The names of `{name}`, `{name:spec}` and `{0}` in a format string.
fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        if let Some(escaped) = after.strip_prefix('{') {
            rest = escaped;
            continue;
        }
        let end = after.find(['}', ':']).unwrap_or(after.len());
        let name = after[..end].trim();
        if !name.is_empty() {
            names.push(name.trim_start_matches("r#").to_owned());
        }
        rest = &after[end..];
    }
    names
}

/// `.field` and `.0` in thiserror's extra format arguments; a dot after a value
/// (`.0.len()`) is a method or field of that value, not of the error.
fn field_arguments(tokens: TokenStream, into: &mut Vec<String>) {
    let mut field_dot = false;
    let mut after_value = false;
    for token in tokens {
        let is_value = match &token {
            TokenTree::Punct(punct) if punct.as_char() == '.' => {
                field_dot = !after_value;
                after_value = false;
                continue;
            }
            TokenTree::Ident(ident) => {
                if field_dot {
                    into.push(ident.to_string().trim_start_matches("r#").to_owned());
                }
                true
            }
            TokenTree::Literal(literal) => {
                if field_dot {
                    into.push(literal.to_string());
                }
                true
            }
            TokenTree::Group(group) => {
                field_arguments(group.stream(), into);
                true
            }
            TokenTree::Punct(_) => false,
        };
        field_dot = false;
        after_value = is_value;
    }
}

/// Whether a field holds an underlying error: thiserror's `#[source]` or `#[from]`, a
/// field named `source`, or a type that reads as an error (a path ending in `Error`,
/// `Box<dyn Error + ...>`).
pub fn holds_error(ident: Option<&Ident>, ty: &Type, attrs: &[Attribute]) -> bool {
    ident.is_some_and(|ident| ident == "source")
        || attrs
            .iter()
            .any(|attr| attr.path().is_ident("source") || attr.path().is_ident("from"))
        || is_error_type(ty)
}

fn is_error_type(ty: &Type) -> bool {
    match ty {
        Type::Paren(inner) => is_error_type(&inner.elem),
        Type::Group(inner) => is_error_type(&inner.elem),
        Type::Reference(reference) => is_error_type(&reference.elem),
        Type::TraitObject(object) => object.bounds.iter().any(|bound| match bound {
            syn::TypeParamBound::Trait(bound) => ends_with_error(&bound.path),
            _ => false,
        }),
        Type::Path(path) if path.qself.is_none() => {
            ends_with_error(&path.path)
                || path.path.segments.last().is_some_and(|last| {
                    matches!(last.ident.to_string().as_str(), "Box" | "Arc" | "Rc")
                        && match &last.arguments {
                            syn::PathArguments::AngleBracketed(arguments) => {
                                arguments.args.iter().any(|argument| match argument {
                                    syn::GenericArgument::Type(inner) => is_error_type(inner),
                                    _ => false,
                                })
                            }
                            _ => false,
                        }
                })
        }
        _ => false,
    }
}

fn ends_with_error(path: &syn::Path) -> bool {
    path.segments
        .last()
        .is_some_and(|last| last.ident.to_string().ends_with("Error"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_fields_an_error_text_shows() {
        assert_eq!(
            placeholders("a {secret} {0:?} {{x}} {} {r#type:>5}"),
            ["secret", "0", "type"]
        );
        let attrs: Vec<Attribute> = vec![syn::parse_quote!(#[error("{}: {}", .user, .0.len())])];
        assert_eq!(
            shown_fields(&attrs).map(|(_, names)| names),
            Some(vec!["user".to_owned(), "0".to_owned()])
        );
    }

    #[test]
    fn reads_error_types() {
        for ty in [
            "std::io::Error",
            "anyhow::Error",
            "Box<dyn std::error::Error + Send + Sync>",
            "DbError",
            "std::sync::Arc<dyn Error>",
        ] {
            assert!(is_error_type(&syn::parse_str(ty).unwrap()), "{ty}");
        }
        for ty in ["String", "Box<str>", "ErrorKind", "u32"] {
            assert!(!is_error_type(&syn::parse_str(ty).unwrap()), "{ty}");
        }
    }
}
