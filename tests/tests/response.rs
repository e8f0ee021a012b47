//! `ErrorResponse`: exact headers, the combined response of several errors, and the
//! conversion into `http::Response`.

use fal_error::{
    BillableUnits, ErrorDetail, ErrorResponse, FalError, Loc, ModelError, RequestError,
    RequestErrorType,
};
use fal_error_tests::header_pairs;
use http::StatusCode;
use serde_json::json;

/// Every header of a response, in order, as text.
fn headers(response: &ErrorResponse) -> Vec<(String, String)> {
    header_pairs(response.headers())
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

#[test]
fn model_errors_send_content_type_and_retryable_only() {
    let response = ModelError::ImageLoadError.to_response();
    assert_eq!(
        headers(&response),
        pairs(&[
            ("content-type", "application/json"),
            ("x-fal-retryable", "false")
        ])
    );
    let retryable = ModelError::InternalServerError { retryable: true }.to_response();
    assert_eq!(
        headers(&retryable),
        pairs(&[
            ("content-type", "application/json"),
            ("x-fal-retryable", "true")
        ])
    );
}

#[test]
fn needs_retry_and_billable_units_only_when_asked() {
    let response = ModelError::NoMediaGenerated
        .with_needs_retry(false)
        .to_response()
        .with_billable_units(BillableUnits::from(0u32));
    assert_eq!(
        headers(&response),
        pairs(&[
            ("content-type", "application/json"),
            ("x-fal-retryable", "false"),
            ("x-fal-needs-retry", "0"),
            ("x-fal-billable-units", "0"),
        ])
    );
    let fractional = ModelError::NoMediaGenerated
        .to_response()
        .with_needs_retry(true)
        .with_billable_units(BillableUnits::new(1.25).unwrap());
    assert_eq!(fractional.headers()["x-fal-needs-retry"], "1");
    assert_eq!(fractional.headers()["x-fal-billable-units"], "1.25000000");
    assert_eq!(
        BillableUnits::new(42.0).unwrap().to_string(),
        "42",
        "a whole float is written as an integer"
    );
}

#[test]
fn several_errors_share_one_body() {
    let errors: Vec<Box<dyn FalError>> = vec![
        Box::new(ModelError::one_of([2, 4]).at("scale").with_input(3)),
        Box::new(
            ModelError::greater_than_equal(1)
                .at("num_inference_steps")
                .with_input(0),
        ),
    ];
    let response = ErrorResponse::from_errors(&errors).unwrap();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        response.body(),
        r#"{"detail":[{"loc":["body","scale"],"msg":"Input should be 2 or 4","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":[2,4]},"input":3},{"loc":["body","num_inference_steps"],"msg":"Input should be greater than or equal to 1","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":1},"input":0}]}"#
    );
}

#[test]
fn combined_status_is_the_highest_and_retryable_needs_all() {
    let status_of = |errors: Vec<ModelError>| {
        let response = ErrorResponse::from_errors(errors).unwrap();
        (
            response.status().as_u16(),
            response.headers()["x-fal-retryable"]
                .to_str()
                .unwrap()
                .to_owned(),
        )
    };
    assert_eq!(
        status_of(vec![
            ModelError::downstream_service_error(),
            ModelError::ImageLoadError
        ]),
        (422, "false".into())
    );
    assert_eq!(
        status_of(vec![
            ModelError::ImageLoadError,
            ModelError::GenerationTimeout { retryable: true },
            ModelError::InternalServerError { retryable: true },
        ]),
        (504, "false".into())
    );
    assert_eq!(
        status_of(vec![
            ModelError::GenerationTimeout { retryable: true },
            ModelError::InternalServerError { retryable: true },
        ]),
        (504, "true".into())
    );
    assert!(ErrorResponse::from_errors(Vec::<ModelError>::new()).is_none());
}

#[test]
fn needs_retry_of_several_errors() {
    let response = ErrorResponse::from_errors([
        ModelError::ImageLoadError.with_needs_retry(true),
        ModelError::FileDownloadError.with_needs_retry(false),
        ModelError::FeatureNotSupported.with_retryable(false),
    ])
    .unwrap();
    assert_eq!(response.headers()["x-fal-needs-retry"], "0");
    let none_ask =
        ErrorResponse::from_errors([ModelError::ImageLoadError, ModelError::FileDownloadError])
            .unwrap();
    assert!(none_ask.headers().get("x-fal-needs-retry").is_none());
}

