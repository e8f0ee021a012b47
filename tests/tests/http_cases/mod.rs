//! The HTTP cases that `http_axum.rs` and `http_actix.rs` both run: each case is a real
//! request to a server on 127.0.0.1 and the exact status, fal headers and body bytes it
//! must get back, whichever framework answers.
//!
//! The servers mount the example model server's `POST /upscale` (the example file is
//! included below, one copy of its code) and `POST /batch`, a nested body that shows the
//! `loc` paths of the JSON extractor.

#![allow(
    dead_code,
    reason = "each test binary uses its own half of the example and of these helpers"
)]

use std::net::SocketAddr;

use base64::Engine as _;
use http_body_util::{BodyExt, Either, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};

#[path = "../../../fal-error/examples/server.rs"]
pub mod server;

/// A nested body: list indexes and nested fields in `loc`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub images: Vec<BatchImage>,
    pub sampler: Sampler,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchImage {
    pub url: String,
    pub strength: f64,
    pub seed: Option<u8>,
}

#[derive(Debug, Deserialize, Serialize)]
pub enum Sampler {
    EulerA,
    #[serde(rename = "DPM++")]
    Dpm,
}

/// What `POST /batch` answers to a valid body.
#[derive(Debug, Serialize)]
pub struct BatchSummary {
    pub images: usize,
    pub sampler: Sampler,
}

impl From<Batch> for BatchSummary {
    fn from(batch: Batch) -> Self {
        BatchSummary {
            images: batch.images.len(),
            sampler: batch.sampler,
        }
    }
}

/// A request and the response it must get.
pub struct Case {
    pub path: &'static str,
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    pub status: u16,
    /// `x-fal-retryable`, `None` for a success (no `x-fal-*` header at all).
    pub retryable: Option<&'static str>,
    pub expected: String,
    /// Sends the body with `transfer-encoding: chunked` (no `content-length`).
    pub chunked: bool,
    /// A refusal of the JSON extractor: sent with `x-fal-billable-units: 0`.
    pub unbilled: bool,
}

fn upscale(body: impl Into<Vec<u8>>) -> Case {
    Case {
        path: "/upscale",
        content_type: Some("application/json"),
        body: body.into(),
        status: 422,
        retryable: Some("false"),
        expected: String::new(),
        chunked: false,
        unbilled: false,
    }
}

impl Case {
    fn content_type(mut self, content_type: Option<&'static str>) -> Self {
        self.content_type = content_type;
        self
    }

    fn path(mut self, path: &'static str) -> Self {
        self.path = path;
        self
    }

    fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    fn ok(mut self, expected: &str) -> Self {
        self.status = 200;
        self.retryable = None;
        self.expected = expected.to_owned();
        self
    }

    fn fails(mut self, status: u16, expected: &str) -> Self {
        self.status = status;
        self.expected = expected.to_owned();
        self
    }

    fn refused(mut self, status: u16, expected: &str) -> Self {
        self.unbilled = true;
        self.fails(status, expected)
    }
}

/// An upscale body with `image_url` given as raw JSON text.
fn body(image_url: &str, scale: i64, steps: i64) -> String {
    format!(r#"{{"image_url": "{image_url}", "scale": {scale}, "num_inference_steps": {steps}}}"#)
}

fn data_uri(media_type: &str, bytes: &[u8]) -> String {
    format!(
        "data:{media_type};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// A PNG signature and IHDR chunk (33 bytes; nothing after the header is read).
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// A JPEG with an APP0 segment before its start-of-frame `sof` (41 bytes).
pub fn jpeg(width: u16, height: u16, sof: u8) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend([0xFF, sof, 0, 17, 8]);
    bytes.extend(height.to_be_bytes());
    bytes.extend(width.to_be_bytes());
    bytes.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1, 0xFF, 0xD9]);
    bytes
}

fn riff(chunk: &[u8; 4], payload: &[u8]) -> Vec<u8> {
    let mut bytes = b"RIFF".to_vec();
    bytes.extend((4 + 8 + payload.len() as u32).to_le_bytes());
    bytes.extend(b"WEBP");
    bytes.extend(chunk);
    bytes.extend((payload.len() as u32).to_le_bytes());
    bytes.extend(payload);
    bytes
}

/// A lossy WebP: `VP8 ` frame header (30 bytes).
pub fn webp_lossy(width: u16, height: u16) -> Vec<u8> {
    let mut payload = vec![0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A];
    payload.extend(width.to_le_bytes());
    payload.extend(height.to_le_bytes());
    riff(b"VP8 ", &payload)
}

