//! Both body shapes read in one pass over the bytes, straight into detail items: a UTF-8
//! BOM is skipped, one malformed item is set aside with its index while the others are
//! kept, and `ctx` and `input` are checked and copied as text ([`RawJson`]).
//!
//! Peak memory stays within a few times the body's size: besides the text copied, each
//! item costs its `ErrorDetail` (about 150 bytes), and the list of items is given room for
//! the number of items the bytes left make likely ([`make_room`]), not twice its length.

use std::borrow::Cow;

use super::scan::{Num, Scanner, Syntax};
use super::{ItemProblem, ReceivedError, SkippedItem, UnparsedReason};
use crate::detail::ErrorDetail;
use crate::loc::{Loc, LocItem};
use crate::raw_json::RawJson;

/// A body that is a fal error body, before the headers are consulted.
pub(super) enum Read<'a> {
    /// `{"detail": [...]}` with at least one well-formed item.
    Items(Vec<ErrorDetail>, Vec<SkippedItem>),
    /// `{"detail": "..."}` with the body's `error_type` (`None` when absent, `null`, `""`).
    Text(Cow<'a, str>, Option<Cow<'a, str>>),
}

enum Detail<'a> {
    Text(Cow<'a, str>),
    Items(Vec<ErrorDetail>, Vec<SkippedItem>),
    Invalid,
}

enum ErrorType<'a> {
    Absent,
    Name(Cow<'a, str>),
    Invalid,
}

/// Reads a body; the reasons rank as in [`UnparsedReason`]'s order of checks.
pub(super) fn read(body: &[u8]) -> Result<Read<'_>, UnparsedReason> {
    let text = text(body)?;
    let mut scanner = Scanner::new(text);
    let (detail, error_type) = top_level(&mut scanner).map_err(|Syntax| UnparsedReason::NotJson)?;
    match detail {
        None => Err(UnparsedReason::NoDetail),
        Some(Detail::Invalid) => Err(UnparsedReason::InvalidDetail),
        Some(Detail::Items(items, skipped)) => match (items.is_empty(), skipped.first()) {
            (true, None) => Err(UnparsedReason::EmptyDetail),
            (true, Some(first)) => Err(UnparsedReason::InvalidItem { index: first.index }),
            (false, _) => Ok(Read::Items(items, skipped)),
        },
        Some(Detail::Text(text)) => match error_type {
            ErrorType::Invalid => Err(UnparsedReason::InvalidErrorType),
            ErrorType::Absent => Ok(Read::Text(text, None)),
            ErrorType::Name(name) => Ok(Read::Text(text, (!name.is_empty()).then_some(name))),
        },
    }
}

/// The body as text, a UTF-8 BOM skipped.
pub(super) fn text(body: &[u8]) -> Result<&str, UnparsedReason> {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    if body.trim_ascii().is_empty() {
        return Err(UnparsedReason::Empty);
    }
    std::str::from_utf8(body).map_err(|_| UnparsedReason::NotUtf8)
}

/// The top-level value; `detail` is `None` when it is not an object with that key. A
/// repeated key keeps its last value, as serde_json.
fn top_level<'a>(scanner: &mut Scanner<'a>) -> Result<(Option<Detail<'a>>, ErrorType<'a>), Syntax> {
    let mut detail = None;
    let mut error_type = ErrorType::Absent;
    if scanner.peek() == Some(b'{') {
        scanner.object()?;
        let mut first = true;
        while let Some(key) = scanner.next_key(&mut first)? {
            match &*key {
                "detail" => detail = Some(read_detail(scanner)?),
                "error_type" => error_type = read_error_type(scanner)?,
                _ => scanner.skip()?,
            }
        }
    } else {
        scanner.skip()?;
    }
    scanner.end()?;
    Ok((detail, error_type))
}

