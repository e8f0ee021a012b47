//! A one-pass JSON reader over a body's bytes: strings are borrowed when they hold no
//! escape, numbers are exact (integers as `u64`/`i64`, floats bit for bit), a value can
//! be checked and taken as its text ([`Scanner::raw`]), and two leniencies a browser has
//! are kept: a lone surrogate escape reads as `U+FFFD`, and a number out of `f64` range
//! reads as its text.

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

use crate::raw_json::RawJson;

/// The body is not JSON (or nests deeper than [`MAX_DEPTH`]).
#[derive(Debug)]
pub(crate) struct Syntax;

/// serde_json's recursion limit, so that the same bodies are accepted.
const MAX_DEPTH: usize = 128;

/// Bytes that end the fast run of a string: `"`, `\` and control characters.
static STOPS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// A JSON number as read.
#[derive(Debug, PartialEq)]
pub(crate) enum Num<'a> {
    /// A non-negative integer that fits `u64`.
    Unsigned(u64),
    /// A negative integer that fits `i64`.
    Signed(i64),
    /// Any other finite number.
    Float(f64),
    /// A number beyond `f64`'s range, as written.
    OutOfRange(&'a str),
}

impl Num<'_> {
    fn into_value(self) -> Value {
        match self {
            Num::Unsigned(value) => Value::Number(value.into()),
            Num::Signed(value) => Value::Number(value.into()),
            Num::Float(value) => Number::from_f64(value).map_or(Value::Null, Value::Number),
            Num::OutOfRange(text) => Value::String(text.to_owned()),
        }
    }
}

