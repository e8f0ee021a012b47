//! One item of a `{"detail": [...]}` body: its exact wire form, written and read.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use serde::de::{self, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::echo::{EchoLimits, cut, write_echo};
use crate::error::{DEFAULT_DOC_BASE, FalError, doc_url};
use crate::finite::Finite;
use crate::loc::{Loc, LocItem};
use crate::raw_json::RawJson;
use crate::serde_struct::{FieldIndex, fill};
use crate::url_form::UrlForm;

/// A detail item as it travels: `loc, msg, type, url, ctx, input`, in that order.
///
/// This is the owned form a client reads from a response (`ReceivedError`)
/// or that code builds by hand; errors that implement [`FalError`] are written
/// straight from their fields without going through it.
///
/// Reading is lenient, as fal's clients are: a missing `url`, `"ctx": null` and unknown
/// keys are accepted. `ctx` and `input` are kept as JSON text ([`RawJson`]): read them
/// with [`RawJson::to_value`] or [`RawJson::parse`].
///
/// ```
/// use fal_error::ErrorDetail;
///
/// let item: ErrorDetail = serde_json::from_str(
///     r#"{"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of","ctx":null,"extra":1}"#,
/// ).unwrap();
/// assert_eq!(item.error_type, "multiple_of");
/// assert_eq!(item.url(), "https://docs.fal.ai/errors/#multiple_of");
/// assert_eq!(
///     serde_json::to_string(&item).unwrap(),
///     r#"{"loc":["body","width"],"msg":"Input should be a multiple of 8","type":"multiple_of","url":"https://docs.fal.ai/errors/#multiple_of"}"#,
/// );
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorDetail {
    /// Where the error is.
    pub loc: Loc,
    /// The human-readable message.
    pub msg: String,
    /// The machine-readable type.
    pub error_type: String,
    /// The documentation link, when the sender gave one.
    pub url: Option<String>,
    /// Structured context, a JSON object; `None` when absent, null or empty.
    pub ctx: Option<RawJson>,
    /// The echoed input; `Some` of `null` when the sender echoed `null`.
    pub input: Option<RawJson>,
}

impl ErrorDetail {
    /// An item at `["body"]` with no context and no input.
    ///
    /// ```
    /// use fal_error::ErrorDetail;
    ///
    /// let item = ErrorDetail::new("gpu_busy", "Gpu busy");
    /// assert_eq!(
    ///     serde_json::to_string(&item).unwrap(),
    ///     r#"{"loc":["body"],"msg":"Gpu busy","type":"gpu_busy","url":"https://docs.fal.ai/errors/#gpu_busy"}"#,
    /// );
    /// ```
    pub fn new(error_type: impl Into<String>, msg: impl Into<String>) -> Self {
        ErrorDetail {
            loc: Loc::body(),
            msg: msg.into(),
            error_type: error_type.into(),
            url: None,
            ctx: None,
            input: None,
        }
    }

