//! `fal_error::axum::Path`, `Query` and `TypedHeader` over real HTTP: a path segment, query
//! parameter or header that does not parse is a pydantic-named item at `["path", name]` /
//! `["query", name]` / `["header", name]`, not billed.

mod http_cases;

use std::net::SocketAddr;
use std::sync::OnceLock;

use axum::routing::get;
use fal_error::axum::{Path, Query, TypedHeader};
use headers::IfModifiedSince;
use headers::authorization::{Authorization, Bearer};
use serde::Deserialize;

#[derive(Deserialize)]
struct Image {
    id: u32,
    scale: f32,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Sampler {
    Euler,
    Dpm,
}

#[derive(Deserialize)]
struct Sampling {
    sampler: Sampler,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Options {
    steps: u8,
    safe: Option<bool>,
}

fn server() -> SocketAddr {
    static SERVER: OnceLock<SocketAddr> = OnceLock::new();
    *SERVER.get_or_init(|| {
        http_cases::serve_axum(
            axum::Router::new()
                .route(
                    "/images/{id}/{scale}",
                    get(|Path(image): Path<Image>| async move {
                        format!("{} {}", image.id, image.scale)
                    }),
                )
                .route(
                    "/seeds/{seed}",
                    get(|Path(seed): Path<u64>| async move { seed.to_string() }),
                )
                .route(
                    "/generate",
                    get(|Query(options): Query<Options>| async move {
                        format!("{} {:?}", options.steps, options.safe)
                    }),
                )
                .route(
                    "/sample",
                    get(|Query(sampling): Query<Sampling>| async move {
                        format!("{:?}", sampling.sampler)
                    }),
                )
                .route(
                    "/private",
                    get(
                        |TypedHeader(token): TypedHeader<Authorization<Bearer>>| async move {
                            token.token().len().to_string()
                        },
                    ),
                )
                .route(
                    "/since",
                    get(
                        |TypedHeader(since): TypedHeader<IfModifiedSince>| async move {
                            format!("{since:?}")
                        },
                    ),
                ),
        )
    })
}

/// Status, `x-fal-*` headers and body of `GET path`.
fn get_path(path: &str) -> (u16, Vec<(String, String)>, String) {
    let reply = http_cases::call(server(), "GET", path);
    (
        reply.status,
        http_cases::fal_headers(&reply.headers),
        String::from_utf8(reply.body).expect("a text body"),
    )
}

/// Status, `x-fal-*` headers and body of `GET /since` with `if-modified-since: value`.
fn get_since(value: &[u8]) -> (u16, Vec<(String, String)>, String) {
    get_with("/since", http::header::IF_MODIFIED_SINCE, value)
}

/// Status, `x-fal-*` headers and body of `GET path` with `name: value`.
fn get_with(
    path: &str,
    name: http::HeaderName,
    value: &[u8],
) -> (u16, Vec<(String, String)>, String) {
    let request = http::Request::get(path)
        .header(http::header::HOST, server().to_string())
        .header(
            name,
            http::HeaderValue::from_bytes(value).expect("a header value"),
        )
        .body(http_body_util::Full::new(hyper::body::Bytes::new()))
        .expect("a valid request");
    let reply = http_cases::block_on(http_cases::exchange(server(), request));
    (
        reply.status,
        http_cases::fal_headers(&reply.headers),
        String::from_utf8(reply.body).expect("a text body"),
    )
}

fn refused(body: &str) -> (u16, Vec<(String, String)>, String) {
    (
        422,
        vec![
            ("x-fal-billable-units".to_owned(), "0".to_owned()),
            ("x-fal-retryable".to_owned(), "false".to_owned()),
        ],
        body.to_owned(),
    )
}

#[test]
fn valid_parameters_are_extracted() {
    assert_eq!(get_path("/images/7/2.5").2, "7 2.5");
    assert_eq!(get_path("/generate?steps=20&safe=true").2, "20 Some(true)");
    // pydantic's words for a boolean, in any case.
    for (word, value) in [
        ("YES", true),
        ("on", true),
        ("1", true),
        ("f", false),
        ("Off", false),
        ("0", false),
    ] {
        assert_eq!(
            get_path(&format!("/generate?steps=%2B20&safe={word}")).2,
            format!("20 Some({value})")
        );
    }
}

#[test]
fn a_path_segment_that_is_not_an_integer() {
    assert_eq!(
        get_path("/images/cat/2"),
        refused(
            r#"{"detail":[{"loc":["path","id"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"cat"}]}"#
        )
    );
}

#[test]
fn a_path_segment_that_is_not_a_number() {
    assert_eq!(
        get_path("/images/7/big"),
        refused(
            r#"{"detail":[{"loc":["path","scale"],"msg":"Input should be a valid number, unable to parse string as a number","type":"float_parsing","url":"https://docs.fal.ai/errors/#float_parsing","input":"big"}]}"#
        )
    );
}

#[test]
fn a_single_path_parameter() {
    assert_eq!(
        get_path("/seeds/x1"),
        refused(
            r#"{"detail":[{"loc":["path"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"x1"}]}"#
        )
    );
}

/// A path integer out of its type's range is refused at the bound it crosses, as query
/// and body integers are.
#[test]
fn a_path_integer_out_of_its_range() {
    assert_eq!(
        get_path("/seeds/-1"),
        refused(
            r#"{"detail":[{"loc":["path"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":0},"input":"-1"}]}"#
        )
    );
    assert_eq!(
        get_path("/images/4294967296/2").2,
        r#"{"detail":[{"loc":["path","id"],"msg":"Input should be less than or equal to 4294967295","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":4294967295},"input":"4294967296"}]}"#
    );
}

#[test]
fn a_query_parameter_that_is_not_an_integer() {
    assert_eq!(
        get_path("/generate?steps=many"),
        refused(
            r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"many"}]}"#
        )
    );
}

