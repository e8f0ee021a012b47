//! Received detail items read back into `ModelError`: every example of fal's
//! model-errors page goes wire -> parser -> typed error -> wire unchanged, and items
//! that do not fit say why.

use fal_error::{
    Catalog, ErrorDetail, FalError, Loc, Located, ModelError, NotAModelError, Number, ReceivedError,
};
use fal_error_tests::minify_json;
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

fn item(error_type: &str, ctx: Value) -> ErrorDetail {
    let item = ErrorDetail::new(error_type, "any message");
    item.with_ctx(ctx.as_object().cloned().unwrap_or_default())
}

#[test]
fn every_spec_example_reads_back_into_the_same_bytes() {
    let catalog = Catalog::of::<ModelError>();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/model-errors");
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let error_type = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let body = format!(
            r#"{{"detail":{}}}"#,
            minify_json(&std::fs::read_to_string(&path).unwrap())
        );
        let status = StatusCode::from_u16(catalog.get(&error_type).unwrap().status).unwrap();
        let received = ReceivedError::parse(status, &HeaderMap::new(), body.as_bytes()).unwrap();
        let typed: Vec<Located<ModelError>> = received
            .model_errors()
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| panic!("{error_type}: {error}"));
        assert_eq!(typed.len(), 1, "{error_type}");
        assert_eq!(typed[0].error_type(), error_type);
        let written = typed[0].to_response();
        assert_eq!(written.status(), status, "{error_type}");
        assert_eq!(written.body(), body, "{error_type}");
        let from_detail = Located::<ModelError>::try_from(&received.details()[0]).unwrap();
        assert_eq!(from_detail.to_response().body(), body, "{error_type}");
        seen.push(error_type);
    }
    seen.sort();
    let mut all: Vec<_> = catalog
        .entries()
        .iter()
        .map(|info| info.error_type)
        .collect();
    all.sort();
    assert_eq!(seen, all);
}

#[test]
fn every_built_in_reads_back_from_its_own_item() {
    let errors = [
        ModelError::ImageTooSmall {
            min_height: 0,
            min_width: u32::MAX,
        },
        ModelError::FileTooLarge { max_size: u64::MAX },
        ModelError::greater_than(-5),
        ModelError::less_than_equal(2.5),
        ModelError::multiple_of(u64::MAX),
        ModelError::one_of([json!(1), json!("a"), Value::Null, json!(true)]),
        ModelError::AudioDurationTooShort {
            min_duration: Number::Float(0.1),
            provided_duration: Number::Int(0),
        },
        ModelError::ArchiveFileCountExceedsMaximum {
            max_count: 2,
            provided_count: 5,
            supported_extensions: [".png", ".jpg"].into(),
        },
    ];
    for error in errors {
        let detail = ErrorDetail::from_error(&error);
        assert_eq!(ModelError::try_from(&detail), Ok(error));
    }
}

#[test]
fn raise_site_retryability_comes_from_the_response() {
    let body =
        br#"{"detail":[{"loc":["body"],"msg":"Generation timeout","type":"generation_timeout"}]}"#;
    let mut headers = HeaderMap::new();
    headers.insert("x-fal-retryable", "true".parse().unwrap());
    let received = ReceivedError::parse(StatusCode::GATEWAY_TIMEOUT, &headers, body).unwrap();
    let typed = received.model_errors().next().unwrap().unwrap();
    assert_eq!(
        typed.inner(),
        &ModelError::GenerationTimeout { retryable: true }
    );
    assert_eq!(typed.to_response().headers()["x-fal-retryable"], "true");
    assert_eq!(
        ModelError::try_from(&received.details()[0]),
        Ok(ModelError::generation_timeout())
    );
}

#[test]
fn loc_and_input_are_kept_and_the_message_is_the_types_own() {
    let mut detail = item("multiple_of", json!({ "multiple_of": 8 }));
    detail.loc = Loc::field("sizes").index(2);
    detail.input = Some(Value::Null.into());
    let typed = Located::<ModelError>::try_from(&detail).unwrap();
    assert_eq!(
        typed.to_response().body(),
        r#"{"detail":[{"loc":["body","sizes",2],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of","ctx":{"multiple_of":8},"input":null}]}"#
    );
}

