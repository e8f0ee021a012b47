//! JSON-safe everywhere: a non-finite float in `ctx` is written as the same string the
//! input echo gives it, at any depth and by every route (the body, `FalError::ctx`,
//! `ErrorDetail`); a `loc` field name built at run time (a request's map key) longer
//! than the echo string cap is cut as echoed strings are.

use fal_error::{EchoLimits, ErrorDetail, ErrorResponse, FalError, Loc, ModelError};
use serde::Serialize;

#[derive(Debug, Serialize)]
struct Scale {
    factor: f64,
    limit: Option<f32>,
}

#[derive(Debug, FalError)]
enum Bounds {
    #[fal(msg = "Out of range")]
    OutOfRange {
        #[fal(ctx)]
        low: f64,
        #[fal(ctx)]
        high: f32,
        #[fal(ctx)]
        seen: Vec<f64>,
        #[fal(ctx)]
        scale: Scale,
        #[fal(ctx)]
        finite: f64,
        #[fal(input)]
        given: f64,
    },
}

fn out_of_range() -> Bounds {
    Bounds::OutOfRange {
        low: f64::NEG_INFINITY,
        high: f32::INFINITY,
        seen: vec![1.5, f64::NAN],
        scale: Scale {
            factor: f64::NAN,
            limit: Some(f32::NEG_INFINITY),
        },
        finite: 0.25,
        given: f64::NAN,
    }
}

#[test]
fn non_finite_ctx_floats_are_written_as_the_input_writes_them() {
    assert_eq!(
        out_of_range().to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Out of range","type":"out_of_range","url":"https://docs.fal.ai/errors/#out_of_range","ctx":{"low":"-inf","high":"inf","seen":[1.5,"nan"],"scale":{"factor":"nan","limit":"-inf"},"finite":0.25},"input":"nan"}]}"#
    );
}

#[test]
fn every_route_to_ctx_agrees() {
    let ctx = out_of_range().ctx().map(serde_json::Value::Object);
    // A `serde_json::Map` keeps its keys sorted.
    assert_eq!(
        serde_json::to_string(&ctx).unwrap(),
        r#"{"finite":0.25,"high":"inf","low":"-inf","scale":{"factor":"nan","limit":"-inf"},"seen":[1.5,"nan"]}"#
    );
    assert_eq!(
        serde_json::to_string(&ErrorDetail::from_error(&out_of_range())).unwrap(),
        r#"{"loc":["body"],"msg":"Out of range","type":"out_of_range","url":"https://docs.fal.ai/errors/#out_of_range","ctx":{"finite":0.25,"high":"inf","low":"-inf","scale":{"factor":"nan","limit":"-inf"},"seen":[1.5,"nan"]},"input":"nan"}"#
    );
    let built_in = ModelError::LessThan {
        lt: f64::INFINITY.into(),
    };
    assert_eq!(
        built_in.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Input should be less than inf","type":"less_than","url":"https://docs.fal.ai/errors/#less_than","ctx":{"lt":"inf"}}]}"#
    );
}

fn huge_key_body(limits: &EchoLimits) -> String {
    let key = "k".repeat(1 << 20);
    let error = ModelError::NoMediaGenerated.at_loc(Loc::body().key(key).index(3));
    ErrorResponse::from_error_with(&error, limits)
        .body()
        .to_owned()
}

#[test]
fn a_loc_key_longer_than_the_string_cap_is_cut_like_an_echoed_string() {
    let expected = format!(
        r#"{{"detail":[{{"loc":["body","{}...<truncated, 1048576 bytes>",3],"msg":"The model did not generate the expected output for this prompt.","type":"no_media_generated","url":"https://docs.fal.ai/errors/#no_media_generated"}}]}}"#,
        "k".repeat(4096)
    );
    assert_eq!(huge_key_body(&EchoLimits::DEFAULT), expected);

    let small = EchoLimits {
        max_string_bytes: 5,
        ..EchoLimits::DEFAULT
    };
    assert_eq!(
        huge_key_body(&small),
        r#"{"detail":[{"loc":["body","kkkkk...<truncated, 1048576 bytes>",3],"msg":"The model did not generate the expected output for this prompt.","type":"no_media_generated","url":"https://docs.fal.ai/errors/#no_media_generated"}]}"#
    );
}

#[test]
fn a_cut_loc_key_never_splits_a_character() {
    let error = ModelError::NoMediaGenerated.at(String::from("€€"));
    let limits = EchoLimits {
        max_string_bytes: 4,
        ..EchoLimits::DEFAULT
    };
    assert_eq!(
        ErrorResponse::from_error_with(&error, &limits).body(),
        r#"{"detail":[{"loc":["body","€...<truncated, 6 bytes>"],"msg":"The model did not generate the expected output for this prompt.","type":"no_media_generated","url":"https://docs.fal.ai/errors/#no_media_generated"}]}"#
    );
}

#[test]
fn a_loc_key_written_in_the_code_is_never_cut() {
    let error = ModelError::NoMediaGenerated.at("image_url");
    let limits = EchoLimits {
        max_string_bytes: 3,
        ..EchoLimits::DEFAULT
    };
    assert_eq!(
        ErrorResponse::from_error_with(&error, &limits).body(),
        r#"{"detail":[{"loc":["body","image_url"],"msg":"The model did not generate the expected output for this prompt.","type":"no_media_generated","url":"https://docs.fal.ai/errors/#no_media_generated"}]}"#
    );
}

#[test]
fn an_owned_detail_cuts_its_loc_too() {
    let mut detail = ErrorDetail::new("value_error", "bad");
    detail.loc = Loc::body().key("x".repeat(5000));
    let written = serde_json::to_string(&detail).unwrap();
    assert_eq!(
        written,
        format!(
            r#"{{"loc":["body","{}...<truncated, 5000 bytes>"],"msg":"bad","type":"value_error","url":"https://docs.fal.ai/errors/#value_error"}}"#,
            "x".repeat(4096)
        )
    );
}
