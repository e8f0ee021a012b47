//! Safe echo on the wire: each rule of `echo.rs`, seen in the exact body a client gets
//! (`to_response().body()`), for inputs given at the raise site (`with_input`) and for
//! derived `#[fal(input)]` fields.

use fal_error::{EchoLimits, ErrorResponse, FalError, ModelError};
use serde::{Serialize, Serializer};

#[derive(Debug, FalError)]
enum GenerateError {
    /// Echoes the image URL it was given.
    #[fal(type = "image_load_error", loc = ["body", "image_url"])]
    Load {
        #[fal(input)]
        image_url: String,
    },
    /// Never echoes the prompt.
    #[fal(type = "content_policy_violation", loc = ["body", "prompt"])]
    Flagged {
        #[fal(input, redact)]
        prompt: String,
    },
    /// Echoes a number that JSON may not hold.
    #[fal(type = "guidance_invalid", loc = ["body", "guidance_scale"])]
    Guidance {
        #[fal(input)]
        guidance_scale: f64,
    },
    /// Echoes a whole document.
    #[fal(type = "document_invalid")]
    Document {
        #[fal(input)]
        document: serde_json::Value,
    },
}

/// The body of `error`'s response with the default limits.
fn body(error: &impl FalError) -> String {
    error.to_response().body().to_owned()
}

/// A body item with `loc`, `type` and the humanized message for custom types.
fn item(loc: &str, error_type: &str, msg: &str, input: &str) -> String {
    format!(
        r#"{{"detail":[{{"loc":{loc},"msg":"{msg}","type":"{error_type}","url":"https://docs.fal.ai/errors/#{error_type}","input":{input}}}]}}"#
    )
}

const PNG_DATA_URI: &str =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAAAA==";

#[test]
fn a_data_uri_becomes_its_media_type_and_size() {
    let expected = item(
        r#"["body","image_url"]"#,
        "image_load_error",
        "Image load error",
        r#""<data URI image/png, 37 bytes>""#,
    );
    let derived = GenerateError::Load {
        image_url: PNG_DATA_URI.to_owned(),
    };
    assert_eq!(body(&derived), expected);
    let raised = ModelError::ImageLoadError
        .at("image_url")
        .with_input(PNG_DATA_URI);
    assert_eq!(body(&raised), expected);
    assert!(!body(&raised).contains("iVBORw0KGgo"));
}

#[test]
fn data_uris_inside_documents_are_summarised_too() {
    let error = GenerateError::Document {
        document: serde_json::json!({"images": [PNG_DATA_URI, "data:audio/wav,RIFF"], "prompt": "a cat"}),
    };
    assert_eq!(
        body(&error),
        item(
            r#"["body"]"#,
            "document_invalid",
            "Document invalid",
            r#"{"images":["<data URI image/png, 37 bytes>","<data URI audio/wav, 4 bytes>"],"prompt":"a cat"}"#
        )
    );
}

