//! Echoing an error's `input` back to the caller.
//!
//! Errors on fal repeat the offending input in their JSON body. Inputs can be
//! anything a request carries: megabyte data URIs, deeply nested documents,
//! floats that JSON cannot represent, integers wider than 64 bits. The echo
//! keeps what [`EchoLimits`] allow and counts the rest (`<N more items>`),
//! keeps objects in the order they were given, and never fails. The raise site
//! ([`FalError::with_input`](crate::FalError::with_input)) keeps a bounded copy
//! ([`EchoLimits::KEPT`]); the response cuts that copy again with its own limits,
//! counting what the client sent, not what the copy kept.

mod build;
mod direct;
mod echoed;
mod peek;

use std::borrow::Cow;

use serde::ser::Serialize;
use serde_json::Value;

pub(crate) use self::build::echoed;
pub(crate) use self::echoed::Echoed;
use self::echoed::floor_char_boundary;
#[cfg(feature = "json")]
pub(crate) use self::echoed::serialize_digits;
use crate::pyfmt::non_finite_name;

/// Limits applied when an error echoes its input.
///
/// # Example
///
/// ```
/// use fal_error::EchoLimits;
///
/// let limits = EchoLimits {
///     max_items: 8,
///     ..EchoLimits::DEFAULT
/// };
/// assert_eq!(limits.max_string_bytes, 4096);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EchoLimits {
    /// Longest string echoed, in bytes (UTF-8); longer strings are cut. Default 4096.
    pub max_string_bytes: usize,
    /// Most items of an array or entries of an object echoed. Default 64.
    pub max_items: usize,
    /// Deepest nesting echoed. Default 16.
    pub max_depth: usize,
    /// Most bytes of text kept in all (strings, keys, and 8 for every value); once spent,
    /// containers keep no more items and strings are cut. Default 1 MiB.
    pub max_total_bytes: usize,
}

impl EchoLimits {
    /// The default limits, usable in `const` context.
    ///
    /// # Example
    ///
    /// ```
    /// use fal_error::EchoLimits;
    ///
    /// const LIMITS: EchoLimits = EchoLimits::DEFAULT;
    /// assert_eq!(LIMITS, EchoLimits::default());
    /// ```
    pub const DEFAULT: EchoLimits = EchoLimits {
        max_string_bytes: 4096,
        max_items: 64,
        max_depth: 16,
        max_total_bytes: 1 << 20,
    };

    /// What [`FalError::with_input`](crate::FalError::with_input) keeps of its input where
    /// the error is raised: strings up to 64 KiB, 1024 items per array or object, 32 levels
    /// deep, 1 MiB in all. The response cuts this copy again with its own limits, counting
    /// what the input had: a response written with limits above these shows these cuts.
    ///
    /// ```
    /// use fal_error::{EchoLimits, FalError, ModelError};
    ///
    /// let seeds: Vec<u32> = (0..5000).collect();
    /// let error = ModelError::SequenceTooLong { max_length: 4 }.at("seeds").with_input(&seeds);
    /// let whole = fal_error::ErrorResponse::from_error_with(&error, &EchoLimits::UNLIMITED);
    /// assert!(whole.body().ends_with(r#"1022,1023,"<3976 more items>"]}]}"#));
    /// assert_eq!(EchoLimits::KEPT.max_items, 1024);
    /// ```
    pub const KEPT: EchoLimits = EchoLimits {
        max_string_bytes: 64 << 10,
        max_items: 1024,
        max_depth: 32,
        max_total_bytes: 1 << 20,
    };