fn read_detail<'a>(scanner: &mut Scanner<'a>) -> Result<Detail<'a>, Syntax> {
    match scanner.peek() {
        Some(b'"') => Ok(Detail::Text(scanner.string()?)),
        Some(b'[') => {
            scanner.array()?;
            let start = scanner.position();
            let mut items = Vec::new();
            let mut skipped = Vec::new();
            let mut first = true;
            let mut index = 0;
            while scanner.next_element(&mut first)? {
                match read_item(scanner)? {
                    Ok(item) => {
                        make_room(&mut items, index + 1, scanner.position() - start, scanner);
                        items.push(item);
                    }
                    Err(problem) if skipped.len() < ReceivedError::MAX_SKIPPED => {
                        skipped.push(SkippedItem { index, problem });
                    }
                    Err(_) => {}
                }
                index += 1;
            }
            Ok(Detail::Items(items, skipped))
        }
        _ => {
            scanner.skip()?;
            Ok(Detail::Invalid)
        }
    }
}

/// The fewest bytes an item takes in a list.
const SMALLEST_ITEM: usize = r#",{"loc":[],"msg":"","type":""}"#.len();

/// Room in `items` for one more and for those likely to follow: as many as the bytes left
/// hold at the average size of the `read` items so far (`bytes_read`), within an eighth
/// and 8 times the number kept (so that a growing list is copied a few times at most,
/// and a few small items before large ones do not reserve room for thousands), and
/// never more than the bytes left can hold.
fn make_room(items: &mut Vec<ErrorDetail>, read: usize, bytes_read: usize, scanner: &Scanner<'_>) {
    if items.len() < items.capacity() {
        return;
    }
    let kept = items.len();
    let left = scanner.remaining();
    let likely = left / (bytes_read / read).max(1);
    let more = likely
        .clamp(kept / 8, kept.max(2) * 8)
        .min(left / SMALLEST_ITEM);
    items.reserve_exact(1 + more);
}

fn read_error_type<'a>(scanner: &mut Scanner<'a>) -> Result<ErrorType<'a>, Syntax> {
    match scanner.peek() {
        Some(b'"') => Ok(ErrorType::Name(scanner.string()?)),
        Some(b'n') if scanner.null()? => Ok(ErrorType::Absent),
        _ => {
            scanner.skip()?;
            Ok(ErrorType::Invalid)
        }
    }
}

/// The six keys of an item, each accepted once.
#[derive(Default)]
struct Fields {
    loc: Option<Loc>,
    msg: Option<String>,
    error_type: Option<String>,
    url: Option<Option<String>>,
    ctx: Option<Option<RawJson>>,
    input: Option<RawJson>,
}

/// One item: `Ok(Err(problem))` when it is JSON but not an error item.
fn read_item(scanner: &mut Scanner<'_>) -> Result<Result<ErrorDetail, ItemProblem>, Syntax> {
    if scanner.peek() != Some(b'{') {
        scanner.skip()?;
        return Ok(Err(ItemProblem::NotAnObject));
    }
    scanner.object()?;
    let mut fields = Fields::default();
    let mut problem = None;
    let mut first = true;
    while let Some(key) = scanner.next_key(&mut first)? {
        let outcome = match &*key {
            "loc" => read_field(scanner, &mut fields.loc, "loc", read_loc)?,
            "msg" => read_field(scanner, &mut fields.msg, "msg", read_string)?,
            "type" => read_field(scanner, &mut fields.error_type, "type", read_string)?,
            "url" => read_field(scanner, &mut fields.url, "url", read_url)?,
            "ctx" => read_field(scanner, &mut fields.ctx, "ctx", read_ctx)?,
            "input" => read_field(scanner, &mut fields.input, "input", |s| s.raw().map(Some))?,
            _ => {
                scanner.skip()?;
                Ok(())
            }
        };
        if let Err(found) = outcome {
            problem.get_or_insert(found);
        }
    }
    if let Some(problem) = problem {
        return Ok(Err(problem));
    }
    let missing = match (&fields.loc, &fields.msg) {
        (None, _) => "loc",
        (_, None) => "msg",
        _ => "type",
    };
    let (Some(loc), Some(msg), Some(error_type)) = (fields.loc, fields.msg, fields.error_type)
    else {
        return Ok(Err(ItemProblem::Missing(missing)));
    };
    Ok(Ok(ErrorDetail {
        loc,
        msg,
        error_type,
        url: fields.url.flatten(),
        ctx: fields.ctx.flatten().filter(|ctx| ctx.get() != "{}"),
        input: fields.input,
    }))
}

