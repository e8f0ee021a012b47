//! Rules across attributes: what each value means alone is checked in `ast.rs`; here,
//! what they mean together (one type per variant, one input per variant, the spec's
//! statuses for its own types, a retry decision for every 5xx).

use std::collections::HashMap;

use proc_macro2::Span;
use syn::{Member, Type};

use crate::ast::{Body, Input, LocSource, Own, Retry, Variant};
use crate::builtin::builtin_status;
use crate::fmt::Message;
use crate::keys;

pub fn check(input: &Input, errors: &mut crate::error::Accumulator) {
    if input.is_enum {
        check_enum_container(input, errors);
    }
    let mut first_type: HashMap<&str, Span> = HashMap::new();
    for variant in &input.variants {
        match &variant.body {
            Body::Transparent { span, .. } => check_transparent(variant, *span, errors),
            Body::Own(own) => {
                check_fields(variant, errors);
                check_own(variant, own, errors);
                check_thiserror(variant, own, errors);
                if let Some(first) = first_type.insert(&own.error_type, own.type_span) {
                    errors.push(spanned(
                        own.type_span,
                        format!("duplicate type `{}`: each variant needs a type of its own; set `type = \"...\"` to tell them apart", own.error_type),
                    ));
                    errors.push(spanned(
                        first,
                        format!("type `{}` first defined here", own.error_type),
                    ));
                    first_type.insert(&own.error_type, first);
                }
            }
        }
    }
}

fn spanned(span: Span, message: impl std::fmt::Display) -> crate::error::Error {
    crate::error::Error::custom(message).with_span(&span)
}

fn check_enum_container(input: &Input, errors: &mut crate::error::Accumulator) {
    if input.variants.is_empty() {
        errors.push(spanned(
            input.ident.span(),
            "an enum with no variants can never be constructed, so it cannot be a fal error: add a variant such as `#[fal(type = \"my_error\")] MyError`",
        ));
    }
    for (key, span) in input.misplaced.iter() {
        errors.push(spanned(
            span,
            format!(
                "`{}` belongs on the variants, not on the enum: write `#[fal({})]` on each variant it applies to",
                key.name,
                key.written()
            ),
        ));
    }
}

fn check_transparent(variant: &Variant, span: Span, errors: &mut crate::error::Accumulator) {
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
    let others = variant
        .keys
        .iter()
        .filter(|(key, _)| key.name != keys::TRANSPARENT.name);
    for (key, span) in others {
        let key = key.name;
        errors.push(spanned(
            span,
            format!("`{key}` cannot be combined with `transparent`: the inner error decides it; remove `{key}` or `transparent`"),
        ));
    }
    for field in &variant.fields {
        if let Some((_, span)) = field.keys.iter().next() {
            errors.push(spanned(
                span,
                "a `transparent` variant's field is the inner error itself: remove this field attribute",
            ));
        }
    }
}

