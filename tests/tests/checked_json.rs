//! `json::from_body_checked` (behind `CheckedJson<T>`): an input type's `InputChecks` run
//! beside its JSON Schema, their violations and the schema's in one response, in the
//! order of the type's fields; every response compared byte for byte.

use fal_error::json::{self, InputChecks, JsonConfig};
use fal_error::{EchoLimits, ErrorResponse, FalError, ModelError, Violations};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema, PartialEq)]
struct Edit {
    prompt: String,
    #[schemars(range(min = 1, max = 50))]
    num_inference_steps: u32,
    image_url: String,
    #[schemars(length(max = 3))]
    loras: Vec<String>,
    #[schemars(range(min = 0.0, max = 1.0))]
    strength: f64,
}

impl InputChecks for Edit {
    type Error = ModelError;

    /// Finds `image_url`'s violation first: the response still lists `prompt`'s first.
    fn check(&self, violations: &mut Violations) {
        if !self.image_url.starts_with("https://") {
            violations.push(
                ModelError::ImageLoadError
                    .at("image_url")
                    .with_input(&self.image_url),
            );
        }
        if self.prompt.contains("forbidden") {
            violations.push(
                ModelError::ContentPolicyViolation
                    .at("prompt")
                    .with_input(&self.prompt),
            );
        }
        for (index, lora) in self.loras.iter().enumerate() {
            if lora.is_empty() {
                violations.push(
                    ModelError::FileDownloadError
                        .at_loc(
                            ["body".into(), "loras".into(), index.into()]
                                .into_iter()
                                .collect(),
                        )
                        .with_input(lora),
                );
            }
        }
    }
}

const APPLICATION_JSON: Option<&[u8]> = Some(b"application/json");

fn refused(body: &str, config: &JsonConfig) -> ErrorResponse {
    match json::from_body_checked::<Edit>(APPLICATION_JSON, body.as_bytes(), config) {
        Ok(input) => panic!("{body} was accepted as {input:?}"),
        Err(response) => response,
    }
}

