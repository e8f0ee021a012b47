//! `fal_error::validator`: `ValidationErrors` of `#[derive(Validate)]` inputs as fal's
//! detail items, every response compared byte for byte.

use std::borrow::Cow;

use ::validator::{Validate, ValidationError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Validate)]
struct Generate {
    #[validate(length(min = 1, max = 12))]
    prompt: String,
    #[validate(range(min = 1, max = 50))]
    num_inference_steps: u32,
    #[validate(range(exclusive_min = 0.0, exclusive_max = 20.0))]
    guidance_scale: f64,
    #[validate(required)]
    seed: Option<i64>,
    #[validate(regex(path = *SLUG, message = "^[a-z-]+$"))]
    style: String,
    #[validate(email)]
    contact: String,
    #[validate(length(max = 2), nested)]
    loras: Vec<Lora>,
    #[validate(custom(function = "known_scheduler"))]
    scheduler: String,
}

#[derive(Debug, Deserialize, Serialize, Validate)]
struct Lora {
    #[validate(url)]
    path: String,
    #[validate(range(min = 0.0, max = 4.0))]
    scale: f64,
}

static SLUG: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new("^[a-z-]+$").unwrap());

fn known_scheduler(name: &str) -> Result<(), ValidationError> {
    if ["euler", "dpm"].contains(&name) {
        return Ok(());
    }
    let mut error = ValidationError::new("scheduler_not_found")
        .with_message(Cow::Owned(format!("Scheduler {name} was not found")));
    error.add_param(Cow::Borrowed("name"), &name);
    Err(error)
}

fn valid() -> Generate {
    Generate {
        prompt: "a cat".into(),
        num_inference_steps: 20,
        guidance_scale: 7.5,
        seed: Some(7),
        style: "water-color".into(),
        contact: "me@example.com".into(),
        loras: vec![Lora {
            path: "https://example.com/a.safetensors".into(),
            scale: 1.0,
        }],
        scheduler: "euler".into(),
    }
}

fn refused(input: &Generate) -> String {
    fal_error::validator::validate(input)
        .expect_err("refused")
        .body()
        .to_owned()
}

#[test]
fn a_valid_input_passes() {
    assert!(fal_error::validator::validate(&valid()).is_ok());
}

#[test]
fn every_rule_in_field_order() {
    let input = Generate {
        prompt: String::new(),
        num_inference_steps: 0,
        guidance_scale: 20.0,
        seed: None,
        style: "Water Color".into(),
        contact: "nobody".into(),
        scheduler: "ddim".into(),
        ..valid()
    };
    assert_eq!(
        refused(&input),
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","prompt"],"msg":"Sequence should have at least 1 items","type":"sequence_too_short","url":"https://docs.fal.ai/errors/#sequence_too_short","ctx":{"min_length":1},"input":""},"#,
            r#"{"loc":["body","num_inference_steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0},"#,
            r#"{"loc":["body","guidance_scale"],"msg":"Input should be less than 20","type":"less_than","url":"https://docs.fal.ai/errors/#less_than","ctx":{"lt":20.0},"input":20.0},"#,
            r#"{"loc":["body","seed"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing"},"#,
            r#"{"loc":["body","style"],"msg":"String should match pattern '^[a-z-]+$'","type":"string_pattern_mismatch","url":"https://docs.fal.ai/errors/#string_pattern_mismatch","ctx":{"pattern":"^[a-z-]+$"},"input":"Water Color"},"#,
            r#"{"loc":["body","contact"],"msg":"Value error, value is not a valid email address","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"value is not a valid email address"},"input":"nobody"},"#,
            r#"{"loc":["body","scheduler"],"msg":"Scheduler ddim was not found","type":"scheduler_not_found","url":"https://docs.fal.ai/errors/#scheduler_not_found","ctx":{"name":"ddim"},"input":"ddim"}"#,
            r#"]}"#,
        ),
    );
}

#[test]
fn list_items_and_nested_structs_are_paths() {
    let lora = |path: &str, scale: f64| Lora {
        path: path.into(),
        scale,
    };
    let input = Generate {
        loras: vec![lora("not a url", 4.5), lora("https://example.com/c", -1.0)],
        ..valid()
    };
    assert_eq!(
        refused(&input),
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","loras",0,"path"],"msg":"Value error, value is not a valid URL","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"value is not a valid URL"},"input":"not a url"},"#,
            r#"{"loc":["body","loras",0,"scale"],"msg":"Input should be less than or equal to 4","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":4.0},"input":4.5},"#,
            r#"{"loc":["body","loras",1,"scale"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":0.0},"input":-1.0}"#,
            r#"]}"#,
        ),
    );
}

/// validator keeps one kind of error per field: a list's own length error hides its
/// items' errors.
#[test]
fn a_list_too_long_is_one_item() {
    let lora = |scale: f64| Lora {
        path: "https://example.com/a".into(),
        scale,
    };
    let input = Generate {
        loras: vec![lora(1.0), lora(9.0), lora(1.0)],
        ..valid()
    };
    assert_eq!(
        refused(&input),
        r#"{"detail":[{"loc":["body","loras"],"msg":"Sequence should have at most 2 items","type":"sequence_too_long","url":"https://docs.fal.ai/errors/#sequence_too_long","ctx":{"max_length":2},"input":[{"path":"https://example.com/a","scale":1.0},{"path":"https://example.com/a","scale":9.0},{"path":"https://example.com/a","scale":1.0}]}]}"#,
    );
}

#[test]
fn the_order_does_not_depend_on_hashing() {
    let input = Generate {
        prompt: String::new(),
        num_inference_steps: 0,
        scheduler: "ddim".into(),
        ..valid()
    };
    let first = refused(&input);
    for _ in 0..20 {
        assert_eq!(refused(&input), first);
    }
}