/// An integer out of its type's range is refused at the bound it crossed, as the JSON
/// extractor refuses it.
#[test]
fn a_query_integer_out_of_its_range() {
    assert_eq!(
        get_path("/generate?steps=300"),
        refused(
            r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be less than or equal to 255","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":255},"input":"300"}]}"#
        )
    );
    assert_eq!(
        get_path("/generate?steps=-1").2,
        r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be greater than or equal to 0","type":"greater_than_equal","url":"https://docs.fal.ai/errors/#greater_than_equal","ctx":{"ge":0},"input":"-1"}]}"#
    );
    assert_eq!(
        get_path("/generate?steps=99999999999999999999999999999999999999999999").2,
        r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be less than or equal to 255","type":"less_than_equal","url":"https://docs.fal.ai/errors/#less_than_equal","ctx":{"le":255},"input":"99999999999999999999999999999999999999999999"}]}"#
    );
}

/// What a refusal is comes from serde's structured calls, never from message text: keys
/// and values that quote serde's own messages change nothing.
#[test]
fn backticks_and_quotes_in_keys_and_values_do_not_change_the_refusal() {
    // serde's message would be "unknown field `` `cfg` ``, expected ...".
    assert_eq!(
        get_path("/generate?steps=2&%60cfg%60=7").2,
        r#"{"detail":[{"loc":["query","`cfg`"],"msg":"Extra inputs are not permitted","type":"extra_forbidden","url":"https://docs.fal.ai/errors/#extra_forbidden","input":"7"}]}"#
    );
    assert_eq!(
        get_path("/generate?steps=2&missing%20field%20%60steps%60=1").2,
        r#"{"detail":[{"loc":["query","missing field `steps`"],"msg":"Extra inputs are not permitted","type":"extra_forbidden","url":"https://docs.fal.ai/errors/#extra_forbidden","input":"1"}]}"#
    );
    // An unknown variant whose text holds "`true` or `false`" is still `one_of`.
    assert_eq!(
        get_path("/sample?sampler=x%60%20or%20%60true%60%20or%20%60false%60").2,
        r#"{"detail":[{"loc":["query","sampler"],"msg":"Input should be 'euler' or 'dpm'","type":"one_of","url":"https://docs.fal.ai/errors/#one_of","ctx":{"expected":["euler","dpm"]},"input":"x` or `true` or `false`"}]}"#
    );
    assert_eq!(
        get_path("/generate?steps=%22invalid%20digit%20found%20in%20string%22").2,
        r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"\"invalid digit found in string\""}]}"#
    );
}

/// A repeated key keeps its last value, as FastAPI reads a scalar query parameter; the
/// echoed input is the value that was refused.
#[test]
fn a_repeated_query_key_keeps_its_last_value() {
    assert_eq!(
        get_path("/generate?steps=x&steps=4&safe=yes").2,
        "4 Some(true)"
    );
    assert_eq!(
        get_path("/generate?steps=4&steps=many").2,
        r#"{"detail":[{"loc":["query","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing","input":"many"}]}"#
    );
    assert_eq!(get_path("/sample?sampler=dpm").2, "Dpm");
}

