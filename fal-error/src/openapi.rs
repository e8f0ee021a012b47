//! The OpenAPI description of a catalog: JSON Schemas of the wire shapes, one response
//! per status with its headers, body schema and one example per type, as plain JSON
//! (OpenAPI 3.1, JSON Schema 2020-12), so utoipa, aide or a hand-kept document can use it.
//!
//! Everything is inline (no `$ref`): a fragment stays valid wherever it is pasted.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::catalog::{Catalog, ErrorInfo, Retryability};
use crate::error::FalError;
use crate::headers::{X_FAL_ERROR_TYPE, X_FAL_RETRYABLE};
use crate::model_error::ModelError;
use crate::request_error::{RequestError, RequestErrorType};

/// `loc`: field names and list indexes, as FastAPI's `ValidationError` declares it.
pub(crate) fn loc_schema() -> Value {
    json!({
        "title": "Location",
        "description": "Where the error is: `body`, then field names and list indexes.",
        "type": "array",
        "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
    })
}

/// One detail item of any type: FastAPI's `ValidationError` (`loc`, `msg`, `type`) plus
/// fal's `url`, `ctx` and `input`.
pub(crate) fn detail_item_schema() -> Value {
    json!({
        "title": "ValidationError",
        "type": "object",
        "required": ["loc", "msg", "type"],
        "properties": {
            "loc": loc_schema(),
            "msg": {"title": "Message", "type": "string"},
            "type": {"title": "Error Type", "type": "string"},
            "url": {"title": "Documentation URL", "type": "string"},
            "ctx": {"title": "Context", "type": "object"},
            "input": {"title": "Input"},
        },
    })
}

/// A model-error body whose items follow `item`: FastAPI's `HTTPValidationError`.
pub(crate) fn detail_body_schema(item: Value) -> Value {
    json!({
        "title": "HTTPValidationError",
        "type": "object",
        "required": ["detail"],
        "properties": {"detail": {"title": "Detail", "type": "array", "items": item}},
    })
}

/// The flat body of a request error; `error_type` is any of `types` when given.
pub(crate) fn request_body_schema(types: &[&str]) -> Value {
    let mut error_type = json!({"title": "Error Type", "type": "string"});
    if !types.is_empty() {
        error_type["enum"] = json!(types);
    }
    json!({
        "title": "RequestError",
        "type": "object",
        "required": ["detail", "error_type"],
        "properties": {
            "detail": {"title": "Detail", "type": "string"},
            "error_type": error_type,
        },
    })
}

/// The schema of one type's detail item: its `type` and `url`, its `ctx` object with
/// every key required and typed, and nothing else.
pub(crate) fn type_schema(info: &ErrorInfo) -> Value {
    let mut properties = Map::new();
    properties.insert("loc".into(), loc_schema());
    let mut msg = json!({"type": "string"});
    if !info.msg.is_empty() && !info.msg.contains('{') {
        msg["enum"] = json!([info.msg]);
    }
    properties.insert("msg".into(), msg);
    properties.insert(
        "type".into(),
        json!({"type": "string", "enum": [info.error_type]}),
    );
    properties.insert("url".into(), json!({"type": "string", "enum": [info.url]}));
    let mut required = vec!["loc", "msg", "type", "url"];
    if !info.ctx.is_empty() {
        let mut keys = Map::new();
        for ctx in info.ctx {
            let mut schema = match ctx.json_type {
                "any" => any_value(),
                json_type => json!({ "type": json_type }),
            };
            if !ctx.doc.is_empty() {
                schema["description"] = json!(ctx.doc);
            }
            keys.insert(ctx.key.into(), schema);
        }
        let names: Vec<&str> = info.ctx.iter().map(|ctx| ctx.key).collect();
        properties.insert(
            "ctx".into(),
            json!({
                "type": "object",
                "required": names,
                "properties": keys,
                "additionalProperties": false,
            }),
        );
        required.push("ctx");
    }
    let mut input = any_value();
    input["description"] = json!("The offending input, made JSON-safe and capped.");
    properties.insert("input".into(), input);
    let mut schema = json!({
        "title": info.error_type,
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": false,
    });
    if !info.doc.is_empty() {
        schema["description"] = json!(info.doc);
    }
    schema
}

/// Any JSON value, spelled with every type rather than as `{}`, which utoipa's schema
/// types cannot read back.
fn any_value() -> Value {
    json!({"type": ["array", "boolean", "null", "number", "object", "string"]})
}

/// What one status carries.
#[derive(Default)]
struct Group<'a> {
    model: Vec<&'a ErrorInfo>,
    request: Vec<&'a RequestErrorType>,
}

/// One response per status, keyed by the status as text.
pub(crate) fn responses(catalog: &Catalog) -> Map<String, Value> {
    let mut groups: BTreeMap<u16, Group<'_>> = BTreeMap::new();
    for info in catalog.entries() {
        groups.entry(info.status).or_default().model.push(info);
    }
    for error_type in catalog.request_types() {
        groups
            .entry(request_status(error_type))
            .or_default()
            .request
            .push(error_type);
    }
    groups
        .into_iter()
        .map(|(status, group)| (status.to_string(), response(status, &group)))
        .collect()
}

