//! `#[derive(FalError)]`: turns an error enum (or struct) into fal errors.
//!
//! The derive runs in phases, one file each: `attr.rs` reads `#[fal(...)]`, `ast.rs`
//! builds the checked model, `valid.rs` applies the rules across attributes, and
//! `expand.rs` generates the code. All errors of the first three are reported together;
//! when there are any, `fallback.rs` still emits an impl so that no cascade follows.
//! Use it through the `fal-error` crate, which documents every attribute.

// Examples compile warning-free; they may declare variants they do not all construct.
#![doc(test(attr(deny(warnings), allow(dead_code))))]
#![forbid(unsafe_code)]

mod ast;
mod attr;
mod bound;
mod builtin;
mod case;
mod error;
mod expand;
mod fallback;
mod fmt;
mod fragments;
mod keys;
mod start;
mod thiserror;
mod valid;

#[cfg(test)]
mod no_panic;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Derives `fal_error::FalError`: every variant of an enum (or a struct) becomes a fal
/// error with its own `type`, status, retryability, `loc`, `msg`, `url`, `ctx` and `input`.
///
/// ```
/// use fal_error::{FalError, Loc, ModelError};
///
/// #[derive(Debug, FalError)]
/// #[fal(doc_base = "https://docs.example.com/errors/")]
/// enum UpscaleError {
///     /// The LoRA is not in the registry.
///     #[fal(type = "lora_not_found", msg = "LoRA {name} was not found", loc = ["body", "loras"])]
///     LoraNotFound {
///         #[fal(ctx)]
///         name: String,
///         #[fal(input)]
///         requested: Vec<String>,
///     },
///     /// The GPU pool is full.
///     #[fal(status = 503, retryable = true)]
///     GpuBusy,
///     /// A step count outside the model's range, where it was found.
///     #[fal(status = 422)]
///     TooManySteps {
///         #[fal(ctx, rename = "le")]
///         max: u32,
///         #[fal(loc)]
///         at: Loc,
///         #[fal(skip)]
///         _trace_id: u64,
///     },
///     #[fal(transparent)]
///     Model(ModelError),
/// }
///
/// let missing = UpscaleError::LoraNotFound { name: "pixel-art".into(), requested: vec!["pixel-art".into()] };
/// assert_eq!(
///     missing.to_response().body(),
///     r#"{"detail":[{"loc":["body","loras"],"msg":"LoRA pixel-art was not found","type":"lora_not_found","url":"https://docs.example.com/errors/#lora_not_found","ctx":{"name":"pixel-art"},"input":["pixel-art"]}]}"#,
/// );
///
/// let busy = UpscaleError::GpuBusy.to_response();
/// assert_eq!(busy.status(), 503);
/// assert_eq!(busy.headers()["x-fal-retryable"], "true");
/// assert_eq!(UpscaleError::GpuBusy.msg(), "Gpu busy");
///
/// let steps = UpscaleError::TooManySteps { max: 50, at: Loc::field("num_inference_steps"), _trace_id: 7 };
/// assert_eq!(
///     steps.to_response().body(),
///     r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Too many steps","type":"too_many_steps","url":"https://docs.example.com/errors/#too_many_steps","ctx":{"le":50}}]}"#,
/// );
///
/// let model = UpscaleError::Model(ModelError::NoMediaGenerated);
/// assert_eq!(model.url(), "https://docs.fal.ai/errors/#no_media_generated");
/// ```
///
/// # Attributes
///
/// | where | key | meaning | default |
/// | --- | --- | --- | --- |
/// | enum / struct | `doc_base = "https://…"` | base of every `url` (`base#type`) | `https://docs.fal.ai/errors/` (the spec's form; fal's servers write `https://docs.fal.ai/errors`) |
/// | enum / struct | `status = 4xx/5xx`, `retryable = bool` | defaults for variants that do not set their own | `422`, `false` |
/// | enum / struct | `display` | every `msg` is the value's `Display` text (lives beside `thiserror::Error`) | off |
/// | enum / struct | `crate = path` | where `fal_error` is, for re-exports | `::fal_error` |
/// | variant (or struct) | `type = "snake_case"` | the machine-readable type, `[a-z][a-z0-9_]*` | the variant name in snake_case |
/// | variant | `status = 422`, `retryable = false` | status 400..=599; a 5xx must state `retryable` | container's, else `422`/`false` |
/// | variant | `msg = "LoRA {name} not found"` | a format string over the fields (`{0}`, `{name:?}`, widths) | the type humanized: `image_too_large` → `Image too large` |
/// | variant | `display` | this variant's `msg` is its `Display` text | off |
/// | variant | `loc = ["body", "image_url"]` | a static location (strings and list indexes) | `["body"]` |
/// | variant | `url = "https://…"` | overrides `doc_base#type` | |
/// | variant | `transparent` | a one-field variant that delegates everything to the inner `FalError` | |
/// | field | `ctx`, `ctx, rename = "key"` | written into `ctx`, straight from the field with serde | |
/// | field | `input`, `input, redact` | the echoed input; `redact` never echoes it | |
/// | field | `loc` | a `Loc` field holding the location | |
/// | field | `retryable` | a `bool` field: retryability chosen where the error is raised | |
/// | field | `skip` | excluded from everything | |
///
/// A doc comment on a variant is its description in the catalog (`Catalog`,
/// `utoipa::IntoResponses`). A 5xx variant whose message comes from `Display` and that
/// wraps an underlying error (thiserror's `#[source]`, `#[from]`, a `source` field or
/// `#[error(transparent)]`) sends its humanized type as `msg` instead, so a server
/// failure never leaks its source's text; the source stays available to logging through
/// `Error::source`. A `msg` template that names the field sends it, as written.
///
/// Mistakes are compile errors spanned on the offending token that say what to write
/// instead: an unknown key (with the closest valid one), a status outside 400..=599, a
/// 5xx without `retryable`, two variants sending one `type`, a `msg` placeholder that
/// names no field.
#[proc_macro_derive(FalError, attributes(fal))]
pub fn derive_fal_error(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let mut errors = crate::error::Error::accumulator();
    let model = attr::ContainerAttrs::read(input, &mut errors).map(|attrs| {
        let model = ast::Input::from_attrs(attrs, &mut errors);
        valid::check(&model, &mut errors);
        model
    });
    match (errors.finish(), model) {
        (Ok(()), Some(model)) => expand::impl_fal_error(&model),
        (result, model) => {
            let krate = model.map_or_else(|| quote::quote!(::fal_error), |model| model.krate);
            let errors = result
                .err()
                .map(crate::error::Error::write_errors)
                .unwrap_or_default();
            let fallback = fallback::fallback(&input.ident, &input.generics, &krate);
            quote::quote!(#errors #fallback)
        }
    }
}
