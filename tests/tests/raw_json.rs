//! A received item's `ctx` and `input` are kept as their JSON text: as written when it is
//! compact, else rewritten compact and readable by serde_json; written back unchanged.

use fal_error::{ErrorDetail, RawJson, ReceivedError};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

fn item_of(ctx: &str, input: &str) -> ErrorDetail {
    let body = format!(
        r#"{{"detail":[{{"loc":["body"],"msg":"m","type":"t","ctx":{ctx},"input":{input}}}]}}"#
    );
    let error = ReceivedError::parse(
        StatusCode::UNPROCESSABLE_ENTITY,
        &HeaderMap::new(),
        body.as_bytes(),
    )
    .unwrap_or_else(|unparsed| panic!("{unparsed}: {body}"));
    error.details()[0].clone()
}

#[test]
fn compact_text_is_kept_as_written_and_written_back_unchanged() {
    let ctx = r#"{"lt":1.50,"e":1E2,"z":-0,"s":"\u0041\/\n","dup":1,"dup":2}"#;
    let input = r#"[18446744073709551615,-9223372036854775808,0.1,{"b":[],"a":{}}]"#;
    let item = item_of(ctx, input);
    assert_eq!(item.ctx.as_ref().unwrap().get(), ctx);
    assert_eq!(item.input.as_ref().unwrap().get(), input);
    assert_eq!(
        serde_json::to_string(&item).unwrap(),
        format!(
            r#"{{"loc":["body"],"msg":"m","type":"t","url":"https://docs.fal.ai/errors/#t","ctx":{ctx},"input":{input}}}"#
        )
    );
    assert_eq!(
        item.ctx.unwrap().to_value(),
        json!({"lt": 1.5, "e": 100.0, "z": -0.0, "s": "A/\n", "dup": 2})
    );
}

#[test]
fn whitespace_between_tokens_is_dropped() {
    let item = item_of(
        "{ \"a\" : [ 1 , [ ] , { } , { \"b\" : null } ] ,\n\t\"c\" : \"x y\" }",
        "[ [ [ true ] , false ] ,\r\n[ ] ]",
    );
    assert_eq!(
        item.ctx.unwrap().get(),
        r#"{"a":[1,[],{},{"b":null}],"c":"x y"}"#
    );
    assert_eq!(item.input.unwrap().get(), "[[[true],false],[]]");
    assert_eq!(item_of("{ }", "1").ctx, None);
}

#[test]
fn what_serde_json_refuses_is_rewritten_so_that_it_reads_it() {
    let item = item_of(
        r#"{"lt":1e400,"s":"ok \u0041","k\udc00":["\ud83d\ude00 \ud800",-9e999]}"#,
        r#""a\"b \ud800""#,
    );
    let ctx = item.ctx.unwrap();
    assert_eq!(
        ctx.get(),
        r#"{"lt":"1e400","s":"ok \u0041","k�":["😀 �","-9e999"]}"#
    );
    assert_eq!(
        serde_json::from_str::<Value>(ctx.get()).unwrap(),
        ctx.to_value()
    );
    assert_eq!(item.input.unwrap().get(), r#""a\"b �""#);
}

#[test]
fn equality_is_of_the_text_and_comparing_with_a_value_is_as_json() {
    let spaced = RawJson::from_json(r#"{"b": 2, "a": 1}"#).unwrap();
    let sorted = RawJson::from(json!({"a": 1, "b": 2}));
    assert_eq!(spaced.get(), r#"{"b":2,"a":1}"#);
    assert_ne!(spaced, sorted);
    assert_eq!(spaced.to_value(), sorted.to_value());
    assert!(spaced == json!({"a": 1, "b": 2}));
    assert_eq!(
        format!("{spaced:?} {spaced}"),
        r#"RawJson("{\"b\":2,\"a\":1}") {"b":2,"a":1}"#
    );
}

#[test]
fn text_that_is_not_one_value_is_refused_with_serde_jsons_reason() {
    for text in ["", "[1,]", "1 2", "{\"a\"}", "\"\\x\"", "01"] {
        let error = RawJson::from_json(text).unwrap_err();
        let expected = serde_json::from_str::<serde::de::IgnoredAny>(text).unwrap_err();
        assert_eq!(error.to_string(), expected.to_string(), "{text:?}");
    }
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert!(RawJson::from_json(&deep).is_err());
    assert!(RawJson::from_json(&format!("{}{}", "[".repeat(128), "]".repeat(128))).is_ok());
}

#[test]
fn built_details_take_values_and_read_them_typed() {
    let item = ErrorDetail::new("one_of", "Input should be 2 or 4")
        .with_ctx(json!({"expected": [2, 4]}).as_object().unwrap().clone())
        .with_input(json!(3));
    let expected: Vec<u32> = item.ctx.as_ref().unwrap().to_value()["expected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|value| value.as_u64().unwrap() as u32)
        .collect();
    assert_eq!(expected, [2, 4]);
    assert_eq!(item.input.as_ref().unwrap().parse::<u8>().unwrap(), 3);
    let read_back: ErrorDetail =
        serde_json::from_str(&serde_json::to_string(&item).unwrap()).unwrap();
    assert_eq!(
        read_back,
        ErrorDetail {
            url: read_back.url.clone(),
            ..item
        }
    );
}
