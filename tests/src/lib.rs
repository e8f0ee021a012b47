//! Helpers shared by the integration tests: reading the spec's fixtures and comparing
//! them with what the crates write.

use std::path::PathBuf;

use fal_error::ErrorResponse;

/// The headers of a response as text pairs, in the order they are sent.
pub fn header_pairs(headers: &http::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().expect("a text header value");
            (name.to_string(), value.to_owned())
        })
        .collect()
}

/// A response as a client sees it: the status, the headers sorted by name, the body.
pub fn wire_parts(response: &ErrorResponse) -> (u16, Vec<(String, String)>, String) {
    let mut headers = header_pairs(response.headers());
    headers.sort();
    (
        response.status().as_u16(),
        headers,
        response.body().to_owned(),
    )
}

/// The text of a fixture under `tests/fixtures/`.
pub fn fixture(relative: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(relative);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()))
}

/// `json` with every whitespace character outside strings removed: the spec pages
/// pretty-print, serde_json writes compact, and everything else (key order, number
/// forms such as `1.0`, escapes) must already match byte for byte.
pub fn minify_json(json: &str) -> String {
    let mut minified = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            minified.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            minified.push(c);
        } else if !c.is_whitespace() {
            minified.push(c);
        }
    }
    minified
}

#[cfg(test)]
mod tests {
    use super::minify_json;

    #[test]
    fn minify_keeps_strings_and_drops_layout() {
        assert_eq!(
            minify_json("[\n  { \"a b\": \"x \\\" y\",\n    \"n\": 1.0 }\n]\n"),
            r#"[{"a b":"x \" y","n":1.0}]"#
        );
    }
}
