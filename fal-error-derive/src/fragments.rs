//! The constant JSON of a variant's detail item (`loc`, `msg`, `type` and `url`),
//! escaped here as serde_json escapes strings, so that the runtime copies it into each
//! response as it is.

use std::fmt::Write;

use crate::ast::{LocLit, LocSource, Own};
use crate::fmt::Message;

/// The runtime's `Fragments` of a variant: each part that is constant, as JSON.
pub struct Fragments {
    /// The `loc` array; empty when a field holds the loc.
    pub loc: String,
    /// The `msg` string; empty when it is built from the value.
    pub msg: String,
    /// `"type":..,"url":..`.
    pub type_url: String,
}

/// The constant JSON of `own`'s detail item.
pub fn fragments(own: &Own) -> Fragments {
    let loc = match &own.loc {
        LocSource::Static(items) if !items.is_empty() => {
            let items: Vec<String> = items
                .iter()
                .map(|item| match item {
                    LocLit::Key(key) => string(key),
                    LocLit::Index(index) => index.to_string(),
                })
                .collect();
            format!("[{}]", items.join(","))
        }
        LocSource::Static(_) | LocSource::Default => r#"["body"]"#.to_owned(),
        LocSource::Field(_) => String::new(),
    };
    let msg = match &own.msg {
        Message::Text(text) => string(text),
        Message::Template(_) | Message::Display(_) => String::new(),
    };
    let type_url = format!(
        "\"type\":{},\"url\":{}",
        string(&own.error_type),
        string(&own.url)
    );
    Fragments { loc, msg, type_url }
}

/// `text` as a JSON string, escaped as serde_json escapes: `\"`, `\\`, the short forms
/// `\b \t \n \f \r`, `\u00xx` for the other control characters, nothing else.
fn string(text: &str) -> String {
    let mut json = String::with_capacity(text.len() + 2);
    json.push('"');
    for character in text.chars() {
        match character {
            '"' => json.push_str("\\\""),
            '\\' => json.push_str("\\\\"),
            '\u{8}' => json.push_str("\\b"),
            '\t' => json.push_str("\\t"),
            '\n' => json.push_str("\\n"),
            '\u{c}' => json.push_str("\\f"),
            '\r' => json.push_str("\\r"),
            control if control < ' ' => {
                let _ = write!(json, "\\u{:04x}", u32::from(control));
            }
            other => json.push(other),
        }
    }
    json.push('"');
    json
}
