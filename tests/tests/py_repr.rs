//! A `one_of` message prints each allowed value as Python's `repr` does: checked against
//! `repr()` of Python 3.11 itself (`tests/fixtures/py-repr/repr.json`, written by the
//! `generate.py` beside it), strings around every boundary of Unicode's unprintable ranges
//! and a random sample of the whole code space.

use fal_error::{Choices, FalError, ModelError};

const PAIRS: &str = include_str!("../fixtures/py-repr/repr.json");

#[test]
fn strings_are_written_as_python_writes_their_repr() {
    let pairs: Vec<(String, String)> = serde_json::from_str(PAIRS).expect("the fixture reads");
    assert!(pairs.len() > 1_000, "{} pairs", pairs.len());
    let wrong: Vec<String> = pairs
        .iter()
        .filter_map(|(text, python)| {
            let ours = Choices::from([text.as_str()]).to_string();
            (&ours != python).then(|| format!("{text:?}: python {python}, ours {ours}"))
        })
        .collect();
    assert!(
        wrong.is_empty(),
        "{} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_one_of_message_escapes_what_python_escapes() {
    let error = ModelError::one_of(["a\u{200b}b", "\u{378}", "\u{e000}", "é\u{3000}"]);
    assert_eq!(
        error.msg(),
        r"Input should be 'a\u200bb', '\u0378', '\ue000' or 'é\u3000'"
    );
}