fn check_fields(variant: &Variant, errors: &mut crate::error::Accumulator) {
    let mut first_input: Option<Span> = None;
    let mut first_loc: Option<Span> = None;
    let mut first_retryable: Option<Span> = None;
    let mut first_key: HashMap<&str, Span> = HashMap::new();
    for field in &variant.fields {
        if let Some(skip) = field.skip {
            let roles = [
                (&keys::CTX, field.ctx.as_ref().map(|(_, span)| *span)),
                (&keys::INPUT, field.input),
                (&keys::FIELD_LOC, field.loc),
                (&keys::FIELD_RETRYABLE, field.retryable),
            ];
            if let Some((role, _)) = roles.into_iter().find(|(_, span)| span.is_some()) {
                let role = role.name;
                errors.push(spanned(
                    skip,
                    format!("`skip` leaves the field out of the error, so it cannot also be `{role}`: remove `skip` or `{role}`"),
                ));
            }
        }
        if let (Some(redact), Some(_), Some(_)) = (field.redact, field.input, &field.ctx) {
            errors.push(spanned(
                redact,
                "a `redact`ed input is never sent, so it cannot also be `ctx`: remove `ctx` or `redact`",
            ));
        }
        if let (Some((_, span)), Member::Unnamed(_), None) =
            (&field.ctx, &field.member, field.rename)
        {
            errors.push(spanned(
                *span,
                "a tuple field has no name to be its ctx key: write `#[fal(ctx, rename = \"key\")]`",
            ));
        }
        if field.retryable.is_some() && plainly_not(field.ty, "bool") {
            errors.push(spanned(
                field.span,
                "a `#[fal(retryable)]` field says whether retrying can succeed, so its type is `bool`: write `retryable: bool`",
            ));
        }
        if field.loc.is_some() && plainly_not(field.ty, "Loc") {
            errors.push(spanned(
                field.span,
                "a `#[fal(loc)]` field holds where the error is, so its type is `fal_error::Loc` (or converts into it): write `loc: fal_error::Loc`, or place the error when raising it, with `.at(\"field\")`",
            ));
        }
        if let (Some(redact), None) = (field.redact, field.input) {
            errors.push(spanned(
                redact,
                "`redact` applies to the input field: write `#[fal(input, redact)]`",
            ));
        }
        if let (Some(rename), None) = (field.rename, &field.ctx) {
            errors.push(spanned(
                rename,
                "`rename` names a ctx key: write `#[fal(ctx, rename = \"key\")]`",
            ));
        }
        for (role, span, first) in [
            (&keys::INPUT, field.input, &mut first_input),
            (&keys::FIELD_LOC, field.loc, &mut first_loc),
            (
                &keys::FIELD_RETRYABLE,
                field.retryable,
                &mut first_retryable,
            ),
        ] {
            let role = role.name;
            if let Some(span) = span {
                match first {
                    Some(first) => {
                        errors.push(spanned(
                            span,
                            format!("only one field can be `{role}`; remove one of them"),
                        ));
                        errors.push(spanned(*first, format!("first `{role}` field here")));
                    }
                    None => *first = Some(span),
                }
            }
        }
        if let Some((key, span)) = &field.ctx
            && let Some(first) = first_key.insert(key, *span)
        {
            errors.push(spanned(
                *span,
                format!("two fields write the ctx key `{key}`: give one another key with `#[fal(ctx, rename = \"...\")]`"),
            ));
            errors.push(spanned(
                first,
                format!("ctx key `{key}` first written here"),
            ));
        }
    }
}

/// Whether `ty`, by its spelling alone, is surely not `wanted` (nor a type converting
/// into it): a primitive, `String`, `Option`, a reference, a tuple, an array. Other names
/// may be aliases, so the compiler judges them.
fn plainly_not(ty: &Type, wanted: &str) -> bool {
    const PLAIN: &[&str] = &[
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize",
        "f32", "f64", "bool", "char", "str", "String", "Option",
    ];
    match ty {
        Type::Paren(inner) => plainly_not(&inner.elem, wanted),
        Type::Group(inner) => plainly_not(&inner.elem, wanted),
        Type::Path(path) if path.qself.is_none() => path.path.segments.last().is_some_and(|last| {
            last.ident != wanted && PLAIN.iter().any(|plain| last.ident == plain)
        }),
        Type::Reference(_)
        | Type::Tuple(_)
        | Type::Array(_)
        | Type::Slice(_)
        | Type::Ptr(_)
        | Type::FnPtr(_)
        | Type::Never(_) => true,
        _ => false,
    }
}

