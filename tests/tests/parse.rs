//! Reading fal error responses back: both body shapes, the lenient item reading, the
//! string-detail fallbacks, every step of the retry precedence, and the bodies that are
//! not fal error bodies at all.

use fal_error::{
    ErrorDetail, Loc, ReceivedBody, ReceivedError, RequestError, RequestErrorType, RetryDecision,
    RetryReason, UnparsedBody, UnparsedReason,
};
use fal_error_tests::{fixture, minify_json};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use serde_json::{Value, json};

/// Header name and value pairs of a test case.
type Pairs = &'static [(&'static str, &'static str)];

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

fn status(code: u16) -> StatusCode {
    StatusCode::from_u16(code).unwrap()
}

fn parse(code: u16, pairs: &[(&str, &str)], body: &str) -> ReceivedError {
    ReceivedError::parse(status(code), &headers(pairs), body.as_bytes())
        .unwrap_or_else(|unparsed| panic!("{body} did not parse: {unparsed}"))
}

fn unparsed(code: u16, pairs: &[(&str, &str)], body: &[u8]) -> UnparsedBody {
    match ReceivedError::parse(status(code), &headers(pairs), body) {
        Ok(error) => panic!("{} parsed: {error}", String::from_utf8_lossy(body)),
        Err(unparsed) => unparsed,
    }
}

/// Everything a `ReceivedError` says, as one comparable value.
#[derive(Debug, PartialEq)]
struct Received {
    status: StatusCode,
    body: ReceivedBody,
    retry: RetryDecision,
    request_id: Option<String>,
    timeout_type: Option<String>,
}

impl From<&ReceivedError> for Received {
    fn from(error: &ReceivedError) -> Self {
        Received {
            status: error.status(),
            body: error.body().clone(),
            retry: error.retry(),
            request_id: error.request_id().map(str::to_owned),
            timeout_type: error.timeout_type().map(str::to_owned),
        }
    }
}

/// Everything an `UnparsedBody` says, as one comparable value.
#[derive(Debug, PartialEq)]
struct Unparsed {
    status: StatusCode,
    raw: String,
    reason: UnparsedReason,
    error_type: Option<RequestErrorType>,
    retry: RetryDecision,
}

impl From<&UnparsedBody> for Unparsed {
    fn from(unparsed: &UnparsedBody) -> Self {
        Unparsed {
            status: unparsed.status(),
            raw: unparsed.raw().to_owned(),
            reason: unparsed.reason(),
            error_type: unparsed.error_type().cloned(),
            retry: unparsed.retry(),
        }
    }
}

const fn decision(retry: bool, reason: RetryReason) -> RetryDecision {
    RetryDecision { retry, reason }
}

fn value_error(msg: &str) -> ReceivedBody {
    ReceivedBody::Detail(vec![ErrorDetail {
        loc: Loc::body(),
        msg: msg.to_owned(),
        error_type: "value_error".to_owned(),
        url: None,
        ctx: None,
        input: None,
    }])
}

fn request(error_type: RequestErrorType, detail: &'static str, code: u16) -> ReceivedBody {
    ReceivedBody::Request(RequestError::new(error_type, detail).with_status(status(code)))
}

// ---- the detail-array shape ---------------------------------------------------------

