//! The catalog: static metadata of every type an error enum can send, and what is
//! rendered from it: the reference page (so the `url`s an error carries can point at a
//! page built from the code itself), the OpenAPI responses, and the committed contract a
//! release is checked against.

use std::fmt::{self, Write};

use serde::ser::{Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde_json::{Map, Value};

use crate::error::FalError;
use crate::model_error::ModelError;
use crate::openapi;
use crate::request_error::{RequestError, RequestErrorType};

/// Whether an error type is retryable.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retryability {
    /// Always this value.
    Fixed(bool),
    /// Chosen where the error is raised (a `#[fal(retryable)]` field).
    RaiseSite,
}

/// One `ctx` key of an error type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CtxInfo {
    /// The key.
    pub key: &'static str,
    /// The JSON type of its value, as far as the Rust type tells: `integer`, `number`,
    /// `string`, `boolean`, `array`, `object` or `any`.
    pub json_type: &'static str,
    /// The field's doc comment.
    pub doc: &'static str,
}

/// Everything static about one error type, as the derive records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorInfo {
    /// The `type`.
    pub error_type: &'static str,
    /// The HTTP status.
    pub status: u16,
    /// Whether it is retryable.
    pub retryable: Retryability,
    /// The `ctx` keys, in order.
    pub ctx: &'static [CtxInfo],
    /// The documentation URL.
    pub url: &'static str,
    /// The message, or its template (`"Input should be greater than {gt}"`); empty when
    /// the message is the value's `Display` text.
    pub msg: &'static str,
    /// The variant's doc comment.
    pub doc: &'static str,
}

/// The error types of an error enum, its transparent variants' types included; request
/// errors (the flat body) are listed apart, by type.
///
/// ```
/// use fal_error::{Catalog, ModelError};
///
/// let catalog = Catalog::of::<ModelError>();
/// assert_eq!(catalog.entries().len(), 31);
/// let page = catalog.to_markdown("Model errors");
/// assert!(page.contains("##### `image_too_large`"));
/// let json = serde_json::to_value(&catalog).unwrap();
/// assert_eq!(json[7]["type"], "image_too_large");
/// assert_eq!(json[7]["ctx"], serde_json::json!(["max_height", "max_width"]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<ErrorInfo>,
    request_types: Vec<RequestErrorType>,
    duplicates: Vec<&'static str>,
}

impl Catalog {
    /// The catalog of an error type: a derived enum, [`ModelError`], [`RequestError`]
    /// or the JSON extractors' `JsonRejection`.
    ///
    /// ```
    /// use fal_error::{Catalog, ErrorInfo, FalError, Retryability};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     /// The GPU pool is full.
    ///     #[fal(status = 503, retryable = true)]
    ///     GpuBusy,
    /// }
    ///
    /// let catalog = Catalog::of::<UpscaleError>();
    /// let entry: &ErrorInfo = &catalog.entries()[0];
    /// assert_eq!((entry.error_type, entry.status), ("gpu_busy", 503));
    /// assert_eq!(entry.retryable, Retryability::Fixed(true));
    /// assert_eq!(entry.url, "https://docs.fal.ai/errors/#gpu_busy");
    /// assert_eq!(entry.doc, "The GPU pool is full.");
    /// ```
    pub fn of<E: Documented + ?Sized>() -> Self {
        E::error_catalog()
    }

    /// A catalog of model-error entries: one entry per type, the first that sends it.
    ///
    /// ```
    /// use fal_error::{Catalog, FalError, ModelError};
    ///
    /// let mut infos = <ModelError as FalError>::catalog();
    /// infos.extend(<ModelError as FalError>::catalog());
    /// let catalog = Catalog::from_entries(infos);
    /// assert_eq!(catalog.entries().len(), 31);
    /// assert_eq!(catalog.duplicate_types().len(), 31);
    /// ```
    pub fn from_entries(all: Vec<ErrorInfo>) -> Self {
        let mut entries: Vec<ErrorInfo> = Vec::with_capacity(all.len());
        let mut duplicates = Vec::new();
        for entry in all {
            if entries
                .iter()
                .any(|seen| seen.error_type == entry.error_type)
            {
                duplicates.push(entry.error_type);
            } else {
                entries.push(entry);
            }
        }
        Catalog {
            entries,
            request_types: Vec::new(),
            duplicates,
        }
    }

