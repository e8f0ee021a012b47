//! Responses of fal's own Python SDK (fal 1.83: its FastAPI app builder, pydantic
//! validation, `FieldException`, `AppException`, GPU errors, unhandled exceptions and the
//! typed errors of its newest code), written by `tests/fixtures/fal-sdk/generate.py`:
//! every item read, every built-in typed, every retry decision right.

use fal_error::{
    FalError, ModelError, NotAModelError, Number, ReceivedError, RetryDecision, RetryReason,
};
use fal_error_tests::fal_sdk_responses;

/// What the client must make of a case: the retry decision and each item read back into
/// a built-in (or why not).
fn expected(case: &str) -> (RetryDecision, Vec<Result<ModelError, NotAModelError>>) {
    let unknown = |name: &str| Err(NotAModelError::UnknownType(name.to_owned()));
    let by_status = |retry| RetryDecision {
        retry,
        reason: RetryReason::Status,
    };
    let by_header = |retry| RetryDecision {
        retry,
        reason: RetryReason::NeedsRetryHeader,
    };
    match case {
        "validation_string_too_short" => (by_status(false), vec![unknown("string_too_short")]),
        "validation_several" => (
            by_status(false),
            vec![
                Ok(ModelError::GreaterThanEqual {
                    ge: Number::from(1u64),
                }),
                Ok(ModelError::LessThan {
                    lt: Number::Float(20.0),
                }),
                unknown("literal_error"),
                unknown("too_long"),
                unknown("extra_forbidden"),
            ],
        ),
        "validation_missing_field" => (by_status(false), vec![unknown("missing")]),
        "validation_json_invalid" => (by_status(false), vec![unknown("json_invalid")]),
        "validation_wrong_content_type" => {
            (by_status(false), vec![unknown("model_attributes_type")])
        }
        "field_exception" => (by_status(false), vec![Ok(ModelError::ImageLoadError)]),
        "field_exception_billed" => (by_status(false), vec![Ok(ModelError::FileDownloadError)]),
        // A string `detail` without a type: one `value_error` item, as fal's JS client reads it.
        "app_exception_503" | "gpu_out_of_memory" => {
            (by_status(true), vec![unknown("value_error")])
        }
        "unhandled_exception" | "path_not_found" => {
            (by_status(false), vec![unknown("value_error")])
        }
        "typed_input_value_error" => (
            by_header(false),
            vec![
                Ok(ModelError::ImageTooLarge {
                    max_height: 4096,
                    max_width: 4096,
                }),
                Ok(ModelError::GreaterThan {
                    gt: Number::from(0u64),
                }),
                unknown("lora_not_found"),
            ],
        ),
        "typed_field_error" => (
            by_header(false),
            vec![Err(NotAModelError::MissingCtx {
                error_type: "unsupported_image_format",
                key: "supported_formats",
            })],
        ),
        "typed_internal_server_error" => (
            by_header(false),
            vec![Ok(ModelError::InternalServerError { retryable: false })],
        ),
        "typed_internal_server_error_retryable" => (
            by_header(true),
            vec![Ok(ModelError::InternalServerError { retryable: true })],
        ),
        other => panic!("no expectation for the fixture {other}: add one"),
    }
}

#[test]
fn every_sdk_response_is_read_typed_and_decided() {
    let responses = fal_sdk_responses();
    assert_eq!(responses.len(), 15);
    for response in responses {
        let case = &response.case;
        let received =
            ReceivedError::parse(response.status, &response.headers, response.body.as_bytes())
                .unwrap_or_else(|unparsed| panic!("{case}: {unparsed}"));
        assert_eq!(received.skipped_items(), [], "{case}");
        let (retry, items) = expected(case);
        assert_eq!(received.retry(), retry, "{case}");
        let typed: Vec<_> = received
            .model_errors()
            .map(|item| item.map(|located| located.inner().clone()))
            .collect();
        assert_eq!(typed, items, "{case}");
        let types: Vec<_> = received
            .details()
            .iter()
            .map(|item| item.error_type.as_str())
            .collect();
        let expected_types: Vec<_> = items
            .iter()
            .map(|item| match item {
                Ok(error) => error.error_type().to_owned(),
                Err(NotAModelError::UnknownType(name)) => name.clone(),
                Err(NotAModelError::MissingCtx { error_type, .. }) => (*error_type).to_owned(),
                Err(other) => panic!("{case}: {other}"),
            })
            .collect();
        assert_eq!(types, expected_types, "{case}");
    }
}

#[test]
fn what_the_sdk_sends_beside_the_items() {
    let responses = fal_sdk_responses();
    let find = |case: &str| {
        responses
            .iter()
            .find(|response| response.case == case)
            .unwrap()
    };
    let read = |case: &str| {
        let response = find(case);
        ReceivedError::parse(response.status, &response.headers, response.body.as_bytes()).unwrap()
    };
    let several = read("validation_several");
    assert_eq!(several.field_errors("scheduler").count(), 1);
    assert_eq!(
        several.details()[0].url,
        None,
        "pydantic's items carry no url"
    );
    assert_eq!(
        several.details()[0].url(),
        "https://docs.fal.ai/errors/#greater_than_equal"
    );
    let typed = read("typed_input_value_error");
    assert_eq!(
        typed.details()[0].url.as_deref(),
        Some("https://docs.fal.ai/errors#image_too_large")
    );
    let internal = read("typed_internal_server_error");
    assert_eq!(
        internal.details()[0].input,
        Some(serde_json::Value::Null.into())
    );
    let unhandled = read("unhandled_exception");
    assert_eq!(unhandled.details()[0].msg, "Internal Server Error");
    assert_eq!(
        find("field_exception_billed").headers["x-fal-billable-units"],
        "1.50000000"
    );
    let json_invalid = read("validation_json_invalid");
    assert_eq!(json_invalid.details()[0].loc.to_string(), "body.19");
}