#[test]
fn detail_array_becomes_items() {
    let body = r#"{"detail":[
        {"loc":["body","image_url"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors#image_too_large","ctx":{"max_height":1024,"max_width":1024},"input":"https://example.com/a.jpg"},
        {"loc":["body","images",2],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of","ctx":{"multiple_of":8},"input":513}
    ]}"#;
    let error = parse(
        422,
        &[("x-fal-retryable", "false"), ("x-fal-request-id", "req-1")],
        body,
    );
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ReceivedBody::Detail(vec![
                ErrorDetail {
                    loc: Loc::field("image_url"),
                    msg: "Image too large".to_owned(),
                    error_type: "image_too_large".to_owned(),
                    url: Some("https://docs.fal.ai/errors#image_too_large".to_owned()),
                    ctx: Some(json!({ "max_height": 1024, "max_width": 1024 }).into()),
                    input: Some(json!("https://example.com/a.jpg").into()),
                },
                ErrorDetail {
                    loc: Loc::field("images").index(2),
                    msg: "Input should be a multiple of 8".to_owned(),
                    error_type: "multiple_of".to_owned(),
                    url: Some("https://docs.fal.ai/errors/#multiple_of".to_owned()),
                    ctx: Some(json!({ "multiple_of": 8 }).into()),
                    input: Some(json!(513).into()),
                },
            ]),
            retry: decision(false, RetryReason::RetryableHeader),
            request_id: Some("req-1".to_owned()),
            timeout_type: None,
        }
    );
    assert_eq!(error.error_type(), Some("image_too_large"));
    assert_eq!(error.details().len(), 2);
    assert_eq!(error.request_error(), None);
}

#[test]
fn detail_items_are_read_leniently() {
    let body = r#"{"detail":[
        {"loc":["body","width"],"msg":"m1","type":"t1"},
        {"loc":["body","height"],"msg":"m2","type":"t2","ctx":null,"input":null,"extra":{"x":1}},
        {"loc":["body"],"msg":"m3","type":"t3","ctx":{},"url":"https://example.com/t3"}
    ],"trace_id":"abc"}"#;
    let error = parse(422, &[], body);
    assert_eq!(
        error.body(),
        &ReceivedBody::Detail(vec![
            ErrorDetail {
                loc: Loc::field("width"),
                msg: "m1".to_owned(),
                error_type: "t1".to_owned(),
                url: None,
                ctx: None,
                input: None,
            },
            ErrorDetail {
                loc: Loc::field("height"),
                msg: "m2".to_owned(),
                error_type: "t2".to_owned(),
                url: None,
                ctx: None,
                input: Some(Value::Null.into()),
            },
            ErrorDetail {
                loc: Loc::body(),
                msg: "m3".to_owned(),
                error_type: "t3".to_owned(),
                url: Some("https://example.com/t3".to_owned()),
                ctx: None,
                input: None,
            },
        ])
    );
}

#[test]
fn detail_array_ignores_a_body_error_type() {
    let error = parse(
        422,
        &[],
        r#"{"detail":[{"loc":["body"],"msg":"m","type":"t"}],"error_type":5}"#,
    );
    assert_eq!(
        error.body(),
        &ReceivedBody::Detail(vec![ErrorDetail::new("t", "m")])
    );
}

#[test]
fn every_model_errors_fixture_reads_back_to_its_items() {
    let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/model-errors");
    let mut count = 0;
    for entry in std::fs::read_dir(directory).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let items = minify_json(&fixture(&format!("model-errors/{name}")));
        let error = parse(422, &[], &format!(r#"{{"detail":{items}}}"#));
        let expected: Vec<ErrorDetail> = serde_json::from_str(&items).unwrap();
        assert_eq!(error.details(), expected, "{name}");
        assert_eq!(
            serde_json::from_str::<Value>(&serde_json::to_string(error.details()).unwrap())
                .unwrap(),
            serde_json::from_str::<Value>(&items).unwrap(),
            "{name}"
        );
        count += 1;
    }
    assert_eq!(count, 31);
}

// ---- the string-detail shapes -------------------------------------------------------

#[test]
fn string_detail_without_type_becomes_a_value_error_item() {
    let error = parse(422, &[], r#"{"detail":"Prompt must not be empty"}"#);
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: value_error("Prompt must not be empty"),
            retry: decision(false, RetryReason::Status),
            request_id: None,
            timeout_type: None,
        }
    );
    assert_eq!(error.error_type(), Some("value_error"));
    assert_eq!(
        serde_json::to_string(error.details()).unwrap(),
        r#"[{"loc":["body"],"msg":"Prompt must not be empty","type":"value_error","url":"https://docs.fal.ai/errors/#value_error"}]"#
    );
}

