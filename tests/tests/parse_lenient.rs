//! Where a browser's `JSON.parse` would read a body, so does `ReceivedError::parse`: a
//! UTF-8 BOM, a number beyond `f64`, a lone surrogate, and one malformed item among good
//! ones lose nothing else.

use fal_error::{
    ErrorDetail, ItemProblem, Loc, RawJson, ReceivedError, SkippedItem, UnparsedReason,
};
use http::{HeaderMap, StatusCode};
use serde_json::json;

fn read(body: &[u8]) -> ReceivedError {
    ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body)
        .unwrap_or_else(|unparsed| panic!("{unparsed}: {}", String::from_utf8_lossy(body)))
}

fn item(loc: Loc, msg: &str, error_type: &str) -> ErrorDetail {
    ErrorDetail {
        loc,
        msg: msg.to_owned(),
        error_type: error_type.to_owned(),
        url: None,
        ctx: None,
        input: None,
    }
}

#[test]
fn a_utf8_bom_is_skipped() {
    let error = read(b"\xEF\xBB\xBF{\"detail\":[{\"loc\":[\"body\",\"w\"],\"msg\":\"Bad\",\"type\":\"value_error\"}]}");
    assert_eq!(
        error.details(),
        [item(Loc::field("w"), "Bad", "value_error")]
    );
    let unparsed = ReceivedError::parse(
        StatusCode::BAD_GATEWAY,
        &HeaderMap::new(),
        b"\xEF\xBB\xBF \n",
    )
    .unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::Empty);
    assert_eq!(unparsed.raw(), "\u{FEFF} \n");
}

#[test]
fn a_number_beyond_f64_in_ctx_or_input_keeps_the_body() {
    let body = br#"{"detail":[
        {"loc":["body","steps"],"msg":"Too big","type":"less_than","ctx":{"lt":1e400,"n":2},"input":[-1e999,3]},
        {"loc":["body","seed"],"msg":"Bad","type":"value_error"}
    ]}"#;
    let error = read(body);
    let mut first = item(Loc::field("steps"), "Too big", "less_than");
    first.ctx = Some(RawJson::from(json!({"lt": "1e400", "n": 2})));
    first.input = Some(RawJson::from(json!(["-1e999", 3])));
    assert_eq!(
        error.details(),
        [first, item(Loc::field("seed"), "Bad", "value_error")]
    );
    assert!(error.skipped_items().is_empty());
}

#[test]
fn a_lone_surrogate_reads_as_the_replacement_character() {
    let body = br#"{"detail":[{"loc":["body","prompt"],"msg":"Bad \ud83d\ude00","type":"value_error","ctx":{"\udc00k":"a\ud800"},"input":"\ud800\ud800\udc00x\udfff"}]}"#;
    let error = read(body);
    let mut expected = item(Loc::field("prompt"), "Bad \u{1F600}", "value_error");
    expected.ctx = Some(RawJson::from(json!({"\u{FFFD}k": "a\u{FFFD}"})));
    expected.input = Some(RawJson::from(json!("\u{FFFD}\u{10000}x\u{FFFD}")));
    assert_eq!(error.details(), [expected]);
}

#[test]
fn one_malformed_item_is_set_aside_with_its_index() {
    let body = br#"{"detail":[
        {"loc":["body","a"],"msg":"A","type":"value_error"},
        {"loc":["body",-1],"msg":"B","type":"value_error"},
        "not an item",
        {"loc":["body","d"],"msg":"D","type":"value_error","ctx":{"x":1}},
        {"loc":["body"],"type":"value_error"},
        {"loc":["body"],"msg":"F","msg":"F","type":"value_error"},
        {"loc":["body"],"msg":"G","type":"value_error","url":5},
        {"loc":["body"],"msg":"H","type":"value_error","ctx":[1]}
    ]}"#;
    let error = read(body);
    let mut fourth = item(Loc::field("d"), "D", "value_error");
    fourth.ctx = Some(RawJson::from(json!({"x": 1})));
    assert_eq!(
        error.details(),
        [item(Loc::field("a"), "A", "value_error"), fourth]
    );
    let skipped = |index, problem| SkippedItem { index, problem };
    assert_eq!(
        error.skipped_items(),
        [
            skipped(1, ItemProblem::Invalid("loc")),
            skipped(2, ItemProblem::NotAnObject),
            skipped(4, ItemProblem::Missing("msg")),
            skipped(5, ItemProblem::Duplicate("msg")),
            skipped(6, ItemProblem::Invalid("url")),
            skipped(7, ItemProblem::Invalid("ctx")),
        ]
    );
    assert_eq!(
        error.skipped_items()[2].to_string(),
        "`detail` item 4: `msg` is missing"
    );
}

#[test]
fn a_syntax_error_anywhere_still_loses_the_body() {
    for body in [
        &br#"{"detail":[{"loc":["body"],"msg":"m","type":"t"}],}"#[..],
        br#"{"detail":[{"loc":["body"],"msg":"m","type":"t"}]} x"#,
        br#"{"detail":[{"loc":["body"],"msg":"m\x","type":"t"}]}"#,
        br#"{"detail":[{"loc":["body"],"msg":"m","type":"t","input":01}]}"#,
        b"{\"detail\":\"tab\tinside\"}",
    ] {
        let unparsed =
            ReceivedError::parse(StatusCode::BAD_REQUEST, &HeaderMap::new(), body).unwrap_err();
        assert_eq!(
            unparsed.reason(),
            UnparsedReason::NotJson,
            "{}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn nesting_deeper_than_serde_json_accepts_is_not_json() {
    let deep = |depth: usize| {
        format!(
            r#"{{"detail":[{{"loc":["body"],"msg":"m","type":"t","input":{}{}}}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    assert!(
        ReceivedError::parse(
            StatusCode::BAD_REQUEST,
            &HeaderMap::new(),
            deep(124).as_bytes()
        )
        .is_ok()
    );
    let too_deep = deep(200);
    assert!(serde_json::from_str::<serde_json::Value>(&too_deep).is_err());
    let unparsed = ReceivedError::parse(
        StatusCode::BAD_REQUEST,
        &HeaderMap::new(),
        too_deep.as_bytes(),
    )
    .unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::NotJson);
}
