//! Conformance with fal's request-errors page: its example reproduced byte for byte, and
//! every type's status, headers and body, written and then read back with
//! `ReceivedError::parse`.

use fal_error::{
    ReceivedBody, ReceivedError, RequestError, RequestErrorType, RetryDecision, RetryReason,
    X_FAL_RETRYABLE,
};
use fal_error_tests::{fixture, minify_json};
use http::StatusCode;

#[test]
fn page_example_is_reproduced_byte_for_byte() {
    let expected = minify_json(&fixture("request-errors/request_timeout.json"));
    assert_eq!(
        expected,
        r#"{"detail":"Request timed out","error_type":"request_timeout"}"#
    );
    let response =
        RequestError::new(RequestErrorType::RequestTimeout, "Request timed out").to_response();
    assert_eq!(response.body(), expected);
    assert_eq!(serde_json::to_string(&response).unwrap(), expected);
}

#[test]
fn model_errors_page_shows_the_same_example() {
    let from_model_page = fixture("request-errors/model-errors-page-request_timeout.json");
    let from_request_page = fixture("request-errors/request_timeout.json");
    assert_eq!(from_model_page, from_request_page);
    assert_eq!(
        minify_json(&from_model_page),
        minify_json(&from_request_page)
    );
}

/// One row of the page's table: type, wire name, typical status, `x-fal-retryable`, and
/// the page's description used as the `detail` text.
struct Row {
    error_type: RequestErrorType,
    name: &'static str,
    status: u16,
    retryable: bool,
    detail: &'static str,
}

const fn row(
    error_type: RequestErrorType,
    name: &'static str,
    status: u16,
    retryable: bool,
    detail: &'static str,
) -> Row {
    Row {
        error_type,
        name,
        status,
        retryable,
        detail,
    }
}

fn table() -> Vec<Row> {
    use RequestErrorType::*;
    vec![
        row(
            RequestTimeout,
            "request_timeout",
            504,
            true,
            "The request exceeded the allowed processing time.",
        ),
        row(
            StartupTimeout,
            "startup_timeout",
            504,
            true,
            "The runner did not start within the allowed time.",
        ),
        row(
            RunnerSchedulingFailure,
            "runner_scheduling_failure",
            503,
            true,
            "No runner could be allocated to handle the request.",
        ),
        row(
            RunnerConnectionTimeout,
            "runner_connection_timeout",
            503,
            true,
            "The connection to the runner timed out.",
        ),
        row(
            RunnerDisconnected,
            "runner_disconnected",
            503,
            true,
            "The runner disconnected unexpectedly during processing.",
        ),
        row(
            RunnerConnectionRefused,
            "runner_connection_refused",
            503,
            true,
            "The runner refused the connection.",
        ),
        row(
            RunnerConnectionError,
            "runner_connection_error",
            503,
            true,
            "A general connection error occurred with the runner.",
        ),
        row(
            RunnerIncompleteResponse,
            "runner_incomplete_response",
            502,
            true,
            "The runner sent an incomplete response payload.",
        ),
        row(
            RunnerServerError,
            "runner_server_error",
            500,
            true,
            "The runner encountered an internal server error.",
        ),
        row(
            ClientDisconnected,
            "client_disconnected",
            499,
            false,
            "The client closed the connection before the response was sent.",
        ),
        row(
            ClientCancelled,
            "client_cancelled",
            499,
            false,
            "The request was cancelled by the client.",
        ),
        row(
            BadRequest,
            "bad_request",
            400,
            false,
            "The request was malformed (e.g., invalid timeout header).",
        ),
        row(
            InternalError,
            "internal_error",
            500,
            false,
            "An unexpected internal error occurred.",
        ),
    ]
}

#[test]
fn table_lists_all_thirteen_types_in_the_page_order() {
    let types: Vec<RequestErrorType> = table().into_iter().map(|row| row.error_type).collect();
    assert_eq!(types, RequestErrorType::ALL);
}