#[test]
fn flat_body_is_a_request_error() {
    let error = parse(
        504,
        &[],
        r#"{"detail":"Request timed out","error_type":"request_timeout"}"#,
    );
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::GATEWAY_TIMEOUT,
            body: request(RequestErrorType::RequestTimeout, "Request timed out", 504),
            retry: decision(true, RetryReason::ErrorType),
            request_id: None,
            timeout_type: None,
        }
    );
    assert_eq!(error.error_type(), Some("request_timeout"));
    assert_eq!(error.details(), []);
}

#[test]
fn request_error_keeps_the_received_status() {
    let error = parse(
        500,
        &[],
        r#"{"detail":"Request timed out","error_type":"request_timeout"}"#,
    );
    assert_eq!(
        error.request_error(),
        Some(
            &RequestError::new(RequestErrorType::RequestTimeout, "Request timed out")
                .with_status(status(500))
        )
    );
}

#[test]
fn header_error_type_makes_a_string_detail_a_request_error() {
    let error = parse(
        503,
        &[
            ("x-fal-error-type", "runner_disconnected"),
            ("x-fal-request-id", "req-7"),
        ],
        r#"{"detail":"Runner disconnected"}"#,
    );
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: request(
                RequestErrorType::RunnerDisconnected,
                "Runner disconnected",
                503
            ),
            retry: decision(true, RetryReason::ErrorType),
            request_id: Some("req-7".to_owned()),
            timeout_type: None,
        }
    );
}

#[test]
fn body_error_type_beats_the_header() {
    let error = parse(
        400,
        &[("x-fal-error-type", "runner_disconnected")],
        r#"{"detail":"Invalid timeout header","error_type":"bad_request"}"#,
    );
    assert_eq!(
        error.body(),
        &request(RequestErrorType::BadRequest, "Invalid timeout header", 400)
    );
    assert_eq!(error.retry(), decision(false, RetryReason::ErrorType));
}

