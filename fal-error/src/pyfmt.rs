//! Values displayed the way pydantic displays them: Python reprs and float names.
//!
//! fal's validation error messages copy pydantic's wording, which embeds
//! numeric bounds (`Input should be less than or equal to 1`) and Python
//! reprs of allowed values (`Input should be 'EulerA' or 'DPM++'`). This
//! module produces those fragments from Rust values. The characters a string's repr
//! escapes are those Python 3.11's `str.isprintable()` refuses, from Unicode 14.0.0's
//! tables (`pyfmt/printable.rs`, written by `tests/fixtures/py-repr/generate.py`).

mod printable;

use std::cmp::Ordering;
use std::fmt::Write;

use serde_json::Value;

/// Python's `str()` of a non-finite float: `nan`, `inf`, `-inf`.
pub(crate) fn non_finite_name(float: f64) -> &'static str {
    if float.is_nan() {
        "nan"
    } else if float.is_sign_negative() {
        "-inf"
    } else {
        "inf"
    }
}

/// Python's `repr` of a JSON value, as pydantic prints it in messages.
#[cfg(test)]
pub(crate) fn py_repr(value: &Value) -> String {
    let mut out = String::new();
    write_repr(&mut out, value);
    out
}

/// Joins Python reprs the way pydantic's `literal_error` does: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
pub(crate) fn py_repr_alternatives(values: &[Value]) -> String {
    let Some((last, init)) = values.split_last() else {
        return String::new();
    };
    let mut out = String::new();
    for (i, value) in init.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_repr(&mut out, value);
    }
    if !init.is_empty() {
        out.push_str(" or ");
    }
    write_repr(&mut out, last);
    out
}

fn write_repr(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("None"),
        Value::Bool(true) => out.push_str("True"),
        Value::Bool(false) => out.push_str("False"),
        Value::Number(n) => write_number_repr(out, n),
        Value::String(s) => write_str_repr(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_repr(out, item);
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_str_repr(out, key);
                out.push_str(": ");
                write_repr(out, item);
            }
            out.push('}');
        }
    }
}

fn write_number_repr(out: &mut String, n: &serde_json::Number) {
    match n.as_f64() {
        Some(float) if n.is_f64() => write_float_repr(out, float),
        _ => out.push_str(&n.to_string()),
    }
}

/// Python's `repr(float)`: the shortest round-tripping digits, in positional
/// notation with at least one fractional digit when the decimal exponent is
/// in `-4..16`, otherwise in exponent notation such as `1e+16` or `2.5e-05`.
fn write_float_repr(out: &mut String, float: f64) {
    if !float.is_finite() {
        out.push_str(non_finite_name(float));
        return;
    }
    let scientific = format!("{float:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        out.push_str(&scientific);
        return;
    };
    let Ok(exponent) = exponent.parse::<i32>() else {
        out.push_str(&scientific);
        return;
    };
    if (-4..16).contains(&exponent) {
        write_positional(out, mantissa, exponent);
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        let _ = write!(out, "{mantissa}e{sign}{:02}", exponent.unsigned_abs());
    }
}

fn write_positional(out: &mut String, mantissa: &str, exponent: i32) {
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(unsigned) => ("-", unsigned),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    out.push_str(sign);
    if exponent < 0 {
        out.push_str("0.");
        for _ in 1..exponent.unsigned_abs() {
            out.push('0');
        }
        out.push_str(&digits);
        return;
    }
    let point = exponent.unsigned_abs() as usize + 1;
    if digits.len() > point {
        out.push_str(&digits[..point]);
        out.push('.');
        out.push_str(&digits[point..]);
    } else {
        out.push_str(&digits);
        for _ in digits.len()..point {
            out.push('0');
        }
        out.push_str(".0");
    }
}

fn write_str_repr(out: &mut String, s: &str) {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => write_escape(out, c),
        }
    }
    out.push(quote);
}

fn write_escape(out: &mut String, c: char) {
    let code = u32::from(c);
    let _ = if code <= 0xff {
        write!(out, "\\x{code:02x}")
    } else if code <= 0xffff {
        write!(out, "\\u{code:04x}")
    } else {
        write!(out, "\\U{code:08x}")
    };
}

