//! The cost of schema validation (`json::from_body_validated`, behind `ValidJson<T>`),
//! measured in the same run against its baseline: short slices of each, interleaved in
//! pairs (the order alternating), the cost ratio of each pair kept, and the median of
//! many pairs reported with its spread.
//!
//! - accepting a valid 1 KB body with the schema checked, against plain `json::from_body`
//!   (goal: at most 2x);
//! - refusing a body with five violations, against accepting the valid body with the
//!   schema checked (goal: at most 3x).
//!
//! Run with `cargo bench -p fal-error --features json,schemars --bench validate`.

mod paired;

use std::hint::black_box;

use paired::percentile;

use fal_error::json::{self, JsonConfig};
use schemars::JsonSchema;
use serde::Deserialize;

/// Iterations per slice, and pairs of slices per comparison.
const SLICE: u32 = 200;
const PAIRS: usize = 301;

const JSON: Option<&[u8]> = Some(b"application/json");

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Generate {
    #[schemars(length(min = 1, max = 1000))]
    prompt: String,
    #[serde(default)]
    #[schemars(length(max = 1000))]
    negative_prompt: Option<String>,
    #[schemars(range(min = 1, max = 50))]
    num_inference_steps: u32,
    #[schemars(range(min = 0.0, max = 20.0))]
    guidance_scale: f64,
    #[schemars(range(min = 64, max = 2048), extend("multipleOf" = 8))]
    width: u32,
    #[schemars(range(min = 64, max = 2048), extend("multipleOf" = 8))]
    height: u32,
    scheduler: Scheduler,
    #[serde(default)]
    seed: Option<u64>,
    #[schemars(length(max = 4))]
    loras: Vec<Lora>,
    enable_safety_checker: bool,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[allow(dead_code)]
enum Scheduler {
    EulerA,
    #[serde(rename = "DPM++")]
    DpmPlusPlus,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Lora {
    #[schemars(regex(pattern = r"\.safetensors$"))]
    path: String,
    #[schemars(range(min = -2.0, max = 2.0))]
    scale: f32,
}

fn body(prompt_words: usize, steps: i64, scale: f64, width: u32, scheduler: &str) -> Vec<u8> {
    let prompt = vec!["a watercolor painting of a lighthouse"; prompt_words].join(", ");
    format!(
        r#"{{"prompt": "{prompt}", "negative_prompt": "blurry, low quality, extra fingers", "num_inference_steps": {steps}, "guidance_scale": {scale}, "width": {width}, "height": 768, "scheduler": "{scheduler}", "seed": 1234567, "loras": [{{"path": "https://example.com/loras/watercolor.safetensors", "scale": 0.8}}, {{"path": "https://example.com/loras/lighthouse.safetensors", "scale": 1.2}}], "enable_safety_checker": true}}"#
    )
    .into_bytes()
}

/// Prints the cost of `measured` in units of `baseline`, median and spread over pairs.
fn ratio(name: &str, goal: f64, baseline: impl FnMut(), measured: impl FnMut()) {
    let pairs = paired::measure(PAIRS, SLICE, baseline, measured);
    let median = percentile(&pairs.ratios, 0.5);
    println!(
        "{name}: baseline {:.0} ns, measured {:.0} ns; cost median {median:.2}x (p10 {:.2}x, \
         p90 {:.2}x, {PAIRS} pairs of {SLICE}); goal <= {goal}x: {}",
        percentile(&pairs.baseline_ns, 0.5),
        percentile(&pairs.measured_ns, 0.5),
        percentile(&pairs.ratios, 0.1),
        percentile(&pairs.ratios, 0.9),
        if median <= goal { "met" } else { "NOT met" },
    );
}

fn main() {
    let config = JsonConfig::new();
    let valid = body(20, 30, 7.5, 1024, "EulerA");
    let refused = body(20, 80, 25.0, 1001, "DDIM");
    let mut refused = String::from_utf8(refused).expect("UTF-8");
    refused.insert_str(refused.len() - 1, r#", "strength": 0.5"#);
    let refused = refused.into_bytes();
    assert!(json::from_body::<Generate>(JSON, &valid, &config).is_ok());
    assert!(json::from_body_validated::<Generate>(JSON, &valid, &config).is_ok());
    let errors = json::from_body_validated::<Generate>(JSON, &refused, &config)
        .expect_err("five violations")
        .errors()
        .len();
    assert_eq!(errors, 5, "steps, scale, width, scheduler, strength");
    println!("valid body: {} bytes", valid.len());
    ratio(
        "valid body, ValidJson vs Json",
        2.0,
        || {
            black_box(json::from_body::<Generate>(JSON, black_box(&valid), &config).is_ok());
        },
        || {
            let parsed = json::from_body_validated::<Generate>(JSON, black_box(&valid), &config);
            black_box(parsed.is_ok());
        },
    );
    ratio(
        "five violations refused vs valid accepted, ValidJson",
        3.0,
        || {
            let parsed = json::from_body_validated::<Generate>(JSON, black_box(&valid), &config);
            black_box(parsed.is_ok());
        },
        || {
            let parsed = json::from_body_validated::<Generate>(JSON, black_box(&refused), &config);
            black_box(parsed.map(|_| ()).map_err(|e| e.to_response()).is_ok());
        },
    );
}