    /// No limits: strings, arrays, objects and nesting are echoed whole.
    ///
    /// Non-finite floats, bytes and data URIs are still summarised, and
    /// failing `Serialize` impls are still replaced.
    ///
    /// ```
    /// use fal_error::{EchoLimits, echo_value};
    ///
    /// let long = "x".repeat(10_000);
    /// assert_eq!(echo_value(&long, &EchoLimits::UNLIMITED), serde_json::json!(long));
    /// assert_eq!(echo_value(&f64::NAN, &EchoLimits::UNLIMITED), serde_json::json!("nan"));
    /// ```
    pub const UNLIMITED: EchoLimits = EchoLimits {
        max_string_bytes: usize::MAX,
        max_items: usize::MAX,
        max_depth: usize::MAX,
        max_total_bytes: usize::MAX,
    };
}

impl Default for EchoLimits {
    fn default() -> Self {
        EchoLimits::DEFAULT
    }
}

/// Converts `value` into JSON that is safe to echo, never failing.
///
/// Non-finite floats become `"nan"`, `"inf"` or `"-inf"`; bytes and data URIs
/// are summarised; long strings, long arrays, large objects and deep nesting
/// are cut according to `limits`. A `Serialize` impl that fails is replaced by
/// `"<unserializable: {message}>"` at the place where it failed.
///
/// A `Value` sorts object keys and holds an integer beyond 64 bits as the nearest
/// float; an error's response echoes both as given (key order, exact digits).
///
/// # Example
///
/// ```
/// use fal_error::{EchoLimits, echo_value};
/// use serde_json::json;
///
/// let input = (f64::NAN, "data:image/png;base64,iVBORw0K");
/// assert_eq!(
///     echo_value(&input, &EchoLimits::DEFAULT),
///     json!(["nan", "<data URI image/png, 6 bytes>"]),
/// );
/// ```
pub fn echo_value<T: Serialize + ?Sized>(value: &T, limits: &EchoLimits) -> Value {
    echoed(value, limits).into_value()
}

/// Writes `input` as a body's `input`: a scalar (string, number, bool, null) goes straight
/// from the value to `out` within `limits`; anything else is copied within `limits` into
/// an [`Echoed`] that is written in the input's order.
pub(crate) fn write_echo<T: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    input: &T,
    limits: &EchoLimits,
) -> serde_json::Result<()> {
    if direct::write_scalar(out, input, limits) {
        return Ok(());
    }
    serde_json::to_writer(out, &echoed(input, limits))
}

/// `string` cut to `max_bytes` as echoed strings are (`...<truncated, N bytes>`),
/// borrowed when it fits.
pub(crate) fn cut(string: &str, max_bytes: usize) -> Cow<'_, str> {
    if string.len() <= max_bytes {
        return Cow::Borrowed(string);
    }
    let end = floor_char_boundary(string, max_bytes);
    Cow::Owned(format!(
        "{}...<truncated, {} bytes>",
        &string[..end],
        string.len()
    ))
}

fn data_uri_summary(string: &str, limits: &EchoLimits) -> Option<String> {
    let scheme = string.get(..5)?;
    if !scheme.eq_ignore_ascii_case("data:") {
        return None;
    }
    let rest = &string[5..];
    let Some((header, payload)) = rest.split_once(',') else {
        return Some(format!("<malformed data URI, {} bytes>", string.len()));
    };
    let mut params = header.split(';');
    let media_type = params.next().unwrap_or_default().trim();
    let media_type = if media_type.is_empty() {
        Cow::Borrowed("text/plain")
    } else {
        cut(media_type, limits.max_string_bytes)
    };
    let is_base64 = params.any(|param| param.trim().eq_ignore_ascii_case("base64"));
    let bytes = if is_base64 {
        base64_decoded_len(payload)
    } else {
        payload.len()
    };
    Some(format!("<data URI {media_type}, {bytes} bytes>"))
}

