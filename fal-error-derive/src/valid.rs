//! Rules across attributes: what each value means alone is checked in `ast.rs`; here,
//! what they mean together (one type per variant, one input per variant, the spec's
//! statuses for its own types, a retry decision for every 5xx).

use std::collections::HashMap;

use proc_macro2::Span;

use crate::ast::{Body, Input, LocSource, Own, Retry, Variant};
use crate::attr::ContainerAttrs;
use crate::builtin::builtin_status;
use crate::fmt::Message;

pub fn check(input: &Input, attrs: &ContainerAttrs, errors: &mut darling::error::Accumulator) {
    if input.is_enum {
        check_enum_container(input, attrs, errors);
    }
    let mut first_type: HashMap<&str, Span> = HashMap::new();
    for variant in &input.variants {
        check_fields(variant, errors);
        match &variant.body {
            Body::Transparent { span, .. } => check_transparent(variant, *span, errors),
            Body::Own(own) => {
                check_own(variant, own, errors);
                if let Some(first) = first_type.insert(&own.error_type, own.type_span) {
                    errors.push(spanned(
                        own.type_span,
                        format!("duplicate type `{}`: each variant needs a type of its own; set `type = \"...\"` to tell them apart", own.error_type),
                    ));
                    errors.push(spanned(first, format!("type `{}` first defined here", own.error_type)));
                    first_type.insert(&own.error_type, first);
                }
            }
        }
    }
}

fn spanned(span: Span, message: impl std::fmt::Display) -> darling::Error {
    darling::Error::custom(message).with_span(&span)
}

fn check_enum_container(input: &Input, attrs: &ContainerAttrs, errors: &mut darling::error::Accumulator) {
    if input.variants.is_empty() {
        errors.push(spanned(
            input.ident.span(),
            "an enum with no variants can never be constructed, so it cannot be a fal error: add a variant such as `#[fal(type = \"my_error\")] MyError`",
        ));
    }
    let misplaced = [
        ("type", attrs.error_type.as_ref().map(|value| value.span())),
        ("loc", attrs.loc.as_ref().map(|value| value.span())),
        ("msg", attrs.msg.as_ref().map(|value| value.span())),
        ("url", attrs.url.as_ref().map(|value| value.span())),
        ("transparent", attrs.transparent.is_present().then(|| attrs.transparent.span())),
    ];
    for (key, span) in misplaced {
        if let Some(span) = span {
            errors.push(spanned(
                span,
                format!("`{key}` belongs on each variant of an enum, not on the enum: move it to `#[fal({key} ...)]` on the variants"),
            ));
        }
    }
}

fn check_transparent(variant: &Variant, span: Span, errors: &mut darling::error::Accumulator) {
    if variant.fields.len() != 1 {
        errors.push(spanned(
            span,
            format!(
                "`transparent` needs exactly one field, the error to delegate to, as in `Model(fal_error::ModelError)`; `{}` has {}",
                variant.ident,
                variant.fields.len()
            ),
        ));
    }
    let keys = &variant.keys;
    let combined = [
        ("type", keys.error_type),
        ("status", keys.status),
        ("retryable", keys.retryable),
        ("loc", keys.loc),
        ("msg", keys.msg),
        ("url", keys.url),
        ("display", keys.display),
    ];
    for (key, span) in combined {
        if let Some(span) = span {
            errors.push(spanned(
                span,
                format!("`{key}` cannot be combined with `transparent`: the inner error decides it; remove `{key}` or `transparent`"),
            ));
        }
    }
    for field in &variant.fields {
        let roles = [field.ctx.as_ref().map(|(_, span)| *span), field.input, field.loc, field.retryable, field.skip, field.redact];
        if let Some(span) = roles.into_iter().flatten().next() {
            errors.push(spanned(
                span,
                "a `transparent` variant's field is the inner error itself: remove this field attribute",
            ));
        }
    }
}

fn check_fields(variant: &Variant, errors: &mut darling::error::Accumulator) {
    let mut first_input: Option<Span> = None;
    let mut first_loc: Option<Span> = None;
    let mut first_retryable: Option<Span> = None;
    let mut first_key: HashMap<&str, Span> = HashMap::new();
    for field in &variant.fields {
        if let Some(skip) = field.skip {
            let roles = [field.ctx.as_ref().map(|(_, span)| *span), field.input, field.loc, field.retryable];
            if roles.into_iter().flatten().next().is_some() {
                errors.push(spanned(skip, "`skip` excludes a field from everything: remove `skip` or the other field attributes"));
            }
        }
        if let (Some(redact), None) = (field.redact, field.input) {
            errors.push(spanned(redact, "`redact` applies to the input field: write `#[fal(input, redact)]`"));
        }
        if let (Some(rename), None) = (field.rename, &field.ctx) {
            errors.push(spanned(rename, "`rename` names a ctx key: write `#[fal(ctx, rename = \"key\")]`"));
        }
        for (role, span, first) in [
            ("input", field.input, &mut first_input),
            ("loc", field.loc, &mut first_loc),
            ("retryable", field.retryable, &mut first_retryable),
        ] {
            if let Some(span) = span {
                match first {
                    Some(first) => {
                        errors.push(spanned(span, format!("only one field can be `{role}`; remove one of them")));
                        errors.push(spanned(*first, format!("first `{role}` field here")));
                    }
                    None => *first = Some(span),
                }
            }
        }
        if let Some((key, span)) = &field.ctx {
            if let Some(first) = first_key.insert(key, *span) {
                errors.push(spanned(
                    *span,
                    format!("two fields write the ctx key `{key}`: give one another key with `#[fal(ctx, rename = \"...\")]`"),
                ));
                errors.push(spanned(first, format!("ctx key `{key}` first written here")));
            }
        }
    }
}

fn check_own(variant: &Variant, own: &Own, errors: &mut darling::error::Accumulator) {
    let keys = &variant.keys;
    if let (Some(msg), Some(_)) = (keys.msg, keys.display) {
        errors.push(spanned(msg, "`msg` and `display` both set the message: keep one"));
    }
    if let (Some(loc), LocSource::Static(_)) = (variant.fields.iter().find_map(|field| field.loc), &own.loc) {
        errors.push(spanned(loc, "the location is given twice, as `loc = [...]` on the variant and by this field: remove one"));
    }
    if let (Some(retryable), Retry::Fixed(_)) = (variant.fields.iter().find_map(|field| field.retryable), &own.retry) {
        if keys.retryable.is_some() {
            errors.push(spanned(retryable, "retryability is given twice, as `retryable = ...` on the variant and by this field: remove one"));
        }
    }
    if let Message::Template(template) = &own.msg {
        for field_use in &template.uses {
            let field = &variant.fields[field_use.field];
            if field.skip.is_some() {
                errors.push(spanned(template.format.span(), format!("`msg` uses `{}`, which is `#[fal(skip)]`: remove `skip` or the placeholder", field.name)));
            }
        }
    }
    if let Some(spec) = builtin_status(&own.error_type) {
        if spec != own.status {
            let span = keys.status.unwrap_or(own.type_span);
            errors.push(spanned(
                span,
                format!(
                    "`{}` is one of fal's built-in types, sent with status {spec}: write `status = {spec}`, or choose another `type`",
                    own.error_type
                ),
            ));
        }
    }
    if own.status >= 500 && matches!(own.retry, Retry::Unstated) {
        errors.push(spanned(
            own.status_span,
            format!(
                "a {} error must state whether retrying can succeed: add `retryable = true` or `retryable = false` (or a `#[fal(retryable)] bool` field to choose when raising)",
                own.status
            ),
        ));
    }
}
