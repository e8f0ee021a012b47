//! Conformance with fal's model-errors page: each of its 31 examples is reproduced byte
//! for byte by raising the built-in with the example's values, and the catalog of
//! built-ins matches the page's list of types, statuses, retryability and ctx keys.

use std::collections::BTreeMap;

use fal_error::{Catalog, ErrorResponse, FalError, ModelError, Retryability};
use fal_error_tests::{fixture, minify_json};
use serde_json::json;

/// The spec example of `error_type` next to what the built-in writes for it.
fn assert_reproduces(error_type: &str, error: impl FalError) {
    let expected = minify_json(&fixture(&format!("model-errors/{error_type}.json")));
    let response = ErrorResponse::from_error(&error);
    assert_eq!(error.error_type(), error_type);
    assert_eq!(
        response.body(),
        format!(r#"{{"detail":{expected}}}"#),
        "{error_type}"
    );
}

#[test]
fn server_side_types() {
    let prompt = json!({ "prompt": "a cat" });
    assert_reproduces(
        "internal_server_error",
        ModelError::internal_server_error().with_input(&prompt),
    );
    assert_reproduces(
        "generation_timeout",
        ModelError::generation_timeout()
            .with_input(json!({ "prompt": "a very complex scene taking too long" })),
    );
    assert_reproduces(
        "downstream_service_error",
        ModelError::downstream_service_error().with_input(json!({ "some_input": "value" })),
    );
    assert_reproduces(
        "downstream_service_unavailable",
        ModelError::downstream_service_unavailable().with_input(&prompt),
    );
}

#[test]
fn content_types() {
    assert_reproduces(
        "content_policy_violation",
        ModelError::ContentPolicyViolation
            .at("prompt")
            .with_input("a prompt containing forbidden content"),
    );
    assert_reproduces(
        "no_media_generated",
        ModelError::NoMediaGenerated.with_input(json!({ "prompt": "a cat in a garden" })),
    );
}

#[test]
fn image_and_file_types() {
    assert_reproduces(
        "image_too_small",
        ModelError::ImageTooSmall {
            min_height: 512,
            min_width: 512,
        }
        .at("image_url")
        .with_input("https://example.com/image_100x100.jpg"),
    );
    assert_reproduces(
        "image_too_large",
        ModelError::ImageTooLarge {
            max_height: 1024,
            max_width: 1024,
        }
        .at("input_image")
        .with_input("https://example.com/image_2000x2000.jpg"),
    );
    assert_reproduces(
        "image_load_error",
        ModelError::ImageLoadError
            .at("control_image")
            .with_input("https://example.com/corrupted_image.webp"),
    );
    assert_reproduces(
        "file_download_error",
        ModelError::FileDownloadError
            .at("video_url")
            .with_input("https://private-server.com/file.mp4"),
    );
    assert_reproduces(
        "face_detection_error",
        ModelError::FaceDetectionError
            .at("face_image")
            .with_input("https://example.com/landscape_no_face.jpg"),
    );
    assert_reproduces(
        "file_too_large",
        ModelError::FileTooLarge {
            max_size: 10_485_760,
        }
        .at("upload_file")
        .with_input("https://example.com/large_video.mp4"),
    );
    assert_reproduces(
        "feature_not_supported",
        ModelError::FeatureNotSupported
            .at("advanced_feature")
            .with_input(true),
    );
}

#[test]
fn numeric_bounds() {
    assert_reproduces(
        "greater_than",
        ModelError::GreaterThan { gt: 0.into() }
            .at("num_inference_steps")
            .with_input(0),
    );
    assert_reproduces(
        "greater_than_equal",
        ModelError::GreaterThanEqual { ge: 0.into() }
            .at("strength")
            .with_input(-0.5),
    );
    assert_reproduces(
        "less_than",
        ModelError::LessThan { lt: 1.0.into() }
            .at("negative_prompt_weight")
            .with_input(1.0),
    );
    assert_reproduces(
        "less_than_equal",
        ModelError::LessThanEqual { le: 20.into() }
            .at("guidance_scale")
            .with_input(21),
    );
    assert_reproduces(
        "multiple_of",
        ModelError::MultipleOf {
            multiple_of: 8.into(),
        }
        .at("width")
        .with_input(513),
    );
}

#[test]
fn sequences_and_choices() {
    assert_reproduces(
        "sequence_too_short",
        ModelError::SequenceTooShort { min_length: 1 }
            .at("prompts")
            .with_input(Vec::<String>::new()),
    );
    assert_reproduces(
        "sequence_too_long",
        ModelError::SequenceTooLong { max_length: 4 }
            .at("controlnet_images")
            .with_input(["img1.jpg", "img2.jpg", "img3.jpg", "img4.jpg", "img5.jpg"]),
    );
    assert_reproduces(
        "one_of",
        ModelError::OneOf {
            expected: ["EulerA", "DPM++"].into(),
        }
        .at("scheduler")
        .with_input("InvalidScheduler"),
    );
}

#[test]
fn archives() {
    assert_reproduces(
        "invalid_archive",
        ModelError::InvalidArchive {
            supported_extensions: [".zip", ".tar.gz"].into(),
        }
        .at("training_data")
        .with_input("https://example.com/corrupted_archive.rar"),
    );
    assert_reproduces(
        "archive_file_count_below_minimum",
        ModelError::ArchiveFileCountBelowMinimum {
            min_count: 10,
            provided_count: 8,
            supported_extensions: [".jpg", ".png"].into(),
        }
        .at("image_archive")
        .with_input("https://example.com/images_few.zip"),
    );
    assert_reproduces(
        "archive_file_count_exceeds_maximum",
        ModelError::ArchiveFileCountExceedsMaximum {
            max_count: 100,
            provided_count: 150,
            supported_extensions: [".jpg", ".png"].into(),
        }
        .at("image_archive")
        .with_input("https://example.com/images_many.zip"),
    );
}

#[test]
fn media_durations_and_formats() {
    assert_reproduces(
        "audio_duration_too_long",
        ModelError::AudioDurationTooLong {
            max_duration: 60.into(),
            provided_duration: 90.into(),
        }
        .at("audio_file")
        .with_input("https://example.com/long_audio.mp3"),
    );
    assert_reproduces(
        "audio_duration_too_short",
        ModelError::AudioDurationTooShort {
            min_duration: 5.into(),
            provided_duration: 2.into(),
        }
        .at("audio_file")
        .with_input("https://example.com/short_audio.mp3"),
    );
    assert_reproduces(
        "video_duration_too_long",
        ModelError::VideoDurationTooLong {
            max_duration: 60.into(),
            provided_duration: 120.into(),
        }
        .at("video_file")
        .with_input("https://example.com/long_video.mp4"),
    );
    assert_reproduces(
        "video_duration_too_short",
        ModelError::VideoDurationTooShort {
            min_duration: 3.into(),
            provided_duration: 1.into(),
        }
        .at("video_file")
        .with_input("https://example.com/short_video.mp4"),
    );
    assert_reproduces(
        "unsupported_audio_format",
        ModelError::UnsupportedAudioFormat {
            supported_formats: [".mp3", ".wav", ".ogg"].into(),
        }
        .at("audio_file")
        .with_input("https://example.com/audio.midi"),
    );
    assert_reproduces(
        "unsupported_image_format",
        ModelError::UnsupportedImageFormat {
            supported_formats: [".jpg", ".jpeg", ".png", ".webp"].into(),
        }
        .at("image")
        .with_input("https://example.com/image.tiff"),
    );
    assert_reproduces(
        "unsupported_video_format",
        ModelError::UnsupportedVideoFormat {
            supported_formats: [".mp4", ".mov", ".webm"].into(),
        }
        .at("video_file")
        .with_input("https://example.com/video.avi"),
    );
}

/// What the spec page says of one type.
#[derive(Debug, PartialEq)]
struct SpecType {
    status: u16,
    retryable: Retryability,
    ctx: Vec<String>,
}

/// Every `##### \`type\`` section of the model-errors page, up to "Request Error Types".
fn spec_types() -> BTreeMap<String, SpecType> {
    let page = fixture("spec/model-errors.md");
    let page = page
        .split("## Request Error Types")
        .next()
        .unwrap_or_default();
    let mut types = BTreeMap::new();
    for section in page.split("\n##### `").skip(1) {
        let (name, body) = section
            .split_once('`')
            .expect("a closing backtick after the type");
        let line = |label: &str| {
            body.lines()
                .find_map(|line| line.trim().strip_prefix(label))
                .unwrap_or_else(|| panic!("{name}: no {label} line"))
                .trim()
                .to_owned()
        };
        let status = line("* **Status Code:**")
            .parse()
            .expect("a numeric status");
        let retryable = match line("* **Retryable:**").as_str() {
            "`false`." => Retryability::Fixed(false),
            "Can be `true` or `false`." => Retryability::RaiseSite,
            other => panic!("{name}: unexpected retryable line {other}"),
        };
        let ctx = body
            .split("* **Context (`ctx`):**")
            .nth(1)
            .map(|rest| rest.split("```").next().unwrap_or_default())
            .into_iter()
            .flat_map(|rest| rest.lines())
            .filter_map(|line| line.trim().strip_prefix("* `"))
            .filter_map(|line| line.split_once('`').map(|(key, _)| key.to_owned()))
            .collect();
        types.insert(
            name.to_owned(),
            SpecType {
                status,
                retryable,
                ctx,
            },
        );
    }
    types
}

#[test]
fn builtins_are_exactly_the_spec_types() {
    let spec = spec_types();
    assert_eq!(spec.len(), 31);
    let catalog = Catalog::of::<ModelError>();
    let built_in: BTreeMap<String, SpecType> = catalog
        .entries()
        .iter()
        .map(|entry| {
            let described = SpecType {
                status: entry.status,
                retryable: entry.retryable,
                ctx: entry.ctx.iter().map(|ctx| ctx.key.to_owned()).collect(),
            };
            (entry.error_type.to_owned(), described)
        })
        .collect();
    assert_eq!(built_in, spec);
    let fixtures: Vec<String> = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/model-errors"
    ))
    .expect("the fixtures folder")
    .map(|entry| {
        entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".json")
            .to_owned()
    })
    .collect::<std::collections::BTreeSet<_>>()
    .into_iter()
    .collect();
    assert_eq!(fixtures, spec.keys().cloned().collect::<Vec<_>>());
}

