//! Schema validation of inputs (`json::from_body_validated`, behind `ValidJson<T>`): bodies
//! with one to five violations each, every response compared byte for byte.

use fal_error::json::{self, JsonConfig};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
struct Generate {
    #[schemars(length(min = 1, max = 12))]
    prompt: String,
    #[schemars(range(min = 1, max = 50))]
    num_inference_steps: u32,
    #[schemars(range(min = 0.0, max = 20.0))]
    guidance_scale: f64,
    #[schemars(extend("multipleOf" = 8, "exclusiveMinimum" = 0))]
    width: u32,
    sampler: Sampler,
    #[schemars(length(min = 1, max = 2))]
    images: Vec<Image>,
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z]+$"))]
    style: Option<String>,
    #[serde(default)]
    seed: Option<i64>,
    enable_safety_checker: bool,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
enum Sampler {
    EulerA,
    #[serde(rename = "DPM++")]
    DpmPlusPlus,
}

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
struct Image {
    url: String,
    #[schemars(extend("exclusiveMaximum" = 1.0))]
    strength: f64,
}

const VALID: &str = r#"{"prompt": "a cat", "num_inference_steps": 20, "guidance_scale": 7.5, "width": 512, "sampler": "EulerA", "images": [{"url": "a.png", "strength": 0.5}], "enable_safety_checker": true}"#;

