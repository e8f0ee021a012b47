//! A checked value whose text is not kept as written, rewritten so that serde_json reads
//! it as this crate's reader does: no whitespace between tokens, a string holding a lone
//! surrogate with `U+FFFD` in its place, a number beyond `f64` as a string of its text.
//! Every other string and number is copied as written.

use super::scan::{Scanner, Syntax};
use crate::raw_json::RawJson;

/// `text`, one value that [`Scanner::skip`] accepted, rewritten.
pub(super) fn rewrite(text: &str) -> Result<RawJson, Syntax> {
    let mut scanner = Scanner::new(text);
    let mut out = String::with_capacity(text.len());
    write_value(&mut scanner, &mut out)?;
    Ok(RawJson::checked(out.into_boxed_str()))
}

fn write_value(scanner: &mut Scanner<'_>, out: &mut String) -> Result<(), Syntax> {
    match scanner.peek().ok_or(Syntax)? {
        b'{' => {
            scanner.object()?;
            out.push('{');
            let mut first = true;
            while let Some(key) = scanner.next_key_text(&mut first)? {
                comma(out, b'{');
                write_string(key, out)?;
                out.push(':');
                write_value(scanner, out)?;
            }
            out.push('}');
        }
        b'[' => {
            scanner.array()?;
            out.push('[');
            let mut first = true;
            while scanner.next_element(&mut first)? {
                comma(out, b'[');
                write_value(scanner, out)?;
            }
            out.push(']');
        }
        b'"' => write_string(scanner.string_text()?, out)?,
        word @ (b't' | b'f' | b'n') => {
            scanner.skip()?;
            out.push_str(match word {
                b't' => "true",
                b'f' => "false",
                _ => "null",
            });
        }
        _ => match scanner.number_text()? {
            (text, false) => out.push_str(text),
            (text, true) => {
                out.push('"');
                out.push_str(text);
                out.push('"');
            }
        },
    }
    Ok(())
}

/// A `,` before every element but the first of the container that `open` began.
fn comma(out: &mut String, open: u8) {
    if out.as_bytes().last() != Some(&open) {
        out.push(',');
    }
}

/// A string as [`Scanner::string_text`] read it: as written, or decoded and escaped
/// again when it holds a lone surrogate.
fn write_string((text, lone): (&str, bool), out: &mut String) -> Result<(), Syntax> {
    if !lone {
        out.push_str(text);
        return Ok(());
    }
    let decoded = Scanner::new(text).string()?;
    out.push_str(&serde_json::to_string(&*decoded).map_err(|_| Syntax)?);
    Ok(())
}