    /// The types that more than one variant sends, which the derive rejects at compile
    /// time wherever it can see both (it cannot through a generic parameter or a
    /// `dyn FalError`); a test can assert this is empty.
    ///
    /// ```
    /// use fal_error::{Catalog, FalError, ModelError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum AppError<E: FalError> {
    ///     #[fal(status = 500, retryable = false)]
    ///     InternalServerError,
    ///     #[fal(transparent)]
    ///     Inner(E),
    /// }
    ///
    /// let catalog = Catalog::of::<AppError<ModelError>>();
    /// assert_eq!(catalog.duplicate_types(), ["internal_server_error"]);
    /// assert_eq!(catalog.entries().len(), 31);
    /// ```
    pub fn duplicate_types(&self) -> &[&'static str] {
        &self.duplicates
    }

    /// A catalog of request-error types, each documented at its typical status.
    ///
    /// ```
    /// use fal_error::{Catalog, RequestErrorType};
    ///
    /// let catalog = Catalog::from_request_types([RequestErrorType::RequestTimeout]);
    /// assert_eq!(catalog.request_types(), [RequestErrorType::RequestTimeout]);
    /// assert!(catalog.entries().is_empty());
    /// let responses = catalog.openapi_responses();
    /// assert_eq!(responses.keys().collect::<Vec<_>>(), ["504"]);
    /// ```
    pub fn from_request_types(request_types: impl IntoIterator<Item = RequestErrorType>) -> Self {
        Catalog {
            entries: Vec::new(),
            request_types: request_types.into_iter().collect(),
            duplicates: Vec::new(),
        }
    }

    /// This catalog and `other`'s, for an endpoint that can fail with both: each type
    /// once, the first declaration kept.
    ///
    /// ```
    /// use fal_error::{Catalog, FalError, ModelError, RequestError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum LoraError {
    ///     #[fal(type = "lora_not_found")]
    ///     NotFound,
    ///     #[fal(transparent)]
    ///     Model(ModelError),
    /// }
    ///
    /// let catalog = Catalog::of::<LoraError>().merge(Catalog::of::<ModelError>()).merge(Catalog::of::<RequestError>());
    /// assert_eq!(catalog.entries().len(), 32);
    /// assert_eq!(catalog.request_types().len(), 13);
    /// ```
    #[must_use]
    pub fn merge(mut self, other: Catalog) -> Self {
        for entry in other.entries {
            if self.get(entry.error_type).is_none() {
                self.entries.push(entry);
            }
        }
        for request_type in other.request_types {
            if !self.request_types.contains(&request_type) {
                self.request_types.push(request_type);
            }
        }
        self
    }

    /// The model-error entries, in declaration order.
    ///
    /// ```
    /// use fal_error::{Catalog, ModelError};
    ///
    /// let types: Vec<&str> = Catalog::of::<ModelError>().entries().iter().map(|e| e.error_type).take(3).collect();
    /// assert_eq!(types, ["internal_server_error", "generation_timeout", "downstream_service_error"]);
    /// ```
    pub fn entries(&self) -> &[ErrorInfo] {
        &self.entries
    }

    /// The request-error types.
    ///
    /// ```
    /// use fal_error::{Catalog, RequestError, RequestErrorType};
    ///
    /// let catalog = Catalog::of::<RequestError>();
    /// assert_eq!(catalog.request_types(), RequestErrorType::ALL);
    /// assert_eq!(catalog.request_types()[0].as_str(), "request_timeout");
    /// ```
    pub fn request_types(&self) -> &[RequestErrorType] {
        &self.request_types
    }

    /// The entry of one type.
    ///
    /// ```
    /// use fal_error::{Catalog, CtxInfo, ModelError, Retryability};
    ///
    /// let catalog = Catalog::of::<ModelError>();
    /// let entry = catalog.get("less_than_equal").unwrap();
    /// assert_eq!(entry.status, 422);
    /// assert_eq!(entry.retryable, Retryability::Fixed(false));
    /// assert_eq!(entry.msg, "Input should be less than or equal to {le}");
    /// assert_eq!(entry.ctx.iter().map(|ctx: &CtxInfo| (ctx.key, ctx.json_type)).collect::<Vec<_>>(), [("le", "number")]);
    /// assert_eq!(catalog.get("internal_server_error").unwrap().retryable, Retryability::RaiseSite);
    /// assert!(catalog.get("gpu_busy").is_none());
    /// ```
    pub fn get(&self, error_type: &str) -> Option<&ErrorInfo> {
        self.entries
            .iter()
            .find(|entry| entry.error_type == error_type)
    }