/// A lossless WebP: `VP8L` header (25 bytes).
pub fn webp_lossless(width: u32, height: u32) -> Vec<u8> {
    let mut payload = vec![0x2F];
    payload.extend(((width - 1) | (height - 1) << 14).to_le_bytes());
    riff(b"VP8L", &payload)
}

/// An extended WebP: `VP8X` canvas size (30 bytes).
pub fn webp_extended(width: u32, height: u32) -> Vec<u8> {
    let mut payload = vec![0x10, 0, 0, 0];
    payload.extend(&(width - 1).to_le_bytes()[..3]);
    payload.extend(&(height - 1).to_le_bytes()[..3]);
    riff(b"VP8X", &payload)
}

pub fn valid_http_url() -> Case {
    upscale(body("https://example.com/cat.png", 2, 20)).ok(
        r#"{"image":{"format":null,"width":null,"height":null},"upscaled":null,"scale":2,"num_inference_steps":20,"note":"the image at an http(s) URL is not downloaded, so its size is unknown"}"#,
    )
}

pub fn valid_png() -> Case {
    upscale(body(&data_uri("image/png", &png(100, 80)), 2, 20)).ok(
        r#"{"image":{"format":"png","width":100,"height":80},"upscaled":{"width":200,"height":160},"scale":2,"num_inference_steps":20}"#,
    )
}

pub fn valid_jpeg_baseline() -> Case {
    upscale(body(&data_uri("image/jpeg", &jpeg(640, 480, 0xC0)), 4, 50)).ok(
        r#"{"image":{"format":"jpeg","width":640,"height":480},"upscaled":{"width":2560,"height":1920},"scale":4,"num_inference_steps":50}"#,
    )
}

pub fn valid_jpeg_progressive() -> Case {
    upscale(body(&data_uri("image/jpeg", &jpeg(64, 4096, 0xC2)), 2, 1)).ok(
        r#"{"image":{"format":"jpeg","width":64,"height":4096},"upscaled":{"width":128,"height":8192},"scale":2,"num_inference_steps":1}"#,
    )
}

pub fn valid_webp_lossy() -> Case {
    upscale(body(&data_uri("image/webp", &webp_lossy(300, 200)), 2, 20)).ok(
        r#"{"image":{"format":"webp","width":300,"height":200},"upscaled":{"width":600,"height":400},"scale":2,"num_inference_steps":20}"#,
    )
}

pub fn valid_webp_lossless() -> Case {
    upscale(body(&data_uri("image/webp", &webp_lossless(1024, 768)), 4, 20)).ok(
        r#"{"image":{"format":"webp","width":1024,"height":768},"upscaled":{"width":4096,"height":3072},"scale":4,"num_inference_steps":20}"#,
    )
}

pub fn valid_webp_extended() -> Case {
    upscale(body(&data_uri("image/webp", &webp_extended(4096, 2048)), 2, 20)).ok(
        r#"{"image":{"format":"webp","width":4096,"height":2048},"upscaled":{"width":8192,"height":4096},"scale":2,"num_inference_steps":20}"#,
    )
}

pub fn json_suffix_content_type() -> Case {
    valid_http_url().content_type(Some("application/vnd.fal+json; charset=utf-8"))
}

pub fn scale_not_allowed() -> Case {
    upscale(body("https://example.com/cat.png", 3, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":3}]}"#,
    )
}

pub fn steps_too_few() -> Case {
    upscale(body("https://example.com/cat.png", 2, 0)).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0}]}"#,
    )
}

pub fn steps_too_many() -> Case {
    upscale(body("https://example.com/cat.png", 2, 51)).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":51}]}"#,
    )
}