#[test]
fn a_long_string_is_cut_at_4096_bytes_with_its_length() {
    let long = "a".repeat(5000);
    let expected_input = format!(r#""{}...<truncated, 5000 bytes>""#, "a".repeat(4096));
    let derived = GenerateError::Load {
        image_url: long.clone(),
    };
    assert_eq!(
        body(&derived),
        item(
            r#"["body","image_url"]"#,
            "image_load_error",
            "Image load error",
            &expected_input
        )
    );
    let raised = ModelError::ImageLoadError.at("image_url").with_input(&long);
    assert_eq!(
        body(&raised),
        item(
            r#"["body","image_url"]"#,
            "image_load_error",
            "Image load error",
            &expected_input
        )
    );
}

#[test]
fn a_string_at_the_cap_is_echoed_whole() {
    let exact = "b".repeat(EchoLimits::DEFAULT.max_string_bytes);
    let error = GenerateError::Load {
        image_url: exact.clone(),
    };
    assert_eq!(
        body(&error),
        item(
            r#"["body","image_url"]"#,
            "image_load_error",
            "Image load error",
            &format!(r#""{exact}""#)
        )
    );
}

#[test]
fn the_cap_is_configurable_and_respects_characters() {
    let limits = EchoLimits {
        max_string_bytes: 5,
        ..EchoLimits::DEFAULT
    };
    // "é" is two bytes: a cut at byte 5 would split the third one, so four bytes are kept.
    let derived = GenerateError::Load {
        image_url: "ééééé".to_owned(),
    };
    assert_eq!(
        ErrorResponse::from_error_with(&derived, &limits).body(),
        item(
            r#"["body","image_url"]"#,
            "image_load_error",
            "Image load error",
            r#""éé...<truncated, 10 bytes>""#
        )
    );
    // An input given at the raise site is capped when written, with the response's limits.
    let raised = ModelError::ImageLoadError
        .at("image_url")
        .with_input("abcdefghij");
    assert_eq!(
        ErrorResponse::from_error_with(&raised, &limits).body(),
        item(
            r#"["body","image_url"]"#,
            "image_load_error",
            "Image load error",
            r#""abcde...<truncated, 10 bytes>""#
        )
    );
    assert_eq!(
        ErrorResponse::from_errors_with([raised], &limits)
            .map(|response| response.body().to_owned()),
        Some(item(
            r#"["body","image_url"]"#,
            "image_load_error",
            "Image load error",
            r#""abcde...<truncated, 10 bytes>""#
        ))
    );
}

#[test]
fn a_long_array_keeps_64_items_and_counts_the_rest() {
    let seeds: Vec<u32> = (0..100).collect();
    let error = ModelError::SequenceTooLong { max_length: 4 }
        .at("seeds")
        .with_input(&seeds);
    let kept: Vec<String> = (0..64).map(|seed| seed.to_string()).collect();
    assert_eq!(
        body(&error),
        format!(
            r#"{{"detail":[{{"loc":["body","seeds"],"msg":"Sequence should have at most 4 items","type":"sequence_too_long","url":"https://docs.fal.ai/errors/#sequence_too_long","ctx":{{"max_length":4}},"input":[{},"<36 more items>"]}}]}}"#,
            kept.join(",")
        )
    );
}

#[test]
fn a_large_object_keeps_64_entries_and_counts_the_rest() {
    let document: serde_json::Map<String, serde_json::Value> = (0..70)
        .map(|index| (format!("k{index:02}"), serde_json::Value::from(index)))
        .collect();
    let error = GenerateError::Document {
        document: document.into(),
    };
    let kept: Vec<String> = (0..64)
        .map(|index| format!(r#""k{index:02}":{index}"#))
        .collect();
    // The entries in the order given (serde_json's map sorts them), then the marker.
    let expected_input = format!(r#"{{{},"...":"<6 more entries>"}}"#, kept.join(","));
    assert_eq!(
        body(&error),
        item(
            r#"["body"]"#,
            "document_invalid",
            "Document invalid",
            &expected_input
        )
    );
}

#[test]
fn caps_on_items_are_configurable() {
    let limits = EchoLimits {
        max_items: 2,
        ..EchoLimits::DEFAULT
    };
    let error = GenerateError::Document {
        document: serde_json::json!({"a": [1, 2, 3, 4], "b": 2, "c": 3}),
    };
    assert_eq!(
        ErrorResponse::from_error_with(&error, &limits).body(),
        item(
            r#"["body"]"#,
            "document_invalid",
            "Document invalid",
            r#"{"a":[1,2,"<2 more items>"],"b":2,"...":"<1 more entries>"}"#
        )
    );
}

#[test]
fn deep_nesting_is_cut() {
    let mut document = serde_json::json!("bottom");
    for _ in 0..20 {
        document = serde_json::json!([document]);
    }
    let error = GenerateError::Document { document };
    let expected_input = format!(r#"{}"<nested too deep>"{}"#, "[".repeat(16), "]".repeat(16));
    assert_eq!(
        body(&error),
        item(
            r#"["body"]"#,
            "document_invalid",
            "Document invalid",
            &expected_input
        )
    );
}

#[test]
fn a_redacted_input_is_never_echoed() {
    let error = GenerateError::Flagged {
        prompt: "a prompt nobody may read back".to_owned(),
    };
    assert_eq!(error.input_value(), None);
    assert_eq!(
        body(&error),
        r#"{"detail":[{"loc":["body","prompt"],"msg":"Content policy violation","type":"content_policy_violation","url":"https://docs.fal.ai/errors/#content_policy_violation"}]}"#
    );
    let unlimited = ErrorResponse::from_error_with(&error, &EchoLimits::UNLIMITED);
    let GenerateError::Flagged { prompt } = &error else {
        unreachable!()
    };
    assert!(!unlimited.body().contains(prompt.as_str()));
}

#[test]
fn non_finite_floats_become_strings() {
    for (value, text) in [
        (f64::NAN, "nan"),
        (f64::INFINITY, "inf"),
        (f64::NEG_INFINITY, "-inf"),
    ] {
        let derived = GenerateError::Guidance {
            guidance_scale: value,
        };
        assert_eq!(
            body(&derived),
            item(
                r#"["body","guidance_scale"]"#,
                "guidance_invalid",
                "Guidance invalid",
                &format!(r#""{text}""#)
            )
        );
    }
    let raised = ModelError::LessThanEqual { le: 20.into() }
        .at("guidance_scale")
        .with_input([1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
    assert_eq!(
        body(&raised),
        r#"{"detail":[{"loc":["body","guidance_scale"],"msg":"Input should be less than or equal to 20","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":20},"input":[1.5,"nan","inf","-inf"]}]}"#
    );
}

/// Bytes, as `serde_bytes` or a `Vec<u8>` with `serialize_bytes` sends them.
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

#[test]
fn bytes_become_their_length() {
    let error = ModelError::ImageLoadError
        .at("image")
        .with_input(Bytes(&[0x89, b'P', b'N', b'G', 0, 0]));
    assert_eq!(
        body(&error),
        item(
            r#"["body","image"]"#,
            "image_load_error",
            "Image load error",
            r#""<binary 6 bytes>""#
        )
    );
}

/// An input `depth` lists deep, made as it is serialized (a `Value` this deep could not
/// even be dropped on a 2 MiB stack).
struct Deep(usize);

impl Serialize for Deep {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            0 => serializer.serialize_str("bottom"),
            depth => serializer.collect_seq([Deep(depth - 1)]),
        }
    }
}

#[test]
fn a_100000_deep_input_is_echoed_on_a_normal_stack() {
    let bodies = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let error = ModelError::ImageLoadError
                .at("image_url")
                .with_input(Deep(100_000));
            let unlimited = ErrorResponse::from_error_with(&error, &EchoLimits::UNLIMITED);
            (body(&error), unlimited.body().to_owned())
        })
        .expect("a thread")
        .join()
        .expect("no stack overflow");
    let nested = |depth: usize| {
        format!(
            r#"{}"<nested too deep>"{}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let expected = |input: &str| {
        format!(
            r#"{{"detail":[{{"loc":["body","image_url"],"msg":"Image load error","type":"image_load_error","url":"https://docs.fal.ai/errors/#image_load_error","input":{input}}}]}}"#
        )
    };
    assert_eq!(bodies.0, expected(&nested(16)));
    // What `with_input` kept: `EchoLimits::KEPT`'s 32 levels.
    assert_eq!(bodies.1, expected(&nested(32)));
}

#[test]
fn a_2_mb_input_is_kept_bounded_and_counted() {
    let prompts: Vec<String> = (0..200_000).map(|i| format!("p{i:08}")).collect();
    let document: serde_json::Value = prompts.iter().map(String::as_str).collect();
    assert!(serde_json::to_string(&document).unwrap().len() > 2_000_000);
    let error = ModelError::SequenceTooLong { max_length: 4 }
        .at("prompts")
        .with_input(&document);
    let default = body(&error);
    assert!(default.len() < 1_200, "{} bytes", default.len());
    assert!(
        default.ends_with(r#""p00000062","p00000063","<199936 more items>"]}]}"#),
        "{default}"
    );
    let unlimited = ErrorResponse::from_error_with(&error, &EchoLimits::UNLIMITED);
    assert!(
        unlimited.body().len() < 16_000,
        "{} bytes",
        unlimited.body().len()
    );
    assert!(
        unlimited
            .body()
            .ends_with(r#""p00001022","p00001023","<198976 more items>"]}]}"#)
    );

    let long = "x".repeat(2_000_000);
    let error = ModelError::ImageLoadError.at("image_url").with_input(&long);
    let unlimited = ErrorResponse::from_error_with(&error, &EchoLimits::UNLIMITED);
    let kept = format!(r#""{}...<truncated, 2000000 bytes>""#, "x".repeat(65_536));
    assert!(
        unlimited
            .body()
            .ends_with(&format!(r#""input":{kept}}}]}}"#))
    );
    assert!(body(&error).ends_with(&format!(
        r#""input":"{}...<truncated, 2000000 bytes>"}}]}}"#,
        "x".repeat(4096)
    )));
}