    /// A reference page in Markdown shaped like fal's model-errors page: one section per
    /// type with its description, status, retryability, ctx keys and an example item.
    ///
    /// ```
    /// use fal_error::{Catalog, FalError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     /// The GPU pool is full: retry in a few seconds.
    ///     #[fal(status = 503, retryable = true)]
    ///     GpuBusy,
    /// }
    ///
    /// let page = Catalog::of::<UpscaleError>().to_markdown("Upscaler errors");
    /// assert_eq!(
    ///     page,
    ///     concat!(
    ///         "# Upscaler errors\n",
    ///         "\n",
    ///         "##### `gpu_busy`\n",
    ///         "\n",
    ///         "The GPU pool is full: retry in a few seconds.\n",
    ///         "\n",
    ///         "* **Status Code:** 503\n",
    ///         "* **Retryable:** `true`.\n",
    ///         "* **Context (`ctx`):** None\n",
    ///         "\n",
    ///         "```json\n",
    ///         "[\n",
    ///         "  {\n",
    ///         "    \"loc\": [\"body\"],\n",
    ///         "    \"msg\": \"Gpu busy\",\n",
    ///         "    \"type\": \"gpu_busy\",\n",
    ///         "    \"url\": \"https://docs.fal.ai/errors/#gpu_busy\"\n",
    ///         "  }\n",
    ///         "]\n",
    ///         "```\n",
    ///     ),
    /// );
    /// ```
    pub fn to_markdown(&self, title: &str) -> String {
        let mut page = format!("# {title}\n");
        for entry in &self.entries {
            write_section(&mut page, entry);
        }
        page
    }

    /// The OpenAPI 3.1 `responses` of an operation that can fail with these errors: one
    /// response per status, with its `x-fal-retryable` (and `x-fal-error-type`) header,
    /// a body schema whose detail items are a `oneOf` of one schema per type (its own
    /// `ctx` keys, typed and required), and one example per type as the error sends it.
    /// Every schema is inline, so the fragment can be pasted into any document.
    ///
    /// ```
    /// use fal_error::{Catalog, ModelError};
    ///
    /// let responses = Catalog::of::<ModelError>().openapi_responses();
    /// let response = &responses["422"];
    /// assert_eq!(response["headers"]["x-fal-retryable"]["schema"]["enum"], serde_json::json!(["false"]));
    /// let example = &response["content"]["application/json"]["examples"]["image_too_large"]["value"];
    /// assert_eq!(
    ///     example.to_string(),
    ///     r#"{"detail":[{"ctx":{"max_height":1024,"max_width":1024},"loc":["body"],"msg":"Image too large","type":"image_too_large","url":"https://docs.fal.ai/errors/#image_too_large"}]}"#,
    /// );
    /// ```
    pub fn openapi_responses(&self) -> Map<String, Value> {
        openapi::responses(self)
    }

    /// `components.schemas` entries for a hand-kept document: FastAPI's
    /// `HTTPValidationError` and `ValidationError` (with fal's `url`, `ctx`, `input`),
    /// `RequestError`, and one item schema per model-error type, named by its type.
    ///
    /// ```
    /// use fal_error::{Catalog, ModelError};
    ///
    /// let schemas = Catalog::of::<ModelError>().openapi_schemas();
    /// assert_eq!(schemas["one_of"]["properties"]["ctx"]["required"], serde_json::json!(["expected"]));
    /// assert_eq!(schemas["ValidationError"]["required"], serde_json::json!(["loc", "msg", "type"]));
    /// ```
    pub fn openapi_schemas(&self) -> Map<String, Value> {
        let mut schemas = Map::new();
        schemas.insert(
            "HTTPValidationError".into(),
            openapi::detail_body_schema(openapi::detail_item_schema()),
        );
        schemas.insert("ValidationError".into(), openapi::detail_item_schema());
        schemas.insert("RequestError".into(), openapi::request_body_schema(&[]));
        for entry in &self.entries {
            schemas.insert(entry.error_type.into(), openapi::type_schema(entry));
        }
        schemas
    }