pub fn image_too_small() -> Case {
    upscale(body(&data_uri("image/png", &png(63, 500)), 2, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too small","type":"image_too_small","url":"https://docs.fal.ai/errors/#image_too_small","ctx":{"min_height":64,"min_width":64},"input":"<data URI image/png, 33 bytes>"}]}"#,
    )
}

pub fn image_too_large() -> Case {
    upscale(body(&data_uri("image/jpeg", &jpeg(4097, 100, 0xC2)), 2, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":4096,"max_width":4096},"input":"<data URI image/jpeg, 41 bytes>"}]}"#,
    )
}

pub fn corrupt_png() -> Case {
    upscale(body(&data_uri("image/png", &png(100, 100)[..20]), 2, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error","input":"<data URI image/png, 20 bytes>"}]}"#,
    )
}

pub fn corrupt_base64() -> Case {
    upscale(body("data:image/webp;base64,UklGR!!!", 2, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error","input":"<data URI image/webp, 6 bytes>"}]}"#,
    )
}

pub fn unsupported_image_format() -> Case {
    upscale(body(&data_uri("image/gif", b"GIF89a\x80\0\x80\0\0\0\0;"), 2, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Unsupported image format. Supported formats are .jpg, .jpeg, .png, .webp.","type":"unsupported_image_format","url":"https://docs.fal.ai/errors/#unsupported_image_format","ctx":{"supported_formats":[".jpg",".jpeg",".png",".webp"]},"input":"<data URI image/gif, 14 bytes>"}]}"#,
    )
}

pub fn unsupported_url_scheme() -> Case {
    upscale(body("ftp://example.com/cat.png", 2, 20)).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Image URL should be an http(s) URL or a data URI","type":"unsupported_url_scheme","url":"https://docs.fal.ai/errors/#unsupported_url_scheme","ctx":{"supported_schemes":["http","https","data"]},"input":"ftp://example.com/cat.png"}]}"#,
    )
}

pub fn several_violations() -> Case {
    upscale(body(&data_uri("image/png", &png(4097, 4097)), 8, -1)).refused(
        422,
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large","ctx":{"max_height":4096,"max_width":4096},"input":"<data URI image/png, 33 bytes>"},"#,
            r#"{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":8},"#,
            r#"{"loc":["body","num_inference_steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":-1}"#,
            r#"]}"#,
        ),
    )
}

pub fn malformed_json() -> Case {
    upscale(r#"{"image_url": "https://example.com/cat.png", "scale": 2,"#).refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Invalid JSON: EOF while parsing a value at line 1 column 56","type":"json_invalid","url":"https://docs.fal.ai/errors/#json_invalid","ctx":{"error":"EOF while parsing a value at line 1 column 56"}}]}"#,
    )
}

pub fn syntax_error_after_a_bad_field() -> Case {
    upscale(r#"{"scale": "two", "image_url": }"#).refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Invalid JSON: expected value at line 1 column 31","type":"json_invalid","url":"https://docs.fal.ai/errors/#json_invalid","ctx":{"error":"expected value at line 1 column 31"}}]}"#,
    )
}

pub fn empty_body() -> Case {
    upscale("").refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing","input":null}]}"#,
    )
}

pub fn wrong_content_type() -> Case {
    upscale(body("https://example.com/cat.png", 2, 20)).content_type(Some("text/plain")).refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":"{\"image_url\": \"https://example.com/cat.png\", \"scale\": 2, \"num_inference_steps\": 20}"}]}"#,
    )
}

pub fn missing_content_type() -> Case {
    upscale(body("https://example.com/cat.png", 2, 20)).content_type(None).refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":"{\"image_url\": \"https://example.com/cat.png\", \"scale\": 2, \"num_inference_steps\": 20}"}]}"#,
    )
}

pub fn missing_field() -> Case {
    upscale(r#"{"image_url": "https://example.com/cat.png", "scale": 2}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing"}]}"#,
    )
}

pub fn wrong_field_type() -> Case {
    upscale(r#"{"image_url": "https://example.com/cat.png", "scale": 2, "num_inference_steps": "twenty"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"twenty"}]}"#,
    )
}

/// The schema's `enum` outranks its `type`, as pydantic's `Literal[2, 4]` does.
pub fn scale_not_a_number() -> Case {
    upscale(r#"{"image_url": "https://example.com/cat.png", "scale": "two", "num_inference_steps": 20}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":"two"}]}"#,
    )
}

/// A body that cannot become the input type is not checked beyond its schema: the
/// URL's scheme is not looked at while a field has the wrong type.
pub fn unchecked_beside_a_wrong_type() -> Case {
    upscale(r#"{"image_url": "ftp://example.com/cat.png", "scale": 2, "num_inference_steps": "twenty"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"twenty"}]}"#,
    )
}

