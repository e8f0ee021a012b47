//! The cost of writing a response from a derived error, as a ratio to hand-written serde
//! code producing the same bytes and headers, measured in the same run.
//!
//! Run with `cargo bench -p fal-error --bench serialize`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use fal_error::FalError;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;

#[derive(Debug, FalError)]
enum UpscaleError {
    #[fal(type = "image_too_large", loc = ["body", "image_url"])]
    TooLarge {
        #[fal(ctx)]
        max_height: u32,
        #[fal(ctx)]
        max_width: u32,
        #[fal(input)]
        image_url: String,
    },
}

/// The same body, written by hand the way one would without the crate.
#[derive(Serialize)]
struct Body<'a> {
    detail: [Item<'a>; 1],
}

#[derive(Serialize)]
struct Item<'a> {
    loc: [&'a str; 2],
    msg: &'a str,
    #[serde(rename = "type")]
    error_type: &'a str,
    url: &'a str,
    ctx: Ctx,
    input: &'a str,
}

#[derive(Serialize)]
struct Ctx {
    max_height: u32,
    max_width: u32,
}

fn hand_written(image_url: &str) -> (HeaderMap, Vec<u8>) {
    let body = Body {
        detail: [Item {
            loc: ["body", "image_url"],
            msg: "Image too large",
            error_type: "image_too_large",
            url: "https://docs.fal.ai/errors/#image_too_large",
            ctx: Ctx {
                max_height: 1024,
                max_width: 1024,
            },
            input: image_url,
        }],
    };
    let mut headers = HeaderMap::with_capacity(2);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-fal-retryable", HeaderValue::from_static("false"));
    (headers, serde_json::to_vec(&body).unwrap_or_default())
}

fn derived(error: &UpscaleError) -> (HeaderMap, Vec<u8>) {
    let (_, headers, body) = error.to_response().into_parts();
    (headers, body)
}

/// The fastest of several rounds, per iteration.
fn measure(mut run: impl FnMut()) -> Duration {
    const ITERATIONS: u32 = 20_000;
    (0..7)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..ITERATIONS {
                run();
            }
            started.elapsed() / ITERATIONS
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let image_url = "https://example.com/image_2000x2000.jpg".to_owned();
    let error = UpscaleError::TooLarge {
        max_height: 1024,
        max_width: 1024,
        image_url: image_url.clone(),
    };
    assert_eq!(
        derived(&error).1,
        hand_written(&image_url).1,
        "both must write the same bytes"
    );
    assert_eq!(
        derived(&error).0,
        hand_written(&image_url).0,
        "and the same headers"
    );

    let baseline = measure(|| {
        black_box(hand_written(black_box(&image_url)));
    });
    let ours = measure(|| {
        black_box(derived(black_box(&error)));
    });
    println!("hand-written serde: {baseline:?} per response");
    println!("derived FalError:   {ours:?} per response");
    println!(
        "ratio derived / hand-written: {:.2}",
        ours.as_secs_f64() / baseline.as_secs_f64()
    );
}
