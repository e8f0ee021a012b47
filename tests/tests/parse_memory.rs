//! Peak heap use of `ReceivedError::parse`, measured by a counting global allocator, as a
//! multiple of the body's size. One test per binary: the count is process-wide.
//!
//! `ctx` and `input` are kept as their JSON text, so a body costs about its own size in
//! text plus one `ErrorDetail` (about 150 bytes) per item: at most 4x for every body
//! below, from one item to thousands, text-heavy or made of many small values.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use fal_error::ReceivedError;
use http::{HeaderMap, StatusCode};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to `System` unchanged; only the byte counts are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A reallocation may hold both blocks at once: counted as such.
        let live = LIVE.fetch_add(new_size, Ordering::Relaxed) + new_size;
        PEAK.fetch_max(live, Ordering::Relaxed);
        let moved = unsafe { System.realloc(ptr, layout, new_size) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        moved
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The peak of bytes allocated while parsing `body` and holding the result, above what
/// was live before.
fn peak_of(body: &[u8]) -> usize {
    let headers = HeaderMap::new();
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let parsed = ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &headers, body);
    let peak = PEAK.load(Ordering::Relaxed) - before;
    drop(parsed);
    peak
}

fn item(field: &str, input: &str) -> String {
    format!(
        r#"{{"loc":["body","{field}"],"msg":"Input should be a valid string","type":"string_type","url":"https://docs.fal.ai/errors/#string_type","ctx":{{"max_length":77,"pattern":"^[a-z]+$"}},"input":{input}}}"#
    )
}

fn body_of(items: impl Iterator<Item = String>) -> String {
    format!(r#"{{"detail":[{}]}}"#, items.collect::<Vec<_>>().join(","))
}

#[test]
fn peak_memory_is_bounded_by_the_body_size() {
    let big_string = format!(
        r#""{}""#,
        "data:image/png;base64,".to_owned() + &"A".repeat(1 << 20)
    );
    let strings: Vec<String> = (0..20_000)
        .map(|n| format!(r#""prompt number {n}""#))
        .collect();
    let objects: Vec<String> = (0..5_000)
        .map(|n| format!(r#"{{"prompt":"a cat number {n}","seed":{n}}}"#))
        .collect();
    let pretty_objects: Vec<String> = (0..5_000)
        .map(|n| {
            format!("{{\n      \"prompt\": \"a cat number {n}\",\n      \"seed\": {n}\n    }}")
        })
        .collect();
    let choices: Vec<String> = (0..20_000).map(|n| format!(r#""style-{n}""#)).collect();
    let large_ctx = format!(
        r#"{{"loc":["body","style"],"msg":"Input should be one of the styles","type":"one_of","ctx":{{"expected":[{}]}},"input":"pixel"}}"#,
        choices.join(",")
    );
    let cases = [
        ("one item", body_of((0..1).map(|_| item("prompt", r#""a cat""#)))),
        (
            "ten items",
            body_of((0..10).map(|n| item(&format!("field_{n}"), "42"))),
        ),
        (
            "request error",
            r#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#.to_owned(),
        ),
        (
            "1 MiB string input",
            body_of((0..1).map(|_| item("image_url", &big_string))),
        ),
        (
            "20,000 strings in input",
            body_of((0..1).map(|_| item("prompts", &format!("[{}]", strings.join(","))))),
        ),
        (
            "5,000 objects in input",
            body_of((0..1).map(|_| item("batch", &format!("[{}]", objects.join(","))))),
        ),
        (
            "5,000 objects in input, pretty-printed",
            body_of((0..1).map(|_| {
                item(
                    "batch",
                    &format!("[\n    {}\n  ]", pretty_objects.join(",\n    ")),
                )
            })),
        ),
        ("20,000 choices in ctx", body_of(std::iter::once(large_ctx))),
        (
            "2,000 items with a one-key ctx",
            body_of((0..2_000).map(|n| {
                format!(
                    r#"{{"loc":["body","steps_{n}"],"msg":"Input should be greater than 0","type":"greater_than","ctx":{{"gt":0}},"input":-{n}}}"#
                )
            })),
        ),
        (
            "1,025 items without ctx or input",
            body_of((0..1_025).map(|n| {
                format!(r#"{{"loc":["body","f{n}"],"msg":"Field required","type":"missing"}}"#)
            })),
        ),
        (
            "a small item, then a 1 MiB string input",
            body_of(
                [
                    r#"{"loc":["body","prompt"],"msg":"Field required","type":"missing"}"#
                        .to_owned(),
                    item("image_url", &big_string),
                ]
                .into_iter(),
            ),
        ),
        (
            "100,000 items that are not items, then one",
            format!(
                r#"{{"detail":[{}{}]}}"#,
                "0,".repeat(100_000),
                item("prompt", r#""a cat""#)
            ),
        ),
        (
            "1 MiB HTML page",
            format!("<html>{}</html>", "x".repeat(1 << 20)),
        ),
    ];
    for (name, body) in &cases {
        let peak = peak_of(body.as_bytes());
        let ratio = peak as f64 / body.len() as f64;
        println!("{name}: body {} B, peak {peak} B, {ratio:.2}x", body.len());
        assert!(
            ratio <= 4.0,
            "{name}: peak {peak} B is {ratio:.2}x the body's {} B",
            body.len()
        );
    }
}