#[test]
fn fixtures_are_the_spec_text() {
    let page = fixture("spec/model-errors.md");
    for entry in Catalog::of::<ModelError>().entries() {
        let example = fixture(&format!("model-errors/{}.json", entry.error_type));
        let original = if entry.error_type == "file_too_large" {
            example.replace("10485760\n", "10485760 // 10MB\n")
        } else {
            example
        };
        assert!(
            page.contains(&format!("```json theme={{null}}\n{original}```")),
            "{}",
            entry.error_type
        );
    }
}

#[test]
fn raise_site_retryability() {
    for error in [
        ModelError::InternalServerError { retryable: true },
        ModelError::GenerationTimeout { retryable: true },
        ModelError::DownstreamServiceError { retryable: true },
        ModelError::DownstreamServiceUnavailable { retryable: true },
    ] {
        assert!(error.retryable());
        assert_eq!(error.to_response().headers()["x-fal-retryable"], "true");
    }
    assert!(!ModelError::internal_server_error().retryable());
    assert_eq!(ModelError::generation_timeout().status(), 504);
    assert_eq!(ModelError::downstream_service_error().status(), 400);
    assert_eq!(ModelError::downstream_service_unavailable().status(), 500);
}

#[test]
fn numeric_messages_follow_pydantic() {
    let msg = |error: ModelError| {
        (
            error.msg().into_owned(),
            serde_json::to_value(error.ctx()).unwrap(),
        )
    };
    assert_eq!(
        msg(ModelError::LessThan { lt: 1.0.into() }),
        ("Input should be less than 1".into(), json!({"lt": 1.0}))
    );
    assert_eq!(
        msg(ModelError::GreaterThan { gt: 0.into() }),
        ("Input should be greater than 0".into(), json!({"gt": 0}))
    );
    assert_eq!(
        msg(ModelError::LessThanEqual { le: 1e20.into() }),
        (
            "Input should be less than or equal to 100000000000000000000".into(),
            json!({"le": 1e20})
        )
    );
    assert_eq!(
        msg(ModelError::GreaterThanEqual { ge: 1e-7.into() }),
        (
            "Input should be greater than or equal to 0.0000001".into(),
            json!({"ge": 1e-7})
        )
    );
    assert_eq!(
        msg(ModelError::MultipleOf {
            multiple_of: 2.5.into()
        })
        .0,
        "Input should be a multiple of 2.5"
    );
    assert_eq!(
        msg(ModelError::SequenceTooShort { min_length: 1 }).0,
        "Sequence should have at least 1 items"
    );
    assert_eq!(
        ModelError::VideoDurationTooLong {
            max_duration: 60.5.into(),
            provided_duration: 90.into()
        }
        .msg(),
        "Video duration exceeds the maximum allowed. Maximum is 60.5 seconds, provided is 90 seconds."
    );
}

#[test]
fn one_of_messages_use_python_reprs() {
    let msg = |expected: fal_error::Choices| ModelError::OneOf { expected }.msg().into_owned();
    assert_eq!(
        msg(["a", "b", "c"].into()),
        "Input should be 'a', 'b' or 'c'"
    );
    assert_eq!(msg(["a"].into()), "Input should be 'a'");
    assert_eq!(
        msg(["it's", "plain"].into()),
        r#"Input should be "it's" or 'plain'"#
    );
    assert_eq!(
        msg([json!(1), json!(2.5), json!(true), json!(null)].into()),
        "Input should be 1, 2.5, True or None"
    );
    assert_eq!(
        ModelError::OneOf {
            expected: ["it's"].into()
        }
        .ctx(),
        Some(serde_json::from_value(json!({"expected": ["it's"]})).unwrap())
    );
}