/// Python's `str.isprintable()` for one character, from Unicode's own tables.
fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return matches!(c, ' '..='~');
    }
    let code = u32::from(c);
    printable::UNPRINTABLE
        .binary_search_by(|&(start, end)| {
            if end < code {
                Ordering::Less
            } else if start > code {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        })
        .is_err()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{py_repr, py_repr_alternatives};

    fn alternatives(values: Value) -> String {
        match values {
            Value::Array(values) => py_repr_alternatives(&values),
            other => panic!("not an array: {other}"),
        }
    }

    #[test]
    fn repr_of_scalars() {
        let reprs: Vec<String> = [
            json!(null),
            json!(true),
            json!(false),
            json!(-7),
            json!(u64::MAX),
        ]
        .iter()
        .map(py_repr)
        .collect();
        assert_eq!(
            reprs,
            ["None", "True", "False", "-7", "18446744073709551615"]
        );
    }

    #[test]
    fn repr_of_floats_matches_python() {
        let floats = [
            1.0,
            2.5,
            0.1,
            1e16,
            1e15,
            123456789012345.6,
            1e-4,
            1e-5,
            1.5e-7,
            -0.0,
            1e100,
            5e-324,
            f64::MAX,
            0.30000000000000004,
            100.0,
            -2.5e20,
        ];
        let reprs: Vec<String> = floats.iter().map(|&f| py_repr(&json!(f))).collect();
        assert_eq!(
            reprs,
            [
                "1.0",
                "2.5",
                "0.1",
                "1e+16",
                "1000000000000000.0",
                "123456789012345.6",
                "0.0001",
                "1e-05",
                "1.5e-07",
                "-0.0",
                "1e+100",
                "5e-324",
                "1.7976931348623157e+308",
                "0.30000000000000004",
                "100.0",
                "-2.5e+20",
            ],
        );
    }

    #[test]
    fn repr_of_strings_chooses_quotes_like_python() {
        let reprs: Vec<String> = ["plain", "it's", r#"say "hi""#, r#"both ' and ""#, ""]
            .iter()
            .map(|s| py_repr(&json!(s)))
            .collect();
        assert_eq!(
            reprs,
            [
                "'plain'",
                r#""it's""#,
                r#"'say "hi"'"#,
                r#"'both \' and "'"#,
                "''"
            ],
        );
    }

    #[test]
    fn repr_of_strings_escapes_like_python() {
        let s = "a\\b\n\r\t\u{0}\u{1b}\u{7f}\u{85}\u{a0}\u{ad}é日本😀\u{200b}\u{2028}\u{e000}\u{f0000}\u{feff}";
        assert_eq!(
            py_repr(&json!(s)),
            r"'a\\b\n\r\t\x00\x1b\x7f\x85\xa0\xadé日本😀\u200b\u2028\ue000\U000f0000\ufeff'",
        );
    }

    #[test]
    fn repr_of_containers() {
        assert_eq!(py_repr(&json!([1, "a"])), "[1, 'a']");
        assert_eq!(py_repr(&json!({"k": 1})), "{'k': 1}");
        assert_eq!(py_repr(&json!([])), "[]");
        assert_eq!(py_repr(&json!({})), "{}");
        assert_eq!(
            py_repr(&json!([{"it's": [null, 1.0]}, [[]]])),
            r#"[{"it's": [None, 1.0]}, [[]]]"#,
        );
    }

    #[test]
    fn alternatives_like_literal_error() {
        assert_eq!(
            alternatives(json!(["EulerA", "DPM++"])),
            "'EulerA' or 'DPM++'"
        );
        assert_eq!(alternatives(json!(["a", "b", "c"])), "'a', 'b' or 'c'");
        assert_eq!(alternatives(json!(["a"])), "'a'");
        assert_eq!(alternatives(json!(["it's"])), "\"it's\"");
        assert_eq!(
            alternatives(json!([1, 2.5, true, null])),
            "1, 2.5, True or None"
        );
        assert_eq!(
            alternatives(json!([r#"'q' "d""#, "x"])),
            r#"'\'q\' "d"' or 'x'"#,
        );
        assert_eq!(alternatives(json!([])), "");
    }
}
