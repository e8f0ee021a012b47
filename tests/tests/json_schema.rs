//! JSON Schema of the wire types (feature `schemars`), checked against FastAPI's own
//! `HTTPValidationError`/`ValidationError` components (a fixture written by
//! `tests/fixtures/openapi/fastapi_components.py`): the same names, property names and
//! types, so a client generated from a FastAPI document reads every fal body.

use fal_error::schemars::HttpValidationError;
use fal_error::{
    ErrorDetail, ErrorResponse, FalError, Loc, ModelError, RequestError, RequestErrorType,
};
use fal_error_tests::fixture;
use serde_json::{Value, json};

fn fastapi() -> Value {
    serde_json::from_str(&fixture("openapi/fastapi-validation-error.json")).expect("the fixture")
}

/// FastAPI's `HTTPValidationError` as a standalone schema, its reference resolved.
fn fastapi_body_schema() -> jsonschema::Validator {
    let fastapi = fastapi();
    let mut root = fastapi["HTTPValidationError"].clone();
    root["components"] = json!({"schemas": {"ValidationError": fastapi["ValidationError"]}});
    jsonschema::draft202012::new(&root).expect("FastAPI's schema compiles")
}

fn schema_of<T: schemars::JsonSchema>() -> Value {
    schemars::schema_for!(T).to_value()
}

#[test]
fn the_body_schema_is_either_shape() {
    assert_eq!(
        schema_of::<ErrorResponse>(),
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "FalErrorBody",
            "anyOf": [{"$ref": "#/$defs/HTTPValidationError"}, {"$ref": "#/$defs/RequestError"}],
            "$defs": {
                "HTTPValidationError": {
                    "title": "HTTPValidationError", "type": "object", "required": ["detail"],
                    "properties": {"detail": {"title": "Detail", "type": "array", "items": {"$ref": "#/$defs/ValidationError"}}},
                },
                "ValidationError": {
                    "title": "ValidationError", "type": "object", "required": ["loc", "msg", "type"],
                    "properties": {
                        "loc": {"$ref": "#/$defs/Location"},
                        "msg": {"title": "Message", "type": "string"},
                        "type": {"title": "Error Type", "type": "string"},
                        "url": {"title": "Documentation URL", "type": "string"},
                        "ctx": {"title": "Context", "type": "object"},
                        "input": {"title": "Input"},
                    },
                },
                "Location": {
                    "title": "Location",
                    "description": "Where the error is: `body`, then field names and list indexes.",
                    "type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                },
                "RequestError": {
                    "title": "RequestError", "type": "object", "required": ["detail", "error_type"],
                    "properties": {"detail": {"title": "Detail", "type": "string"}, "error_type": {"title": "Error Type", "type": "string"}},
                },
            },
        })
    );
    assert_eq!(
        schema_of::<RequestErrorType>(),
        json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Error Type", "type": "string"})
    );
}

#[test]
fn every_fastapi_property_is_ours_with_the_same_type() {
    let fastapi = fastapi();
    let ours = schema_of::<ErrorResponse>();
    let defs = &ours["$defs"];
    for name in ["HTTPValidationError", "ValidationError"] {
        let (theirs, ours) = (&fastapi[name], &defs[name]);
        assert_eq!(ours["title"], theirs["title"]);
        assert_eq!(ours["type"], theirs["type"]);
        for required in theirs["required"].as_array().into_iter().flatten() {
            assert!(
                ours["required"]
                    .as_array()
                    .is_some_and(|ours| ours.contains(required)),
                "{name}: {required}"
            );
        }
        for (property, theirs) in theirs["properties"].as_object().expect("properties") {
            let mut ours = ours["properties"][property].clone();
            if let Some(reference) = ours["$ref"]
                .as_str()
                .and_then(|r| r.strip_prefix("#/$defs/"))
            {
                ours = defs[reference].clone();
            }
            let mut theirs = theirs.clone();
            if let Some(items) = theirs["items"]["$ref"].as_str() {
                theirs["items"]["$ref"] = json!(items.replace("#/components/schemas/", "#/$defs/"));
            }
            if let Some(ours) = ours.as_object_mut() {
                ours.remove("description");
            }
            assert_eq!(ours, theirs, "{name}.{property}");
        }
    }
    // Ours adds `url` (and FastAPI's schema, open to extra keys, accepts it).
    assert_eq!(
        defs["ValidationError"]["properties"]["url"],
        json!({"title": "Documentation URL", "type": "string"})
    );
    assert!(
        fastapi["ValidationError"]["properties"]
            .get("url")
            .is_none()
    );
}

#[test]
fn a_fastapi_client_reads_every_fal_model_error_body() {
    let fastapi = fastapi_body_schema();
    let ours = jsonschema::draft202012::new(&schema_of::<HttpValidationError>()).expect("compiles");
    let either = jsonschema::draft202012::new(&schema_of::<ErrorResponse>()).expect("compiles");
    let mut read = 0;
    for entry in std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/model-errors"
    ))
    .expect("the spec examples")
    {
        let name = entry
            .expect("an entry")
            .file_name()
            .into_string()
            .expect("a name");
        let items: Value =
            serde_json::from_str(&fixture(&format!("model-errors/{name}"))).expect("JSON");
        let body = json!({ "detail": items });
        assert!(fastapi.is_valid(&body), "{name}");
        assert!(ours.is_valid(&body), "{name}");
        assert!(either.is_valid(&body), "{name}");
        read += 1;
    }
    assert_eq!(read, 31);

    let placed = ModelError::less_than_equal(50)
        .at_loc(Loc::body().key("images").index(2))
        .with_input(80);
    let body: Value = serde_json::from_str(placed.to_response().body()).expect("JSON");
    assert!(fastapi.is_valid(&body));
    let item: ErrorDetail = serde_json::from_value(body["detail"][0].clone()).expect("an item");
    assert!(
        jsonschema::draft202012::new(&schema_of::<ErrorDetail>())
            .expect("compiles")
            .is_valid(&serde_json::to_value(&item).expect("JSON"))
    );
}

#[test]
fn a_request_error_body_is_the_other_shape() {
    let body: Value = serde_json::from_str(
        RequestError::new(RequestErrorType::RunnerDisconnected, "Runner disconnected")
            .to_response()
            .body(),
    )
    .expect("JSON");
    let request = jsonschema::draft202012::new(&schema_of::<RequestError>()).expect("compiles");
    let detail =
        jsonschema::draft202012::new(&schema_of::<HttpValidationError>()).expect("compiles");
    let either = jsonschema::draft202012::new(&schema_of::<ErrorResponse>()).expect("compiles");
    assert!(request.is_valid(&body));
    assert!(!detail.is_valid(&body));
    assert!(either.is_valid(&body));
    assert!(!either.is_valid(&json!({"detail": 3})));
    assert!(!fastapi_body_schema().is_valid(&body));
}

#[test]
fn loc_is_field_names_and_indexes() {
    let loc = jsonschema::draft202012::new(&schema_of::<Loc>()).expect("compiles");
    assert!(loc.is_valid(&serde_json::to_value(Loc::body().key("images").index(2)).expect("JSON")));
    assert!(!loc.is_valid(&json!(["body", 1.5])));
    assert!(!loc.is_valid(&json!("body")));
}