fn check_own(variant: &Variant, own: &Own, errors: &mut crate::error::Accumulator) {
    let written = &variant.keys;
    if let (Some(msg), Some(_)) = (written.get(&keys::MSG), written.get(&keys::DISPLAY)) {
        errors.push(spanned(
            msg,
            "`msg` and `display` both set the message: keep one",
        ));
    }
    if let (Some(loc), LocSource::Static(_)) =
        (variant.fields.iter().find_map(|field| field.loc), &own.loc)
    {
        errors.push(spanned(loc, "the location is given twice, as `loc = [...]` on the variant and by this field: remove one"));
        if let Some(list) = written.get(&keys::LOC) {
            errors.push(spanned(list, "`loc` list given here"));
        }
    }
    if let (Some(retryable), Retry::Fixed(_)) = (
        variant.fields.iter().find_map(|field| field.retryable),
        &own.retry,
    ) && written.get(&keys::RETRYABLE).is_some()
    {
        errors.push(spanned(retryable, "retryability is given twice, as `retryable = ...` on the variant and by this field: remove one"));
    }
    if let Message::Template(template) = &own.msg {
        for index in template.arguments() {
            let field = &variant.fields[index];
            if field.skip.is_some() {
                errors.push(spanned(template.format.span(), format!("`msg` uses `{}`, which is `#[fal(skip)]`: remove `skip` or the placeholder", field.name)));
            }
            if field.redact.is_some() {
                errors.push(spanned(template.format.span(), format!("`msg` uses `{}`, a `redact`ed input that is never sent: remove `redact` or the placeholder", field.name)));
            }
        }
    }
    if let Some(spec) = builtin_status(&own.error_type)
        && spec != own.status
    {
        let span = written.get(&keys::STATUS).unwrap_or(own.type_span);
        errors.push(spanned(
            span,
            format!(
                "`{}` is one of fal's built-in types, sent with status {spec}: write `status = {spec}`, or choose another `type`",
                own.error_type
            ),
        ));
    }
    // A 5xx must state its retryability, unless a key that could have stated it was
    // rejected: one mistake, one error.
    if own.status >= 500 && matches!(own.retry, Retry::Unstated) && !variant.rejected {
        let status = own.status;
        let error = if written.get(&keys::STATUS).is_none() && !variant.is_struct {
            // The status is the enum's: point at the variant that lacks the decision.
            spanned(
                variant.ident.span(),
                format!(
                    "`{}` is a {status} error (the enum's `status`), so it must state whether retrying can succeed: add `#[fal(retryable = false)]` (or `true`) to it, or `retryable = ...` beside the enum's `status = {status}`",
                    variant.ident
                ),
            )
        } else {
            spanned(
                own.status_span,
                format!(
                    "a {status} error must state whether retrying can succeed: add `retryable = true` or `retryable = false` (or a `#[fal(retryable)] bool` field to choose when raising)"
                ),
            )
        };
        errors.push(error);
    }
}

/// Rules for an enum that also derives `thiserror::Error`.
fn check_thiserror(variant: &Variant, own: &Own, errors: &mut crate::error::Accumulator) {
    // `#[error(transparent)]` alone forwards only `Display`: the variant would send its
    // own type (its name in snake_case) for every inner error. A variant that writes any
    // fal key of its own (`type`, `status`, ...) is a fal error of its own on purpose.
    if let (Some(span), None) = (variant.error_transparent, variant.keys.iter().next()) {
        errors.push(spanned(
            span,
            format!(
                "`#[error(transparent)]` forwards only `Display`: this variant is still sent as the type `{}`, whatever error it holds; add `#[fal(transparent)]` to forward the fal error too, or give the variant its own `#[fal(type = \"...\")]`",
                own.error_type
            ),
        ));
    }
    // `display` sends the `#[error]` text as `msg`: a redacted input it shows would reach
    // the wire.
    if let (Message::Display(_), Some((span, shown))) = (&own.msg, &variant.shown) {
        for field in variant.fields.iter().filter(|field| field.redact.is_some()) {
            if shown.contains(&field.name) {
                errors.push(spanned(
                    *span,
                    format!(
                        "`{}` is a `redact`ed input that is never sent, but this `#[error(...)]` text shows it and `display` sends that text as `msg`: leave `{}` out of the text, or set the variant's own `msg = \"...\"` without it",
                        field.name, field.name
                    ),
                ));
            }
        }
    }
}
