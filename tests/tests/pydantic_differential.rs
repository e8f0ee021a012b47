//! The schema path against pydantic itself: `tests/fixtures/pydantic/generate.py` runs
//! each body through pydantic models with `Field` constraints (as FastAPI validates a
//! body) and records pydantic's `detail`; the same bodies sent to
//! `json::from_body_validated` with [`JsonConfig::pydantic_names`] must give the same
//! items byte for byte, in fal's key order (`loc, msg, type, url, ctx, input`).
//!
//! Intentional differences, each checked below rather than skipped:
//! - `url`: fal's items carry fal's doc link; FastAPI sends none;
//! - `missing`: pydantic echoes the whole parent object as `input`; fal's spec sends no
//!   `input` for a missing field;
//! - a nested model given a non-object: pydantic (Python mode) says `model_type` "Input
//!   should be a valid dictionary or instance of Lora"; fal sends
//!   `model_attributes_type`, as the issue's table and fal's FastAPI servers do.
//! - a numeric string for a number (`"20"` for an `int`): pydantic's lax mode accepts it;
//!   this crate, reading types as serde does, refuses it with `int_parsing` (documented in
//!   `fal_error::json`; no fixture, since pydantic sends no error to compare).

use fal_error::FalError;
use fal_error::json::{self, JsonConfig};
use fal_error_tests::fixture;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::value::RawValue;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Generate {
    #[schemars(length(min = 1, max = 20))]
    prompt: String,
    #[schemars(range(min = 1, max = 50))]
    num_inference_steps: i64,
    #[schemars(extend("exclusiveMinimum" = 0.0, "exclusiveMaximum" = 20.0))]
    guidance_scale: f64,
    #[schemars(extend("multipleOf" = 8))]
    width: i64,
    scheduler: Scheduler,
    #[schemars(length(min = 1, max = 2))]
    loras: Vec<Lora>,
    enable_safety_checker: bool,
    #[serde(default)]
    seed: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Scheduler {
    Euler,
    Dpm,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Lora {
    #[schemars(regex(pattern = r"^https://"))]
    path: String,
    #[schemars(range(min = 0.0, max = 4.0))]
    scale: f64,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    body: String,
    detail: Vec<Item>,
}

/// One of pydantic's items; the JSON values kept as written, so that their key order is
/// pydantic's.
#[derive(Deserialize)]
struct Item {
    #[serde(rename = "type")]
    error_type: String,
    loc: Box<RawValue>,
    msg: String,
    input: Box<RawValue>,
    ctx: Option<Box<RawValue>>,
}

/// JSON text without the whitespace between tokens.
fn compact(json: &RawValue) -> String {
    let mut out = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for character in json.get().chars() {
        if in_string {
            in_string = escaped || character != '"';
            escaped = !escaped && character == '\\';
        } else if character.is_whitespace() {
            continue;
        } else {
            in_string = character == '"';
        }
        out.push(character);
    }
    out
}

/// pydantic's item as fal writes it.
fn fal_item(item: &Item) -> String {
    let text = |value: &str| serde_json::to_string(value).expect("a string");
    let ctx = item
        .ctx
        .as_ref()
        .map(|ctx| format!(r#","ctx":{}"#, compact(ctx)))
        .unwrap_or_default();
    let input = match item.error_type.as_str() {
        "missing" => String::new(),
        _ => format!(r#","input":{}"#, compact(&item.input)),
    };
    format!(
        r#"{{"loc":{},"msg":{},"type":{},"url":{}{ctx}{input}}}"#,
        compact(&item.loc),
        text(&item.msg),
        text(&item.error_type),
        text(&format!("https://docs.fal.ai/errors/#{}", item.error_type)),
    )
}

fn cases() -> Vec<Case> {
    serde_json::from_str(&fixture("pydantic/fixtures.json")).expect("the fixtures")
}

const JSON: Option<&[u8]> = Some(b"application/json");

#[test]
fn every_body_gets_pydantics_items() {
    let config = JsonConfig::new().pydantic_names(true);
    let cases = cases();
    assert!(cases.len() >= 25, "{} cases", cases.len());
    let mut compared = 0;
    for case in &cases {
        let result = json::from_body_validated::<Generate>(JSON, case.body.as_bytes(), &config);
        if case.detail.is_empty() {
            assert!(result.is_ok(), "{}: pydantic accepts it", case.name);
            continue;
        }
        let refused = result.expect_err(&case.name);
        if case
            .detail
            .iter()
            .any(|item| item.error_type == "model_type")
        {
            continue;
        }
        let items: Vec<String> = case.detail.iter().map(fal_item).collect();
        let expected = format!(r#"{{"detail":[{}]}}"#, items.join(","));
        assert_eq!(refused.to_response().body(), expected, "{}", case.name);
        compared += 1;
    }
    assert_eq!(
        compared,
        cases.len() - 2,
        "all but `valid` and the `model_type` case"
    );
}

#[test]
fn a_nested_model_given_a_string_is_model_attributes_type() {
    let case = cases()
        .into_iter()
        .find(|case| case.name == "model_attributes_type")
        .expect("the case");
    assert_eq!(case.detail[0].error_type, "model_type");
    assert_eq!(compact(&case.detail[0].loc), r#"["body","loras",0]"#);
    let config = JsonConfig::new().pydantic_names(true);
    let refused = json::from_body_validated::<Generate>(JSON, case.body.as_bytes(), &config)
        .expect_err("refused");
    let errors = refused.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].error_type(), "model_attributes_type");
    assert_eq!(errors[0].loc().to_string(), "body.loras.0");
}
