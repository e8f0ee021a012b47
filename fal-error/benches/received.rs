//! The cost of `ReceivedError::parse` (typed items and the retry decision) against
//! `serde_json::from_slice::<serde_json::Value>` on the same bytes, measured in the same
//! run: short slices of each, interleaved in pairs (the order alternating), the speed-up
//! of each pair kept, and the median of many pairs reported with its spread.
//!
//! Run with `cargo bench -p fal-error --bench received`.

mod paired;

use std::hint::black_box;

use paired::percentile;

use fal_error::{ReceivedError, X_FAL_RETRYABLE};
use http::{HeaderMap, HeaderValue, StatusCode};

/// Iterations per slice, and pairs of slices per body.
const SLICE: u32 = 2_000;
const PAIRS: usize = 301;

fn item(field: &str) -> String {
    format!(
        r#"{{"loc":["body","{field}"],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of","ctx":{{"multiple_of":8}},"input":1023.5}}"#
    )
}

fn model_errors(count: usize) -> Vec<u8> {
    let items: Vec<String> = (0..count).map(|n| item(&format!("width_{n}"))).collect();
    format!(r#"{{"detail":[{}]}}"#, items.join(",")).into_bytes()
}

fn compare(name: &str, status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    assert!(
        ReceivedError::parse(status, headers, body).is_ok(),
        "{name}: the body must parse"
    );
    let baseline = || {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).is_ok());
    };
    let ours = || {
        black_box(ReceivedError::parse(status, headers, black_box(body)).is_ok());
    };
    // The measured cost over the baseline's: its inverse is the speed-up.
    let pairs = paired::measure(PAIRS, SLICE, baseline, ours);
    let speedups: Vec<f64> = pairs.ratios.iter().rev().map(|ratio| 1.0 / ratio).collect();
    let (baseline_ns, ours_ns) = (pairs.baseline_ns, pairs.measured_ns);
    println!(
        "{name} ({} bytes): serde_json Value {:.0} ns, ReceivedError::parse {:.0} ns; \
         speed-up median {:.2}x (p10 {:.2}x, p90 {:.2}x, {PAIRS} pairs of {SLICE})",
        body.len(),
        percentile(&baseline_ns, 0.5),
        percentile(&ours_ns, 0.5),
        percentile(&speedups, 0.5),
        percentile(&speedups, 0.1),
        percentile(&speedups, 0.9),
    );
}

fn main() {
    let mut headers = HeaderMap::new();
    headers.insert(X_FAL_RETRYABLE, HeaderValue::from_static("false"));
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    compare("1 model error", status, &headers, &model_errors(1));
    compare("10 model errors", status, &headers, &model_errors(10));
    compare(
        "request error",
        StatusCode::SERVICE_UNAVAILABLE,
        &HeaderMap::new(),
        br#"{"detail":"Runner disconnected during processing","error_type":"runner_disconnected"}"#,
    );
}
