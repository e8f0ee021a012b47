//! `JsonConfig::pydantic_names` and `Violations::pydantic_names`: pydantic's own types
//! where fal's spec renamed them, on every path that produces those types.

use fal_error::json::{self, JsonConfig, JsonError};
use fal_error::{FalError, Violations};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Input {
    #[schemars(length(min = 1, max = 4))]
    prompt: String,
    #[schemars(length(min = 1, max = 2))]
    loras: Vec<String>,
    scheduler: Scheduler,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Scheduler {
    Euler,
    Dpm,
}

const JSON: Option<&[u8]> = Some(b"application/json");

fn refused(body: &str, config: &JsonConfig) -> String {
    let rejection = json::from_body_validated::<Input>(JSON, body.as_bytes(), config).unwrap_err();
    rejection.to_response().body().to_owned()
}

#[test]
fn schema_path_sends_pydantic_names() {
    let config = JsonConfig::new().pydantic_names(true);
    assert_eq!(
        refused(
            r#"{"prompt": "", "loras": [], "scheduler": "ddim"}"#,
            &config
        ),
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","prompt"],"msg":"String should have at least 1 character","type":"string_too_short","url":"https://docs.fal.ai/errors/#string_too_short","ctx":{"min_length":1},"input":""},"#,
            r#"{"loc":["body","loras"],"msg":"List should have at least 1 item after validation, not 0","type":"too_short","url":"https://docs.fal.ai/errors/#too_short","ctx":{"field_type":"List","min_length":1,"actual_length":0},"input":[]},"#,
            r#"{"loc":["body","scheduler"],"msg":"Input should be 'euler' or 'dpm'","type":"literal_error","url":"https://docs.fal.ai/errors/#literal_error","ctx":{"expected":"'euler' or 'dpm'"},"input":"ddim"}"#,
            r#"]}"#,
        ),
    );
    assert_eq!(
        refused(
            r#"{"prompt": "a horse", "loras": ["a", "b", "c"], "scheduler": "dpm"}"#,
            &config
        ),
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","prompt"],"msg":"String should have at most 4 characters","type":"string_too_long","url":"https://docs.fal.ai/errors/#string_too_long","ctx":{"max_length":4},"input":"a horse"},"#,
            r#"{"loc":["body","loras"],"msg":"List should have at most 2 items after validation, not 3","type":"too_long","url":"https://docs.fal.ai/errors/#too_long","ctx":{"field_type":"List","max_length":2,"actual_length":3},"input":["a","b","c"]}"#,
            r#"]}"#,
        ),
    );
}

#[test]
fn schema_path_keeps_fal_names_by_default() {
    assert_eq!(
        refused(
            r#"{"prompt": "", "loras": ["a"], "scheduler": "ddim"}"#,
            &JsonConfig::new()
        ),
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","prompt"],"msg":"Sequence should have at least 1 items","type":"sequence_too_short","url":"https://docs.fal.ai/errors/#sequence_too_short","ctx":{"min_length":1},"input":""},"#,
            r#"{"loc":["body","scheduler"],"msg":"Input should be 'euler' or 'dpm'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["euler","dpm"]},"input":"ddim"}"#,
            r#"]}"#,
        ),
    );
}

#[test]
fn plain_json_path_sends_literal_error() {
    let config = JsonConfig::new().pydantic_names(true);
    let body = br#"{"prompt": "a", "loras": ["a"], "scheduler": 7}"#;
    let rejection = json::from_body::<Input>(JSON, body, &config).unwrap_err();
    assert_eq!(
        rejection.to_response().body(),
        r#"{"detail":[{"loc":["body","scheduler"],"msg":"Input should be 'euler' or 'dpm'","type":"literal_error","url":"https://docs.fal.ai/errors/#literal_error","ctx":{"expected":"'euler' or 'dpm'"},"input":7}]}"#,
    );
    let types: Vec<&str> = rejection.errors().iter().map(|e| e.error_type()).collect();
    assert_eq!(types, ["literal_error"]);
}

#[test]
fn violations_of_json_error_send_pydantic_names() {
    let mut violations = Violations::<JsonError>::pydantic_names();
    violations
        .chars("prompt", "héllo", ..=4)
        .length("loras", &["a"], 2..)
        .range("steps", 0, 1..=50)
        .one_of("scheduler", "ddim", &["euler", "dpm"]);
    assert_eq!(
        violations.finish().unwrap_err().body(),
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","prompt"],"msg":"String should have at most 4 characters","type":"string_too_long","url":"https://docs.fal.ai/errors/#string_too_long","ctx":{"max_length":4},"input":"héllo"},"#,
            r#"{"loc":["body","loras"],"msg":"List should have at least 2 items after validation, not 1","type":"too_short","url":"https://docs.fal.ai/errors/#too_short","ctx":{"field_type":"List","min_length":2,"actual_length":1},"input":["a"]},"#,
            r#"{"loc":["body","steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0},"#,
            r#"{"loc":["body","scheduler"],"msg":"Input should be 'euler' or 'dpm'","type":"literal_error","url":"https://docs.fal.ai/errors/#literal_error","ctx":{"expected":"'euler' or 'dpm'"},"input":"ddim"}"#,
            r#"]}"#,
        ),
    );
}