/// A cursor over valid UTF-8 text.
pub(crate) struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Set when whitespace, a lone surrogate or a number beyond `f64` was passed over:
    /// text that [`Scanner::raw`] does not keep as it is.
    unkept: bool,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            depth: 0,
            unkept: false,
        }
    }

    /// The next byte that is not whitespace, without taking it.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        while let Some(&byte) = self.bytes.get(self.pos) {
            if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(byte);
            }
            self.unkept = true;
            self.pos += 1;
        }
        None
    }

    /// How many bytes have been read.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// How many bytes are left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len().saturating_sub(self.pos)
    }

    /// Only whitespace is left.
    pub(crate) fn end(&mut self) -> Result<(), Syntax> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(Syntax),
        }
    }

    fn eat(&mut self, byte: u8) -> Result<(), Syntax> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Syntax)
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Syntax> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(Syntax)
        }
    }

    fn enter(&mut self, open: u8) -> Result<(), Syntax> {
        self.eat(open)?;
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Syntax);
        }
        Ok(())
    }

    /// Takes `{`; then call [`Scanner::next_key`] until it returns `None`.
    pub(crate) fn object(&mut self) -> Result<(), Syntax> {
        self.enter(b'{')
    }

    /// The next key of an object (its `:` taken), or `None` at the closing `}`.
    pub(crate) fn next_key(&mut self, first: &mut bool) -> Result<Option<Cow<'a, str>>, Syntax> {
        if !self.more(b'}', first)? {
            return Ok(None);
        }
        let key = self.string()?;
        self.eat(b':')?;
        Ok(Some(key))
    }

    /// The next key of an object as [`Scanner::string_text`] reads it (its `:` taken), or
    /// `None` at the closing `}`.
    pub(crate) fn next_key_text(
        &mut self,
        first: &mut bool,
    ) -> Result<Option<(&'a str, bool)>, Syntax> {
        if !self.more(b'}', first)? {
            return Ok(None);
        }
        let key = self.string_text()?;
        self.eat(b':')?;
        Ok(Some(key))
    }

    /// Takes `[`; then call [`Scanner::next_element`] until it returns `false`.
    pub(crate) fn array(&mut self) -> Result<(), Syntax> {
        self.enter(b'[')
    }

    /// Whether another element follows (its `,` taken), or `false` at the closing `]`.
    pub(crate) fn next_element(&mut self, first: &mut bool) -> Result<bool, Syntax> {
        self.more(b']', first)
    }

    fn more(&mut self, close: u8, first: &mut bool) -> Result<bool, Syntax> {
        let next = self.peek().ok_or(Syntax)?;
        if next == close {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        if *first {
            *first = false;
        } else {
            if next != b',' {
                return Err(Syntax);
            }
            self.pos += 1;
        }
        Ok(true)
    }

    /// A string at the cursor (whitespace before it skipped) as written, quotes
    /// included: checked, nothing decoded; `true` with it when it holds a lone surrogate.
    pub(crate) fn string_text(&mut self) -> Result<(&'a str, bool), Syntax> {
        self.eat(b'"')?;
        let start = self.pos - 1;
        let mut lone = false;
        loop {
            self.run();
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok((self.text.get(start..self.pos).ok_or(Syntax)?, lone));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    match self.bytes.get(self.pos) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => {
                            self.pos += 1
                        }
                        Some(b'u') => {
                            self.pos += 1;
                            lone |= self.code_point()?.is_none();
                        }
                        _ => return Err(Syntax),
                    }
                }
                _ => return Err(Syntax),
            }
        }
    }

    /// A string at the cursor (whitespace before it skipped), borrowed unless it holds
    /// an escape.
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>, Syntax> {
        self.eat(b'"')?;
        let start = self.pos;
        self.run();
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let text = self.text.get(start..self.pos).ok_or(Syntax)?;
                self.pos += 1;
                Ok(Cow::Borrowed(text))
            }
            Some(b'\\') => {
                let mut owned = String::with_capacity(self.pos - start + 16);
                owned.push_str(self.text.get(start..self.pos).ok_or(Syntax)?);
                self.escaped(&mut owned)?;
                Ok(Cow::Owned(owned))
            }
            _ => Err(Syntax),
        }
    }

    /// Moves to the next `"`, `\` or control character (or the end).
    fn run(&mut self) {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        self.pos += rest
            .iter()
            .position(|&byte| STOPS[byte as usize])
            .unwrap_or(rest.len());
    }

    /// The rest of a string from its first `\`, into `owned`.
    fn escaped(&mut self, owned: &mut String) -> Result<(), Syntax> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = *self.bytes.get(self.pos).ok_or(Syntax)?;
                    self.pos += 1;
                    match escape {
                        b'"' => owned.push('"'),
                        b'\\' => owned.push('\\'),
                        b'/' => owned.push('/'),
                        b'b' => owned.push('\u{8}'),
                        b'f' => owned.push('\u{c}'),
                        b'n' => owned.push('\n'),
                        b'r' => owned.push('\r'),
                        b't' => owned.push('\t'),
                        b'u' => owned.push(self.unicode()?),
                        _ => return Err(Syntax),
                    }
                }
                _ => return Err(Syntax),
            }
            let start = self.pos;
            self.run();
            owned.push_str(self.text.get(start..self.pos).ok_or(Syntax)?);
        }
    }

    /// The character of a `\u` escape (its `\u` taken); a surrogate that is not half
    /// of a pair is `U+FFFD`, as a browser's `TextEncoder` writes it.
    fn unicode(&mut self) -> Result<char, Syntax> {
        Ok(self.code_point()?.unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    /// The character of a `\u` escape (its `\u` taken), `None` for a lone surrogate.
    fn code_point(&mut self) -> Result<Option<char>, Syntax> {
        let unit = self.hex4()?;
        if !(0xD800..0xE000).contains(&unit) {
            return Ok(char::from_u32(unit));
        }
        if unit < 0xDC00 && self.bytes.get(self.pos..self.pos + 2) == Some(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            let low = self.hex4()?;
            if (0xDC00..0xE000).contains(&low) {
                return Ok(char::from_u32(
                    0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00),
                ));
            }
            self.pos = save;
        }
        Ok(None)
    }

    fn hex4(&mut self) -> Result<u32, Syntax> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or(Syntax)?;
        let mut unit = 0;
        for &digit in digits {
            let value = (digit as char).to_digit(16).ok_or(Syntax)?;
            unit = unit * 16 + value;
        }
        self.pos += 4;
        Ok(unit)
    }

    /// A number at the cursor (whitespace before it skipped).
    pub(crate) fn number(&mut self) -> Result<Num<'a>, Syntax> {
        self.peek();
        let start = self.pos;
        let negative = self.bytes.get(self.pos) == Some(&b'-');
        if negative {
            self.pos += 1;
        }
        let mut mantissa: u64 = 0;
        let mut overflow = false;
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                while let Some(&digit @ b'0'..=b'9') = self.bytes.get(self.pos) {
                    match mantissa
                        .checked_mul(10)
                        .and_then(|m| m.checked_add(u64::from(digit - b'0')))
                    {
                        Some(next) => mantissa = next,
                        None => overflow = true,
                    }
                    self.pos += 1;
                }
            }
            _ => return Err(Syntax),
        }
        let mut integer = !overflow;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.digits()?;
            integer = false;
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.digits()?;
            integer = false;
        }
        if integer {
            if !negative {
                return Ok(Num::Unsigned(mantissa));
            }
            // As serde_json: `-0` is the float `-0.0`.
            let signed = (mantissa as i64).wrapping_neg();
            if signed < 0 {
                return Ok(Num::Signed(signed));
            }
        }
        let text = self.text.get(start..self.pos).ok_or(Syntax)?;
        let float: f64 = text.parse().map_err(|_| Syntax)?;
        Ok(if float.is_finite() {
            Num::Float(float)
        } else {
            Num::OutOfRange(text)
        })
    }

    /// A number at the cursor (whitespace before it skipped) as written, checked but not
    /// converted; `true` with it when it is beyond `f64`'s range.
    pub(crate) fn number_text(&mut self) -> Result<(&'a str, bool), Syntax> {
        self.peek();
        let start = self.pos;
        if self.bytes.get(self.pos) == Some(&b'-') {
            self.pos += 1;
        }
        let integer_start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits()?,
            _ => return Err(Syntax),
        }
        let integer_digits = self.pos - integer_start;
        if self.bytes.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.digits()?;
        }
        let mut exponent: usize = 0;
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            let negative = self.bytes.get(self.pos) == Some(&b'-');
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            let digits_start = self.pos;
            self.digits()?;
            if !negative {
                exponent = self
                    .bytes
                    .get(digits_start..self.pos)
                    .unwrap_or_default()
                    .iter()
                    .fold(0, |value: usize, digit| {
                        value
                            .saturating_mul(10)
                            .saturating_add(usize::from(digit - b'0'))
                    });
            }
        }
        let text = self.text.get(start..self.pos).ok_or(Syntax)?;
        // Below 10^308 a number is within `f64::MAX` (1.8e308) without converting it.
        let beyond = integer_digits.saturating_add(exponent) > 308
            && !text.parse::<f64>().map_err(|_| Syntax)?.is_finite();
        Ok((text, beyond))
    }

    fn digits(&mut self) -> Result<(), Syntax> {
        let start = self.pos;
        while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        if self.pos == start {
            return Err(Syntax);
        }
        Ok(())
    }

    /// Any value at the cursor, as `serde_json::Value`.
    pub(crate) fn value(&mut self) -> Result<Value, Syntax> {
        Ok(match self.peek().ok_or(Syntax)? {
            b'{' => Value::Object(self.map()?),
            b'[' => {
                self.array()?;
                let mut values = Vec::new();
                let mut first = true;
                while self.next_element(&mut first)? {
                    values.push(self.value()?);
                }
                Value::Array(values)
            }
            b'"' => Value::String(self.string()?.into_owned()),
            b't' => {
                self.literal(b"true")?;
                Value::Bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                Value::Bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                Value::Null
            }
            _ => self.number()?.into_value(),
        })
    }

    /// An object at the cursor; a repeated key keeps its last value, as serde_json.
    pub(crate) fn map(&mut self) -> Result<Map<String, Value>, Syntax> {
        self.object()?;
        let mut map = Map::new();
        let mut first = true;
        while let Some(key) = self.next_key(&mut first)? {
            let value = self.value()?;
            map.insert(key.into_owned(), value);
        }
        Ok(map)
    }

    /// `null` at the cursor, taken; `false` (nothing taken) for anything else.
    pub(crate) fn null(&mut self) -> Result<bool, Syntax> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        self.literal(b"null")?;
        Ok(true)
    }

    /// Checks and passes over any value, building nothing.
    pub(crate) fn skip(&mut self) -> Result<(), Syntax> {
        match self.peek().ok_or(Syntax)? {
            b'{' => {
                self.object()?;
                let mut first = true;
                while let Some((_, lone)) = self.next_key_text(&mut first)? {
                    self.unkept |= lone;
                    self.skip()?;
                }
            }
            b'[' => {
                self.array()?;
                let mut first = true;
                while self.next_element(&mut first)? {
                    self.skip()?;
                }
            }
            b'"' => self.unkept |= self.string_text()?.1,
            b't' => self.literal(b"true")?,
            b'f' => self.literal(b"false")?,
            b'n' => self.literal(b"null")?,
            _ => self.unkept |= self.number_text()?.1,
        }
        Ok(())
    }

    /// Checks the value at the cursor and takes its text: as written when that is
    /// compact and serde_json reads it, else [rewritten](super::compact) so.
    pub(crate) fn raw(&mut self) -> Result<RawJson, Syntax> {
        self.peek();
        let start = self.pos;
        self.unkept = false;
        self.skip()?;
        let text = self.text.get(start..self.pos).ok_or(Syntax)?;
        if self.unkept {
            super::compact::rewrite(text)
        } else {
            Ok(RawJson::checked(text.into()))
        }
    }
}