/// A check's violation and the schema's, in the order of the input's fields.
pub fn checked_beside_a_bound() -> Case {
    upscale(body("ftp://example.com/cat.png", 2, 51)).refused(
        422,
        concat!(
            r#"{"detail":["#,
            r#"{"loc":["body","image_url"],"msg":"Image URL should be an http(s) URL or a data URI","type":"unsupported_url_scheme","url":"https://docs.fal.ai/errors/#unsupported_url_scheme","ctx":{"supported_schemes":["http","https","data"]},"input":"ftp://example.com/cat.png"},"#,
            r#"{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":51}"#,
            r#"]}"#,
        ),
    )
}

pub fn fractional_integer() -> Case {
    upscale(r#"{"image_url": "https://example.com/cat.png", "scale": 2, "num_inference_steps": 12.5}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be a valid integer, got a number with a fractional part","type":"int_from_float","url":"https://docs.fal.ai/errors/#int_from_float","input":12.5}]}"#,
    )
}

pub fn integer_out_of_range() -> Case {
    upscale(r#"{"image_url": "https://example.com/cat.png", "scale": 2, "num_inference_steps": 10000000000000000000}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","num_inference_steps"],"msg":"Input should be less than or equal to 50","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":50},"input":10000000000000000000}]}"#,
    )
}

pub fn string_expected() -> Case {
    upscale(r#"{"image_url": ["https://example.com/cat.png"], "scale": 2, "num_inference_steps": 20}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","image_url"],"msg":"Input should be a valid string","type":"string_type","url":"https://docs.fal.ai/errors/#string_type","input":["https://example.com/cat.png"]}]}"#,
    )
}

pub fn body_not_an_object() -> Case {
    upscale(r#""https://example.com/cat.png""#).refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":"https://example.com/cat.png"}]}"#,
    )
}

/// serde reads a struct from an array; pydantic (and this crate) never does.
pub fn body_an_empty_array() -> Case {
    upscale("[]").refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"Input should be a valid dictionary or object to extract fields from","type":"model_attributes_type","url":"https://docs.fal.ai/errors/#model_attributes_type","input":[]}]}"#,
    )
}

/// One byte over the servers' 1 MiB limit, a JSON string padded with spaces.
pub fn oversized_body() -> Case {
    let mut oversized = body("https://example.com/cat.png", 2, 20).into_bytes();
    oversized.resize(server::MAX_BODY_BYTES + 1, b' ');
    upscale(oversized).refused(
        422,
        r#"{"detail":[{"loc":["body"],"msg":"File too large","type":"file_too_large","url":"https://docs.fal.ai/errors/#file_too_large","ctx":{"max_size":1048576}}]}"#,
    )
}

/// Over the limit without a `content-length`: refused while it is read.
pub fn oversized_chunked_body() -> Case {
    oversized_body().chunked()
}

/// A chunked body within the limit is read whole.
pub fn valid_chunked_body() -> Case {
    valid_png().chunked()
}

/// Exactly at the limit is accepted.
pub fn body_at_the_limit() -> Case {
    let mut at_limit = body("https://example.com/cat.png", 2, 20).into_bytes();
    at_limit.resize(server::MAX_BODY_BYTES, b' ');
    let expected = valid_http_url().expected;
    upscale(at_limit).ok(&expected)
}

fn batch(body: &str) -> Case {
    upscale(body).path("/batch")
}

