//! The example server's OpenAPI document, checked by tools this project does not write:
//! the OpenAPI 3.1 JSON Schema (a fixture) and JSON Schema 2020-12's meta-schema through
//! the `jsonschema` crate; every example against its own schema; every real response of
//! the server, over HTTP, against the schema documented for its status.

#[macro_use]
mod http_cases;

use std::net::SocketAddr;
use std::sync::OnceLock;

use fal_error::json::JsonRejection;
use fal_error::utoipa::Errors;
use fal_error::{Catalog, FalError, ModelError, RequestError};
use fal_error_tests::fixture;
use http_body_util::Empty;
use hyper::body::Bytes;
use serde_json::{Value, json};
use utoipa::{IntoResponses, OpenApi};

use http_cases::server::{self, UpscaleError};

fn document() -> Value {
    serde_json::to_value(server::ApiDoc::openapi()).expect("the document as JSON")
}

/// A validator for `schema`, with the document's components beside it so that its
/// `#/components/schemas/...` references resolve.
fn validator(schema: &Value, document: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    if let Some(object) = root.as_object_mut() {
        object.insert("components".into(), document["components"].clone());
    }
    jsonschema::draft202012::new(&root).expect("a compilable schema")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect()
}

/// Every media-type object of the document (`content` entries) with its place.
fn media_types(document: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for (method, operation) in item.as_object().into_iter().flatten() {
            if let Some(content) = operation.pointer("/requestBody/content") {
                for (media, object) in content.as_object().into_iter().flatten() {
                    found.push((format!("{method} {path} request {media}"), object));
                }
            }
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                for (media, object) in response["content"].as_object().into_iter().flatten() {
                    found.push((format!("{method} {path} {status} {media}"), object));
                }
            }
        }
    }
    found
}

