//! Queue status bodies: a failed request reads back into the same typed request error
//! and retry decision as the direct response carrying its type.

use fal_error::{
    ErrorDetail, QueueStatus, ReceivedError, RequestErrorType, RetryDecision, RetryReason,
    UnparsedReason,
};
use http::{HeaderMap, StatusCode};

const TYPES: [&str; 13] = [
    "request_timeout",
    "startup_timeout",
    "runner_scheduling_failure",
    "runner_connection_timeout",
    "runner_disconnected",
    "runner_connection_refused",
    "runner_connection_error",
    "runner_incomplete_response",
    "runner_server_error",
    "client_disconnected",
    "client_cancelled",
    "bad_request",
    "internal_error",
];

fn failed(body: &str, headers: &HeaderMap) -> ReceivedError {
    match QueueStatus::parse(StatusCode::OK, headers, body.as_bytes()) {
        Ok(QueueStatus::Failed(error)) => error,
        other => panic!("{body}: {other:?}"),
    }
}

#[test]
fn a_failed_request_reads_as_the_direct_response_of_its_type() {
    for name in TYPES {
        let error_type = RequestErrorType::from(name);
        let status = error_type.typical_status().unwrap();
        let queued = failed(
            &format!(
                r#"{{"status":"COMPLETED","logs":[{{"message":"boom","level":"ERROR"}}],"metrics":{{}},"error":"It failed","error_type":"{name}"}}"#
            ),
            &HeaderMap::new(),
        );
        let direct = ReceivedError::parse(
            status,
            &HeaderMap::new(),
            format!(r#"{{"detail":"It failed","error_type":"{name}"}}"#).as_bytes(),
        )
        .unwrap();
        assert_eq!(queued, direct, "{name}");
        assert_eq!(
            queued.retry(),
            RetryDecision {
                retry: error_type.worth_retrying().unwrap(),
                reason: RetryReason::ErrorType
            },
            "{name}"
        );
    }
}

#[test]
fn retried_and_final_types() {
    let retried: Vec<_> = TYPES
        .iter()
        .filter(|name| {
            failed(
                &format!(r#"{{"status":"COMPLETED","error":"x","error_type":"{name}"}}"#),
                &HeaderMap::new(),
            )
            .should_retry()
        })
        .copied()
        .collect();
    assert_eq!(
        retried,
        [
            "request_timeout",
            "startup_timeout",
            "runner_scheduling_failure",
            "runner_connection_timeout",
            "runner_disconnected",
            "runner_connection_refused",
            "runner_connection_error",
            "runner_incomplete_response",
            "runner_server_error",
        ]
    );
}

#[test]
fn an_unknown_type_is_kept_with_status_500_and_not_retried() {
    let error = failed(
        r#"{"status":"COMPLETED","error":"Too many requests","error_type":"concurrent_requests_limit"}"#,
        &HeaderMap::new(),
    );
    let request = error.request_error().unwrap();
    assert_eq!(
        request.error_type(),
        &RequestErrorType::Other("concurrent_requests_limit".into())
    );
    assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        error.retry(),
        RetryDecision {
            retry: false,
            reason: RetryReason::Status
        }
    );
}

#[test]
fn without_a_type_the_text_is_one_value_error_item() {
    for body in [
        r#"{"status":"COMPLETED","error":"Something broke"}"#,
        r#"{"status":"COMPLETED","error":"Something broke","error_type":null}"#,
        r#"{"status":"COMPLETED","error":"Something broke","error_type":""}"#,
    ] {
        let error = failed(body, &HeaderMap::new());
        assert_eq!(
            error.details(),
            [ErrorDetail::new("value_error", "Something broke")],
            "{body}"
        );
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!error.should_retry());
    }
}

#[test]
fn only_the_request_id_of_the_status_call_is_kept() {
    let mut headers = HeaderMap::new();
    headers.insert("x-fal-request-id", "req-42".parse().unwrap());
    headers.insert("x-fal-needs-retry", "1".parse().unwrap());
    headers.insert("x-fal-error-type", "bad_request".parse().unwrap());
    headers.insert("retry-after", "9".parse().unwrap());
    let error = failed(
        r#"{"status":"COMPLETED","error":"Client cancelled","error_type":"client_cancelled"}"#,
        &headers,
    );
    assert_eq!(error.request_id(), Some("req-42"));
    assert_eq!(error.retry_after(), None);
    assert_eq!(error.error_type(), Some("client_cancelled"));
    assert_eq!(
        error.retry(),
        RetryDecision {
            retry: false,
            reason: RetryReason::ErrorType
        }
    );
}

