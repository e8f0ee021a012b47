//! Where a node starts, read from the node. syn's `Spanned::span` writes the whole node out
//! as tokens to find its first one (on stable, spans do not join, so the first token's span
//! is what it gives), which costs the derive more than reading the node; the keys, values
//! and field types it asks about on every item are looked up directly instead.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Expr, Path, Type};

/// The span of `path`'s first token.
pub fn path(path: &Path) -> Span {
    match (&path.leading_colon, path.segments.first()) {
        (Some(colon), _) => colon.spans[0],
        (None, Some(segment)) => segment.ident.span(),
        (None, None) => path.span(),
    }
}

/// The span of `expr`'s first token.
pub fn expr(expr: &Expr) -> Span {
    match expr {
        Expr::Lit(literal) if literal.attrs.is_empty() => literal.lit.span(),
        Expr::Path(value) if value.attrs.is_empty() && value.qself.is_none() => path(&value.path),
        other => other.span(),
    }
}

/// The span of `ty`'s first token.
pub fn ty(ty: &Type) -> Span {
    match ty {
        Type::Path(value) if value.qself.is_none() => path(&value.path),
        Type::Reference(reference) => reference.and_token.span,
        other => other.span(),
    }
}

#[cfg(test)]
mod tests {
    use syn::spanned::Spanned;

    /// Outside the compiler, spans carry positions (parsed from text, every token has its
    /// own): each lookup gives the first token's, as syn's `Spanned` does.
    #[test]
    fn each_lookup_is_the_first_token_of_what_syn_spans() {
        let start = |span: proc_macro2::Span| span.start().column;
        let types = [
            "u32",
            "::std::string::String",
            "Vec<Option<u8>>",
            "&'static str",
            "<T as Trait>::Out",
            "[u8; 4]",
        ];
        for text in types {
            let ty: syn::Type = syn::parse_str(&format!("  {text}")).unwrap();
            assert_eq!(start(super::ty(&ty)), 2, "{text}");
            assert_eq!(start(ty.span()), 2, "{text}");
        }
        let exprs = ["\"text\"", "503", "true", "crate::path", "-1", "(1)"];
        for text in exprs {
            let expr: syn::Expr = syn::parse_str(&format!("  {text}")).unwrap();
            assert_eq!(start(super::expr(&expr)), 2, "{text}");
            assert_eq!(start(expr.span()), 2, "{text}");
        }
    }
}