/// Every schema of the document: components, media types and headers.
fn schemas(document: &Value) -> Vec<(String, &Value)> {
    let mut found: Vec<(String, &Value)> = document["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, schema)| (format!("components {name}"), schema))
        .collect();
    for (place, media) in media_types(document) {
        found.push((place, &media["schema"]));
    }
    for (path, item) in document["paths"].as_object().into_iter().flatten() {
        for operation in item.as_object().into_iter().flatten().map(|(_, op)| op) {
            for (status, response) in operation["responses"].as_object().into_iter().flatten() {
                for (name, header) in response["headers"].as_object().into_iter().flatten() {
                    found.push((format!("{path} {status} header {name}"), &header["schema"]));
                }
            }
        }
    }
    found
}

fn upscale_responses(document: &Value) -> &serde_json::Map<String, Value> {
    document["paths"]["/upscale"]["post"]["responses"]
        .as_object()
        .expect("the responses of POST /upscale")
}

#[test]
fn the_document_is_openapi_3_1() {
    let meta: Value = serde_json::from_str(&fixture("openapi/oas-3.1-schema.json"))
        .expect("the OpenAPI 3.1 schema");
    let validator = jsonschema::draft202012::new(&meta).expect("the OpenAPI 3.1 schema compiles");
    let document = document();
    assert_eq!(document["openapi"], "3.1.0");
    assert_eq!(errors(&validator, &document), Vec::<String>::new());

    // The validator does reject what is not OpenAPI 3.1.
    let mut broken = document.clone();
    broken["paths"]["/upscale"]["post"]["responses"]["422"]["headers"]["x-fal-retryable"]["schema"] =
        json!(17);
    broken["openapi"] = json!("3.0.3");
    assert_eq!(
        errors(&validator, &broken).len(),
        2,
        "{:?}",
        errors(&validator, &broken)
    );
}

#[test]
fn every_schema_is_json_schema_2020_12() {
    let document = document();
    let schemas = schemas(&document);
    // 5 components, the request body, 6 responses, 6 headers.
    assert_eq!(schemas.len(), 5 + 1 + 6 + 6);
    for (place, schema) in schemas {
        if let Err(error) = jsonschema::draft202012::meta::validate(schema) {
            panic!("{place}: {error}");
        }
    }
    assert!(jsonschema::draft202012::meta::validate(&json!({"type": "strin"})).is_err());
}

#[test]
fn every_example_validates_against_its_own_schema() {
    let document = document();
    let mut checked = 0;
    for (place, media) in media_types(&document) {
        let validator = validator(&media["schema"], &document);
        for (name, example) in media["examples"].as_object().into_iter().flatten() {
            let value = &example["value"];
            assert_eq!(
                errors(&validator, value),
                Vec::<String>::new(),
                "{place} example {name}"
            );
            checked += 1;
        }
    }
    let catalog = Catalog::of::<(UpscaleError, JsonRejection)>();
    assert_eq!(
        checked,
        catalog.entries().len() + catalog.request_types().len()
    );
    // `UpscaleError`'s 32, the extractor's 17 own, pydantic's 5 names (which
    // `JsonConfig::pydantic_names` sends instead of fal's) and `bad_request`.
    assert_eq!(checked, 32 + 17 + 5 + 1);
}

#[test]
fn the_endpoint_documents_every_type_it_can_send_once() {
    let document = document();
    let responses = upscale_responses(&document);
    assert_eq!(
        responses.keys().collect::<Vec<_>>(),
        ["200", "400", "415", "422", "500", "504"]
    );
    let mut documented: Vec<String> = responses
        .values()
        .flat_map(|response| {
            response["content"]["application/json"]["examples"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(name, _)| name.clone())
        })
        .collect();
    documented.sort();
    let catalog = Catalog::of::<(UpscaleError, JsonRejection)>();
    let mut expected: Vec<String> = catalog
        .entries()
        .iter()
        .map(|entry| entry.error_type.to_owned())
        .chain(catalog.request_types().iter().map(|kind| kind.to_string()))
        .collect();
    expected.sort();
    assert_eq!(documented, expected);
    assert_eq!(
        responses["415"]["description"],
        "Unsupported Media Type. Model errors: `content_type_invalid`."
    );
    assert_eq!(
        document.pointer("/components/schemas/UpscaleRequest/properties/scale"),
        Some(&json!({
            "type": "integer", "format": "int64", "description": "The upscaling factor: 2 or 4.",
            "minimum": 2, "maximum": 4, "multipleOf": 2,
        }))
    );
    assert_eq!(
        document.pointer("/components/schemas/UpscaleRequest/properties/num_inference_steps"),
        Some(&json!({
            "type": "integer", "format": "int64", "description": "How many denoising steps to run: 1 to 50.",
            "minimum": 1, "maximum": 50,
        }))
    );
}

/// The example's app, served on an ephemeral port by a thread of its own.
fn served() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| http_cases::serve_axum(server::app()))
}

async fn get(server: SocketAddr, path: &str) -> http_cases::Reply {
    let request = http::Request::get(path)
        .header(http::header::HOST, server.to_string())
        .body(Empty::<Bytes>::new())
        .expect("a valid request");
    http_cases::exchange(server, request).await
}

#[test]
fn get_openapi_json_serves_the_document() {
    let reply = http_cases::block_on(get(served(), "/openapi.json"));
    assert_eq!(reply.status, 200);
    assert_eq!(reply.headers["content-type"], "application/json");
    let served: Value = serde_json::from_slice(&reply.body).expect("a JSON document");
    assert_eq!(served, document());
}