fn items(items: &[&str]) -> String {
    format!(r#"{{"detail":[{}]}}"#, items.join(","))
}

const PROMPT_FORBIDDEN: &str = r#"{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation","input":"forbidden"}"#;
const STEPS_TOO_MANY: &str = r#"{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":80}"#;
const IMAGE_NOT_LOADED: &str = r#"{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error","input":"ftp://x"}"#;
const STRENGTH_TOO_HIGH: &str = r#"{"loc":["body","strength"],"msg":"Input should be less than or equal to 1","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":1.0},"input":1.5}"#;

#[test]
fn a_valid_body_passes_both() {
    let body = r#"{"prompt": "a cat", "num_inference_steps": 20, "image_url": "https://x", "loras": ["anime"], "strength": 0.5}"#;
    let input =
        json::from_body_checked::<Edit>(APPLICATION_JSON, body.as_bytes(), &JsonConfig::new())
            .unwrap();
    assert_eq!(input.loras, ["anime"]);
}

#[test]
fn checks_alone_are_sent_in_field_order_not_in_the_order_found() {
    let body = r#"{"prompt": "forbidden", "num_inference_steps": 20, "image_url": "ftp://x", "loras": [], "strength": 0.5}"#;
    let response = refused(body, &JsonConfig::new());
    assert_eq!(response.status(), 422);
    assert_eq!(response.headers()["x-fal-billable-units"], "0");
    assert_eq!(response.headers()["x-fal-retryable"], "false");
    assert_eq!(
        response.body(),
        items(&[PROMPT_FORBIDDEN, IMAGE_NOT_LOADED])
    );
}

#[test]
fn checks_and_bounds_interleave_in_field_order() {
    let body = r#"{"strength": 1.5, "image_url": "ftp://x", "num_inference_steps": 80, "loras": [], "prompt": "forbidden"}"#;
    let response = refused(body, &JsonConfig::new());
    assert_eq!(
        response.body(),
        items(&[
            PROMPT_FORBIDDEN,
            STEPS_TOO_MANY,
            IMAGE_NOT_LOADED,
            STRENGTH_TOO_HIGH
        ])
    );
}

#[test]
fn list_items_sort_by_index_among_the_schemas() {
    let body = r#"{"prompt": "a cat", "num_inference_steps": 20, "image_url": "https://x", "loras": ["a", "", "b", ""], "strength": 0.5}"#;
    let response = refused(body, &JsonConfig::new());
    assert_eq!(
        response.body(),
        items(&[
            r#"{"loc":["body","loras"],"msg":"Sequence should have at most 3 items","type":"sequence_too_long","url":"https://docs.fal.ai/errors/#sequence_too_long","ctx":{"max_length":3},"input":["a","","b",""]}"#,
            r#"{"loc":["body","loras",1],"msg":"File download error","type":"file_download_error","url":"https://docs.fal.ai/errors/#file_download_error","input":""}"#,
            r#"{"loc":["body","loras",3],"msg":"File download error","type":"file_download_error","url":"https://docs.fal.ai/errors/#file_download_error","input":""}"#,
        ])
    );
}

#[test]
fn a_body_that_cannot_become_the_type_gets_the_schemas_items_only() {
    let body = r#"{"prompt": "forbidden", "num_inference_steps": "many", "image_url": "ftp://x", "loras": [], "strength": 0.5}"#;
    let response = refused(body, &JsonConfig::new());
    assert_eq!(
        response.body(),
        items(&[
            r#"{"loc":["body","num_inference_steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"many"}"#
        ])
    );
}

#[test]
fn inputs_are_cut_to_the_configs_limits_once() {
    let limits = EchoLimits {
        max_string_bytes: 8,
        ..EchoLimits::DEFAULT
    };
    let config = JsonConfig::new().echo_limits(limits);
    let long = "x".repeat(100);
    let body = format!(
        r#"{{"prompt": "forbidden {long}", "num_inference_steps": 20, "image_url": "ftp://{long}", "loras": ["{long}", "a", "b", "c"], "strength": 0.5}}"#
    );
    let response = refused(&body, &config);
    assert_eq!(
        response.body(),
        items(&[
            r#"{"loc":["body","prompt"],"msg":"The content could not be processed because it contained material flagged by a content checker.","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation","input":"forbidde...<truncated, 110 bytes>"}"#,
            r#"{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error","input":"ftp://xx...<truncated, 106 bytes>"}"#,
            r#"{"loc":["body","loras"],"msg":"Sequence should have at most 3 items","type":"sequence_too_long","url":"https://docs.fal.ai/errors/#sequence_too_long","ctx":{"max_length":3},"input":["xxxxxxxx...<truncated, 100 bytes>","a","b","c"]}"#,
        ])
    );
}

#[test]
fn the_configs_names_and_billing_apply() {
    let config = JsonConfig::new()
        .pydantic_names(true)
        .unbilled_refusals(false);
    let body = r#"{"prompt": "forbidden", "num_inference_steps": 20, "image_url": "https://x", "loras": ["a", "b", "c", "d"], "strength": 0.5}"#;
    let response = refused(body, &config);
    assert!(response.headers().get("x-fal-billable-units").is_none());
    assert_eq!(
        response.body(),
        items(&[
            PROMPT_FORBIDDEN,
            r#"{"loc":["body","loras"],"msg":"List should have at most 3 items after validation, not 4","type":"too_long","url":"https://docs.fal.ai/errors/#too_long","ctx":{"field_type":"List","max_length":3,"actual_length":4},"input":["a","b","c","d"]}"#,
        ])
    );
}

/// An error type that embeds no built-in: `Violations::push` needs only `FalError`.
#[derive(Debug, FalError)]
enum OwnError {
    #[fal(type = "seed_reserved", msg = "Seed {seed} is reserved")]
    SeedReserved {
        #[fal(ctx)]
        seed: i64,
    },
}

#[derive(Debug, Deserialize, JsonSchema)]
struct Seeded {
    #[schemars(range(min = 0))]
    seed: i64,
}

impl InputChecks for Seeded {
    type Error = OwnError;

    fn check(&self, violations: &mut Violations<OwnError>) {
        if self.seed == 42 {
            violations.push(
                OwnError::SeedReserved { seed: 42 }
                    .at("seed")
                    .with_input(42),
            );
        }
    }
}

#[test]
fn checks_report_any_fal_error_type() {
    let refused =
        json::from_body_checked::<Seeded>(APPLICATION_JSON, br#"{"seed": 42}"#, &JsonConfig::new())
            .unwrap_err();
    assert_eq!(
        refused.body(),
        r#"{"detail":[{"loc":["body","seed"],"msg":"Seed 42 is reserved","type":"seed_reserved","url":"https://docs.fal.ai/errors/#seed_reserved","ctx":{"seed":42},"input":42}]}"#
    );
}

#[test]
fn the_body_is_refused_before_the_checks_when_it_is_not_json() {
    let refused =
        json::from_body_checked::<Seeded>(APPLICATION_JSON, b"{", &JsonConfig::new()).unwrap_err();
    assert_eq!(
        refused.body(),
        r#"{"detail":[{"loc":["body"],"msg":"Invalid JSON: EOF while parsing an object at line 1 column 1","type":"json_invalid","url":"https://docs.fal.ai/errors/#json_invalid","ctx":{"error":"EOF while parsing an object at line 1 column 1"}}]}"#
    );
    let too_large = json::from_body_checked::<Seeded>(
        APPLICATION_JSON,
        br#"{"seed": 1}"#,
        &JsonConfig::new().limit(4),
    )
    .unwrap_err();
    assert_eq!(
        too_large.body(),
        r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":4}}]}"#
    );
}