/// Reads one field into `slot` with `read` (`Ok(None)`: the wrong JSON type, passed over).
fn read_field<'a, T>(
    scanner: &mut Scanner<'a>,
    slot: &mut Option<T>,
    name: &'static str,
    read: impl FnOnce(&mut Scanner<'a>) -> Result<Option<T>, Syntax>,
) -> Result<Result<(), ItemProblem>, Syntax> {
    if slot.is_some() {
        scanner.skip()?;
        return Ok(Err(ItemProblem::Duplicate(name)));
    }
    Ok(match read(scanner)? {
        Some(value) => {
            *slot = Some(value);
            Ok(())
        }
        None => Err(ItemProblem::Invalid(name)),
    })
}

fn read_string(scanner: &mut Scanner<'_>) -> Result<Option<String>, Syntax> {
    if scanner.peek() == Some(b'"') {
        return Ok(Some(scanner.string()?.into_owned()));
    }
    scanner.skip()?;
    Ok(None)
}

fn read_url(scanner: &mut Scanner<'_>) -> Result<Option<Option<String>>, Syntax> {
    if scanner.null()? {
        return Ok(Some(None));
    }
    Ok(read_string(scanner)?.map(Some))
}

fn read_ctx(scanner: &mut Scanner<'_>) -> Result<Option<Option<RawJson>>, Syntax> {
    match scanner.peek() {
        Some(b'{') => Ok(Some(Some(scanner.raw()?))),
        Some(b'n') if scanner.null()? => Ok(Some(None)),
        _ => {
            scanner.skip()?;
            Ok(None)
        }
    }
}

/// A list of field names and non-negative integer indexes.
fn read_loc(scanner: &mut Scanner<'_>) -> Result<Option<Loc>, Syntax> {
    if scanner.peek() != Some(b'[') {
        scanner.skip()?;
        return Ok(None);
    }
    scanner.array()?;
    let mut items = LocItems::Empty;
    let mut valid = true;
    let mut first = true;
    while scanner.next_element(&mut first)? {
        match scanner.peek() {
            Some(b'"') => {
                items = items.push(match scanner.string()? {
                    Cow::Borrowed("body") => BODY,
                    name => LocItem::Key(Cow::Owned(name.into_owned())),
                });
            }
            Some(b'-' | b'0'..=b'9') => match scanner.number()? {
                Num::Unsigned(index) => items = items.push(LocItem::Index(index)),
                _ => valid = false,
            },
            _ => {
                scanner.skip()?;
                valid = false;
            }
        }
    }
    Ok(valid.then(|| items.into_loc()))
}

const BODY: LocItem = LocItem::key("body");

/// The items of a `loc` being read; `["body"]` and `["body", name]`, the usual ones, are
/// held without a list.
enum LocItems {
    Empty,
    Body,
    Field(LocItem),
    List(Vec<LocItem>),
}

impl LocItems {
    fn push(self, item: LocItem) -> LocItems {
        match self {
            LocItems::Empty if item == BODY => LocItems::Body,
            LocItems::Empty => LocItems::List(vec![item]),
            LocItems::Body => LocItems::Field(item),
            LocItems::Field(name) => LocItems::List(vec![BODY, name, item]),
            LocItems::List(mut items) => {
                items.push(item);
                LocItems::List(items)
            }
        }
    }

    fn into_loc(self) -> Loc {
        match self {
            LocItems::Empty => Loc::from(Vec::new()),
            LocItems::Body => Loc::body(),
            LocItems::Field(name) => Loc::field(name),
            LocItems::List(items) => Loc::from(items),
        }
    }
}