pub fn batch_valid() -> Case {
    batch(r#"{"images": [{"url": "a.png", "strength": 0.5, "seed": 7}, {"url": "b.png", "strength": 1, "seed": null}], "sampler": "DPM++"}"#)
        .ok(r#"{"images":2,"sampler":"DPM++"}"#)
}

pub fn batch_nested_wrong_type() -> Case {
    batch(r#"{"images": [{"url": "a.png", "strength": 0.5}, {"url": "b.png", "strength": "high"}], "sampler": "EulerA"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","images",1,"strength"],"msg":"Input should be a valid number, unable to parse string as a number","type":"float_parsing","url":"https://docs.fal.ai/errors/#float_parsing","input":"high"}]}"#,
    )
}

pub fn batch_nested_missing() -> Case {
    batch(r#"{"images": [{"url": "a.png", "strength": 0.5}, {"strength": 0.5}], "sampler": "EulerA"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","images",1,"url"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing"}]}"#,
    )
}

pub fn batch_nested_out_of_range() -> Case {
    batch(r#"{"images": [{"url": "a.png", "strength": 0.5, "seed": 256}], "sampler": "EulerA"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","images",0,"seed"],"msg":"Input should be less than or equal to 255","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":255},"input":256}]}"#,
    )
}

pub fn batch_nested_negative() -> Case {
    batch(r#"{"images": [{"url": "a.png", "strength": 0.5, "seed": -3}], "sampler": "EulerA"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","images",0,"seed"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":0},"input":-3}]}"#,
    )
}

pub fn batch_unknown_field() -> Case {
    batch(r#"{"images": [{"url": "a.png", "strength": 0.5, "mask": "m.png"}], "sampler": "EulerA"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","images",0,"mask"],"msg":"Extra inputs are not permitted","type":"extra_forbidden","url":"https://docs.fal.ai/errors/#extra_forbidden","input":"m.png"}]}"#,
    )
}

pub fn batch_unknown_variant() -> Case {
    batch(r#"{"images": [], "sampler": "Heun"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","sampler"],"msg":"Input should be 'EulerA' or 'DPM++'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["EulerA","DPM++"]},"input":"Heun"}]}"#,
    )
}

pub fn batch_list_expected() -> Case {
    batch(r#"{"images": {"url": "a.png"}, "sampler": "EulerA"}"#).refused(
        422,
        r#"{"detail":[{"loc":["body","images"],"msg":"Input should be a valid list","type":"list_type","url":"https://docs.fal.ai/errors/#list_type","input":{"url":"a.png"}}]}"#,
    )
}

/// Defines one `#[test]` per case against the server whose address `$server` returns.
#[allow(
    unused_macros,
    reason = "http_tracing.rs shares the helpers, not the cases"
)]
macro_rules! http_cases {
    ($server:expr) => {
        http_cases!(@each $server;
            valid_http_url, valid_png, valid_jpeg_baseline, valid_jpeg_progressive,
            valid_webp_lossy, valid_webp_lossless, valid_webp_extended, json_suffix_content_type,
            scale_not_allowed, steps_too_few, steps_too_many, image_too_small, image_too_large,
            corrupt_png, corrupt_base64, unsupported_image_format, unsupported_url_scheme,
            several_violations, malformed_json, syntax_error_after_a_bad_field, empty_body,
            wrong_content_type, missing_content_type, missing_field, wrong_field_type, scale_not_a_number,
            unchecked_beside_a_wrong_type, checked_beside_a_bound,
            fractional_integer, integer_out_of_range, string_expected, body_not_an_object, body_an_empty_array,
            oversized_body, oversized_chunked_body, valid_chunked_body, body_at_the_limit, batch_valid, batch_nested_wrong_type,
            batch_nested_missing, batch_nested_out_of_range, batch_nested_negative,
            batch_unknown_field, batch_unknown_variant, batch_list_expected,
        );
    };
    (@each $server:expr; $($case:ident),* $(,)?) => {$(
        #[test]
        fn $case() {
            http_cases::check($server, http_cases::$case());
        }
    )*};
}

/// The status, headers and body bytes of a response.
pub struct Reply {
    pub status: u16,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
}

/// A body of unknown length, which hyper sends chunked.
struct Chunked(Full<Bytes>);

impl hyper::body::Body for Chunked {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        std::pin::Pin::new(&mut self.0).poll_frame(cx)
    }
}

/// Sends `POST path` with `body` (and `content-type` when given) over a fresh connection.
pub async fn post(
    server: SocketAddr,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> Reply {
    send(server, path, content_type, body, false).await
}

/// [`post`], with the body sent chunked when `chunked`.
pub async fn send(
    server: SocketAddr,
    path: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
    chunked: bool,
) -> Reply {
    let body = Bytes::from(body);
    let request = || {
        let mut request = http::Request::post(path).header(http::header::HOST, server.to_string());
        if let Some(content_type) = content_type {
            request = request.header(http::header::CONTENT_TYPE, content_type);
        }
        let body = Full::new(body.clone());
        let body = if chunked {
            Either::Right(Chunked(body))
        } else {
            Either::Left(body)
        };
        request.body(body).expect("a valid request")
    };
    exchange_until_read(server, request).await
}

/// How often [`exchange_until_read`] sends a request whose connection broke.
const ATTEMPTS: usize = 5;

/// `request()` sent on fresh connections until a reply is read, at most [`ATTEMPTS`]
/// times. A server that answers a body over its limit before reading it closes the
/// connection with the body unread; the client's write can then fail before it reads the
/// reply (a race of TCP, not a different answer: every reply that is read is compared).
pub async fn exchange_until_read<B>(
    server: SocketAddr,
    request: impl Fn() -> http::Request<B>,
) -> Reply
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let mut broken = Vec::new();
    for _ in 0..ATTEMPTS {
        match try_exchange(server, request()).await {
            Ok(reply) => return reply,
            Err(error) => broken.push(error.to_string()),
        }
    }
    panic!("no reply in {ATTEMPTS} attempts: {broken:?}");
}