pub(crate) fn request_status(error_type: &RequestErrorType) -> u16 {
    RequestError::new(error_type.clone(), "").status().as_u16()
}

fn response(status: u16, group: &Group<'_>) -> Value {
    let model_types: Vec<&str> = group.model.iter().map(|info| info.error_type).collect();
    let request_types: Vec<&str> = group.request.iter().map(|kind| kind.as_str()).collect();

    let mut description = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Error")
        .to_owned();
    if !model_types.is_empty() {
        description.push_str(". Model errors: ");
        description.push_str(&code_list(&model_types));
    }
    if !request_types.is_empty() {
        description.push_str(". Request errors: ");
        description.push_str(&code_list(&request_types));
    }
    description.push('.');

    let model_body = (!group.model.is_empty()).then(|| {
        let items: Vec<Value> = group.model.iter().map(|info| type_schema(info)).collect();
        detail_body_schema(json!({ "oneOf": items }))
    });
    let request_body = (!group.request.is_empty()).then(|| request_body_schema(&request_types));
    let schema = match (model_body, request_body) {
        (Some(model), Some(request)) => json!({"oneOf": [model, request]}),
        (Some(body), None) | (None, Some(body)) => body,
        (None, None) => json!({}),
    };

    let mut examples = Map::new();
    for info in &group.model {
        examples.insert(
            info.error_type.into(),
            json!({"summary": info.error_type, "value": model_example(info)}),
        );
    }
    for kind in &group.request {
        examples.insert(
            kind.as_str().into(),
            json!({"summary": kind.as_str(), "value": request_example(kind)}),
        );
    }

    let mut retryable: Vec<&str> = Vec::new();
    for info in &group.model {
        match info.retryable {
            Retryability::Fixed(value) => retryable.push(bool_text(value)),
            Retryability::RaiseSite => retryable.extend(["false", "true"]),
        }
    }
    for kind in &group.request {
        retryable.push(bool_text(
            RequestError::new((*kind).clone(), "").retryable(),
        ));
    }
    retryable.sort_unstable();
    retryable.dedup();

    let mut headers = Map::new();
    headers.insert(
        X_FAL_RETRYABLE.as_str().into(),
        json!({
            "description": "Whether retrying the same request may succeed.",
            "schema": {"type": "string", "enum": retryable},
        }),
    );
    if !request_types.is_empty() {
        headers.insert(
            X_FAL_ERROR_TYPE.as_str().into(),
            json!({
                "description": "The request error's type, as in the body's `error_type`.",
                "schema": {"type": "string", "enum": request_types},
            }),
        );
    }

    json!({
        "description": description,
        "headers": headers,
        "content": {"application/json": {"schema": schema, "examples": examples}},
    })
}

fn code_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// The body one error of this type sends: the built-in's own response for a built-in
/// type, otherwise an item built from the catalog with a typed placeholder per `ctx` key.
pub(crate) fn model_example(info: &ErrorInfo) -> Value {
    if let Some(error) = builtin_example(info) {
        return serde_json::to_value(error.to_response()).unwrap_or(Value::Null);
    }
    let mut ctx = Map::new();
    for key in info.ctx {
        ctx.insert(key.key.into(), placeholder(key.json_type));
    }
    let mut item = Map::new();
    item.insert("loc".into(), json!(["body"]));
    item.insert("msg".into(), json!(example_msg(info, &ctx)));
    item.insert("type".into(), json!(info.error_type));
    item.insert("url".into(), json!(info.url));
    if !ctx.is_empty() {
        item.insert("ctx".into(), Value::Object(ctx));
    }
    json!({ "detail": [item] })
}

fn request_example(kind: &RequestErrorType) -> Value {
    let error = RequestError::new(kind.clone(), example_detail(kind));
    serde_json::to_value(&error).unwrap_or(Value::Null)
}

/// A request error's `detail` for the examples: its type humanized.
fn example_detail(kind: &RequestErrorType) -> String {
    crate::catalog::humanize(kind.as_str())
}

fn placeholder(json_type: &str) -> Value {
    match json_type {
        "integer" | "number" => json!(0),
        "string" => json!("string"),
        "boolean" => json!(false),
        "array" => json!([]),
        "object" => json!({}),
        _ => Value::Null,
    }
}

/// The message template with each `{key}` of a ctx key replaced by its placeholder; a
/// message taken from `Display` is the type humanized.
fn example_msg(info: &ErrorInfo, ctx: &Map<String, Value>) -> String {
    if info.msg.is_empty() {
        return crate::catalog::humanize(info.error_type);
    }
    let mut msg = info.msg.to_owned();
    for (key, value) in ctx {
        let text = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        msg = msg.replace(&format!("{{{key}}}"), &text);
    }
    msg.replace("{{", "{").replace("}}", "}")
}