#[test]
fn states_that_are_not_failures() {
    let read =
        |body: &str| QueueStatus::parse(StatusCode::ACCEPTED, &HeaderMap::new(), body.as_bytes());
    assert_eq!(
        read(
            r#"{"status":"IN_QUEUE","queue_position":0,"response_url":"https://queue.example/r"}"#
        ),
        Ok(QueueStatus::InQueue { position: Some(0) })
    );
    assert_eq!(
        read("\u{feff}{\"status\":\"IN_QUEUE\"}"),
        Ok(QueueStatus::InQueue { position: None })
    );
    assert_eq!(
        read(r#"{"status":"IN_PROGRESS","logs":[{"message":"step 1"}]}"#),
        Ok(QueueStatus::InProgress)
    );
    assert_eq!(
        read(r#"{"status":"COMPLETED","logs":null,"metrics":{"inference_time":1.5}}"#),
        Ok(QueueStatus::Completed)
    );
    // Escaped text is read as well as borrowed text.
    assert_eq!(
        read(r#"{"status":"IN\u005fQUEUE","queue_position":null}"#),
        Ok(QueueStatus::InQueue { position: None })
    );
}

#[test]
fn bodies_that_are_not_queue_statuses() {
    let cases: [(&[u8], UnparsedReason); 11] = [
        (b"", UnparsedReason::Empty),
        (b"\xff", UnparsedReason::NotUtf8),
        (b"{\"status\":", UnparsedReason::NotJson),
        (
            br#"{"detail":"Request not found"}"#,
            UnparsedReason::NotQueueStatus,
        ),
        (br#"{"status":"CANCELLED"}"#, UnparsedReason::NotQueueStatus),
        (
            br#"{"status":"IN_QUEUE","queue_position":-1}"#,
            UnparsedReason::NotQueueStatus,
        ),
        (
            br#"{"status":"COMPLETED","error":{"msg":"x"}}"#,
            UnparsedReason::NotQueueStatus,
        ),
        (
            br#"{"status":"COMPLETED","error":"x","error_type":7}"#,
            UnparsedReason::NotQueueStatus,
        ),
        (
            br#"[{"status":"COMPLETED"}]"#,
            UnparsedReason::NotQueueStatus,
        ),
        (br#"{"queue_position":1}"#, UnparsedReason::NotQueueStatus),
        (
            br#"{"status":"IN_QUEUE","status":"COMPLETED"}"#,
            UnparsedReason::NotQueueStatus,
        ),
    ];
    for (body, reason) in cases {
        let unparsed =
            QueueStatus::parse(StatusCode::NOT_FOUND, &HeaderMap::new(), body).unwrap_err();
        assert_eq!(
            unparsed.reason(),
            reason,
            "{}",
            String::from_utf8_lossy(body)
        );
        assert_eq!(unparsed.status(), StatusCode::NOT_FOUND);
        assert_eq!(unparsed.raw(), String::from_utf8_lossy(body));
    }
    let unavailable =
        QueueStatus::parse(StatusCode::SERVICE_UNAVAILABLE, &HeaderMap::new(), b"busy")
            .unwrap_err();
    assert!(unavailable.should_retry());
}

#[test]
fn deep_nesting_in_ignored_keys_is_skipped_without_recursion() {
    let body = format!(
        r#"{{"status":"COMPLETED","logs":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let read = QueueStatus::parse(StatusCode::OK, &HeaderMap::new(), body.as_bytes());
    assert_eq!(read, Ok(QueueStatus::Completed));
    let unclosed = format!(r#"{{"status":"COMPLETED","logs":{}"#, "[".repeat(100_000));
    let unparsed =
        QueueStatus::parse(StatusCode::OK, &HeaderMap::new(), unclosed.as_bytes()).unwrap_err();
    assert_eq!(unparsed.reason(), UnparsedReason::NotJson);
}

#[test]
fn escaped_error_text_is_unescaped() {
    let error = failed(
        r#"{"status":"COMPLETED","error":"line\nbreak \u00e9","error_type":"runner_disconnected"}"#,
        &HeaderMap::new(),
    );
    assert_eq!(
        error.request_error().unwrap().detail(),
        "line\nbreak \u{e9}"
    );
}
