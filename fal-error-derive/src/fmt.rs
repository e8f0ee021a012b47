//! `msg = "..."`: a format string over the variant's fields, checked and rewritten so
//! that each placeholder names the field's binding in the generated `match` arm.

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::case::did_you_mean;

/// A message as the generated code produces it.
#[derive(Debug)]
pub enum Message {
    /// No placeholders: a `&'static str`.
    Text(String),
    /// Placeholders: `format!(format, binding = binding, ...)`.
    Template(Template),
    /// The value's `Display` text; the span is the `display` switch's.
    Display(Span),
}

#[derive(Debug)]
pub struct Template {
    /// The literal with each placeholder's argument replaced by the field's binding.
    pub format: LitStr,
    /// The fields used, by index, with the formatting trait each needs.
    pub uses: Vec<FieldUse>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldUse {
    pub field: usize,
    pub debug: bool,
}

/// A field as a template may name it: `name` or, for tuple fields, `0`.
pub struct TemplateField<'a> {
    pub name: String,
    pub binding: &'a Ident,
}

/// Parses `literal`, resolving each placeholder to one of `fields`.
pub fn parse_message(
    literal: &LitStr,
    fields: &[TemplateField<'_>],
) -> Result<Message, darling::Error> {
    let text = literal.value();
    let mut rewritten = String::with_capacity(text.len() + 16);
    let mut plain = String::with_capacity(text.len());
    let mut uses: Vec<FieldUse> = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find(['{', '}']) {
        let (before, from) = rest.split_at(at);
        rewritten.push_str(before);
        plain.push_str(before);
        if from.starts_with("{{") || from.starts_with("}}") {
            rewritten.push_str(&from[..2]);
            plain.push_str(&from[..1]);
            rest = &from[2..];
            continue;
        }
        if from.starts_with('}') {
            return Err(error(
                literal,
                "unmatched `}` in `msg`: write `}}` for a literal brace",
            ));
        }
        let Some(close) = from.find('}') else {
            return Err(error(
                literal,
                "unclosed `{` in `msg`: write `{{` for a literal brace",
            ));
        };
        let inner = &from[1..close];
        let (argument, spec) = match inner.find(':') {
            Some(colon) => (&inner[..colon], &inner[colon..]),
            None => (inner, ""),
        };
        let argument = argument.trim();
        if argument.is_empty() {
            return Err(error(
                literal,
                "`{}` in `msg` names no field: name it, `{field}` (or `{0}` for a tuple variant)",
            ));
        }
        let Some(index) = fields.iter().position(|field| field.name == argument) else {
            let names = fields.iter().map(|field| field.name.as_str());
            let hint = match did_you_mean(argument, names) {
                Some(close) => format!("; did you mean `{{{close}}}`?"),
                None if fields.is_empty() => "; this variant has no fields".to_owned(),
                None => format!(
                    "; the fields are: {}",
                    fields
                        .iter()
                        .map(|field| format!("`{}`", field.name))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return Err(error(
                literal,
                &format!("`{{{argument}}}` in `msg` names no field{hint}"),
            ));
        };
        let field_use = FieldUse {
            field: index,
            debug: spec.trim_end().ends_with('?'),
        };
        if !uses.contains(&field_use) {
            uses.push(field_use);
        }
        rewritten.push('{');
        rewritten.push_str(&fields[index].binding.to_string());
        rewritten.push_str(spec);
        rewritten.push('}');
        rest = &from[close + 1..];
    }
    rewritten.push_str(rest);
    plain.push_str(rest);
    if uses.is_empty() {
        return Ok(Message::Text(plain));
    }
    Ok(Message::Template(Template {
        format: LitStr::new(&rewritten, literal.span()),
        uses,
    }))
}

fn error(literal: &LitStr, message: &str) -> darling::Error {
    darling::Error::custom(message).with_span(&literal.span())
}