    /// The documentation link: the one received, else fal's default for the type.
    ///
    /// ```
    /// use fal_error::ErrorDetail;
    ///
    /// let mut item = ErrorDetail::new("one_of", "Input should be 2 or 4");
    /// assert_eq!(item.url(), "https://docs.fal.ai/errors/#one_of");
    /// item.url = Some("https://docs.fal.ai/errors#one_of".into());
    /// assert_eq!(item.url(), "https://docs.fal.ai/errors#one_of");
    /// ```
    pub fn url(&self) -> Cow<'_, str> {
        match &self.url {
            Some(url) => Cow::Borrowed(url),
            None => Cow::Owned(doc_url(DEFAULT_DOC_BASE, &self.error_type)),
        }
    }

    /// This item with `ctx` (an empty one is none).
    ///
    /// ```
    /// use fal_error::ErrorDetail;
    /// use serde_json::json;
    ///
    /// let item = ErrorDetail::new("multiple_of", "Input should be a multiple of 8")
    ///     .with_ctx(json!({ "multiple_of": 8 }).as_object().unwrap().clone());
    /// assert_eq!(item.ctx.unwrap().get(), r#"{"multiple_of":8}"#);
    /// assert_eq!(ErrorDetail::new("t", "m").with_ctx(Default::default()).ctx, None);
    /// ```
    #[must_use]
    pub fn with_ctx(mut self, ctx: Map<String, Value>) -> Self {
        self.ctx = (!ctx.is_empty()).then(|| RawJson::from(ctx));
        self
    }

    /// This item echoing `input`.
    ///
    /// ```
    /// use fal_error::ErrorDetail;
    /// use serde_json::json;
    ///
    /// let item = ErrorDetail::new("value_error", "Bad prompt").with_input(json!({ "prompt": "" }));
    /// assert_eq!(
    ///     serde_json::to_string(&item).unwrap(),
    ///     r#"{"loc":["body"],"msg":"Bad prompt","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","input":{"prompt":""}}"#,
    /// );
    /// ```
    #[must_use]
    pub fn with_input(mut self, input: impl Into<RawJson>) -> Self {
        self.input = Some(input.into());
        self
    }

    /// The item written by `error`, as an owned value (`ctx` and `input` as
    /// [`FalError::ctx`] and [`FalError::input_value`] give them).
    ///
    /// ```
    /// use fal_error::{ErrorDetail, FalError, Loc, ModelError};
    ///
    /// let item = ErrorDetail::from_error(&ModelError::one_of([2, 4]).at("scale").with_input(3));
    /// assert_eq!(item.loc, Loc::field("scale"));
    /// assert_eq!(item.msg, "Input should be 2 or 4");
    /// assert_eq!(item.ctx.unwrap().to_value()["expected"], serde_json::json!([2, 4]));
    /// assert_eq!(item.input.unwrap().get(), "3");
    /// ```
    pub fn from_error(error: &(impl FalError + ?Sized)) -> Self {
        ErrorDetail {
            loc: error.loc(),
            msg: error.msg().into_owned(),
            error_type: error.error_type().to_owned(),
            url: Some(error.url().into_owned()),
            ctx: error.ctx().map(RawJson::from),
            input: error.input_value().map(RawJson::from),
        }
    }
}

impl Serialize for ErrorDetail {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DetailWire {
            loc: CappedLoc {
                loc: &self.loc,
                max_bytes: EchoLimits::DEFAULT.max_string_bytes,
            },
            msg: &self.msg,
            error_type: &self.error_type,
            url: &self.url(),
            ctx: self.ctx.as_ref().filter(|ctx| ctx.get() != "{}"),
            input: self.input.as_ref(),
        }
        .serialize(serializer)
    }
}

const DETAIL_FIELDS: &[&str] = &["loc", "msg", "type", "url", "ctx", "input"];

impl<'de> Deserialize<'de> for ErrorDetail {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("ErrorDetail", DETAIL_FIELDS, DetailVisitor)
    }
}

struct DetailVisitor;

impl<'de> Visitor<'de> for DetailVisitor {
    type Value = ErrorDetail;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a fal error detail item")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ErrorDetail, A::Error> {
        let (mut loc, mut msg, mut error_type) = (None, None, None);
        let (mut url, mut ctx, mut input) = (None, None, None);
        while let Some(field) = map.next_key_seed(FieldIndex(DETAIL_FIELDS))? {
            match field {
                Some(0) => fill(&mut loc, "loc", || map.next_value())?,
                Some(1) => fill(&mut msg, "msg", || map.next_value())?,
                Some(2) => fill(&mut error_type, "type", || map.next_value())?,
                Some(3) => fill(&mut url, "url", || map.next_value::<Option<String>>())?,
                Some(4) => fill(&mut ctx, "ctx", || {
                    // Absent, null and `{}` are one: no ctx.
                    let ctx = map.next_value::<Option<Map<String, Value>>>()?;
                    Ok(ctx.filter(|ctx| !ctx.is_empty()).map(RawJson::from))
                })?,
                Some(_) => fill(&mut input, "input", || map.next_value::<RawJson>())?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(ErrorDetail {
            loc: loc.ok_or_else(|| de::Error::missing_field("loc"))?,
            msg: msg.ok_or_else(|| de::Error::missing_field("msg"))?,
            error_type: error_type.ok_or_else(|| de::Error::missing_field("type"))?,
            url: url.flatten(),
            ctx: ctx.flatten(),
            input,
        })
    }
}

/// The key order of an owned detail item.
struct DetailWire<'a> {
    loc: CappedLoc<'a>,
    msg: &'a str,
    error_type: &'a str,
    url: &'a str,
    ctx: Option<&'a RawJson>,
    input: Option<&'a RawJson>,
}