#[test]
fn null_or_empty_body_error_type_counts_as_absent() {
    assert_eq!(
        parse(422, &[], r#"{"detail":"Bad","error_type":null}"#).body(),
        &value_error("Bad")
    );
    assert_eq!(
        parse(422, &[], r#"{"detail":"Bad","error_type":""}"#).body(),
        &value_error("Bad")
    );
    assert_eq!(
        parse(
            504,
            &[("x-fal-error-type", "startup_timeout")],
            r#"{"detail":"Slow","error_type":null}"#
        )
        .body(),
        &request(RequestErrorType::StartupTimeout, "Slow", 504)
    );
    assert_eq!(
        parse(422, &[("x-fal-error-type", " ")], r#"{"detail":"Bad"}"#).body(),
        &value_error("Bad")
    );
}

#[test]
fn unknown_request_error_type_is_kept() {
    let error = parse(
        429,
        &[],
        r#"{"detail":"Too many concurrent requests","error_type":"concurrent_requests_limit"}"#,
    );
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::TOO_MANY_REQUESTS,
            body: request(
                RequestErrorType::Other("concurrent_requests_limit".to_owned()),
                "Too many concurrent requests",
                429
            ),
            retry: decision(true, RetryReason::Status),
            request_id: None,
            timeout_type: None,
        }
    );
    assert_eq!(error.error_type(), Some("concurrent_requests_limit"));
}

#[test]
fn unknown_header_error_type_is_kept() {
    let error = parse(
        429,
        &[("x-fal-error-type", "concurrent_requests_limit")],
        r#"{"detail":"Slow down"}"#,
    );
    assert_eq!(
        error.body(),
        &request(
            RequestErrorType::Other("concurrent_requests_limit".to_owned()),
            "Slow down",
            429
        )
    );
}

// ---- retry precedence ---------------------------------------------------------------

const RUNNER_DISCONNECTED: &str =
    r#"{"detail":"Runner disconnected","error_type":"runner_disconnected"}"#;
const REQUEST_TIMEOUT: &str = r#"{"detail":"Request timed out","error_type":"request_timeout"}"#;
const BAD_REQUEST: &str = r#"{"detail":"Bad","error_type":"bad_request"}"#;
const PLAIN: &str = r#"{"detail":"Something failed"}"#;

fn retry_of(code: u16, pairs: &[(&str, &str)], body: &str) -> RetryDecision {
    parse(code, pairs, body).retry()
}

#[test]
fn needs_retry_header_wins() {
    let cases: [(Pairs, u16, &str, RetryDecision); 8] = [
        (
            &[("x-fal-needs-retry", "0"), ("x-fal-retryable", "true")],
            503,
            RUNNER_DISCONNECTED,
            decision(false, RetryReason::NeedsRetryHeader),
        ),
        (
            &[("x-fal-needs-retry", "false"), ("x-fal-retryable", "true")],
            503,
            PLAIN,
            decision(false, RetryReason::NeedsRetryHeader),
        ),
        (
            &[("x-fal-needs-retry", "1"), ("x-fal-retryable", "false")],
            422,
            PLAIN,
            decision(true, RetryReason::NeedsRetryHeader),
        ),
        (
            &[("x-fal-needs-retry", "true")],
            400,
            BAD_REQUEST,
            decision(true, RetryReason::NeedsRetryHeader),
        ),
        (
            &[("x-fal-needs-retry", "TRUE")],
            500,
            PLAIN,
            decision(true, RetryReason::NeedsRetryHeader),
        ),
        (
            &[
                ("x-fal-needs-retry", "1"),
                ("x-fal-request-timeout-type", "user"),
            ],
            504,
            REQUEST_TIMEOUT,
            decision(true, RetryReason::NeedsRetryHeader),
        ),
        (
            &[("x-fal-needs-retry", "0")],
            504,
            REQUEST_TIMEOUT,
            decision(false, RetryReason::NeedsRetryHeader),
        ),
        (
            &[("x-fal-needs-retry", " 1 ")],
            422,
            PLAIN,
            decision(true, RetryReason::NeedsRetryHeader),
        ),
    ];
    for (pairs, code, body, expected) in cases {
        assert_eq!(
            retry_of(code, pairs, body),
            expected,
            "{pairs:?} {code} {body}"
        );
    }
}

#[test]
fn other_needs_retry_values_are_ignored() {
    let cases: [(Pairs, u16, RetryDecision); 4] = [
        (
            &[("x-fal-needs-retry", "yes"), ("x-fal-retryable", "false")],
            503,
            decision(false, RetryReason::RetryableHeader),
        ),
        (
            &[("x-fal-needs-retry", "2")],
            503,
            decision(true, RetryReason::Status),
        ),
        (
            &[("x-fal-needs-retry", "")],
            422,
            decision(false, RetryReason::Status),
        ),
        (
            &[("x-fal-needs-retry", "01")],
            422,
            decision(false, RetryReason::Status),
        ),
    ];
    for (pairs, code, expected) in cases {
        assert_eq!(retry_of(code, pairs, PLAIN), expected, "{pairs:?} {code}");
    }
}

#[test]
fn retryable_header_comes_next() {
    let cases: [(Pairs, u16, &str, RetryDecision); 7] = [
        (
            &[("x-fal-retryable", "false")],
            503,
            PLAIN,
            decision(false, RetryReason::RetryableHeader),
        ),
        (
            &[("x-fal-retryable", "false")],
            503,
            RUNNER_DISCONNECTED,
            decision(false, RetryReason::RetryableHeader),
        ),
        (
            &[("x-fal-retryable", "true")],
            400,
            BAD_REQUEST,
            decision(true, RetryReason::RetryableHeader),
        ),
        (
            &[("x-fal-retryable", "true")],
            422,
            PLAIN,
            decision(true, RetryReason::RetryableHeader),
        ),
        (
            &[("x-fal-retryable", "True")],
            500,
            PLAIN,
            decision(true, RetryReason::RetryableHeader),
        ),
        (
            &[
                ("x-fal-retryable", "false"),
                ("x-fal-request-timeout-type", "user"),
            ],
            504,
            REQUEST_TIMEOUT,
            decision(false, RetryReason::RetryableHeader),
        ),
        (
            &[
                ("x-fal-retryable", "true"),
                ("x-fal-request-timeout-type", "user"),
            ],
            504,
            REQUEST_TIMEOUT,
            decision(true, RetryReason::RetryableHeader),
        ),
    ];
    for (pairs, code, body, expected) in cases {
        assert_eq!(
            retry_of(code, pairs, body),
            expected,
            "{pairs:?} {code} {body}"
        );
    }
}

#[test]
fn retryable_takes_only_true_or_false() {
    assert_eq!(
        retry_of(422, &[("x-fal-retryable", "1")], PLAIN),
        decision(false, RetryReason::Status)
    );
    assert_eq!(
        retry_of(503, &[("x-fal-retryable", "0")], PLAIN),
        decision(true, RetryReason::Status)
    );
    assert_eq!(
        retry_of(503, &[("x-fal-retryable", "maybe")], PLAIN),
        decision(true, RetryReason::Status)
    );
}

#[test]
fn user_timeout_on_504_is_never_retried() {
    let user = [("x-fal-request-timeout-type", "user")];
    // `request_timeout` alone says retry: the veto comes first.
    assert_eq!(
        retry_of(504, &[], REQUEST_TIMEOUT),
        decision(true, RetryReason::ErrorType)
    );
    let error = parse(504, &user, REQUEST_TIMEOUT);
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::GATEWAY_TIMEOUT,
            body: request(RequestErrorType::RequestTimeout, "Request timed out", 504),
            retry: decision(false, RetryReason::UserTimeout),
            request_id: None,
            timeout_type: Some("user".to_owned()),
        }
    );
    assert_eq!(
        retry_of(504, &user, PLAIN),
        decision(false, RetryReason::UserTimeout)
    );
    assert_eq!(
        retry_of(504, &[("x-fal-request-timeout-type", "User")], PLAIN),
        decision(false, RetryReason::UserTimeout)
    );
    assert_eq!(
        Unparsed::from(&unparsed(504, &user, b"")).retry,
        decision(false, RetryReason::UserTimeout)
    );
}

