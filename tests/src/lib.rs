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

/// A response of fal's own Python SDK, written by `tests/fixtures/fal-sdk/generate.py`.
pub struct SdkResponse {
    /// The case, the fixture's file name.
    pub case: String,
    /// The HTTP status.
    pub status: http::StatusCode,
    /// The headers, in the order sent.
    pub headers: http::HeaderMap,
    /// The body bytes.
    pub body: String,
}

/// Every fixture of `tests/fixtures/fal-sdk/`, sorted by case.
pub fn fal_sdk_responses() -> Vec<SdkResponse> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/fal-sdk");
    let mut all: Vec<SdkResponse> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .map(|path| {
            let case = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .expect("a UTF-8 name");
            let fixture: serde_json::Value =
                serde_json::from_str(&fixture(&format!("fal-sdk/{case}.json"))).expect("JSON");
            let mut headers = http::HeaderMap::new();
            for pair in fixture["headers"].as_array().expect("a header list") {
                let name = pair[0].as_str().expect("a header name");
                let value = pair[1].as_str().expect("a header value");
                headers.append(
                    http::HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
                    value.parse().expect("a header value"),
                );
            }
            SdkResponse {
                case: case.to_owned(),
                status: http::StatusCode::from_u16(
                    fixture["status"].as_u64().expect("a status") as u16
                )
                .expect("a status"),
                headers,
                body: fixture["body"].as_str().expect("a body").to_owned(),
            }
        })
        .collect();
    all.sort_by(|a, b| a.case.cmp(&b.case));
    all
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