/// A built-in error with the spec page's ctx values, when `info` is a built-in type
/// exactly as the built-in catalog declares it.
fn builtin_example(info: &ErrorInfo) -> Option<Box<dyn FalError>> {
    let error: Box<dyn FalError> = match builtin_model_example(info.error_type) {
        Some(error) => Box::new(error),
        None => json_example(info.error_type)?,
    };
    let declared = crate::catalog::builtin_infos();
    declared
        .iter()
        .any(|builtin| builtin == info)
        .then_some(error)
}

fn builtin_model_example(error_type: &str) -> Option<ModelError> {
    use ModelError as M;
    Some(match error_type {
        "internal_server_error" => M::internal_server_error(),
        "generation_timeout" => M::generation_timeout(),
        "downstream_service_error" => M::downstream_service_error(),
        "downstream_service_unavailable" => M::downstream_service_unavailable(),
        "content_policy_violation" => M::ContentPolicyViolation,
        "no_media_generated" => M::NoMediaGenerated,
        "image_too_small" => M::ImageTooSmall {
            min_height: 512,
            min_width: 512,
        },
        "image_too_large" => M::ImageTooLarge {
            max_height: 1024,
            max_width: 1024,
        },
        "image_load_error" => M::ImageLoadError,
        "file_download_error" => M::FileDownloadError,
        "face_detection_error" => M::FaceDetectionError,
        "file_too_large" => M::FileTooLarge {
            max_size: 10_485_760,
        },
        "greater_than" => M::greater_than(0),
        "greater_than_equal" => M::greater_than_equal(0),
        "less_than" => M::less_than(1.0),
        "less_than_equal" => M::less_than_equal(20),
        "multiple_of" => M::multiple_of(8),
        "sequence_too_short" => M::SequenceTooShort { min_length: 1 },
        "sequence_too_long" => M::SequenceTooLong { max_length: 4 },
        "one_of" => M::one_of(["EulerA", "DPM++"]),
        "feature_not_supported" => M::FeatureNotSupported,
        "invalid_archive" => M::InvalidArchive {
            supported_extensions: [".zip", ".tar.gz"].into(),
        },
        "archive_file_count_below_minimum" => M::ArchiveFileCountBelowMinimum {
            min_count: 10,
            provided_count: 8,
            supported_extensions: [".jpg", ".png"].into(),
        },
        "archive_file_count_exceeds_maximum" => M::ArchiveFileCountExceedsMaximum {
            max_count: 100,
            provided_count: 150,
            supported_extensions: [".jpg", ".png"].into(),
        },
        "audio_duration_too_long" => M::AudioDurationTooLong {
            max_duration: 60.into(),
            provided_duration: 90.into(),
        },
        "audio_duration_too_short" => M::AudioDurationTooShort {
            min_duration: 5.into(),
            provided_duration: 2.into(),
        },
        "video_duration_too_long" => M::VideoDurationTooLong {
            max_duration: 60.into(),
            provided_duration: 120.into(),
        },
        "video_duration_too_short" => M::VideoDurationTooShort {
            min_duration: 3.into(),
            provided_duration: 1.into(),
        },
        "unsupported_audio_format" => M::UnsupportedAudioFormat {
            supported_formats: [".mp3", ".wav", ".ogg"].into(),
        },
        "unsupported_image_format" => M::UnsupportedImageFormat {
            supported_formats: [".jpg", ".jpeg", ".png", ".webp"].into(),
        },
        "unsupported_video_format" => M::UnsupportedVideoFormat {
            supported_formats: [".mp4", ".mov", ".webm"].into(),
        },
        _ => return None,
    })
}

#[cfg(any(feature = "axum", feature = "actix-web"))]
fn json_example(error_type: &str) -> Option<Box<dyn FalError>> {
    use crate::integrations::json::JsonError as J;
    Some(Box::new(match error_type {
        "content_type_invalid" => J::ContentTypeInvalid,
        "json_invalid" => J::JsonInvalid {
            error: "EOF while parsing a value at line 1 column 44".into(),
        },
        "missing" => J::Missing,
        "extra_forbidden" => J::ExtraForbidden,
        "string_type" => J::StringType,
        "int_type" => J::IntType,
        "int_parsing" => J::IntParsing,
        "int_from_float" => J::IntFromFloat,
        "float_type" => J::FloatType,
        "float_parsing" => J::FloatParsing,
        "bool_type" => J::BoolType,
        "bool_parsing" => J::BoolParsing,
        "list_type" => J::ListType,
        "dict_type" => J::DictType,
        "value_error" => J::ValueError {
            error: "invalid value: expected a URL".into(),
        },
        _ => return None,
    }))
}

#[cfg(not(any(feature = "axum", feature = "actix-web")))]
fn json_example(_: &str) -> Option<Box<dyn FalError>> {
    None
}