#[test]
fn user_timeout_veto_needs_a_504_and_the_user_type() {
    assert_eq!(
        retry_of(
            503,
            &[("x-fal-request-timeout-type", "user")],
            RUNNER_DISCONNECTED
        ),
        decision(true, RetryReason::ErrorType)
    );
    assert_eq!(
        retry_of(
            504,
            &[("x-fal-request-timeout-type", "system")],
            REQUEST_TIMEOUT
        ),
        decision(true, RetryReason::ErrorType)
    );
    assert_eq!(
        retry_of(504, &[("x-fal-request-timeout-type", "system")], PLAIN),
        decision(true, RetryReason::Status)
    );
}

#[test]
fn request_error_type_guidance_comes_before_the_status() {
    let cases: [(u16, Pairs, &str, RetryDecision); 6] = [
        (
            503,
            &[],
            BAD_REQUEST,
            decision(false, RetryReason::ErrorType),
        ),
        (
            500,
            &[],
            r#"{"detail":"Crash","error_type":"runner_server_error"}"#,
            decision(true, RetryReason::ErrorType),
        ),
        (
            502,
            &[],
            r#"{"detail":"Cut","error_type":"runner_incomplete_response"}"#,
            decision(true, RetryReason::ErrorType),
        ),
        (
            503,
            &[],
            r#"{"detail":"Oops","error_type":"internal_error"}"#,
            decision(false, RetryReason::ErrorType),
        ),
        (
            499,
            &[("x-fal-error-type", "client_cancelled")],
            PLAIN,
            decision(false, RetryReason::ErrorType),
        ),
        (
            500,
            &[("x-fal-error-type", "runner_connection_refused")],
            PLAIN,
            decision(true, RetryReason::ErrorType),
        ),
    ];
    for (code, pairs, body, expected) in cases {
        assert_eq!(
            retry_of(code, pairs, body),
            expected,
            "{code} {pairs:?} {body}"
        );
    }
    // The header's type also guides a detail-array body and an unparsed body.
    assert_eq!(
        retry_of(
            500,
            &[("x-fal-error-type", "runner_server_error")],
            r#"{"detail":[{"loc":["body"],"msg":"m","type":"t"}]}"#
        ),
        decision(true, RetryReason::ErrorType)
    );
    assert_eq!(
        unparsed(503, &[("x-fal-error-type", "bad_request")], b"<html>").retry(),
        decision(false, RetryReason::ErrorType)
    );
}

