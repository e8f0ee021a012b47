//! The impl emitted beside compile errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::Ident;

/// An impl whose bodies never run, emitted beside compile errors so that users see
/// those errors and not a cascade of "`FalError` is not implemented".
pub fn fallback(ident: &Ident, generics: &syn::Generics, krate: &TokenStream) -> TokenStream {
    let private = quote!(#krate::__private);
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let predicates: Vec<_> = where_clause
        .into_iter()
        .flat_map(|clause| clause.predicates.iter())
        .collect();
    let unreachable = quote!(::core::unreachable!());
    // `FalError: Debug`; the `for<'__fal>` keeps the bound from being checked when it is
    // trivially false, so a missing `Debug` is reported once, by the user's own code.
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Transparent for #ident #ty_generics
        where
            #(#predicates,)*
            for<'__fal> #ident #ty_generics: ::core::fmt::Debug,
        {
            const TABLE: &'static #private::Table = #private::OPAQUE;
            fn parts(&self, _: &mut #private::Parts<'_, '_>) -> #private::Kind<'_> { #unreachable }
            fn as_fal(&self) -> &dyn #private::FalError { #unreachable }
        }

        #[automatically_derived]
        impl #impl_generics #private::FalError for #ident #ty_generics
        where
            #(#predicates,)*
            for<'__fal> #ident #ty_generics: ::core::fmt::Debug,
        {
            fn error_type(&self) -> &str { #unreachable }
            fn status(&self) -> #private::StatusCode { #unreachable }
            fn retryable(&self) -> bool { #unreachable }
            fn loc(&self) -> #private::Loc { #unreachable }
            fn msg(&self) -> #private::Cow<'_, str> { #unreachable }
            fn url(&self) -> #private::Cow<'_, str> { #unreachable }
        }
    }
}