impl Serialize for DetailWire<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let present = usize::from(self.ctx.is_some()) + usize::from(self.input.is_some());
        let mut item = serializer.serialize_struct("ErrorDetail", 4 + present)?;
        item.serialize_field("loc", &self.loc)?;
        item.serialize_field("msg", self.msg)?;
        item.serialize_field("type", self.error_type)?;
        item.serialize_field("url", self.url)?;
        if let Some(ctx) = self.ctx {
            item.serialize_field("ctx", ctx)?;
        }
        if let Some(input) = self.input {
            item.serialize_field("input", input)?;
        }
        item.end()
    }
}

/// Writes `error` as one detail item at the end of `out`, straight from its fields: the
/// keys and punctuation as constant bytes, a derived error's constant parts as the JSON
/// its derive escaped ([`Fragments`](crate::fragments::Fragments)), the `type` (always `[a-z][a-z0-9_]*` for derived
/// errors) and other plain text without going through an escaper. A `ctx` that fails to
/// serialize (a map with non-string keys, a failing `Serialize` impl) is left out rather
/// than losing the item. Returns where the `type`'s text is in `out`.
pub(crate) fn write_item<E: FalError + ?Sized>(
    out: &mut Vec<u8>,
    error: &E,
    loc: &Loc,
    limits: &EchoLimits,
) -> serde_json::Result<Range<usize>> {
    let fragments = error.__fragments();
    out.extend_from_slice(b"{\"loc\":");
    if fragments.loc.is_empty() {
        write_loc(out, loc, limits)?;
    } else {
        out.extend_from_slice(fragments.loc.as_bytes());
    }
    out.extend_from_slice(b",\"msg\":");
    if fragments.msg.is_empty() {
        write_str(out, &error.msg())?;
    } else {
        out.extend_from_slice(fragments.msg.as_bytes());
    }
    out.push(b',');
    let type_at = match constant_type_url(fragments.type_url) {
        Some(type_end) => {
            let start = out.len();
            out.extend_from_slice(fragments.type_url.as_bytes());
            start + TYPE_KEY.len()..start + type_end
        }
        None => write_type_url(out, error)?,
    };
    write_ctx(out, error);
    if let Some(input) = error.input() {
        out.extend_from_slice(b",\"input\":");
        write_echo(out, input, limits)?;
    }
    out.push(b'}');
    Ok(type_at)
}

const TYPE_KEY: &str = "\"type\":\"";

/// Where the `type`'s text ends in a derived error's constant `"type":"..","url":".."`
/// (a derived `type` is `[a-z][a-z0-9_]*`, so its first quote closes it), when that text
/// is what this thread writes: the url form of fal's servers rewrites fal's links
/// ([`crate::UrlForm`]), so the error's parts are written one by one.
fn constant_type_url(type_url: &str) -> Option<usize> {
    if UrlForm::current() != UrlForm::Spec {
        return None;
    }
    let text = type_url.strip_prefix(TYPE_KEY)?;
    let end = text.bytes().position(|byte| byte == b'"')?;
    Some(TYPE_KEY.len() + end)
}

