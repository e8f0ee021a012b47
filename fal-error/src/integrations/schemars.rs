//! schemars (feature `schemars`): JSON Schema of the wire types, the same schemas the
//! OpenAPI responses use, named and shaped as FastAPI names its own
//! (`HTTPValidationError`, `ValidationError`), so a client generated from a FastAPI
//! document reads a fal body: the same property names and types, plus `url`, `ctx` and
//! `input`.
//!
//! ```
//! use fal_error::ErrorDetail;
//!
//! let schema = schemars::schema_for!(ErrorDetail);
//! assert_eq!(schema.get("title").unwrap(), "ValidationError");
//! assert_eq!(schema.get("required").unwrap(), &serde_json::json!(["loc", "msg", "type"]));
//! assert_eq!(schema.pointer("/properties/loc/$ref").unwrap(), "#/$defs/Location");
//! ```

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

use crate::detail::ErrorDetail;
use crate::loc::{Loc, LocItem};
use crate::openapi;
use crate::request_error::{RequestError, RequestErrorType};
use crate::response::ErrorResponse;

/// The model-error body, `{"detail": [...]}`: FastAPI's `HTTPValidationError`, its items
/// [`ErrorDetail`]s. A marker for schemas only (the body itself is an
/// [`ErrorResponse`]'s).
///
/// ```
/// use fal_error::schemars::HttpValidationError;
///
/// let schema = schemars::schema_for!(HttpValidationError);
/// assert_eq!(schema.get("title").unwrap(), "HTTPValidationError");
/// assert_eq!(schema.pointer("/properties/detail/items/$ref").unwrap(), "#/$defs/ValidationError");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HttpValidationError;

fn schema(value: Value) -> Schema {
    Schema::try_from(value).unwrap_or_default()
}

fn with_property(mut value: Value, name: &str, property: Schema) -> Value {
    if let Some(properties) = value.get_mut("properties") {
        properties[name] = property.to_value();
    }
    value
}

impl JsonSchema for Loc {
    fn schema_name() -> Cow<'static, str> {
        "Location".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(openapi::loc_schema())
    }
}

impl JsonSchema for LocItem {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "LocationItem".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(openapi::loc_schema()["items"].take())
    }
}

impl JsonSchema for ErrorDetail {
    fn schema_name() -> Cow<'static, str> {
        "ValidationError".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let loc = generator.subschema_for::<Loc>();
        schema(with_property(openapi::detail_item_schema(), "loc", loc))
    }
}

impl JsonSchema for HttpValidationError {
    fn schema_name() -> Cow<'static, str> {
        "HTTPValidationError".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<ErrorDetail>();
        schema(openapi::detail_body_schema(item.to_value()))
    }
}

impl JsonSchema for RequestErrorType {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "RequestErrorType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(openapi::request_body_schema(&[])["properties"]["error_type"].take())
    }
}

impl JsonSchema for RequestError {
    fn schema_name() -> Cow<'static, str> {
        "RequestError".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schema(openapi::request_body_schema(&[]))
    }
}

/// Either body: the model-error body or the request-error body.
impl JsonSchema for ErrorResponse {
    fn schema_name() -> Cow<'static, str> {
        "FalErrorBody".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let detail = generator.subschema_for::<HttpValidationError>();
        let request = generator.subschema_for::<RequestError>();
        schema(serde_json::json!({
            "title": "FalErrorBody",
            "anyOf": [detail.to_value(), request.to_value()],
        }))
    }
}