    /// Checks this catalog against a committed one (its JSON, as `serde_json` writes a
    /// [`Catalog`]): every committed type must still exist with the same status,
    /// retryability and `ctx` keys and types. New types are fine; messages and docs may
    /// change.
    ///
    /// ```
    /// use fal_error::{Catalog, FalError};
    ///
    /// #[derive(Debug, FalError)]
    /// enum UpscaleError {
    ///     #[fal(type = "gpu_busy", status = 503, retryable = true)]
    ///     GpuBusy,
    /// }
    ///
    /// // In a test: `Catalog::of::<UpscaleError>().check_compatible(include_str!("errors.json"))`.
    /// let committed = r#"[{"type":"gpu_busy","status":503,"retryable":false,"ctx":[],"ctx_types":{}}]"#;
    /// let changes = Catalog::of::<UpscaleError>().check_compatible(committed).unwrap_err();
    /// assert_eq!(changes.to_string(), "`gpu_busy`: retryable was false, is now true");
    /// ```
    pub fn check_compatible(&self, committed: &str) -> Result<(), CatalogChanges> {
        let committed: Vec<Map<String, Value>> =
            serde_json::from_str(committed).map_err(|error| {
                CatalogChanges(vec![format!(
                    "the committed catalog is not a catalog's JSON: {error}"
                )])
            })?;
        let current = serde_json::to_value(self).unwrap_or(Value::Null);
        let current: Vec<&Map<String, Value>> = current
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .collect();
        let mut changes = Vec::new();
        for entry in &committed {
            let name = entry
                .get("type")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let shape = entry.get("body");
            let Some(now) = current.iter().find(|now| {
                now.get("type").and_then(Value::as_str) == Some(name) && now.get("body") == shape
            }) else {
                changes.push(format!("`{name}` was removed"));
                continue;
            };
            for key in ["status", "retryable", "ctx", "ctx_types"] {
                let (was, is) = (entry.get(key), now.get(key));
                if was != is {
                    let text =
                        |value: Option<&Value>| value.map_or("absent".to_owned(), Value::to_string);
                    changes.push(format!(
                        "`{name}`: {key} was {}, is now {}",
                        text(was),
                        text(is)
                    ));
                }
            }
        }
        if changes.is_empty() {
            Ok(())
        } else {
            Err(CatalogChanges(changes))
        }
    }
}

/// The breaking differences between a catalog and the committed one, one line each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogChanges(pub Vec<String>);

impl fmt::Display for CatalogChanges {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("\n"))
    }
}

impl std::error::Error for CatalogChanges {}

/// An error type whose catalog is known: every [`FalError`], [`RequestError`] and the
/// JSON extractors' `JsonRejection`.
pub trait Documented {
    /// The types this error can send.
    ///
    /// ```
    /// use fal_error::{Documented, ModelError, RequestError};
    ///
    /// assert_eq!(ModelError::error_catalog().entries().len(), 31);
    /// assert_eq!(RequestError::error_catalog().request_types().len(), 13);
    /// // Tuples merge: an endpoint that fails with both.
    /// let both = <(ModelError, RequestError)>::error_catalog();
    /// assert_eq!((both.entries().len(), both.request_types().len()), (31, 13));
    /// ```
    fn error_catalog() -> Catalog;
}

impl<E: FalError> Documented for E {
    fn error_catalog() -> Catalog {
        Catalog::from_entries(<E as FalError>::catalog())
    }
}

/// Several error types of one endpoint, merged (see [`Catalog::merge`]).
macro_rules! documented_tuples {
    ($(($first:ident $(, $rest:ident)*)),*) => {$(
        impl<$first: Documented $(, $rest: Documented)*> Documented for ($first, $($rest,)*) {
            fn error_catalog() -> Catalog {
                Catalog::of::<$first>()$(.merge(Catalog::of::<$rest>()))*
            }
        }
    )*};
}
documented_tuples!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

/// The 13 documented request-error types.
impl Documented for RequestError {
    fn error_catalog() -> Catalog {
        Catalog::from_request_types(RequestErrorType::ALL)
    }
}

/// What the extractors send: `JsonError`'s own types, the four built-ins it uses
/// (`file_too_large`, `greater_than_equal`, `less_than_equal`, `one_of`), and
/// `bad_request` for an unreadable body.
#[cfg(any(feature = "axum", feature = "actix-web"))]
impl Documented for crate::integrations::json::JsonRejection {
    fn error_catalog() -> Catalog {
        const BUILT_INS: [&str; 4] = [
            "file_too_large",
            "greater_than_equal",
            "less_than_equal",
            "one_of",
        ];
        let model = Catalog::of::<ModelError>();
        let own = Catalog::of::<crate::integrations::json::JsonError>()
            .entries
            .into_iter()
            .filter(|entry| {
                model.get(entry.error_type).is_none() || BUILT_INS.contains(&entry.error_type)
            })
            .collect();
        Catalog {
            entries: own,
            request_types: vec![RequestErrorType::BadRequest],
            duplicates: Vec::new(),
        }
    }
}

/// Every entry this crate declares itself: `ModelError`'s and the extractors'.
pub(crate) fn builtin_infos() -> Vec<ErrorInfo> {
    let infos = <ModelError as FalError>::catalog();
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    let infos = [
        infos,
        <crate::integrations::json::JsonError as FalError>::catalog(),
    ]
    .concat();
    infos
}