/// `VALID` with `edits` applied: `("key", Some(json))` sets a field, `("key", None)`
/// removes it.
fn body(edits: &[(&str, Option<&str>)]) -> String {
    let mut fields: Vec<(String, String)> = vec![
        ("prompt", r#""a cat""#),
        ("num_inference_steps", "20"),
        ("guidance_scale", "7.5"),
        ("width", "512"),
        ("sampler", r#""EulerA""#),
        ("images", r#"[{"url": "a.png", "strength": 0.5}]"#),
        ("enable_safety_checker", "true"),
    ]
    .into_iter()
    .map(|(key, value)| (key.to_owned(), value.to_owned()))
    .collect();
    for (key, value) in edits {
        let at = fields.iter().position(|(name, _)| name == key);
        match (at, value) {
            (Some(at), Some(value)) => fields[at].1 = (*value).to_owned(),
            (Some(at), None) => {
                fields.remove(at);
            }
            (None, Some(value)) => fields.push(((*key).to_owned(), (*value).to_owned())),
            (None, None) => {}
        }
    }
    let entries: Vec<String> = fields
        .iter()
        .map(|(key, value)| format!(r#""{key}": {value}"#))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

/// One detail item: `loc` as JSON, the type, the message, ctx and input as JSON (empty
/// for none).
fn item(loc: &str, error_type: &str, msg: &str, ctx: &str, input: &str) -> String {
    let mut item = format!(
        r#"{{"loc":{loc},"msg":"{msg}","type":"{error_type}","url":"https://docs.fal.ai/errors/#{error_type}""#
    );
    if !ctx.is_empty() {
        item.push_str(&format!(r#","ctx":{ctx}"#));
    }
    if !input.is_empty() {
        item.push_str(&format!(r#","input":{input}"#));
    }
    item + "}"
}

fn check(body: &str, items: &[String]) {
    let refused = json::from_body_validated::<Generate>(
        Some(b"application/json"),
        body.as_bytes(),
        &JsonConfig::new(),
    )
    .expect_err(body);
    let response = refused.to_response();
    assert_eq!(response.status(), 422, "{body}");
    assert_eq!(response.headers()["x-fal-billable-units"], "0");
    assert_eq!(
        response.body(),
        format!(r#"{{"detail":[{}]}}"#, items.join(",")),
        "{body}"
    );
}

const GE_1: &str = "Input should be greater than or equal to 1";
const LE_50: &str = "Input should be less than or equal to 50";

fn steps(input: &str, msg: &str, error_type: &str, ctx: &str) -> String {
    item(
        r#"["body","num_inference_steps"]"#,
        error_type,
        msg,
        ctx,
        input,
    )
}

fn missing(field: &str) -> String {
    item(
        &format!(r#"["body","{field}"]"#),
        "missing",
        "Field required",
        "",
        "",
    )
}

fn sampler(input: &str) -> String {
    item(
        r#"["body","sampler"]"#,
        "one_of",
        "Input should be 'EulerA' or 'DPM++'",
        r#"{"expected":["EulerA","DPM++"]}"#,
        input,
    )
}

#[test]
fn a_valid_body_is_deserialized() {
    let parsed = json::from_body_validated::<Generate>(
        Some(b"application/json"),
        VALID.as_bytes(),
        &JsonConfig::new(),
    )
    .expect("valid");
    assert_eq!(parsed.width, 512);
    assert_eq!(parsed.images[0].url, "a.png");
    assert_eq!(body(&[]), VALID);
}

#[test]
fn one_violation_each() {
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            body(&[("num_inference_steps", Some("0"))]),
            vec![steps("0", GE_1, "greater_than_equal", r#"{"ge":1}"#)],
        ),
        (
            body(&[("num_inference_steps", Some("51"))]),
            vec![steps("51", LE_50, "less_than_equal", r#"{"le":50}"#)],
        ),
        (
            body(&[("num_inference_steps", Some(r#""20""#))]),
            vec![steps(
                r#""20""#,
                "Input should be a valid integer, unable to parse string as an integer",
                "int_parsing",
                "",
            )],
        ),
        (
            body(&[("num_inference_steps", Some("2.5"))]),
            vec![steps(
                "2.5",
                "Input should be a valid integer, got a number with a fractional part",
                "int_from_float",
                "",
            )],
        ),
        (
            body(&[("num_inference_steps", Some("[]"))]),
            vec![steps(
                "[]",
                "Input should be a valid integer",
                "int_type",
                "",
            )],
        ),
        (
            body(&[("num_inference_steps", Some("-1"))]),
            vec![steps("-1", GE_1, "greater_than_equal", r#"{"ge":1}"#)],
        ),
        (
            body(&[("guidance_scale", Some("20.5"))]),
            vec![item(
                r#"["body","guidance_scale"]"#,
                "less_than_equal",
                "Input should be less than or equal to 20",
                r#"{"le":20.0}"#,
                "20.5",
            )],
        ),
        (
            body(&[("guidance_scale", Some(r#""high""#))]),
            vec![item(
                r#"["body","guidance_scale"]"#,
                "float_parsing",
                "Input should be a valid number, unable to parse string as a number",
                "",
                r#""high""#,
            )],
        ),
        (
            body(&[("guidance_scale", Some("true"))]),
            vec![item(
                r#"["body","guidance_scale"]"#,
                "float_type",
                "Input should be a valid number",
                "",
                "true",
            )],
        ),
        (
            body(&[("width", Some("500"))]),
            vec![item(
                r#"["body","width"]"#,
                "multiple_of",
                "Input should be a multiple of 8",
                r#"{"multiple_of":8}"#,
                "500",
            )],
        ),
        (
            body(&[("width", Some("0"))]),
            vec![item(
                r#"["body","width"]"#,
                "greater_than",
                "Input should be greater than 0",
                r#"{"gt":0}"#,
                "0",
            )],
        ),
        (
            body(&[("sampler", Some(r#""Heun""#))]),
            vec![sampler(r#""Heun""#)],
        ),
        (body(&[("sampler", Some("3"))]), vec![sampler("3")]),
        (body(&[("sampler", Some("null"))]), vec![sampler("null")]),
        (
            body(&[("prompt", Some(r#""""#))]),
            vec![item(
                r#"["body","prompt"]"#,
                "sequence_too_short",
                "Sequence should have at least 1 items",
                r#"{"min_length":1}"#,
                r#""""#,
            )],
        ),
        (
            body(&[("prompt", Some(r#""a very long prompt""#))]),
            vec![item(
                r#"["body","prompt"]"#,
                "sequence_too_long",
                "Sequence should have at most 12 items",
                r#"{"max_length":12}"#,
                r#""a very long prompt""#,
            )],
        ),
        (
            body(&[("prompt", Some("7"))]),
            vec![item(
                r#"["body","prompt"]"#,
                "string_type",
                "Input should be a valid string",
                "",
                "7",
            )],
        ),
        (body(&[("prompt", None)]), vec![missing("prompt")]),
        (
            body(&[("enable_safety_checker", Some(r#""yes""#))]),
            vec![item(
                r#"["body","enable_safety_checker"]"#,
                "bool_parsing",
                "Input should be a valid boolean, unable to interpret input",
                "",
                r#""yes""#,
            )],
        ),
        (
            body(&[("enable_safety_checker", Some("1"))]),
            vec![item(
                r#"["body","enable_safety_checker"]"#,
                "bool_type",
                "Input should be a valid boolean",
                "",
                "1",
            )],
        ),
        (
            body(&[("images", Some("[]"))]),
            vec![item(
                r#"["body","images"]"#,
                "sequence_too_short",
                "Sequence should have at least 1 items",
                r#"{"min_length":1}"#,
                "[]",
            )],
        ),
        (
            body(&[("images", Some(r#"{"url": "a.png"}"#))]),
            vec![item(
                r#"["body","images"]"#,
                "list_type",
                "Input should be a valid list",
                "",
                r#"{"url":"a.png"}"#,
            )],
        ),
        (
            body(&[("images", Some(r#"["a.png"]"#))]),
            vec![item(
                r#"["body","images",0]"#,
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
                "",
                r#""a.png""#,
            )],
        ),
        (
            body(&[("images", Some(r#"[{"url": "a.png", "strength": 1.0}]"#))]),
            vec![item(
                r#"["body","images",0,"strength"]"#,
                "less_than",
                "Input should be less than 1",
                r#"{"lt":1.0}"#,
                "1.0",
            )],
        ),
        (
            body(&[("style", Some(r#""Noir""#))]),
            vec![item(
                r#"["body","style"]"#,
                "string_pattern_mismatch",
                "String should match pattern '^[a-z]+$'",
                r#"{"pattern":"^[a-z]+$"}"#,
                r#""Noir""#,
            )],
        ),
        (
            body(&[("seed", Some(r#""7""#))]),
            vec![item(
                r#"["body","seed"]"#,
                "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer",
                "",
                r#""7""#,
            )],
        ),
        (
            body(&[("mask", Some(r#""m.png""#))]),
            vec![item(
                r#"["body","mask"]"#,
                "extra_forbidden",
                "Extra inputs are not permitted",
                "",
                r#""m.png""#,
            )],
        ),
        (
            body(&[("guidance_scale", Some("null"))]),
            vec![item(
                r#"["body","guidance_scale"]"#,
                "float_type",
                "Input should be a valid number",
                "",
                "null",
            )],
        ),
        (
            body(&[("width", Some(r#""8""#))]),
            vec![item(
                r#"["body","width"]"#,
                "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer",
                "",
                r#""8""#,
            )],
        ),
        (
            body(&[("enable_safety_checker", None)]),
            vec![missing("enable_safety_checker")],
        ),
        (body(&[("images", None)]), vec![missing("images")]),
        // The schema calls 1e30 an integer; `i64` cannot hold it: `T`'s own refusal.
        (
            body(&[("seed", Some("1e30"))]),
            vec![item(
                r#"["body","seed"]"#,
                "value_error",
                "Value error, Input should be less than or equal to 9223372036854775807",
                r#"{"error":"Input should be less than or equal to 9223372036854775807"}"#,
                "1e+30",
            )],
        ),
    ];
    assert!(cases.len() >= 25);
    for (body, items) in &cases {
        check(body, items);
    }
}

#[test]
fn several_violations_come_in_field_order() {
    let image = |index: u32, field: &str, error_type: &str, msg: &str, ctx: &str, input: &str| {
        item(
            &format!(r#"["body","images",{index},"{field}"]"#),
            error_type,
            msg,
            ctx,
            input,
        )
    };
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            body(&[
                ("enable_safety_checker", Some("1")),
                ("num_inference_steps", Some("0")),
            ]),
            vec![
                steps("0", GE_1, "greater_than_equal", r#"{"ge":1}"#),
                item(
                    r#"["body","enable_safety_checker"]"#,
                    "bool_type",
                    "Input should be a valid boolean",
                    "",
                    "1",
                ),
            ],
        ),
        (
            body(&[("sampler", None), ("prompt", None)]),
            vec![missing("prompt"), missing("sampler")],
        ),
        (
            body(&[
                ("extra", Some("1")),
                ("width", Some("12")),
                ("prompt", Some("null")),
            ]),
            vec![
                item(
                    r#"["body","prompt"]"#,
                    "string_type",
                    "Input should be a valid string",
                    "",
                    "null",
                ),
                item(
                    r#"["body","width"]"#,
                    "multiple_of",
                    "Input should be a multiple of 8",
                    r#"{"multiple_of":8}"#,
                    "12",
                ),
                item(
                    r#"["body","extra"]"#,
                    "extra_forbidden",
                    "Extra inputs are not permitted",
                    "",
                    "1",
                ),
            ],
        ),
        (
            body(&[(
                "images",
                Some(r#"[{"url": 1, "strength": 2}, {"strength": -1, "mask": true}]"#),
            )]),
            vec![
                image(
                    0,
                    "url",
                    "string_type",
                    "Input should be a valid string",
                    "",
                    "1",
                ),
                image(
                    0,
                    "strength",
                    "less_than",
                    "Input should be less than 1",
                    r#"{"lt":1.0}"#,
                    "2",
                ),
                item(
                    r#"["body","images",1,"url"]"#,
                    "missing",
                    "Field required",
                    "",
                    "",
                ),
                image(
                    1,
                    "mask",
                    "extra_forbidden",
                    "Extra inputs are not permitted",
                    "",
                    "true",
                ),
            ],
        ),
        (
            body(&[
                ("prompt", Some(r#""""#)),
                ("num_inference_steps", Some("80")),
                ("guidance_scale", Some("-1")),
                ("width", Some("7")),
                ("sampler", Some(r#""Heun""#)),
            ]),
            vec![
                item(
                    r#"["body","prompt"]"#,
                    "sequence_too_short",
                    "Sequence should have at least 1 items",
                    r#"{"min_length":1}"#,
                    r#""""#,
                ),
                steps("80", LE_50, "less_than_equal", r#"{"le":50}"#),
                item(
                    r#"["body","guidance_scale"]"#,
                    "greater_than_equal",
                    "Input should be greater than or equal to 0",
                    r#"{"ge":0.0}"#,
                    "-1",
                ),
                item(
                    r#"["body","width"]"#,
                    "multiple_of",
                    "Input should be a multiple of 8",
                    r#"{"multiple_of":8}"#,
                    "7",
                ),
                sampler(r#""Heun""#),
            ],
        ),
        (
            body(&[
                ("seed", Some("1.5")),
                ("style", Some("3")),
                ("images", Some("[1, 2]")),
            ]),
            vec![
                item(
                    r#"["body","images",0]"#,
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                    "",
                    "1",
                ),
                item(
                    r#"["body","images",1]"#,
                    "model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from",
                    "",
                    "2",
                ),
                item(
                    r#"["body","style"]"#,
                    "string_type",
                    "Input should be a valid string",
                    "",
                    "3",
                ),
                item(
                    r#"["body","seed"]"#,
                    "int_from_float",
                    "Input should be a valid integer, got a number with a fractional part",
                    "",
                    "1.5",
                ),
            ],
        ),
    ];
    for (body, items) in &cases {
        check(body, items);
    }
}

#[test]
fn a_body_that_is_not_an_object() {
    for (body, input) in [("[]", "[]"), (r#""a cat""#, r#""a cat""#), ("null", "null")] {
        check(
            body,
            &[item(
                r#"["body"]"#,
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
                "",
                input,
            )],
        );
    }
}
