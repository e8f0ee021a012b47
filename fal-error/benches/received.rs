//! The cost of `ReceivedError::parse` (typed items and the retry decision) against
//! `serde_json::from_slice::<serde_json::Value>` on the same bytes, measured in the same
//! run: short slices of each, interleaved in pairs (the order alternating), the speed-up
//! of each pair kept, and the median of many pairs reported with its spread.
//!
//! Run with `cargo bench -p fal-error --bench received`.

use std::hint::black_box;
use std::time::Instant;

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

/// Nanoseconds per call of `run` over one slice.
fn slice(run: &mut impl FnMut()) -> f64 {
    let started = Instant::now();
    for _ in 0..SLICE {
        run();
    }
    started.elapsed().as_secs_f64() * 1e9 / f64::from(SLICE)
}

fn percentile(sorted: &[f64], share: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * share).round() as usize]
}

fn compare(name: &str, status: StatusCode, headers: &HeaderMap, body: &[u8]) {
    assert!(
        ReceivedError::parse(status, headers, body).is_ok(),
        "{name}: the body must parse"
    );
    let mut baseline = || {
        black_box(serde_json::from_slice::<serde_json::Value>(black_box(body)).is_ok());
    };
    let mut ours = || {
        black_box(ReceivedError::parse(status, headers, black_box(body)).is_ok());
    };
    for _ in 0..20 {
        slice(&mut baseline);
        slice(&mut ours);
    }
    let mut speedups = Vec::with_capacity(PAIRS);
    let mut baseline_ns = Vec::with_capacity(PAIRS);
    let mut ours_ns = Vec::with_capacity(PAIRS);
    for pair in 0..PAIRS {
        let (theirs, mine) = if pair % 2 == 0 {
            let theirs = slice(&mut baseline);
            (theirs, slice(&mut ours))
        } else {
            let mine = slice(&mut ours);
            (slice(&mut baseline), mine)
        };
        speedups.push(theirs / mine);
        baseline_ns.push(theirs);
        ours_ns.push(mine);
    }
    for values in [&mut speedups, &mut baseline_ns, &mut ours_ns] {
        values.sort_by(f64::total_cmp);
    }
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
