//! What each fuzz target checks on one input. The targets (`fuzz_targets/`) and the
//! corpus replay test of the main workspace (`tests/tests/fuzz_corpus.rs`) both include
//! this file, so the committed corpus is checked on stable by `cargo test`.

use fal_error::json::{self, JsonConfig};
use fal_error::{
    EchoLimits, ErrorDetail, ErrorResponse, FalError, QueueStatus, RawJson, ReceivedBody,
    ReceivedError, RetryReason, UnparsedReason, echo_value,
};
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::Deserialize;
use serde_json::Value;

/// The flags byte chooses which retry headers are sent and with which value.
fn headers(flags: u8) -> HeaderMap {
    const VALUES: [&str; 4] = ["true", "false", "1", "TRUE "];
    let mut headers = HeaderMap::new();
    let mut add = |bit: u8, name: &'static str, value: &str| {
        if flags & bit != 0 {
            headers.insert(name, HeaderValue::from_str(value).expect("a header value"));
        }
    };
    add(1, "x-fal-needs-retry", VALUES[usize::from(flags >> 6)]);
    add(2, "x-fal-retryable", VALUES[usize::from((flags >> 4) & 3)]);
    add(4, "x-fal-request-timeout-type", "user");
    add(8, "x-fal-error-type", "runner_disconnected");
    add(16, "retry-after", "Sun, 06 Nov 1994 08:49:37 GMT");
    headers
}

/// `ReceivedError::parse` of `[status high, status low, flags, body...]`: no panic, an
/// `Ok` describes an error, and a body that serde_json reads is never called not JSON;
/// every `ctx` (an object) and `input` kept is text that serde_json reads and that reads
/// again into itself; every item read back into a `ModelError` writes a response again;
/// `QueueStatus::parse` of the same bytes never panics.
pub fn received_parse(data: &[u8]) {
    let [high, low, flags, body @ ..] = data else {
        return;
    };
    let code = 100 + u16::from_be_bytes([*high, *low]) % 500;
    let status = StatusCode::from_u16(code).expect("a status in 100..=599");
    let headers = headers(*flags);
    match ReceivedError::parse(status, &headers, body) {
        Ok(error) => {
            assert_eq!(error.status(), status);
            match error.body() {
                ReceivedBody::Detail(items) => assert!(!items.is_empty()),
                ReceivedBody::Request(request) => assert_eq!(request.status(), status),
            }
            if flags & 1 == 0 && flags & 2 == 0 {
                assert_ne!(error.retry().reason, RetryReason::NeedsRetryHeader);
            }
            let _ = error.to_string();
            for item in error.details() {
                let written = serde_json::to_string(item).expect("an item serializes");
                let again: ErrorDetail = serde_json::from_str(&written).expect("reads back");
                assert_eq!(again.loc, item.loc);
                assert_eq!(again.msg, item.msg);
                for raw in item.ctx.iter().chain(&item.input) {
                    serde_json::from_str::<Value>(raw.get()).expect("serde_json reads it");
                    assert_eq!(RawJson::from_json(raw.get()).ok().as_ref(), Some(raw));
                }
                if let Some(ctx) = &item.ctx {
                    assert!(
                        ctx.to_value()
                            .as_object()
                            .is_some_and(|ctx| !ctx.is_empty())
                    );
                }
            }
            for typed in error.model_errors() {
                match typed {
                    Ok(typed) => assert_eq!(typed.to_response().status(), typed.status()),
                    Err(why) => assert!(!why.to_string().is_empty()),
                }
            }
        }
        Err(unparsed) => {
            assert_eq!(unparsed.status(), status);
            let plain = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
            if serde_json::from_slice::<Value>(plain).is_ok() {
                assert!(
                    !matches!(
                        unparsed.reason(),
                        UnparsedReason::NotJson | UnparsedReason::NotUtf8
                    ),
                    "serde_json reads what parse calls {}",
                    unparsed.reason()
                );
            }
            let _ = unparsed.to_string();
        }
    }
    match QueueStatus::parse(status, &headers, body) {
        Ok(QueueStatus::Failed(error)) => {
            assert!(error.request_error().is_some() || error.details().len() == 1);
            let _ = error.to_string();
        }
        Ok(_) => {}
        Err(unparsed) => assert_eq!(unparsed.status(), status),
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Request {
    prompt: String,
    width: u32,
    #[serde(default)]
    ratio: Option<f64>,
    #[serde(default)]
    images: Vec<Image>,
    #[serde(default)]
    mode: Option<Mode>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Image {
    url: String,
    #[serde(default)]
    strength: Option<i8>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum Mode {
    Fast,
    Quality { steps: u16 },
}

/// `json::from_body` of `[limit byte, body...]`: no panic, and every rejection is a fal
/// error body that `ReceivedError::parse` reads back to the same type.
pub fn json_from_body(data: &[u8]) {
    let [limit, body @ ..] = data else {
        return;
    };
    let config = JsonConfig::new().limit(usize::from(*limit) * 16);
    let Err(rejection) = json::from_body::<Request>(Some(b"application/json"), body, &config)
    else {
        return;
    };
    let response: ErrorResponse = rejection.to_response();
    let (status, headers, bytes) = response.into_parts();
    let read = ReceivedError::parse(status, &headers, &bytes).expect("a rejection reads back");
    assert_eq!(read.status(), status);
    assert!(read.error_type().is_some());
}

/// `echo_value` of a JSON value under limits from `[items, depth, string bytes, json...]`:
/// no panic, the limits hold, and the echo, written in a body, reads back unchanged.
pub fn echo(data: &[u8]) {
    let [items, depth, bytes, json @ ..] = data else {
        return;
    };
    let Ok(value) = serde_json::from_slice::<Value>(json) else {
        return;
    };
    let limits = EchoLimits {
        max_items: usize::from(*items),
        max_depth: usize::from(*depth % 32),
        max_string_bytes: usize::from(*bytes) * 4,
        ..EchoLimits::DEFAULT
    };
    let echoed = echo_value(&value, &limits);
    assert!(depth_of(&echoed) <= limits.max_depth + 1);
    let mut item = ErrorDetail::new("value_error", "m");
    item.input = Some(RawJson::from(&echoed));
    let body = format!(
        r#"{{"detail":[{}]}}"#,
        serde_json::to_string(&item).expect("an echo serializes")
    );
    let read = ReceivedError::parse(
        StatusCode::UNPROCESSABLE_ENTITY,
        &HeaderMap::new(),
        body.as_bytes(),
    )
    .expect("an echo reads back");
    let input = read.details()[0]
        .input
        .as_ref()
        .expect("the echo is read back");
    assert_eq!(input.to_value(), echoed);
}

fn depth_of(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth_of).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth_of).max().unwrap_or(0),
        _ => 0,
    }
}