/// A snake_case type as a sentence: `image_too_large` -> `Image too large`.
pub(crate) fn humanize(error_type: &str) -> String {
    let mut text = error_type.replace('_', " ");
    if let Some(first) = text.get(..1) {
        let upper = first.to_ascii_uppercase();
        text.replace_range(..1, &upper);
    }
    text
}

fn write_section(page: &mut String, entry: &ErrorInfo) {
    let _ = write!(page, "\n##### `{}`\n\n", entry.error_type);
    if !entry.doc.is_empty() {
        let _ = write!(page, "{}\n\n", entry.doc);
    }
    let _ = writeln!(page, "* **Status Code:** {}", entry.status);
    let retryable = match entry.retryable {
        Retryability::Fixed(retryable) => format!("`{retryable}`."),
        Retryability::RaiseSite => "Can be `true` or `false`.".to_owned(),
    };
    let _ = writeln!(page, "* **Retryable:** {retryable}");
    if entry.ctx.is_empty() {
        page.push_str("* **Context (`ctx`):** None\n");
    } else {
        page.push_str("* **Context (`ctx`):**\n");
        for ctx in entry.ctx {
            let _ = write!(page, "  * `{}` ({})", ctx.key, ctx.json_type);
            if !ctx.doc.is_empty() {
                let _ = write!(page, ": {}", ctx.doc.replace('\n', " "));
            }
            page.push('\n');
        }
    }
    page.push_str("\n```json\n");
    write_example(page, entry);
    page.push_str("```\n");
}

/// The example item of a section, laid out as the spec page lays out its examples: the
/// message (or its template) and a typed placeholder for each ctx value.
fn write_example(page: &mut String, entry: &ErrorInfo) {
    let text = |value: &str| serde_json::to_string(value).unwrap_or_default();
    let _ = write!(
        page,
        "[\n  {{\n    \"loc\": [\"body\"],\n    \"msg\": {},\n    \"type\": {},\n    \"url\": {}",
        text(entry.msg),
        text(entry.error_type),
        text(entry.url)
    );
    if !entry.ctx.is_empty() {
        page.push_str(",\n    \"ctx\": {\n");
        let entries: Vec<String> = entry
            .ctx
            .iter()
            .map(|ctx| {
                format!(
                    "      {}: {}",
                    text(ctx.key),
                    text(&format!("<{}>", ctx.json_type))
                )
            })
            .collect();
        page.push_str(&entries.join(",\n"));
        page.push_str("\n    }");
    }
    page.push_str("\n  }\n]\n");
}

/// `type`, `status`, `retryable` (`true`, `false` or `"raise_site"`), `ctx` (the key
/// names), `ctx_types`, `url`, `msg` and `description`.
impl Serialize for ErrorInfo {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut item = serializer.serialize_struct("ErrorInfo", 8)?;
        item.serialize_field("type", self.error_type)?;
        item.serialize_field("status", &self.status)?;
        match self.retryable {
            Retryability::Fixed(retryable) => item.serialize_field("retryable", &retryable)?,
            Retryability::RaiseSite => item.serialize_field("retryable", "raise_site")?,
        }
        let keys: Vec<&str> = self.ctx.iter().map(|ctx| ctx.key).collect();
        item.serialize_field("ctx", &keys)?;
        item.serialize_field("ctx_types", &CtxTypes(self.ctx))?;
        item.serialize_field("url", self.url)?;
        item.serialize_field("msg", self.msg)?;
        item.serialize_field("description", self.doc)?;
        item.end()
    }
}

struct CtxTypes(&'static [CtxInfo]);

impl Serialize for CtxTypes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for ctx in self.0 {
            map.serialize_entry(ctx.key, ctx.json_type)?;
        }
        map.end()
    }
}

/// The entries, then one `{"type", "status", "retryable", "body": "request_error"}` per
/// request-error type.
impl Serialize for Catalog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq =
            serializer.serialize_seq(Some(self.entries.len() + self.request_types.len()))?;
        for entry in &self.entries {
            seq.serialize_element(entry)?;
        }
        for request_type in &self.request_types {
            seq.serialize_element(&RequestEntry(request_type))?;
        }
        seq.end()
    }
}

struct RequestEntry<'a>(&'a RequestErrorType);

impl Serialize for RequestEntry<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut item = serializer.serialize_struct("RequestEntry", 4)?;
        item.serialize_field("type", self.0.as_str())?;
        item.serialize_field("status", &openapi::request_status(self.0))?;
        let error = RequestError::new(self.0.clone(), "");
        item.serialize_field("retryable", &error.retryable())?;
        item.serialize_field("body", "request_error")?;
        item.end()
    }
}