/// `"type":"..","url":".."` from the error's methods; returns where the `type`'s text is.
fn write_type_url<E: FalError + ?Sized>(
    out: &mut Vec<u8>,
    error: &E,
) -> serde_json::Result<Range<usize>> {
    out.extend_from_slice(b"\"type\":");
    let type_start = out.len() + 1;
    write_str(out, error.error_type())?;
    let type_at = type_start..out.len() - 1;
    out.extend_from_slice(b",\"url\":");
    let url = error.url();
    let (base, rest) = crate::url_form::written_parts(&url);
    write_str_parts(out, [base, rest])?;
    Ok(type_at)
}

/// A `loc` array, its run-time keys cut as echoed strings are.
fn write_loc(out: &mut Vec<u8>, loc: &Loc, limits: &EchoLimits) -> serde_json::Result<()> {
    out.push(b'[');
    for (position, item) in loc.items().iter().enumerate() {
        if position > 0 {
            out.push(b',');
        }
        match item {
            LocItem::Key(name) => write_str(out, &capped_key(name, limits.max_string_bytes))?,
            LocItem::Index(index) => serde_json::to_writer(&mut *out, index)?,
        }
    }
    out.push(b']');
    Ok(())
}

/// A JSON string; text that needs no escaping (no quote, backslash or control character)
/// is copied as it is.
fn write_str(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    write_str_parts(out, [text])
}

/// One JSON string made of `parts` side by side.
fn write_str_parts<const N: usize>(out: &mut Vec<u8>, parts: [&str; N]) -> serde_json::Result<()> {
    let needs_escaping = |text: &str| {
        text.bytes()
            .any(|byte| byte < 0x20 || byte == b'"' || byte == b'\\')
    };
    if parts.iter().any(|part| needs_escaping(part)) {
        return serde_json::to_writer(out, &parts.concat());
    }
    out.reserve(parts.iter().map(|part| part.len()).sum::<usize>() + 2);
    out.push(b'"');
    for part in parts {
        out.extend_from_slice(part.as_bytes());
    }
    out.push(b'"');
    Ok(())
}

/// `,"ctx":{...}` written entry by entry from the error's fields; nothing when the error
/// has no context or a value fails to serialize.
fn write_ctx<E: FalError + ?Sized>(out: &mut Vec<u8>, error: &E) {
    let start = out.len();
    out.extend_from_slice(b",\"ctx\":{");
    let mut entries = 0usize;
    let mut failed = false;
    error.visit_ctx(&mut |key, value| {
        if failed {
            return;
        }
        if entries > 0 {
            out.push(b',');
        }
        entries += 1;
        failed = write_str(out, key).is_err() || {
            out.push(b':');
            serde_json::to_writer(&mut *out, &Finite(value)).is_err()
        };
    });
    if failed || entries == 0 {
        out.truncate(start);
    } else {
        out.push(b'}');
    }
}

/// A `loc` key as written: a key written in the code (`&'static str`) is not hostile; a
/// key built at run time may come from the request, and is cut as echoed strings are.
#[allow(
    clippy::ptr_arg,
    reason = "whether the key is borrowed from the code or owned is what decides"
)]
fn capped_key<'a>(name: &'a Cow<'static, str>, max_bytes: usize) -> Cow<'a, str> {
    match name {
        Cow::Borrowed(name) => Cow::Borrowed(name),
        Cow::Owned(name) => cut(name, max_bytes),
    }
}

/// A `loc` whose run-time field names are cut as echoed strings are: a key taken from a
/// hostile body (a 1 MiB map key) does not become a 1 MiB `loc`.
struct CappedLoc<'a> {
    loc: &'a Loc,
    max_bytes: usize,
}

impl Serialize for CappedLoc<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut items = serializer.serialize_seq(Some(self.loc.items().len()))?;
        for item in self.loc.items() {
            match item {
                LocItem::Key(name) => items.serialize_element(&capped_key(name, self.max_bytes))?,
                LocItem::Index(index) => items.serialize_element(index)?,
            }
        }
        items.end()
    }
}
