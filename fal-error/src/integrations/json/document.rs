//! The request body as a tree in flat vectors, read once without recursion after
//! serde_json has checked its syntax (so its depth is at most serde_json's limit of 128).
//!
//! Objects keep the body's key order; a repeated key keeps its first place and its last
//! value, as a Python `dict` built by `json.loads` does. Numbers keep their text, so an
//! integer of any size is range-checked against the exact value sent.

use std::collections::HashMap;
use std::ops::Range;

/// One JSON value. Containers and strings point into the document's vectors.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    /// The number's text, a range of the body.
    Number(Span),
    /// The decoded string, a range of [`Document::text`].
    String(Span),
    /// The items' node indexes, a range of [`Document::items`].
    Array(Span),
    /// The entries, a range of [`Document::entries`].
    Object(Span),
}

/// A half-open range of one of the document's vectors.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

impl Span {
    fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// An object entry: the decoded key and the value's node index.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Entry {
    key: Span,
    pub(crate) value: usize,
}

/// A number as the JSON text says it: an integer of any size, or a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Numeral {
    /// An integer that fits in 128 bits.
    Int(i128),
    /// An integer beyond 128 bits; `true` when negative.
    Huge {
        negative: bool,
    },
    Float(f64),
}

/// A parsed body: node 0 is the root.
#[derive(Debug)]
pub(crate) struct Document<'b> {
    body: &'b [u8],
    nodes: Vec<Node>,
    items: Vec<usize>,
    entries: Vec<Entry>,
    text: String,
}

/// Objects with more entries than this find repeated keys with a hash map.
const LINEAR_DEDUP: usize = 16;

impl<'b> Document<'b> {
    /// Reads a body that serde_json has already accepted as JSON; `None` if it is not.
    pub(crate) fn parse(body: &'b [u8]) -> Option<Self> {
        Reader {
            document: Document {
                body,
                nodes: Vec::new(),
                items: Vec::new(),
                entries: Vec::new(),
                text: String::new(),
            },
            pos: 0,
            frames: Vec::new(),
            pending_items: Vec::new(),
            pending_entries: Vec::new(),
        }
        .read()
    }

    pub(crate) fn node(&self, index: usize) -> Node {
        self.nodes.get(index).copied().unwrap_or(Node::Null)
    }

    pub(crate) fn text(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or_default()
    }

    pub(crate) fn items(&self, span: Span) -> &[usize] {
        self.items.get(span.range()).unwrap_or_default()
    }

    pub(crate) fn entries(&self, span: Span) -> &[Entry] {
        self.entries.get(span.range()).unwrap_or_default()
    }

    pub(crate) fn key(&self, entry: &Entry) -> &str {
        self.text(entry.key)
    }

    /// The number's text exactly as sent.
    pub(crate) fn number_text(&self, span: Span) -> &str {
        self.body
            .get(span.range())
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("0")
    }

    pub(crate) fn numeral(&self, span: Span) -> Numeral {
        let text = self.number_text(span);
        if text.bytes().any(|byte| matches!(byte, b'.' | b'e' | b'E')) {
            return Numeral::Float(text.parse().unwrap_or(f64::NAN));
        }
        match text.parse::<i128>() {
            Ok(integer) => Numeral::Int(integer),
            Err(_) => Numeral::Huge {
                negative: text.starts_with('-'),
            },
        }
    }
}

/// A container being read, with where its pending children start.
enum Frame {
    Array { node: usize, from: usize },
    Object { node: usize, from: usize, key: Span },
}

struct Reader<'b> {
    document: Document<'b>,
    pos: usize,
    frames: Vec<Frame>,
    pending_items: Vec<usize>,
    pending_entries: Vec<Entry>,
}

