//! The JSON extractor's core (`json::from_body`, shared by both frameworks) on bodies that
//! serde_json alone answers wrongly: each refusal's exact bytes and headers.

use fal_error::EchoLimits;
use fal_error::json::{self, ContentTypeRefusal, JsonConfig, JsonRejection};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct Request {
    prompt: String,
    #[serde(default)]
    sampler: Option<Sampler>,
    #[serde(default)]
    steps: Option<u32>,
    #[serde(default)]
    image: Option<Image>,
    #[serde(default)]
    letter: Option<char>,
}

#[derive(Debug, Deserialize, PartialEq)]
enum Sampler {
    EulerA,
    #[serde(rename = "DPM++")]
    DpmPlusPlus,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Image {
    url: String,
    width: u32,
}

const JSON: Option<&[u8]> = Some(b"application/json");

fn refuse(body: &str) -> JsonRejection {
    refuse_with(JSON, body, &JsonConfig::new())
}

fn refuse_with(content_type: Option<&[u8]>, body: &str, config: &JsonConfig) -> JsonRejection {
    match json::from_body::<Request>(content_type, body.as_bytes(), config) {
        Ok(request) => panic!("accepted: {request:?}"),
        Err(rejection) => rejection,
    }
}

fn body_of(rejection: &JsonRejection) -> String {
    rejection.to_response().body().to_owned()
}

/// The one detail item of `body`'s refusal, as JSON text.
fn item(body: &str) -> String {
    let body = body_of(&refuse(body));
    let inner = body
        .strip_prefix(r#"{"detail":["#)
        .and_then(|rest| rest.strip_suffix("]}"))
        .expect("a detail body");
    inner.to_owned()
}

#[test]
fn a_refusal_is_not_billed_unless_turned_off() {
    let response = refuse(r#"{"prompt": 1}"#).to_response();
    assert_eq!(response.status(), 422);
    assert_eq!(response.headers()["x-fal-billable-units"], "0");
    assert_eq!(response.headers()["x-fal-retryable"], "false");

    let config = JsonConfig::new().unbilled_refusals(false);
    let response = refuse_with(JSON, r#"{"prompt": 1}"#, &config).to_response();
    assert!(response.headers().get("x-fal-billable-units").is_none());
}

#[test]
fn a_body_not_sent_as_json_is_refused_as_fastapi_does() {
    let config = JsonConfig::new();
    let rejection = refuse_with(Some(b"text/plain"), r#"{"prompt": "a cat"}"#, &config);
    assert_eq!(
        body_of(&rejection),
        r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":"{\"prompt\": \"a cat\"}"}]}"#
    );
    let rejection = refuse_with(None, "", &config);
    assert_eq!(
        body_of(&rejection),
        r#"{"detail":[{"loc":["body"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing","input":null}]}"#
    );
}

#[test]
fn the_415_answer_is_an_option() {
    let config = JsonConfig::new().content_type_refusal(ContentTypeRefusal::UnsupportedMediaType);
    let response = refuse_with(Some(b"text/plain"), "{}", &config).to_response();
    assert_eq!(response.status(), 415);
    assert_eq!(
        response.body(),
        r#"{"detail":[{"loc":["header","content-type"],"msg":"Expected request with `Content-Type: application/json`","type":"content_type_invalid","url":"https://docs.fal.ai/errors/#content_type_invalid","input":"text/plain"}]}"#
    );
}

#[test]
fn a_backquote_in_a_variant_does_not_rewrite_the_choices() {
    assert_eq!(
        item(r#"{"prompt": "p", "sampler": "x`, expected `evil"}"#),
        r#"{"loc":["body","sampler"],"msg":"Input should be 'EulerA' or 'DPM++'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["EulerA","DPM++"]},"input":"x`, expected `evil"}"#
    );
}

#[test]
fn a_backquote_in_an_unknown_key_keeps_the_key_whole() {
    assert_eq!(
        item(r#"{"prompt": "p", "a`b": 1}"#),
        r#"{"loc":["body","a`b"],"msg":"Extra inputs are not permitted","type":"extra_forbidden","url":"https://docs.fal.ai/errors/#extra_forbidden","input":1}"#
    );
}

#[test]
fn an_enum_given_a_number_null_or_list_is_one_of() {
    for (value, input) in [
        ("3", "3"),
        ("null", "null"),
        ("[\"EulerA\"]", "[\"EulerA\"]"),
    ] {
        // `null` for an `Option` is `None`: test the enum itself inside a list.
        let body = format!(r#"{{"prompt": "p", "sampler": {value}}}"#);
        if value == "null" {
            let parsed = json::from_body::<Request>(JSON, body.as_bytes(), &JsonConfig::new());
            assert_eq!(parsed.expect("null is None").sampler, None);
            let refused = json::from_body::<Vec<Sampler>>(JSON, b"[null]", &JsonConfig::new())
                .expect_err("null is not a sampler");
            assert_eq!(
                body_of(&refused),
                r#"{"detail":[{"loc":["body",0],"msg":"Input should be 'EulerA' or 'DPM++'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["EulerA","DPM++"]},"input":null}]}"#
            );
            continue;
        }
        assert_eq!(
            item(&body),
            format!(
                r#"{{"loc":["body","sampler"],"msg":"Input should be 'EulerA' or 'DPM++'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{{"expected":["EulerA","DPM++"]}},"input":{input}}}"#
            )
        );
    }
}

#[test]
fn a_struct_is_never_read_from_a_list_or_a_scalar() {
    assert_eq!(
        item(r#"{"prompt": "p", "image": ["a.png", 64]}"#),
        r#"{"loc":["body","image"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":["a.png",64]}"#
    );
    assert_eq!(
        item(r#"{"prompt": "p", "image": "a.png"}"#),
        r#"{"loc":["body","image"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":"a.png"}"#
    );
    assert_eq!(
        item(r#"["p", null, 3]"#),
        r#"{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":["p",null,3]}"#
    );
}

#[test]
fn an_integer_beyond_64_bits_is_range_checked() {
    assert_eq!(
        item(r#"{"prompt": "p", "steps": 100000000000000000000}"#),
        r#"{"loc":["body","steps"],"msg":"Input should be less than or equal to 4294967295","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":4294967295},"input":100000000000000000000}"#
    );
    assert_eq!(
        item(r#"{"prompt": "p", "steps": -100000000000000000000000000000000000000000}"#),
        r#"{"loc":["body","steps"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":0},"input":-100000000000000000000000000000000000000000}"#
    );
}

#[test]
fn an_echoed_object_keeps_the_order_of_the_body() {
    assert_eq!(
        item(r#"{"prompt": {"zeta": 1, "alpha": [2, 1e2], "mid": {"b": 1, "a": 2}}}"#),
        r#"{"loc":["body","prompt"],"msg":"Input should be a valid string","type":"string_type","url":"https://docs.fal.ai/errors/#string_type","input":{"zeta":1,"alpha":[2,100.0],"mid":{"b":1,"a":2}}}"#
    );
}

#[test]
fn errors_written_again_count_what_the_body_had() {
    let many: Vec<String> = (0..200).map(|i| i.to_string()).collect();
    let list = refuse(&format!(r#"{{"prompt": [{}]}}"#, many.join(",")));
    let text = refuse(&format!(
        r#"{{"prompt": "p", "steps": "{}"}}"#,
        "x".repeat(5000)
    ));
    let tighter = EchoLimits {
        max_items: 3,
        max_string_bytes: 10,
        ..EchoLimits::DEFAULT
    };
    let again = fal_error::ErrorResponse::from_errors_with(
        list.errors().iter().chain(text.errors()),
        &tighter,
    )
    .expect("two errors");
    assert_eq!(
        again.body(),
        r#"{"detail":[{"loc":["body","prompt"],"msg":"Input should be a valid string","type":"string_type","url":"https://docs.fal.ai/errors/#string_type","input":[0,1,2,"<197 more items>"]},{"loc":["body","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"xxxxxxxxxx...<truncated, 5000 bytes>"}]}"#
    );
    let default = fal_error::ErrorResponse::from_errors(list.errors()).expect("one error");
    assert_eq!(default.body(), body_of(&list));
    assert!(
        default
            .body()
            .ends_with(r#"61,62,63,"<136 more items>"]}]}"#),
        "{}",
        default.body()
    );
}

#[test]
fn a_repeated_key_takes_its_last_value() {
    let body = br#"{"prompt": 1, "steps": 2, "prompt": "a cat"}"#;
    let request = json::from_body::<Request>(JSON, body, &JsonConfig::new()).expect("accepted");
    assert_eq!(request.prompt, "a cat");
    assert_eq!(request.steps, Some(2));
    assert_eq!(
        item(r#"{"prompt": "a cat", "steps": 2, "steps": "many"}"#),
        r#"{"loc":["body","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"many"}"#
    );
}

#[test]
fn a_value_error_text_is_capped() {
    let letters = "x".repeat(1024 * 1024);
    let body = body_of(&refuse(&format!(
        r#"{{"prompt": "p", "letter": "{letters}"}}"#
    )));
    assert!(body.len() < 10_000, "{} bytes", body.len());
    assert!(body.starts_with(
        r#"{"detail":[{"loc":["body","letter"],"msg":"Value error, invalid value: string \"xxxx"#
    ));
    assert!(
        body.contains(r#"...<truncated, 1048622 bytes>","type":"value_error""#),
        "{body}"
    );
}

#[test]
fn a_deep_body_is_refused_without_recursion() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let body = body_of(&refuse(&format!(r#"{{"prompt": {deep}}}"#)));
    assert_eq!(
        body,
        r#"{"detail":[{"loc":["body"],"msg":"Invalid JSON: recursion limit exceeded at line 1 column 138","type":"json_invalid","url":"https://docs.fal.ai/errors/#json_invalid","ctx":{"error":"recursion limit exceeded at line 1 column 138"}}]}"#
    );
}

#[test]
fn the_echoed_value_is_copied_within_the_limits() {
    let nested = "[".repeat(100) + &"]".repeat(100);
    let limits = EchoLimits {
        max_depth: 2,
        ..EchoLimits::DEFAULT
    };
    let config = JsonConfig::new().echo_limits(limits);
    let rejection = refuse_with(JSON, &format!(r#"{{"prompt": {nested}}}"#), &config);
    assert_eq!(
        body_of(&rejection),
        r#"{"detail":[{"loc":["body","prompt"],"msg":"Input should be a valid string","type":"string_type","url":"https://docs.fal.ai/errors/#string_type","input":[["<nested too deep>"]]}]}"#
    );

    let many: Vec<String> = (0..200_000).map(|i| i.to_string()).collect();
    let body = body_of(&refuse(&format!(r#"{{"prompt": [{}]}}"#, many.join(","))));
    assert!(body.len() < 1_000, "{} bytes", body.len());
    assert!(
        body.ends_with(r#"61,62,63,"<199936 more items>"]}]}"#),
        "{body}"
    );
}