#[test]
fn unknown_type_falls_through_to_the_status() {
    let body = r#"{"detail":"Slow down","error_type":"concurrent_requests_limit"}"#;
    assert_eq!(
        retry_of(429, &[], body),
        decision(true, RetryReason::Status)
    );
    assert_eq!(
        retry_of(500, &[], body),
        decision(false, RetryReason::Status)
    );
}

#[test]
fn status_decides_last() {
    let statuses = [
        (400, false),
        (401, false),
        (403, false),
        (404, false),
        (408, true),
        (409, true),
        (410, false),
        (413, false),
        (422, false),
        (429, true),
        (499, false),
        (500, false),
        (501, false),
        (502, false),
        (503, true),
        (504, true),
        (505, false),
        (520, false),
    ];
    for (code, retry) in statuses {
        let expected = decision(retry, RetryReason::Status);
        let error = parse(code, &[], PLAIN);
        assert_eq!(
            (code, error.retry(), error.should_retry()),
            (code, expected, retry)
        );
        let unparsed = unparsed(code, &[], b"<html>error</html>");
        assert_eq!(
            (code, unparsed.retry(), unparsed.should_retry()),
            (code, expected, retry)
        );
    }
}

#[test]
fn unparsed_body_gets_the_same_precedence() {
    let body = b"upstream error";
    let cases: [(u16, Pairs, RetryDecision); 5] = [
        (
            503,
            &[("x-fal-needs-retry", "0"), ("x-fal-retryable", "true")],
            decision(false, RetryReason::NeedsRetryHeader),
        ),
        (
            503,
            &[("x-fal-retryable", "false")],
            decision(false, RetryReason::RetryableHeader),
        ),
        (
            504,
            &[
                ("x-fal-request-timeout-type", "user"),
                ("x-fal-error-type", "request_timeout"),
            ],
            decision(false, RetryReason::UserTimeout),
        ),
        (
            500,
            &[("x-fal-error-type", "runner_server_error")],
            decision(true, RetryReason::ErrorType),
        ),
        (502, &[], decision(false, RetryReason::Status)),
    ];
    for (code, pairs, expected) in cases {
        assert_eq!(
            unparsed(code, pairs, body).retry(),
            expected,
            "{code} {pairs:?}"
        );
    }
}

#[test]
fn first_of_repeated_headers_counts() {
    assert_eq!(
        retry_of(
            422,
            &[("x-fal-retryable", "true"), ("x-fal-retryable", "false")],
            PLAIN
        ),
        decision(true, RetryReason::RetryableHeader)
    );
}

// ---- bodies that are not fal error bodies ---------------------------------------------