/// One request on a fresh HTTP/1.1 connection to `server`, and the whole reply.
pub async fn exchange<B>(server: SocketAddr, request: http::Request<B>) -> Reply
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    try_exchange(server, request).await.expect("a reply")
}

/// [`exchange`], `Err` when the connection broke before the whole reply was read.
async fn try_exchange<B>(server: SocketAddr, request: http::Request<B>) -> hyper::Result<Reply>
where
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = tokio::net::TcpStream::connect(server)
        .await
        .expect("connecting to the test server");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("HTTP/1.1 handshake");
    tokio::spawn(connection);
    let response = sender.send_request(request).await?;
    let (parts, body) = response.into_parts();
    let body = body.collect().await?.to_bytes().to_vec();
    Ok(Reply {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body,
    })
}

/// `app` served on an ephemeral port of 127.0.0.1 by a thread of its own.
pub fn serve_axum(app: axum::Router) -> SocketAddr {
    serve_on_thread(|listener| async move { axum::serve(listener, app).await })
}

/// `serve` run on a listener bound to an ephemeral port of 127.0.0.1, by a thread of its
/// own with a single-threaded runtime.
pub fn serve_on_thread<F, Fut>(serve: F) -> SocketAddr
where
    F: FnOnce(tokio::net::TcpListener) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = std::io::Result<()>>,
{
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking listener");
    let address = listener.local_addr().expect("the bound address");
    std::thread::spawn(move || {
        block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a tokio listener");
            serve(listener).await.expect("serving");
        })
    });
    address
}

/// The app built by `$factory` (an actix-web `App` factory) served on an ephemeral port
/// of 127.0.0.1 by a thread of its own, with one worker.
#[macro_export]
macro_rules! serve_actix {
    ($factory:expr) => {{
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0");
        let address = listener.local_addr().expect("the bound address");
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                actix_web::HttpServer::new($factory)
                    .workers(1)
                    .disable_signals()
                    .listen(listener)
                    .expect("listening")
                    .run()
                    .await
                    .expect("serving");
            })
        });
        address
    }};
}

/// `method path` with no body over a fresh connection.
pub fn call(server: SocketAddr, method: &str, path: &str) -> Reply {
    let request = http::Request::builder()
        .method(method)
        .uri(path)
        .header(http::header::HOST, server.to_string())
        .body(Full::new(Bytes::new()))
        .expect("a valid request");
    block_on(exchange(server, request))
}

/// Runs `future` on a fresh single-threaded runtime.
pub fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .expect("a tokio runtime")
        .block_on(future)
}

/// The `x-fal-*` headers of a response, sorted by name.
pub fn fal_headers(headers: &http::HeaderMap) -> Vec<(String, String)> {
    let mut fal: Vec<_> = headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with("x-fal-"))
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or("<not text>").to_owned(),
            )
        })
        .collect();
    fal.sort();
    fal
}

/// Sends the case's request to `server` and checks the exact status, `content-type`, the
/// exact set of `x-fal-*` headers and the body bytes.
pub fn check(server: SocketAddr, case: Case) {
    let reply = block_on(send(
        server,
        case.path,
        case.content_type,
        case.body,
        case.chunked,
    ));
    let body = String::from_utf8_lossy(&reply.body);
    assert_eq!(body, case.expected, "body");
    assert_eq!(reply.status, case.status, "status");
    assert_eq!(
        reply
            .headers
            .get_all(http::header::CONTENT_TYPE)
            .iter()
            .collect::<Vec<_>>(),
        ["application/json"],
        "content-type"
    );
    let unbilled = case
        .unbilled
        .then(|| ("x-fal-billable-units".to_owned(), "0".to_owned()));
    let retryable = case
        .retryable
        .map(|retryable| ("x-fal-retryable".to_owned(), retryable.to_owned()));
    let expected_fal: Vec<(String, String)> = unbilled.into_iter().chain(retryable).collect();
    assert_eq!(fal_headers(&reply.headers), expected_fal, "x-fal-* headers");
}