#[test]
fn converts_into_an_http_response_with_the_serialized_body() {
    let response = ModelError::FileDownloadError
        .at("video_url")
        .with_input("https://private-server.com/file.mp4")
        .to_response();
    let serialized = serde_json::to_vec(&response).unwrap();
    let http: http::Response<Vec<u8>> = response.clone().into();
    assert_eq!(http.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(http.headers(), response.headers());
    assert_eq!(http.body(), &serialized);
    assert_eq!(http.body(), response.body().as_bytes());
}

#[test]
fn non_finite_input_is_made_json_safe() {
    let response = ModelError::less_than(1)
        .at("weight")
        .with_input([f64::NAN, f64::INFINITY, -f64::INFINITY, 0.5])
        .to_response();
    assert_eq!(
        response.body(),
        r#"{"detail":[{"loc":["body","weight"],"msg":"Input should be less than 1","type":"less_than","url":"https://docs.fal.ai/errors/#less_than","ctx":{"lt":1},"input":["nan","inf","-inf",0.5]}]}"#
    );
}

#[test]
fn request_errors_use_the_flat_shape_with_error_type_header() {
    let response = RequestError::new(
        RequestErrorType::from("concurrent_requests_limit"),
        "Too many requests",
    )
    .with_status(StatusCode::TOO_MANY_REQUESTS)
    .to_response();
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        headers(&response),
        pairs(&[
            ("content-type", "application/json"),
            ("x-fal-error-type", "concurrent_requests_limit"),
            ("x-fal-retryable", "true"),
        ])
    );
    assert_eq!(
        response.body(),
        r#"{"detail":"Too many requests","error_type":"concurrent_requests_limit"}"#
    );
}

#[test]
fn detail_items_read_leniently_and_write_exactly() {
    let item: ErrorDetail = serde_json::from_value(json!({
        "type": "value_error", "msg": "bad", "loc": ["body", "images", 2], "ctx": {}, "input": null, "extra": true
    }))
    .unwrap();
    assert_eq!(
        item,
        ErrorDetail {
            loc: Loc::body().key("images").index(2),
            msg: "bad".into(),
            error_type: "value_error".into(),
            url: None,
            ctx: None,
            input: Some(serde_json::Value::Null.into()),
        }
    );
    assert_eq!(
        serde_json::to_string(&item).unwrap(),
        r#"{"loc":["body","images",2],"msg":"bad","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","input":null}"#
    );
    let from_error =
        ErrorDetail::from_error(&ModelError::multiple_of(8).at("width").with_input(513));
    assert_eq!(
        serde_json::to_string(&from_error).unwrap(),
        r#"{"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of","ctx":{"multiple_of":8},"input":513}"#
    );
    assert!(
        serde_json::from_str::<ErrorDetail>(r#"{"loc":["body",-1],"msg":"x","type":"t"}"#).is_err()
    );
}

#[test]
fn detail_items_refused_as_serde_refuses_a_struct() {
    let refusal = |text: &str| {
        serde_json::from_str::<ErrorDetail>(text)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        refusal(r#"{"loc":["body"],"type":"t"}"#),
        "missing field `msg` at line 1 column 27"
    );
    assert_eq!(
        refusal(r#"{"loc":["body"],"msg":"a","msg":"b","type":"t"}"#),
        "duplicate field `msg` at line 1 column 31"
    );
    assert_eq!(
        refusal(r#"{"loc":["body"],"msg":"a","type":"t","ctx":[1]}"#),
        "invalid type: sequence, expected a map at line 1 column 43"
    );
    assert_eq!(
        refusal(r#"["body"]"#),
        "invalid type: sequence, expected a fal error detail item at line 1 column 1"
    );
    // A `url` of null is no url; a `ctx` of null or `{}` is no ctx; unknown keys of any
    // shape are skipped.
    let item: ErrorDetail = serde_json::from_str(
        r#"{"skip":{"deep":[1,{"x":null}]},"url":null,"ctx":{},"type":"t","msg":"m\u00e9","loc":["body"]}"#,
    )
    .unwrap();
    assert_eq!(
        item,
        ErrorDetail {
            loc: Loc::body(),
            msg: "m\u{e9}".into(),
            error_type: "t".into(),
            url: None,
            ctx: None,
            input: None,
        }
    );
}

#[test]
fn ctx_that_fails_to_serialize_is_left_out_not_lost() {
    use std::collections::HashMap;

    #[derive(Debug, FalError)]
    enum Odd {
        MapKeys {
            #[fal(ctx)]
            by_size: HashMap<(u32, u32), u32>,
        },
    }

    let error = Odd::MapKeys {
        by_size: HashMap::from([((1, 2), 3)]),
    };
    assert_eq!(
        error.to_response().body(),
        r#"{"detail":[{"loc":["body"],"msg":"Map keys","type":"map_keys","url":"https://docs.fal.ai/errors/#map_keys"}]}"#
    );
    assert_eq!(error.ctx(), None, "the accessor agrees with the body");
}