impl<'b> Reader<'b> {
    fn read(mut self) -> Option<Document<'b>> {
        loop {
            let mut node = match self.value()? {
                Some(node) => node,
                None => continue,
            };
            loop {
                match self.frames.last_mut() {
                    None => {
                        self.skip_whitespace();
                        return (self.pos == self.document.body.len()).then_some(self.document);
                    }
                    Some(Frame::Array { .. }) => {
                        self.pending_items.push(node);
                        match self.next_byte()? {
                            b',' => break,
                            b']' => node = self.close()?,
                            _ => return None,
                        }
                    }
                    Some(Frame::Object { key, .. }) => {
                        let key = *key;
                        self.pending_entries.push(Entry { key, value: node });
                        match self.next_byte()? {
                            b',' => {
                                self.object_key()?;
                                break;
                            }
                            b'}' => node = self.close()?,
                            _ => return None,
                        }
                    }
                }
            }
        }
    }

    /// Reads a scalar (its node), or opens a container (`None`, or its node when empty).
    fn value(&mut self) -> Option<Option<usize>> {
        let node = match self.next_byte()? {
            b'n' => self.literal(b"ull", Node::Null)?,
            b't' => self.literal(b"rue", Node::Bool(true))?,
            b'f' => self.literal(b"alse", Node::Bool(false))?,
            b'"' => {
                let span = self.string()?;
                Node::String(span)
            }
            b'[' => {
                let node = self.push(Node::Array(Span::default()));
                self.frames.push(Frame::Array {
                    node,
                    from: self.pending_items.len(),
                });
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return self.close().map(Some);
                }
                return Some(None);
            }
            b'{' => {
                let node = self.push(Node::Object(Span::default()));
                self.frames.push(Frame::Object {
                    node,
                    from: self.pending_entries.len(),
                    key: Span::default(),
                });
                self.skip_whitespace();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return self.close().map(Some);
                }
                self.object_key()?;
                return Some(None);
            }
            _ => {
                let start = self.pos - 1;
                while self.peek().is_some_and(|byte| {
                    matches!(byte, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                }) {
                    self.pos += 1;
                }
                Node::Number(Span {
                    start,
                    end: self.pos,
                })
            }
        };
        Some(Some(self.push(node)))
    }

    /// Reads `"key":` into the innermost object's frame.
    fn object_key(&mut self) -> Option<()> {
        if self.next_byte()? != b'"' {
            return None;
        }
        let span = self.string()?;
        if self.next_byte()? != b':' {
            return None;
        }
        match self.frames.last_mut() {
            Some(Frame::Object { key, .. }) => *key = span,
            _ => return None,
        }
        Some(())
    }

    /// Ends the innermost container, moving its pending children into the document.
    fn close(&mut self) -> Option<usize> {
        let document = &mut self.document;
        match self.frames.pop()? {
            Frame::Array { node, from } => {
                let start = document.items.len();
                document.items.extend(self.pending_items.drain(from..));
                let span = Span {
                    start,
                    end: document.items.len(),
                };
                *document.nodes.get_mut(node)? = Node::Array(span);
                Some(node)
            }
            Frame::Object { node, from, .. } => {
                let start = document.entries.len();
                let pending = self.pending_entries.drain(from..);
                if pending.len() <= LINEAR_DEDUP {
                    for entry in pending {
                        let text = &document.text;
                        let key = &text[entry.key.range()];
                        match document.entries[start..]
                            .iter_mut()
                            .find(|kept| &text[kept.key.range()] == key)
                        {
                            Some(kept) => kept.value = entry.value,
                            None => document.entries.push(entry),
                        }
                    }
                } else {
                    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(pending.len());
                    for entry in pending {
                        let key = &document.text[entry.key.range()];
                        match seen.get(key) {
                            Some(&at) => document.entries[at].value = entry.value,
                            None => {
                                seen.insert(key, document.entries.len());
                                document.entries.push(entry);
                            }
                        }
                    }
                }
                let span = Span {
                    start,
                    end: document.entries.len(),
                };
                *document.nodes.get_mut(node)? = Node::Object(span);
                Some(node)
            }
        }
    }

    fn push(&mut self, node: Node) -> usize {
        self.document.nodes.push(node);
        self.document.nodes.len() - 1
    }

    fn literal(&mut self, rest: &[u8], node: Node) -> Option<Node> {
        let end = self.pos + rest.len();
        (self.document.body.get(self.pos..end)? == rest).then(|| {
            self.pos = end;
            node
        })
    }

    fn peek(&self) -> Option<u8> {
        self.document.body.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, consumed.
    fn next_byte(&mut self) -> Option<u8> {
        self.skip_whitespace();
        let byte = self.peek()?;
        self.pos += 1;
        Some(byte)
    }

    /// Decodes a string whose opening quote is consumed into the document's text.
    fn string(&mut self) -> Option<Span> {
        let body = self.document.body;
        let start = self.document.text.len();
        loop {
            let run = body
                .get(self.pos..)?
                .iter()
                .position(|byte| matches!(byte, b'"' | b'\\'))?;
            let run_text = std::str::from_utf8(&body[self.pos..self.pos + run]).ok()?;
            self.document.text.push_str(run_text);
            self.pos += run + 1;
            if body[self.pos - 1] == b'"' {
                return Some(Span {
                    start,
                    end: self.document.text.len(),
                });
            }
            let escaped = *body.get(self.pos)?;
            self.pos += 1;
            let decoded = match escaped {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let unit = self.hex4()?;
                    let code = if (0xD800..0xDC00).contains(&unit) {
                        if body.get(self.pos..self.pos + 2)? != b"\\u" {
                            return None;
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        unit
                    };
                    char::from_u32(code)?
                }
                _ => return None,
            };
            self.document.text.push(decoded);
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.document.body.get(self.pos..self.pos + 4)?;
        let digits = std::str::from_utf8(digits).ok()?;
        let unit = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys_and_values(body: &str) -> Vec<(String, String)> {
        let document = Document::parse(body.as_bytes()).expect("JSON");
        let Node::Object(span) = document.node(0) else {
            panic!("an object")
        };
        document
            .entries(span)
            .iter()
            .map(|entry| {
                let value = match document.node(entry.value) {
                    Node::Number(span) => document.number_text(span).to_owned(),
                    Node::String(span) => document.text(span).to_owned(),
                    other => format!("{other:?}"),
                };
                (document.key(entry).to_owned(), value)
            })
            .collect()
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_its_last_value() {
        assert_eq!(
            keys_and_values(r#"{"b": 1, "a": 2, "b": 3}"#),
            [("b".into(), "3".into()), ("a".into(), "2".into())]
        );
        let many: Vec<String> = (0..40).map(|i| format!(r#""k{}": {i}"#, i % 20)).collect();
        let pairs = keys_and_values(&format!("{{{}}}", many.join(",")));
        assert_eq!(pairs.len(), 20);
        assert_eq!(pairs[0], ("k0".into(), "20".into()));
        assert_eq!(pairs[19], ("k19".into(), "39".into()));
    }

    #[test]
    fn escapes_are_decoded_and_numbers_keep_their_text() {
        assert_eq!(
            keys_and_values(r#"{"a\"b": "\u00e9\ud83d\ude00\n", "n": 100000000000000000000}"#),
            [
                ("a\"b".into(), "é😀\n".into()),
                ("n".into(), "100000000000000000000".into())
            ]
        );
    }

    #[test]
    fn numerals_of_any_size() {
        let document = Document::parse(b"[1, -2, 1e2, 340282366920938463463374607431768211456]")
            .expect("JSON");
        let Node::Array(span) = document.node(0) else {
            panic!("an array")
        };
        let numerals: Vec<Numeral> = document
            .items(span)
            .iter()
            .map(|&item| match document.node(item) {
                Node::Number(span) => document.numeral(span),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            numerals,
            [
                Numeral::Int(1),
                Numeral::Int(-2),
                Numeral::Float(100.0),
                Numeral::Huge { negative: false }
            ]
        );
    }

    #[test]
    fn deep_nesting_is_read_without_recursion() {
        let body = "[".repeat(200_000) + &"]".repeat(200_000);
        let document = Document::parse(body.as_bytes()).expect("JSON");
        assert!(matches!(document.node(0), Node::Array(_)));
        assert!(Document::parse(b"[1,").is_none());
    }
}
