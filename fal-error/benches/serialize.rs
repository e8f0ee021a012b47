//! The cost of writing a response, as a ratio to hand-written serde code producing the
//! same bytes and headers, measured in the same run: a derived error's `to_response()`,
//! an error placed and given its input where it is raised (`.at().with_input()`), and
//! `from_errors` of three items. Heap allocations per response are counted for both.
//!
//! The machine is noisy, so each case runs as many pairs of short slices, the derived
//! slice and the hand-written one back to back (their order alternating), and reports
//! the median of the per-pair ratios with its 10th and 90th percentiles.
//!
//! Run with `cargo bench -p fal-error --bench serialize`; a further argument runs only
//! the cases whose name contains it (`-- to_response`).

use std::alloc::System;
use std::hint::black_box;
use std::time::Instant;

use fal_error::{ErrorResponse, FalError};
use http::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::Serialize;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static ALLOCATOR: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Pairs of slices per case.
const PAIRS: usize = 600;
/// Responses written per slice.
const SLICE: u32 = 64;

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
    #[fal(type = "image_load_error")]
    ImageLoad,
    #[fal(type = "face_not_found")]
    FaceNotFound {
        #[fal(ctx)]
        min_confidence: f64,
    },
}

/// One detail item, written by hand the way one would without the crate.
#[derive(Serialize)]
struct Item<'a, C, I> {
    loc: [&'a str; 2],
    msg: &'a str,
    #[serde(rename = "type")]
    error_type: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    ctx: Option<C>,
    input: I,
}

#[derive(Serialize)]
struct Body<T> {
    detail: T,
}

#[derive(Serialize)]
struct SizeCtx {
    max_height: u32,
    max_width: u32,
}

#[derive(Serialize)]
struct ConfidenceCtx {
    min_confidence: f64,
}

fn hand_written_headers() -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(2);
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("x-fal-retryable", HeaderValue::from_static("false"));
    headers
}

fn hand_written<T: Serialize>(body: &T) -> (HeaderMap, Vec<u8>) {
    (
        hand_written_headers(),
        serde_json::to_vec(body).unwrap_or_default(),
    )
}

fn parts(response: ErrorResponse) -> (HeaderMap, Vec<u8>) {
    let (_, headers, body) = response.into_parts();
    (headers, body)
}

/// A case: the crate's way and the hand-written way of writing one response.
struct Case<'a> {
    name: &'a str,
    derived: &'a dyn Fn() -> (HeaderMap, Vec<u8>),
    hand_written: &'a dyn Fn() -> (HeaderMap, Vec<u8>),
}

fn slice(run: &dyn Fn() -> (HeaderMap, Vec<u8>)) -> f64 {
    let started = Instant::now();
    for _ in 0..SLICE {
        black_box(run());
    }
    started.elapsed().as_secs_f64() * 1e9 / f64::from(SLICE)
}

fn allocations(run: &dyn Fn() -> (HeaderMap, Vec<u8>)) -> usize {
    let region = Region::new(ALLOCATOR);
    let written = black_box(run());
    let stats = region.change();
    drop(written);
    stats.allocations + stats.reallocations
}

fn percentile(sorted: &[f64], fraction: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * fraction).round() as usize]
}

