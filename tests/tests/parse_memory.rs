//! Peak heap use of `ReceivedError::parse`, measured by a counting global allocator, as a
//! multiple of the body's size. One test per binary: the count is process-wide.
//!
//! A large body whose weight is text (a data URI as `input`, an HTML error page) costs
//! its own size once. Below that floor is `serde_json::Value`, the type of `ctx` and
//! `input`: 32 bytes per value and a B-tree node (about 600 bytes) per object, so small
//! items and inputs made of many small objects cost more; their bounds are the measured
//! ones, kept from growing.

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
    let cases = [
        (
            "one item",
            8.0,
            format!(r#"{{"detail":[{}]}}"#, item("prompt", r#""a cat""#)),
        ),
        (
            "ten items",
            8.0,
            format!(
                r#"{{"detail":[{}]}}"#,
                (0..10)
                    .map(|n| item(&format!("field_{n}"), "42"))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        ),
        (
            "request error",
            4.0,
            r#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#.to_owned(),
        ),
        (
            "1 MiB string input",
            4.0,
            format!(r#"{{"detail":[{}]}}"#, item("image_url", &big_string)),
        ),
        (
            "20,000 strings in input",
            5.0,
            format!(
                r#"{{"detail":[{}]}}"#,
                item("prompts", &format!("[{}]", strings.join(",")))
            ),
        ),
        (
            "5,000 objects in input",
            20.0,
            format!(
                r#"{{"detail":[{}]}}"#,
                item("batch", &format!("[{}]", objects.join(",")))
            ),
        ),
        (
            "1 MiB HTML page",
            4.0,
            format!("<html>{}</html>", "x".repeat(1 << 20)),
        ),
    ];
    for (name, bound, body) in &cases {
        let peak = peak_of(body.as_bytes());
        let ratio = peak as f64 / body.len() as f64;
        println!("{name}: body {} B, peak {peak} B, {ratio:.2}x", body.len());
        assert!(
            ratio <= *bound,
            "{name}: peak {peak} B is {ratio:.2}x the body's {} B",
            body.len()
        );
    }
}
