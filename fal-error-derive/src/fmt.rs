//! `msg = "..."`: a format string over the variant's fields, checked and rewritten so
//! that each placeholder (and each `name$` width or precision) names the field's binding
//! in the generated `match` arm.

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::case::did_you_mean;

/// A message as the generated code produces it.
pub enum Message {
    /// No placeholders: a `&'static str`.
    Text(String),
    /// Placeholders: `format!(format, binding = binding, ...)`.
    Template(Template),
    /// The value's `Display` text; the span is the `display` switch's.
    Display(Span),
}

pub struct Template {
    /// The literal with each field reference replaced by the field's binding.
    pub format: LitStr,
    /// The template as written, for the catalog.
    pub original: String,
    /// Each use of a field, with what it needs of the field's type.
    pub uses: Vec<FieldUse>,
}

impl Template {
    /// The fields the format string names, each once, in order of first use.
    pub fn arguments(&self) -> Vec<usize> {
        let mut fields: Vec<usize> = Vec::new();
        for field_use in &self.uses {
            if !fields.contains(&field_use.field) {
                fields.push(field_use.field);
            }
        }
        fields
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldUse {
    pub field: usize,
    pub usage: Usage,
}

/// What a placeholder needs of a field's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Usage {
    /// `{name}`: `Display`.
    Display,
    /// `{name:?}`: `Debug`.
    Debug,
    /// `{x:width$}`: a `usize`, which `format!` checks itself.
    Count,
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
) -> Result<Message, crate::error::Error> {
    let text = literal.value();
    let mut rewritten = String::with_capacity(text.len() + 16);
    let mut plain = String::with_capacity(text.len());
    let mut uses: Vec<FieldUse> = Vec::new();
    let mut rest = text.as_str();
    while let Some(at) = brace(rest) {
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
        let field = resolve(literal, fields, argument, &format!("{{{argument}}}"))?;
        let usage = if spec.trim_end().ends_with('?') {
            Usage::Debug
        } else {
            Usage::Display
        };
        push_use(&mut uses, FieldUse { field, usage });
        rewritten.push('{');
        rewritten.push_str(&fields[field].binding.to_string());
        rewrite_spec(literal, fields, spec, &mut rewritten, &mut uses)?;
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
        original: text,
        uses,
    }))
}

/// Copies a format spec (`:>8.prec$?`), turning each `name$` or `0$` into a binding.
fn rewrite_spec(
    literal: &LitStr,
    fields: &[TemplateField<'_>],
    spec: &str,
    rewritten: &mut String,
    uses: &mut Vec<FieldUse>,
) -> Result<(), crate::error::Error> {
    if spec.contains(".*") {
        return Err(error(
            literal,
            "`.*` takes its precision from a positional argument, which `msg` does not have: name a field instead, `{value:.precision$}`",
        ));
    }
    let mut rest = spec;
    while let Some(dollar) = rest.find('$') {
        let before = &rest[..dollar];
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |(position, c)| position + c.len_utf8());
        rewritten.push_str(&before[..start]);
        let argument = &before[start..];
        let field = resolve(literal, fields, argument, &format!("{argument}$"))?;
        push_use(
            uses,
            FieldUse {
                field,
                usage: Usage::Count,
            },
        );
        rewritten.push_str(&fields[field].binding.to_string());
        rewritten.push('$');
        rest = &rest[dollar + 1..];
    }
    rewritten.push_str(rest);
    Ok(())
}

fn push_use(uses: &mut Vec<FieldUse>, field_use: FieldUse) {
    if !uses.contains(&field_use) {
        uses.push(field_use);
    }
}

/// The index of the field `argument` names; `written` is how the template wrote it.
fn resolve(
    literal: &LitStr,
    fields: &[TemplateField<'_>],
    argument: &str,
    written: &str,
) -> Result<usize, crate::error::Error> {
    if let Some(index) = fields.iter().position(|field| field.name == argument) {
        return Ok(index);
    }
    let names = fields.iter().map(|field| field.name.as_str());
    let hint = match did_you_mean(argument, names) {
        Some(close) => format!("; did you mean `{}`?", written.replacen(argument, close, 1)),
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
    Err(error(
        literal,
        &format!("`{written}` in `msg` names no field{hint}"),
    ))
}

fn error(literal: &LitStr, message: &str) -> crate::error::Error {
    crate::error::Error::custom(message).with_span(&literal.span())
}

/// Where the first `{` or `}` of `text` is. (The derive runs unoptimized in a user's
/// build, where a byte loop is several times cheaper than `str::find` with a set of
/// characters.)
fn brace(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'{' || bytes[index] == b'}' {
            return Some(index);
        }
        index += 1;
    }
    None
}