fn run(case: &Case<'_>) {
    if std::env::args()
        .skip(1)
        .any(|filter| !filter.starts_with('-') && !case.name.contains(&filter))
    {
        return;
    }
    let derived = (case.derived)();
    let hand_written = (case.hand_written)();
    assert_eq!(
        String::from_utf8_lossy(&derived.1),
        String::from_utf8_lossy(&hand_written.1),
        "{}: both must write the same bytes",
        case.name
    );
    assert_eq!(
        derived.0, hand_written.0,
        "{}: and the same headers",
        case.name
    );
    for _ in 0..PAIRS / 10 {
        slice(case.derived);
        slice(case.hand_written);
    }
    let mut ratios = Vec::with_capacity(PAIRS);
    let mut ours = Vec::with_capacity(PAIRS);
    let mut theirs = Vec::with_capacity(PAIRS);
    for pair in 0..PAIRS {
        let (derived, hand_written) = if pair % 2 == 0 {
            let derived = slice(case.derived);
            (derived, slice(case.hand_written))
        } else {
            let hand_written = slice(case.hand_written);
            (slice(case.derived), hand_written)
        };
        ratios.push(derived / hand_written);
        ours.push(derived);
        theirs.push(hand_written);
    }
    for samples in [&mut ratios, &mut ours, &mut theirs] {
        samples.sort_by(f64::total_cmp);
    }
    println!(
        "{:<28} ratio median {:.2} (p10 {:.2}, p90 {:.2}; {PAIRS} pairs of {SLICE}) | derived {:.0} ns, hand-written {:.0} ns (medians) | allocations {} vs {}",
        case.name,
        percentile(&ratios, 0.5),
        percentile(&ratios, 0.1),
        percentile(&ratios, 0.9),
        percentile(&ours, 0.5),
        percentile(&theirs, 0.5),
        allocations(case.derived),
        allocations(case.hand_written),
    );
}

fn main() {
    let image_url = "https://example.com/image_2000x2000.jpg".to_owned();
    let too_large = UpscaleError::TooLarge {
        max_height: 1024,
        max_width: 1024,
        image_url: image_url.clone(),
    };
    let size_item = |input| Item {
        loc: ["body", "image_url"],
        msg: "Image too large",
        error_type: "image_too_large",
        url: "https://docs.fal.ai/errors/#image_too_large",
        ctx: Some(SizeCtx {
            max_height: 1024,
            max_width: 1024,
        }),
        input,
    };
    run(&Case {
        name: "derived to_response()",
        derived: &|| parts(black_box(&too_large).to_response()),
        hand_written: &|| {
            hand_written(&Body {
                detail: [size_item(black_box(&image_url))],
            })
        },
    });

    run(&Case {
        name: ".at().with_input()",
        derived: &|| {
            parts(
                UpscaleError::ImageLoad
                    .at("image_url")
                    .with_input(black_box(&image_url))
                    .to_response(),
            )
        },
        hand_written: &|| {
            hand_written(&Body {
                detail: [Item {
                    loc: ["body", "image_url"],
                    msg: "Image load error",
                    error_type: "image_load_error",
                    url: "https://docs.fal.ai/errors/#image_load_error",
                    ctx: None::<()>,
                    input: black_box(&image_url),
                }],
            })
        },
    });

    let errors = [
        UpscaleError::ImageLoad
            .at("image_url")
            .with_input(&image_url),
        UpscaleError::FaceNotFound {
            min_confidence: 0.5,
        }
        .at("face_image_url")
        .with_input(&image_url),
        UpscaleError::ImageLoad.at("mask_url").with_input(42),
    ];
    run(&Case {
        name: "from_errors (3 items)",
        derived: &|| {
            parts(ErrorResponse::from_errors(black_box(&errors)).unwrap_or_else(|| unreachable!()))
        },
        hand_written: &|| {
            let url = black_box(&image_url);
            hand_written(&Body {
                detail: (
                    Item {
                        loc: ["body", "image_url"],
                        msg: "Image load error",
                        error_type: "image_load_error",
                        url: "https://docs.fal.ai/errors/#image_load_error",
                        ctx: None::<()>,
                        input: url,
                    },
                    Item {
                        loc: ["body", "face_image_url"],
                        msg: "Face not found",
                        error_type: "face_not_found",
                        url: "https://docs.fal.ai/errors/#face_not_found",
                        ctx: Some(ConfidenceCtx {
                            min_confidence: 0.5,
                        }),
                        input: url,
                    },
                    Item {
                        loc: ["body", "mask_url"],
                        msg: "Image load error",
                        error_type: "image_load_error",
                        url: "https://docs.fal.ai/errors/#image_load_error",
                        ctx: None::<()>,
                        input: black_box(42),
                    },
                ),
            })
        },
    });
}
