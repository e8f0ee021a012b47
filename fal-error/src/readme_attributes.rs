//! The README's attribute table is the one on the derive's page (the docs of
//! `fal-error-derive`'s `FalError`), row for row.

use std::ops::Range;

const README: &str = include_str!("../../README.md");
const DERIVE: &str = include_str!("../../fal-error-derive/src/lib.rs");

/// The first table after `heading` in `text`, its lines read without `prefix`: where
/// its rows are in `text`, and the rows.
fn table<'a>(text: &'a str, heading: &str, prefix: &str) -> (Range<usize>, Vec<&'a str>) {
    let mut at = text
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` heading"));
    let mut rows = Vec::new();
    let mut start = None;
    let mut end = at;
    for line in text[at..].split_inclusive('\n') {
        let row = line.strip_prefix(prefix).map(str::trim_end);
        match row {
            Some(row) if row.starts_with('|') => {
                start.get_or_insert(at);
                rows.push(row);
                end = at + line.len();
            }
            _ if start.is_some() => break,
            _ => {}
        }
        at += line.len();
    }
    let start = start.unwrap_or_else(|| panic!("no table after `{heading}`"));
    (start..end, rows)
}

#[test]
fn readme_lists_the_attributes_of_the_derive_page() {
    let (_, documented) = table(DERIVE, "/// # Attributes\n", "/// ");
    let (rows, listed) = table(README, "## Attributes\n", "");
    assert!(
        documented.len() > 10,
        "the derive's attribute table has {} rows",
        documented.len()
    );
    if listed != documented && std::env::var_os("FAL_ERROR_BLESS").is_some() {
        let blessed = format!(
            "{}{}\n{}",
            &README[..rows.start],
            documented.join("\n"),
            &README[rows.end..]
        );
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        std::fs::write(path, blessed).expect("README.md is writable");
        return;
    }
    assert_eq!(
        listed, documented,
        "README.md's attribute table differs from the derive's page (fal-error-derive/src/lib.rs): rerun with FAL_ERROR_BLESS=1 to rewrite it",
    );
}