/// Writes `error`, checks the exact wire form, then reads it back.
fn assert_round_trip(error: &RequestError, name: &str, status: u16, retryable: bool, detail: &str) {
    let response = error.to_response();
    assert_eq!(
        response.status(),
        StatusCode::from_u16(status).unwrap(),
        "{name}"
    );

    let mut headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(key, value)| (key.as_str().to_owned(), value.to_str().unwrap().to_owned()))
        .collect();
    headers.sort();
    assert_eq!(
        headers,
        [
            ("content-type".to_owned(), "application/json".to_owned()),
            ("x-fal-error-type".to_owned(), name.to_owned()),
            ("x-fal-retryable".to_owned(), retryable.to_string()),
        ],
        "{name}"
    );

    let body = format!(
        r#"{{"detail":{},"error_type":"{name}"}}"#,
        serde_json::to_string(detail).unwrap()
    );
    assert_eq!(response.body(), body, "{name}");

    let expected = ReceivedBody::Request(
        RequestError::new(RequestErrorType::from(name), detail.to_owned())
            .with_status(StatusCode::from_u16(status).unwrap()),
    );
    let received = ReceivedError::parse(
        response.status(),
        response.headers(),
        response.body().as_bytes(),
    )
    .unwrap();
    assert_eq!(received.body(), &expected, "{name}");
    assert_eq!(
        received.body(),
        &ReceivedBody::Request(error.clone()),
        "{name}"
    );
    assert_eq!(received.error_type(), Some(name), "{name}");
    assert_eq!(received.status(), response.status(), "{name}");
    assert_eq!(
        received.retry(),
        RetryDecision {
            retry: retryable,
            reason: RetryReason::RetryableHeader
        },
        "{name}"
    );

    // Through `http::Response`, as a client receives it.
    let http: http::Response<Vec<u8>> = response.clone().into();
    assert_eq!(
        ReceivedError::from_response(&http).unwrap(),
        received,
        "{name}"
    );

    // Without `x-fal-retryable`, the type's guidance (or, unknown, the status) decides.
    let mut headers = response.headers().clone();
    headers.remove(X_FAL_RETRYABLE);
    let guided =
        ReceivedError::parse(response.status(), &headers, response.body().as_bytes()).unwrap();
    let expected_guidance = match RequestErrorType::from(name).worth_retrying() {
        Some(retry) => RetryDecision {
            retry,
            reason: RetryReason::ErrorType,
        },
        None => RetryDecision {
            retry: matches!(status, 408 | 409 | 429 | 503 | 504),
            reason: RetryReason::Status,
        },
    };
    assert_eq!(guided.retry(), expected_guidance, "{name}");
    assert_eq!(guided.body(), &expected, "{name}");
}

#[test]
fn every_documented_type_round_trips() {
    for row in table() {
        let error = RequestError::new(row.error_type.clone(), row.detail);
        assert_eq!(error.error_type().as_str(), row.name);
        assert_eq!(error.status().as_u16(), row.status, "{}", row.name);
        assert_eq!(error.retryable(), row.retryable, "{}", row.name);
        assert_round_trip(&error, row.name, row.status, row.retryable, row.detail);
    }
}

#[test]
fn guidance_without_the_retryable_header_matches_the_page() {
    let expected = [
        true, true, true, true, true, true, true, true, true, false, false, false, false,
    ];
    let guidance: Vec<bool> = RequestErrorType::ALL
        .iter()
        .map(|kind| kind.worth_retrying().unwrap())
        .collect();
    assert_eq!(guidance, expected);
}

#[test]
fn unknown_type_round_trips() {
    let concurrent = RequestErrorType::Other("concurrent_requests_limit".to_owned());
    let error = RequestError::new(concurrent.clone(), "Too many concurrent requests");
    assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_round_trip(
        &error,
        "concurrent_requests_limit",
        500,
        false,
        "Too many concurrent requests",
    );

    // As seen in the wild: with 429, which is retried.
    let error = RequestError::new(concurrent, "Too many concurrent requests")
        .with_status(StatusCode::TOO_MANY_REQUESTS);
    assert_round_trip(
        &error,
        "concurrent_requests_limit",
        429,
        true,
        "Too many concurrent requests",
    );
}

#[test]
fn detail_text_with_escapes_round_trips() {
    let detail = "Runner said \"no\" \\ at 12:00\n— café";
    let error = RequestError::new(RequestErrorType::RunnerServerError, detail);
    assert_eq!(
        error.to_response().body(),
        r#"{"detail":"Runner said \"no\" \\ at 12:00\n— café","error_type":"runner_server_error"}"#
    );
    assert_round_trip(&error, "runner_server_error", 500, true, detail);
}