fn base64_decoded_len(payload: &str) -> usize {
    let symbols = payload.bytes().filter(|b| !b.is_ascii_whitespace());
    let (count, padding) = symbols.fold((0usize, 0usize), |(count, padding), b| {
        let padding = if b == b'=' { padding + 1 } else { 0 };
        (count + 1, padding)
    });
    let data = count - padding;
    data / 4 * 3 + data % 4 * 3 / 4
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Serialize, Serializer};
    use serde_json::{Value, json};

    use super::{EchoLimits, echo_value, echoed, write_echo};

    /// The echo as a response writes it.
    fn written<T: Serialize + ?Sized>(value: &T, limits: &EchoLimits) -> String {
        let mut out = Vec::new();
        write_echo(&mut out, value, limits).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn echo<T: Serialize + ?Sized>(value: &T) -> Value {
        echo_value(value, &EchoLimits::DEFAULT)
    }

    fn limits(max_string_bytes: usize, max_items: usize, max_depth: usize) -> EchoLimits {
        EchoLimits {
            max_string_bytes,
            max_items,
            max_depth,
            ..EchoLimits::DEFAULT
        }
    }

    struct Bytes(&'static [u8]);

    impl Serialize for Bytes {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_bytes(self.0)
        }
    }

    struct Failing;

    impl Serialize for Failing {
        fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("tensor on GPU"))
        }
    }

    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Point {
        x: i32,
        y: i32,
    }

    #[derive(Serialize)]
    enum Shape {
        Empty,
        Circle(f64),
        Segment(i32, i32),
        Rect { w: u8, h: u8 },
    }

    #[test]
    fn default_limits() {
        let expected = limits(4096, 64, 16);
        assert_eq!(EchoLimits::DEFAULT, expected);
        assert_eq!(EchoLimits::default(), expected);
    }

    #[test]
    fn unlimited_keeps_everything_but_still_summarises() {
        let long = "x".repeat(10_000);
        let many: Vec<u32> = (0..1000).collect();
        let input = (&long, &many, f64::NAN, Bytes(&[1, 2]), "data:,ab");
        assert_eq!(
            echo_value(&input, &EchoLimits::UNLIMITED),
            json!([
                long,
                many,
                "nan",
                "<binary 2 bytes>",
                "<data URI text/plain, 2 bytes>"
            ]),
        );
    }

    #[test]
    fn non_finite_floats_become_python_strings() {
        let input = (
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f32::NAN,
            -f64::NAN,
        );
        assert_eq!(echo(&input), json!(["nan", "inf", "-inf", "nan", "nan"]));
    }

    #[test]
    fn finite_floats_stay_numbers() {
        assert_eq!(echo(&2.5f64), json!(2.5));
        assert_eq!(echo(&0.1f32), json!(f64::from(0.1f32)));
        assert_eq!(echo(&0.1f32), serde_json::to_value(0.1f32).unwrap());
        assert_eq!(echo(&-0.0f64), json!(-0.0));
    }

    #[test]
    fn integers_stay_integers() {
        let input = (i64::MIN, u64::MAX, -7i8, 200u8);
        assert_eq!(echo(&input), json!([i64::MIN, u64::MAX, -7, 200]));
    }

    #[test]
    fn wide_integers_keep_their_digits_when_written() {
        let input = (-5i128, i128::from(u64::MAX), i128::MIN, 7u128, u128::MAX);
        assert_eq!(
            written(&input, &EchoLimits::DEFAULT),
            "[-5,18446744073709551615,-170141183460469231731687303715884105728,7,340282366920938463463374607431768211455]",
        );
        assert_eq!(
            echo(&input),
            json!([
                -5,
                u64::MAX,
                -1.7014118346046923e38,
                7,
                3.402823669209385e38
            ]),
        );
    }

    #[test]
    fn bytes_are_summarised() {
        assert_eq!(echo(&Bytes(&[0, 159, 146, 150])), json!("<binary 4 bytes>"));
        assert_eq!(echo(&Bytes(&[])), json!("<binary 0 bytes>"));
    }

    #[test]
    fn base64_data_uris_report_decoded_size() {
        let input = [
            "data:image/png;base64,iVBORw0K",
            "data:image/png;base64,aGVsbG8=",
            "data:image/png;base64,aGk=",
            "data:audio/wav;base64,aGVsbG8",
            "DATA:image/jpeg;name=x.jpg;BASE64,aGVs\nbG8=",
            "data:;base64,",
        ];
        assert_eq!(
            echo(&input),
            json!([
                "<data URI image/png, 6 bytes>",
                "<data URI image/png, 5 bytes>",
                "<data URI image/png, 2 bytes>",
                "<data URI audio/wav, 5 bytes>",
                "<data URI image/jpeg, 5 bytes>",
                "<data URI text/plain, 0 bytes>",
            ]),
        );
    }

    #[test]
    fn plain_data_uris_report_payload_length() {
        let input = [
            "data:,Hello%2C%20World!",
            "data:text/html;charset=utf-8,<h1>é</h1>",
            "data:text/plain",
            "data:",
        ];
        assert_eq!(
            echo(&input),
            json!([
                "<data URI text/plain, 17 bytes>",
                "<data URI text/html, 11 bytes>",
                "<malformed data URI, 15 bytes>",
                "<malformed data URI, 5 bytes>",
            ]),
        );
    }

    #[test]
    fn data_uris_are_summarised_even_when_short() {
        let short = limits(4, 64, 16);
        assert_eq!(
            echo_value("data:,ab", &short),
            json!("<data URI text/plain, 2 bytes>"),
        );
        assert_eq!(
            echo_value("data:image/png,ab", &short),
            json!("<data URI imag...<truncated, 9 bytes>, 2 bytes>"),
        );
        assert_eq!(echo("dat"), json!("dat"));
        assert_eq!(echo("dataé"), json!("dataé"));
    }

    #[test]
    fn long_strings_are_cut_at_a_char_boundary() {
        let five = limits(5, 64, 16);
        assert_eq!(echo_value("hello", &five), json!("hello"));
        assert_eq!(
            echo_value("hello world", &five),
            json!("hello...<truncated, 11 bytes>"),
        );
        assert_eq!(
            echo_value("abcdéf", &five),
            json!("abcd...<truncated, 7 bytes>"),
        );
        assert_eq!(
            echo_value("😀😀", &limits(3, 64, 16)),
            json!("...<truncated, 8 bytes>"),
        );
    }

    #[test]
    fn long_arrays_keep_their_first_items() {
        let two = limits(4096, 2, 16);
        assert_eq!(
            echo_value(&vec![1, 2, 3, 4, 5], &two),
            json!([1, 2, "<3 more items>"]),
        );
        assert_eq!(echo_value(&[1, 2], &two), json!([1, 2]));
        assert_eq!(
            echo_value(&(1, "a", true), &two),
            json!([1, "a", "<1 more items>"])
        );
        assert_eq!(
            echo_value(&Shape::Segment(1, 2), &limits(4096, 1, 16)),
            json!({"Segment": [1, "<1 more items>"]}),
        );
        assert_eq!(
            echo_value(&[1], &limits(4096, 0, 16)),
            json!(["<1 more items>"])
        );
    }

    #[test]
    fn large_objects_keep_their_first_entries() {
        let two = limits(4096, 2, 16);
        let map: BTreeMap<&str, i32> = [("a", 1), ("b", 2), ("c", 3), ("d", 4)].into();
        assert_eq!(
            echo_value(&map, &two),
            json!({"a": 1, "b": 2, "...": "<2 more entries>"}),
        );
        assert_eq!(
            echo_value(&Point { x: 1, y: 2 }, &limits(4096, 1, 16)),
            json!({"x": 1, "...": "<1 more entries>"}),
        );
        assert_eq!(
            echo_value(&Shape::Rect { w: 3, h: 4 }, &limits(4096, 1, 16)),
            json!({"Rect": {"w": 3, "...": "<1 more entries>"}}),
        );
        assert_eq!(
            echo_value(&Point { x: 1, y: 2 }, &two),
            json!({"x": 1, "y": 2})
        );
    }

    #[test]
    fn map_keys_become_strings() {
        let ints: BTreeMap<i64, &str> = [(-1, "a"), (2, "b")].into();
        let bools: BTreeMap<bool, u8> = [(false, 0), (true, 1)].into();
        let chars: BTreeMap<char, u8> = [('x', 0)].into();
        let points: BTreeMap<Point, u8> = [(Point { x: 1, y: 2 }, 0)].into();
        let wide: BTreeMap<u128, u8> = [(u128::MAX, 0)].into();
        assert_eq!(echo(&ints), json!({"-1": "a", "2": "b"}));
        assert_eq!(echo(&bools), json!({"false": 0, "true": 1}));
        assert_eq!(echo(&chars), json!({"x": 0}));
        assert_eq!(echo(&points), json!({r#"{"x":1,"y":2}"#: 0}));
        assert_eq!(
            echo(&wide),
            json!({"340282366920938463463374607431768211455": 0}),
        );
    }

    #[test]
    fn unusual_map_keys_never_fail() {
        let floats: Vec<(f64, u8)> = vec![(1.5, 0), (f64::NAN, 1)];
        let seqs: BTreeMap<Vec<u8>, u8> = [(vec![1, 2], 0)].into();
        let nones: BTreeMap<Option<u8>, u8> = [(None, 0)].into();
        let units: BTreeMap<(), u8> = [((), 0)].into();
        let long: BTreeMap<&str, u8> = [("abcdef", 0)].into();
        let failing = [(Failing, 0)];
        assert_eq!(
            echo(&floats.into_iter().collect::<SerializedMap<_, _>>()),
            json!({"1.5": 0, "nan": 1}),
        );
        assert_eq!(echo(&seqs), json!({"[1,2]": 0}));
        assert_eq!(echo(&nones), json!({"null": 0}));
        assert_eq!(echo(&units), json!({"null": 0}));
        assert_eq!(
            echo_value(&long, &limits(3, 64, 16)),
            json!({"abc...<truncated, 6 bytes>": 0}),
        );
        assert_eq!(
            echo(&SerializedMap(failing.into())),
            json!({"<unserializable: tensor on GPU>": 0}),
        );
    }

    /// A map whose keys need not be `Ord`.
    struct SerializedMap<K, V>(Vec<(K, V)>);

    impl<K, V> FromIterator<(K, V)> for SerializedMap<K, V> {
        fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
            SerializedMap(iter.into_iter().collect())
        }
    }

    impl<K: Serialize, V: Serialize> Serialize for SerializedMap<K, V> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }

    #[test]
    fn deep_nesting_is_cut() {
        let nested = json!([[[1]], {"a": {"b": 2}}]);
        assert_eq!(
            echo_value(&nested, &limits(4096, 64, 2)),
            json!([["<nested too deep>"], {"a": "<nested too deep>"}]),
        );
        assert_eq!(echo_value(&nested, &limits(4096, 64, 3)), nested);
        assert_eq!(
            echo_value(&nested, &limits(4096, 64, 0)),
            json!("<nested too deep>"),
        );
        assert_eq!(echo_value(&7, &limits(4096, 64, 0)), json!(7));
    }

    #[test]
    fn deep_variants_are_cut() {
        let one = limits(4096, 64, 1);
        let input = (
            Shape::Empty,
            Shape::Circle(1.0),
            Shape::Segment(1, 2),
            Shape::Rect { w: 1, h: 2 },
        );
        assert_eq!(
            echo_value(&input, &one),
            json!([
                "Empty",
                "<nested too deep>",
                "<nested too deep>",
                "<nested too deep>",
            ]),
        );
        assert_eq!(
            echo_value(&Shape::Segment(1, 2), &one),
            json!({"Segment": "<nested too deep>"}),
        );
    }

    /// An infinitely deep value: `[[[...]]]`.
    struct Endless;

    impl Serialize for Endless {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq([Endless])
        }
    }

    #[test]
    fn endless_nesting_terminates() {
        assert_eq!(
            echo_value(&Endless, &limits(4096, 64, 3)),
            json!([[["<nested too deep>"]]]),
        );
    }

    #[test]
    fn enums_and_options_match_serde_json() {
        let input = (
            Shape::Empty,
            Shape::Circle(1.5),
            Shape::Segment(1, 2),
            Shape::Rect { w: 3, h: 4 },
            None::<u8>,
            Some(5),
            (),
            'é',
        );
        let expected = json!([
            "Empty",
            {"Circle": 1.5},
            {"Segment": [1, 2]},
            {"Rect": {"w": 3, "h": 4}},
            null,
            5,
            null,
            "é",
        ]);
        assert_eq!(echo(&input), expected);
        assert_eq!(echo(&input), serde_json::to_value(&input).unwrap());
    }

    #[derive(Serialize)]
    struct Unit;

    #[derive(Serialize)]
    struct Meters(f64);

    #[derive(Serialize)]
    struct Pair(u8, &'static str);

    #[test]
    fn structs_match_serde_json() {
        let input = (
            Unit,
            Meters(f64::INFINITY),
            Pair(1, "a"),
            Point { x: 1, y: 2 },
        );
        assert_eq!(
            echo(&input),
            json!([null, "inf", [1, "a"], {"x": 1, "y": 2}]),
        );
    }

    #[test]
    fn failing_serialize_is_replaced_where_it_failed() {
        assert_eq!(echo(&Failing), json!("<unserializable: tensor on GPU>"));
        assert_eq!(
            echo(&(1, Failing)),
            json!([1, "<unserializable: tensor on GPU>"]),
        );
        let map: BTreeMap<&str, Option<Failing>> = [("a", Some(Failing)), ("b", None)].into();
        assert_eq!(
            echo(&map),
            json!({"a": "<unserializable: tensor on GPU>", "b": null}),
        );
    }

    #[test]
    fn strings_inside_containers_are_echoed_safely() {
        let small = limits(6, 64, 16);
        let input = json!({
            "prompt": "a cat in a hat",
            "image": "data:image/png;base64,AAAA",
            "negative_prompt": "",
        });
        assert_eq!(
            echo_value(&input, &small),
            json!({
                "prompt": "a cat ...<truncated, 14 bytes>",
                "image": "<data URI image/...<truncated, 9 bytes>, 3 bytes>",
                "negati...<truncated, 15 bytes>": "",
            }),
        );
    }

    #[test]
    fn objects_keep_the_order_they_were_given() {
        let map = SerializedMap(vec![("zebra", 1), ("apple", 2), ("mango", 3)]);
        assert_eq!(
            written(&map, &EchoLimits::DEFAULT),
            r#"{"zebra":1,"apple":2,"mango":3}"#
        );
        assert_eq!(
            written(&map, &limits(4096, 2, 16)),
            r#"{"zebra":1,"apple":2,"...":"<1 more entries>"}"#
        );
    }

    #[test]
    fn a_kept_copy_cut_again_counts_what_the_input_had() {
        let long = "abcdefghij".repeat(10);
        let items: Vec<u32> = (0..100).collect();
        let map = SerializedMap((0..100).map(|i| (format!("k{i}"), i)).collect());
        let kept = echoed(&(&long, &items, &map), &limits(10, 10, 16));
        assert_eq!(
            written(&kept, &limits(3, 3, 16)),
            r#"["abc...<truncated, 100 bytes>",[0,1,2,"<97 more items>"],{"k0":0,"k1":1,"k2":2,"...":"<97 more entries>"}]"#,
        );
        assert_eq!(
            written(&kept, &EchoLimits::UNLIMITED),
            r#"["abcdefghij...<truncated, 100 bytes>",[0,1,2,3,4,5,6,7,8,9,"<90 more items>"],{"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"...":"<90 more entries>"}]"#,
        );
        assert_eq!(
            written(&echoed(&kept, &EchoLimits::KEPT), &limits(3, 3, 16)),
            written(&kept, &limits(3, 3, 16)),
        );
        assert_eq!(
            serde_json::to_string(&kept).unwrap(),
            written(&kept, &EchoLimits::UNLIMITED)
        );
    }

    /// `len` items, counting how many were produced.
    struct Counted<'a> {
        len: usize,
        produced: &'a std::cell::Cell<usize>,
        announced: bool,
    }

    impl Serialize for Counted<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeSeq;
            let mut seq = serializer.serialize_seq(self.announced.then_some(self.len))?;
            for item in 0..self.len {
                self.produced.set(self.produced.get() + 1);
                seq.serialize_element(&item)?;
            }
            seq.end()
        }
    }

    #[test]
    fn a_known_length_stops_the_copy_at_the_limit() {
        let produced = std::cell::Cell::new(0);
        let announced = Counted {
            len: 1_000_000,
            produced: &produced,
            announced: true,
        };
        assert_eq!(
            written(&announced, &limits(4096, 2, 16)),
            r#"[0,1,"<999998 more items>"]"#
        );
        assert_eq!(produced.get(), 3);
        produced.set(0);
        let unannounced = Counted {
            announced: false,
            ..announced
        };
        assert_eq!(
            written(&unannounced, &limits(4096, 2, 16)),
            r#"[0,1,"<999998 more items>"]"#
        );
        assert_eq!(produced.get(), 1_000_000);
    }

    #[test]
    fn the_total_budget_stops_keeping() {
        let strings = ["abcdefgh"; 4];
        let budget = EchoLimits {
            max_total_bytes: 3 * (8 + 8),
            ..EchoLimits::DEFAULT
        };
        assert_eq!(
            written(&strings, &budget),
            r#"["abcdefgh","abcdefgh","abcdefgh","<1 more items>"]"#
        );
        let budget = EchoLimits {
            max_total_bytes: 8 + 8 + 4,
            ..EchoLimits::DEFAULT
        };
        assert_eq!(
            written(&strings, &budget),
            r#"["abcdefgh","abcd...<truncated, 8 bytes>","<2 more items>"]"#
        );
    }

    #[test]
    fn raw_json_is_echoed_as_parsed() {
        let raw = serde_json::value::RawValue::from_string(
            r#"{"b": 123456789012345678901234567890, "a": [1, 2, 3]}"#.to_owned(),
        )
        .unwrap();
        assert_eq!(
            written(&raw, &limits(4096, 2, 16)),
            r#"{"a":[1,2,"<1 more items>"],"b":1.2345678901234568e+29}"#
        );
    }

    /// A small deterministic generator of JSON values and limits.
    struct Random(u64);

    impl Random {
        fn below(&mut self, bound: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % bound
        }

        fn value(&mut self, depth: u32) -> Value {
            const CHARS: [char; 6] = ['a', 'é', '日', '😀', '"', '\n'];
            match self.below(if depth == 0 { 4 } else { 6 }) {
                0 => Value::Null,
                1 => json!(self.below(3) as i64 - 1),
                2 => json!(self.below(1000) as f64 / 8.0),
                3 => {
                    let len = self.below(12);
                    let text: String = (0..len).map(|_| CHARS[self.below(6) as usize]).collect();
                    json!(text)
                }
                4 => (0..self.below(7)).map(|_| self.value(depth - 1)).collect(),
                _ => Value::Object(
                    (0..self.below(7))
                        .map(|key| (format!("k{key}"), self.value(depth - 1)))
                        .collect(),
                ),
            }
        }
    }

    #[test]
    fn the_kept_copy_cut_again_equals_the_input_cut_once() {
        let mut random = Random(0x9E37_79B9_7F4A_7C15);
        for _ in 0..3000 {
            let value = random.value(5);
            let limits = limits(
                random.below(14) as usize,
                random.below(6) as usize,
                random.below(7) as usize,
            );
            let kept = echoed(&value, &EchoLimits::KEPT);
            assert_eq!(
                written(&kept, &limits),
                written(&value, &limits),
                "{value} within {limits:?}"
            );
        }
    }
}