#[test]
fn every_real_response_validates_against_the_documented_schema() {
    let cases = [
        http_cases::valid_http_url(),
        http_cases::valid_png(),
        http_cases::valid_jpeg_baseline(),
        http_cases::valid_jpeg_progressive(),
        http_cases::valid_webp_lossy(),
        http_cases::valid_webp_lossless(),
        http_cases::valid_webp_extended(),
        http_cases::json_suffix_content_type(),
        http_cases::scale_not_allowed(),
        http_cases::steps_too_few(),
        http_cases::steps_too_many(),
        http_cases::image_too_small(),
        http_cases::image_too_large(),
        http_cases::corrupt_png(),
        http_cases::corrupt_base64(),
        http_cases::unsupported_image_format(),
        http_cases::unsupported_url_scheme(),
        http_cases::several_violations(),
        http_cases::malformed_json(),
        http_cases::syntax_error_after_a_bad_field(),
        http_cases::empty_body(),
        http_cases::wrong_content_type(),
        http_cases::missing_content_type(),
        http_cases::missing_field(),
        http_cases::wrong_field_type(),
        http_cases::fractional_integer(),
        http_cases::integer_out_of_range(),
        http_cases::string_expected(),
        http_cases::body_not_an_object(),
        http_cases::body_an_empty_array(),
        http_cases::oversized_body(),
        http_cases::body_at_the_limit(),
    ];
    let document = document();
    let responses = upscale_responses(&document);
    let server = served();
    let mut statuses = Vec::new();
    for case in cases {
        assert_eq!(case.path, "/upscale");
        let reply = http_cases::block_on(http_cases::send(
            server,
            case.path,
            case.content_type,
            case.body.clone(),
            case.chunked,
        ));
        assert_eq!(reply.status, case.status);
        let response = &responses[&reply.status.to_string()];
        let body: Value = serde_json::from_slice(&reply.body).expect("a JSON body");
        let schema = &response["content"]["application/json"]["schema"];
        let found = errors(&validator(schema, &document), &body);
        assert_eq!(
            found,
            Vec::<String>::new(),
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        for (name, header) in response["headers"].as_object().into_iter().flatten() {
            let sent = reply.headers[name.as_str()]
                .to_str()
                .expect("a text header");
            let allowed = header["schema"]["enum"].as_array().expect("an enum");
            assert!(allowed.contains(&json!(sent)), "{name}: {sent}");
        }
        statuses.push(reply.status);
    }
    statuses.sort_unstable();
    statuses.dedup();
    // A non-JSON content type is FastAPI's 422 by default; 415 is documented as the option.
    assert_eq!(statuses, [200, 422]);

    // A wrong body is refused by the same schema.
    let schema = &responses["422"]["content"]["application/json"]["schema"];
    let forged = json!({"detail": [{"loc": ["body"], "msg": "Field required", "type": "missing", "url": "https://docs.fal.ai/errors/#missing", "ctx": {}}]});
    assert_eq!(errors(&validator(schema, &document), &forged).len(), 1);
}

#[test]
fn utoipa_reads_every_fragment_back_unchanged() {
    fn check<T: IntoResponses>(catalog: Catalog) {
        let read = serde_json::to_value(T::responses()).expect("utoipa's responses as JSON");
        assert_eq!(read, Value::Object(catalog.openapi_responses()));
    }
    check::<ModelError>(Catalog::of::<ModelError>());
    check::<RequestError>(Catalog::of::<RequestError>());
    check::<JsonRejection>(Catalog::of::<JsonRejection>());
    check::<UpscaleError>(Catalog::of::<UpscaleError>());
    check::<Errors<(UpscaleError, JsonRejection, RequestError)>>(Catalog::of::<(
        UpscaleError,
        JsonRejection,
        RequestError,
    )>());
}

#[test]
fn merged_errors_share_one_response_per_status() {
    let responses = serde_json::to_value(<Errors<(UpscaleError, JsonRejection)>>::responses())
        .expect("the responses as JSON");
    assert_eq!(
        JsonRejection::responses().keys().collect::<Vec<_>>(),
        ["400", "415", "422"]
    );
    let item = |error_type: &str, doc: &str| {
        json!({
            "title": error_type, "description": doc, "type": "object",
            "required": ["loc", "msg", "type", "url"],
            "properties": {
                "loc": {"title": "Location", "description": "Where the error is: `body`, then field names and list indexes.", "type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                "msg": {"type": "string"},
                "type": {"type": "string", "enum": [error_type]},
                "url": {"type": "string", "enum": [format!("https://docs.fal.ai/errors/#{error_type}")]},
                "input": {"type": ["array", "boolean", "null", "number", "object", "string"], "description": "The offending input, made JSON-safe and capped."},
            },
            "additionalProperties": false,
        })
    };
    let mut downstream = item(
        "downstream_service_error",
        "This error signifies a problem when communicating with an external service required to fulfill the request.",
    );
    downstream["properties"]["msg"]["enum"] = json!(["Downstream service error"]);
    assert_eq!(
        responses["400"],
        json!({
            "description": "Bad Request. Model errors: `downstream_service_error`. Request errors: `bad_request`.",
            "headers": {
                "x-fal-retryable": {"description": "Whether retrying the same request may succeed.", "schema": {"type": "string", "enum": ["false", "true"]}},
                "x-fal-error-type": {"description": "The request error's type, as in the body's `error_type`.", "schema": {"type": "string", "enum": ["bad_request"]}},
            },
            "content": {"application/json": {
                "schema": {"oneOf": [
                    {"title": "HTTPValidationError", "type": "object", "required": ["detail"], "properties": {"detail": {"title": "Detail", "type": "array", "items": {"oneOf": [downstream]}}}},
                    {"title": "RequestError", "type": "object", "required": ["detail", "error_type"], "properties": {"detail": {"title": "Detail", "type": "string"}, "error_type": {"title": "Error Type", "type": "string", "enum": ["bad_request"]}}},
                ]},
                "examples": {
                    "downstream_service_error": {"summary": "downstream_service_error", "value": {"detail": [{"loc": ["body"], "msg": "Downstream service error", "type": "downstream_service_error", "url": "https://docs.fal.ai/errors/#downstream_service_error"}]}},
                    "bad_request": {"summary": "bad_request", "value": {"detail": "Bad request", "error_type": "bad_request"}},
                },
            }},
        })
    );
    let types_422 = responses["422"]["content"]["application/json"]["examples"]
        .as_object()
        .map(|examples| examples.len());
    // `UpscaleError`'s 422 types (its own and 27 built-ins), the extractor's 16 own and
    // pydantic's 5 names.
    assert_eq!(types_422, Some(1 + 27 + 16 + 5));
}

#[test]
fn a_built_in_example_is_the_spec_example_unplaced() {
    let responses = Catalog::of::<ModelError>().openapi_responses();
    let mut seen = 0;
    for response in responses.values() {
        for (name, example) in response["content"]["application/json"]["examples"]
            .as_object()
            .into_iter()
            .flatten()
        {
            let spec: Value = serde_json::from_str(&fixture(&format!("model-errors/{name}.json")))
                .expect("the spec example");
            let mut spec_item = spec[0].clone();
            spec_item["loc"] = json!(["body"]);
            if let Some(item) = spec_item.as_object_mut() {
                item.remove("input");
            }
            assert_eq!(example["value"], json!({ "detail": [spec_item] }), "{name}");
            seen += 1;
        }
    }
    assert_eq!(seen, 31);
}

#[test]
fn a_custom_example_is_what_the_error_sends() {
    let responses = Catalog::of::<UpscaleError>().openapi_responses();
    let example = &responses["422"]["content"]["application/json"]["examples"]["unsupported_url_scheme"]
        ["value"];
    let sent = UpscaleError::UnsupportedUrlScheme {
        supported_schemes: &[],
    }
    .to_response();
    let sent: Value = serde_json::from_str(sent.body()).expect("a JSON body");
    assert_eq!(example, &sent);
}

// Only its catalog is read: the variants are never built.
#[allow(dead_code)]
#[derive(Debug, FalError)]
enum Wrapper<E: FalError> {
    #[fal(type = "gpu_busy", status = 503, retryable = true)]
    Busy,
    #[fal(transparent)]
    Inner(E),
}

#[test]
fn a_generic_derived_enum_documents_its_parameter_types() {
    assert_eq!(Wrapper::<Gated>::Busy.status(), 503);
    assert_eq!(Wrapper::Inner(Gated::ContentType).status(), 415);
    let responses = <Wrapper<Gated> as IntoResponses>::responses();
    assert_eq!(responses.keys().collect::<Vec<_>>(), ["415", "503"]);
    let responses = serde_json::to_value(responses).expect("JSON");
    assert_eq!(
        responses["503"]["headers"]["x-fal-retryable"]["schema"]["enum"],
        json!(["true"])
    );
}

// Only its catalog is read: the variants are never built.
#[allow(dead_code)]
#[derive(Debug, FalError)]
enum Gated {
    #[fal(type = "content_type_invalid", status = 415)]
    ContentType,
}