/// A URL is as long as the client makes it: path and query values are echoed cut, as a
/// body's values are.
#[test]
fn huge_path_and_query_values_are_echoed_cut() {
    let value = "x".repeat(20_000);
    let input = format!(
        r#""input":"{}...<truncated, 20000 bytes>""#,
        "x".repeat(4096)
    );
    assert_eq!(
        get_path(&format!("/seeds/{value}")),
        refused(&format!(
            r#"{{"detail":[{{"loc":["path"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing",{input}}}]}}"#
        ))
    );
    assert_eq!(
        get_path(&format!("/generate?steps={value}")),
        refused(&format!(
            r#"{{"detail":[{{"loc":["query","steps"],"msg":"Input should be a valid integer, unable to parse string as an integer","type":"int_parsing","url":"https://docs.fal.ai/errors/#int_parsing",{input}}}]}}"#
        ))
    );
}

#[test]
fn a_query_parameter_that_is_not_a_boolean() {
    assert_eq!(
        get_path("/generate?steps=2&safe=maybe").2,
        r#"{"detail":[{"loc":["query","safe"],"msg":"Input should be a valid boolean, unable to interpret input","type":"bool_parsing","url":"https://docs.fal.ai/errors/#bool_parsing","input":"maybe"}]}"#
    );
}

#[test]
fn a_missing_and_an_unknown_query_parameter() {
    assert_eq!(
        get_path("/generate"),
        refused(
            r#"{"detail":[{"loc":["query","steps"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing"}]}"#
        )
    );
    assert_eq!(
        get_path("/generate?steps=2&cfg=7").2,
        r#"{"detail":[{"loc":["query","cfg"],"msg":"Extra inputs are not permitted","type":"extra_forbidden","url":"https://docs.fal.ai/errors/#extra_forbidden","input":"7"}]}"#
    );
}

#[test]
fn a_valid_header_is_extracted() {
    let (status, _, body) = get_since(b"Wed, 21 Oct 2015 07:28:00 GMT");
    assert_eq!(
        (status, body.as_str()),
        (200, "IfModifiedSince(Wed, 21 Oct 2015 07:28:00 GMT)")
    );
}

#[test]
fn a_missing_header() {
    assert_eq!(
        get_path("/since"),
        refused(
            r#"{"detail":[{"loc":["header","if-modified-since"],"msg":"Field required","type":"missing","url":"https://docs.fal.ai/errors/#missing"}]}"#
        )
    );
}

#[test]
fn a_header_that_does_not_decode() {
    assert_eq!(
        get_since(b"yesterday"),
        refused(
            r#"{"detail":[{"loc":["header","if-modified-since"],"msg":"Value error, invalid HTTP header","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"invalid HTTP header"},"input":"yesterday"}]}"#
        )
    );
}

/// A raw newline cannot reach a handler (HTTP/1 ends the header there); a tab, quotes and
/// bytes past ASCII can, and come back JSON-escaped, read as latin-1 as Starlette does.
#[test]
fn a_header_with_control_and_non_ascii_bytes() {
    assert_eq!(
        get_since(b"a\tb \"q\" \\ \xc3\xa9 \xff"),
        refused(
            r#"{"detail":[{"loc":["header","if-modified-since"],"msg":"Value error, invalid HTTP header","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"invalid HTTP header"},"input":"a\tb \"q\" \\ Ã© ÿ"}]}"#
        )
    );
}

#[test]
fn a_huge_header_is_echoed_cut() {
    let value = "x".repeat(100_000);
    let expected = format!(
        r#"{{"detail":[{{"loc":["header","if-modified-since"],"msg":"Value error, invalid HTTP header","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{{"error":"invalid HTTP header"}},"input":"{}...<truncated, 100000 bytes>"}}]}}"#,
        "x".repeat(4096)
    );
    assert_eq!(get_since(value.as_bytes()), refused(&expected));
}

#[test]
fn a_credential_that_does_not_decode_is_not_echoed() {
    assert_eq!(
        get_with("/private", http::header::AUTHORIZATION, b"Bearer abc").2,
        "3"
    );
    assert_eq!(
        get_with("/private", http::header::AUTHORIZATION, b"Basic c2VjcmV0"),
        refused(
            r#"{"detail":[{"loc":["header","authorization"],"msg":"Value error, invalid HTTP header","type":"value_error","url":"https://docs.fal.ai/errors/#value_error","ctx":{"error":"invalid HTTP header"}}]}"#
        )
    );
}