#[test]
fn unparsed_bodies_keep_status_and_text() {
    let cases: [(&[u8], UnparsedReason); 17] = [
        (b"", UnparsedReason::Empty),
        (b" \r\n\t", UnparsedReason::Empty),
        (
            b"<html><body>502 Bad Gateway</body></html>",
            UnparsedReason::NotJson,
        ),
        (b"Internal Server Error", UnparsedReason::NotJson),
        (br#"{"detail":"cut"#, UnparsedReason::NotJson),
        (b"[]", UnparsedReason::NoDetail),
        (b"null", UnparsedReason::NoDetail),
        (b"\"detail\"", UnparsedReason::NoDetail),
        (b"{}", UnparsedReason::NoDetail),
        (br#"{"error":"Not found"}"#, UnparsedReason::NoDetail),
        (br#"{"detail":5}"#, UnparsedReason::InvalidDetail),
        (br#"{"detail":null}"#, UnparsedReason::InvalidDetail),
        (br#"{"detail":{"msg":"m"}}"#, UnparsedReason::InvalidDetail),
        (br#"{"detail":[]}"#, UnparsedReason::EmptyDetail),
        (
            br#"{"detail":[{"msg":"no loc","type":"t"}]}"#,
            UnparsedReason::InvalidItem { index: 0 },
        ),
        (
            br#"{"detail":[7,{"loc":["body"],"msg":"m"}]}"#,
            UnparsedReason::InvalidItem { index: 0 },
        ),
        (
            br#"{"detail":"text","error_type":7}"#,
            UnparsedReason::InvalidErrorType,
        ),
    ];
    for (body, reason) in cases {
        let raw = std::str::from_utf8(body).unwrap();
        assert_eq!(
            Unparsed::from(&unparsed(502, &[], body)),
            Unparsed {
                status: StatusCode::BAD_GATEWAY,
                raw: raw.to_owned(),
                reason,
                error_type: None,
                retry: decision(false, RetryReason::Status),
            },
            "{raw}"
        );
    }
}

#[test]
fn invalid_items_are_rejected() {
    let items = [
        r#"{"loc":[-1],"msg":"m","type":"t"}"#,
        r#"{"loc":[1.5],"msg":"m","type":"t"}"#,
        r#"{"loc":"body","msg":"m","type":"t"}"#,
        r#"{"loc":["body"],"msg":5,"type":"t"}"#,
        r#"{"loc":["body"],"msg":"m"}"#,
        r#"{"loc":["body"],"msg":"m","type":"t","ctx":[1]}"#,
        r#"{"loc":["body"],"msg":"m","type":"t","url":5}"#,
    ];
    for item in items {
        let body = format!(r#"{{"detail":[{item}]}}"#);
        assert_eq!(
            unparsed(422, &[], body.as_bytes()).reason(),
            UnparsedReason::InvalidItem { index: 0 },
            "{item}"
        );
    }
}

#[test]
fn non_utf8_body_is_kept_lossily() {
    let body = b"{\"detail\":\"caf\xe9\"}";
    assert_eq!(
        Unparsed::from(&unparsed(
            500,
            &[("x-fal-error-type", "internal_error")],
            body
        )),
        Unparsed {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            raw: "{\"detail\":\"caf\u{FFFD}\"}".to_owned(),
            reason: UnparsedReason::NotUtf8,
            error_type: Some(RequestErrorType::InternalError),
            retry: decision(false, RetryReason::ErrorType),
        }
    );
}

#[test]
fn unparsed_body_keeps_header_metadata() {
    let unparsed = unparsed(
        504,
        &[
            ("x-fal-error-type", "concurrent_requests_limit"),
            ("x-fal-request-id", "req-42"),
            ("x-fal-request-timeout-type", "system"),
        ],
        b"gateway timeout",
    );
    assert_eq!(
        Unparsed::from(&unparsed),
        Unparsed {
            status: StatusCode::GATEWAY_TIMEOUT,
            raw: "gateway timeout".to_owned(),
            reason: UnparsedReason::NotJson,
            error_type: Some(RequestErrorType::Other(
                "concurrent_requests_limit".to_owned()
            )),
            retry: decision(true, RetryReason::Status),
        }
    );
    assert_eq!(unparsed.request_id(), Some("req-42"));
    assert_eq!(unparsed.timeout_type(), Some("system"));
}

// ---- accessors, field errors, display -----------------------------------------------

#[test]
fn field_errors_match_the_last_loc_element() {
    let body = r#"{"detail":[
        {"loc":["body","width"],"msg":"a","type":"multiple_of"},
        {"loc":["body","height"],"msg":"b","type":"multiple_of"},
        {"loc":["body","size","width"],"msg":"c","type":"greater_than"},
        {"loc":["body","width","inner"],"msg":"d","type":"t"},
        {"loc":["body","images",2],"msg":"e","type":"t"},
        {"loc":[],"msg":"f","type":"t"}
    ]}"#;
    let error = parse(422, &[], body);
    let msgs = |name: &str| {
        error
            .field_errors(name)
            .map(|item| item.msg.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(msgs("width"), ["a", "c"]);
    assert_eq!(msgs("height"), ["b"]);
    assert_eq!(msgs("inner"), ["d"]);
    assert_eq!(msgs("body"), Vec::<String>::new());
    assert_eq!(msgs("2"), Vec::<String>::new());
    assert_eq!(msgs("images"), Vec::<String>::new());

    let fallback = parse(422, &[], r#"{"detail":"Bad input"}"#);
    assert_eq!(
        fallback.field_errors("body").collect::<Vec<_>>(),
        [&ErrorDetail::new("value_error", "Bad input")]
    );
    assert_eq!(
        parse(504, &[], REQUEST_TIMEOUT)
            .field_errors("body")
            .count(),
        0
    );
}

#[test]
fn from_response_is_parse() {
    let response = http::Response::builder()
        .status(503)
        .header("x-fal-error-type", "runner_connection_error")
        .header("x-fal-request-id", "req-3")
        .body(br#"{"detail":"Connection error"}"#.to_vec())
        .unwrap();
    let error = ReceivedError::from_response(&response).unwrap();
    assert_eq!(
        error,
        ReceivedError::parse(response.status(), response.headers(), response.body()).unwrap()
    );
    assert_eq!(
        Received::from(&error),
        Received {
            status: StatusCode::SERVICE_UNAVAILABLE,
            body: request(
                RequestErrorType::RunnerConnectionError,
                "Connection error",
                503
            ),
            retry: decision(true, RetryReason::ErrorType),
            request_id: Some("req-3".to_owned()),
            timeout_type: None,
        }
    );
    let unparsed =
        ReceivedError::from_response(&http::Response::builder().status(502).body("").unwrap())
            .unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::Empty);
}

#[test]
fn into_body_hands_out_the_body() {
    let error = parse(504, &[], REQUEST_TIMEOUT);
    assert_eq!(
        error.into_body(),
        request(RequestErrorType::RequestTimeout, "Request timed out", 504)
    );
}

#[test]
fn display() {
    assert_eq!(
        parse(504, &[], REQUEST_TIMEOUT).to_string(),
        "504 Gateway Timeout: Request timed out (request_timeout)"
    );
    assert_eq!(
        parse(
            422,
            &[],
            r#"{"detail":[{"loc":["body","width"],"msg":"Too wide","type":"t1"},{"loc":["body","images",2],"msg":"Too tall","type":"t2"}]}"#
        )
        .to_string(),
        "422 Unprocessable Entity: body.width: Too wide (t1); body.images.2: Too tall (t2)"
    );
    assert_eq!(
        unparsed(502, &[], b"<html>").to_string(),
        "502 Bad Gateway: body is not JSON"
    );
    assert_eq!(
        unparsed(503, &[("x-fal-error-type", "runner_disconnected")], b"").to_string(),
        "503 Service Unavailable: empty body (runner_disconnected)"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(parse(422, &[], PLAIN));
    assert_eq!(
        boxed.to_string(),
        "422 Unprocessable Entity: body: Something failed (value_error)"
    );
    let boxed: Box<dyn std::error::Error> = Box::new(unparsed(500, &[], b"[]"));
    assert_eq!(
        boxed.to_string(),
        "500 Internal Server Error: body is not an object with `detail`"
    );
}
