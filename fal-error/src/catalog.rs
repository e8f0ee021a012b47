//! The catalog: static metadata of every type an error enum can send, and the reference
//! page rendered from it, so the `url`s an error carries can point at a page built from
//! the code itself.

use std::fmt::Write;

use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};

use crate::error::FalError;

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

/// The error types of an error enum, its transparent variants' types included.
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalog {
    entries: Vec<ErrorInfo>,
    duplicates: Vec<&'static str>,
}

impl Catalog {
    /// The catalog of a derived error type: one entry per type, the first variant that
    /// sends it.
    pub fn of<E: FalError>() -> Self {
        let mut entries: Vec<ErrorInfo> = Vec::new();
        let mut duplicates = Vec::new();
        for entry in E::catalog() {
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

    /// The entries, in declaration order.
    pub fn entries(&self) -> &[ErrorInfo] {
        &self.entries
    }

    /// The entry of one type.
    pub fn get(&self, error_type: &str) -> Option<&ErrorInfo> {
        self.entries
            .iter()
            .find(|entry| entry.error_type == error_type)
    }

    /// A reference page in Markdown shaped like fal's model-errors page: one section per
    /// type with its description, status, retryability, ctx keys and an example item.
    pub fn to_markdown(&self, title: &str) -> String {
        let mut page = format!("# {title}\n");
        for entry in &self.entries {
            write_section(&mut page, entry);
        }
        page
    }
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

impl Serialize for Catalog {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(&self.entries)
    }
}