#[test]
fn items_that_do_not_fit_say_why() {
    let cases = [
        (
            item("lora_not_found", json!({})),
            NotAModelError::UnknownType("lora_not_found".into()),
            r#""lora_not_found" is not a built-in model error type"#,
        ),
        (
            item("image_too_large", json!({ "max_height": 1024 })),
            NotAModelError::MissingCtx {
                error_type: "image_too_large",
                key: "max_width",
            },
            "`image_too_large` needs ctx `max_width`",
        ),
        (
            item(
                "image_too_large",
                json!({ "max_height": -1, "max_width": 1 }),
            ),
            NotAModelError::InvalidCtx {
                error_type: "image_too_large",
                key: "max_height",
                expected: "an integer from 0 to 4294967295",
                found: "a negative integer",
            },
            "ctx `max_height` of `image_too_large` should be an integer from 0 to 4294967295, found a negative integer",
        ),
        (
            item(
                "image_too_small",
                json!({ "min_height": 4294967296u64, "min_width": 1 }),
            ),
            NotAModelError::InvalidCtx {
                error_type: "image_too_small",
                key: "min_height",
                expected: "an integer from 0 to 4294967295",
                found: "an integer",
            },
            "ctx `min_height` of `image_too_small` should be an integer from 0 to 4294967295, found an integer",
        ),
        (
            item("file_too_large", json!({ "max_size": 1.5 })),
            NotAModelError::InvalidCtx {
                error_type: "file_too_large",
                key: "max_size",
                expected: "an integer from 0 to 18446744073709551615",
                found: "a float",
            },
            "ctx `max_size` of `file_too_large` should be an integer from 0 to 18446744073709551615, found a float",
        ),
        (
            item("greater_than", json!({ "gt": "0" })),
            NotAModelError::InvalidCtx {
                error_type: "greater_than",
                key: "gt",
                expected: "a number",
                found: "a string",
            },
            "ctx `gt` of `greater_than` should be a number, found a string",
        ),
        (
            // pydantic's own `literal_error` writes `expected` as one string.
            item("one_of", json!({ "expected": "'a' or 'b'" })),
            NotAModelError::InvalidCtx {
                error_type: "one_of",
                key: "expected",
                expected: "a list",
                found: "a string",
            },
            "ctx `expected` of `one_of` should be a list, found a string",
        ),
        (
            item(
                "invalid_archive",
                json!({ "supported_extensions": [".zip", 7] }),
            ),
            NotAModelError::InvalidCtx {
                error_type: "invalid_archive",
                key: "supported_extensions",
                expected: "a list of strings",
                found: "a list",
            },
            "ctx `supported_extensions` of `invalid_archive` should be a list of strings, found a list",
        ),
        (
            item("less_than", json!({ "lt": 1, "le": 2 })),
            NotAModelError::UnexpectedCtx {
                error_type: "less_than",
                key: "le".into(),
            },
            r#"`less_than` has no ctx "le""#,
        ),
        (
            item("image_load_error", json!({ "reason": "truncated" })),
            NotAModelError::UnexpectedCtx {
                error_type: "image_load_error",
                key: "reason".into(),
            },
            r#"`image_load_error` has no ctx "reason""#,
        ),
        (
            item("greater_than\n\u{1b}[31m", json!({})),
            NotAModelError::UnknownType("greater_than\n\u{1b}[31m".into()),
            r#""greater_than\n\u{1b}[31m" is not a built-in model error type"#,
        ),
    ];
    for (detail, error, message) in cases {
        assert_eq!(ModelError::try_from(&detail).as_ref(), Err(&error));
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn a_long_received_type_is_cut_in_the_message() {
    let name = "x".repeat(10_000);
    let error = ModelError::try_from(&item(&name, json!({}))).unwrap_err();
    assert_eq!(error, NotAModelError::UnknownType(name));
    assert_eq!(
        error.to_string(),
        format!(
            r#""{}...<truncated, 10000 bytes>" is not a built-in model error type"#,
            "x".repeat(64)
        )
    );
}
