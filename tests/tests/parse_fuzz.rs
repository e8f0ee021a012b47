//! `ReceivedError::parse` on hostile input: arbitrary bytes and mutations of valid fal
//! bodies (the spec fixtures and what `to_response()` writes), with any status and any
//! values of the retry headers. It must never panic, and what it returns must hang
//! together: an `Ok` describes an error, an `Err` keeps the text, and the retry decision
//! follows the header precedence.

use std::sync::LazyLock;

use fal_error::{
    ErrorResponse, FalError, ModelError, ReceivedError, RequestError, RequestErrorType,
    RetryDecision, RetryReason, X_FAL_ERROR_TYPE, X_FAL_NEEDS_RETRY, X_FAL_REQUEST_TIMEOUT_TYPE,
    X_FAL_RETRYABLE,
};
use fal_error_tests::{fixture, minify_json};
use http::{HeaderMap, HeaderValue, StatusCode};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;

/// Any status of 100..=599, with the ones the retry rules name drawn more often.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        1 => 100u16..=599,
        1 => prop::sample::select(vec![400, 408, 409, 422, 429, 499, 500, 502, 503, 504]),
    ]
}

/// Cases for arbitrary bytes and for mutated bodies; 12,000 bodies in all.
const RANDOM_CASES: u32 = 4_000;
const MUTATED_CASES: u32 = 8_000;

/// Valid bodies to mutate: every fixture (the model-error ones also wrapped in
/// `{"detail": ...}`, pretty and minified) and bodies written by the crate.
static SEEDS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let mut seeds = Vec::new();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for folder in ["model-errors", "request-errors"] {
        let mut names: Vec<String> = std::fs::read_dir(fixtures.join(folder))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        for name in names {
            let text = fixture(&format!("{folder}/{name}"));
            seeds.push(format!(r#"{{"detail":{}}}"#, minify_json(&text)).into_bytes());
            seeds.push(format!("{{\n  \"detail\": {text}\n}}").into_bytes());
            seeds.push(text.into_bytes());
        }
    }
    let mut kinds = RequestErrorType::ALL.to_vec();
    kinds.push(RequestErrorType::Other(
        "concurrent_requests_limit".to_owned(),
    ));
    for kind in kinds {
        seeds.push(
            RequestError::new(kind, "Something \"went\" wrong — é")
                .to_response()
                .body()
                .as_bytes()
                .to_vec(),
        );
    }
    let models = [
        ModelError::MultipleOf {
            multiple_of: 8.into(),
        }
        .at("width")
        .with_input(513)
        .to_response(),
        ModelError::NoMediaGenerated.to_response(),
        ErrorResponse::from_errors([
            ModelError::OneOf {
                expected: [2, 4].into(),
            }
            .at("scale")
            .with_input(3),
            ModelError::LessThanEqual { le: 50.into() }
                .at("steps")
                .with_input(80),
        ])
        .unwrap(),
    ];
    seeds.extend(
        models
            .iter()
            .map(|response| response.body().as_bytes().to_vec()),
    );
    seeds.push(br#"{"detail":"Prompt must not be empty"}"#.to_vec());
    seeds
});

#[derive(Clone, Debug)]
enum Mutation {
    Flip(Index, u8),
    Truncate(Index),
    Insert(Index, u8),
    Delete(Index, Index),
    Splice {
        at: Index,
        seed: Index,
        from: Index,
        len: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop::sample::select(b"{}[]\",:0-9. \\nulltruefalse\xff\xc3".to_vec());
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip(at, bit)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), prop_oneof![any::<u8>(), interesting])
            .prop_map(|(at, byte)| Mutation::Insert(at, byte)),
        (any::<Index>(), any::<Index>()).prop_map(|(at, len)| Mutation::Delete(at, len)),
        (any::<Index>(), any::<Index>(), any::<Index>(), 0usize..64).prop_map(
            |(at, seed, from, len)| Mutation::Splice {
                at,
                seed,
                from,
                len
            }
        ),
    ]
}

fn apply(body: &mut Vec<u8>, mutation: &Mutation) {
    match mutation {
        Mutation::Flip(at, bit) => {
            if !body.is_empty() {
                let at = at.index(body.len());
                body[at] ^= 1 << bit;
            }
        }
        Mutation::Truncate(at) => body.truncate(at.index(body.len() + 1)),
        Mutation::Insert(at, byte) => body.insert(at.index(body.len() + 1), *byte),
        Mutation::Delete(at, len) => {
            if !body.is_empty() {
                let start = at.index(body.len());
                let end = start + len.index(body.len() - start + 1);
                body.drain(start..end);
            }
        }
        Mutation::Splice {
            at,
            seed,
            from,
            len,
        } => {
            let donor = &SEEDS[seed.index(SEEDS.len())];
            let start = from.index(donor.len() + 1);
            let end = (start + len).min(donor.len());
            let at = at.index(body.len() + 1);
            body.splice(at..at, donor[start..end].iter().copied());
        }
    }
}

fn mutated_body() -> impl Strategy<Value = Vec<u8>> {
    // Few mutations keep a good share of bodies valid (checking the decision on parsed
    // errors); more break them in deeper places.
    let mutations = prop_oneof![
        1 => prop::collection::vec(mutation(), 0..1),
        4 => prop::collection::vec(mutation(), 1..3),
        2 => prop::collection::vec(mutation(), 3..8),
    ];
    (any::<Index>(), mutations).prop_map(|(seed, mutations)| {
        let mut body = SEEDS[seed.index(SEEDS.len())].clone();
        for mutation in &mutations {
            apply(&mut body, mutation);
        }
        body
    })
}

fn random_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        // Bytes drawn from JSON's alphabet reach the parser's deeper states more often.
        prop::collection::vec(
            prop::sample::select(b"{}[]\",:01-9e.E+ \n\\utrfalsndi_yp".to_vec()),
            0..128
        ),
    ]
}

/// A header value: one the rules know, a near miss, or any visible ASCII; or no header.
fn header_value(known: &'static [&'static str]) -> impl Strategy<Value = Option<String>> {
    let near_misses: &'static [&'static str] =
        &["TRUE", "False", " 1", "yes", "2", "", "user ", "01"];
    prop::option::weighted(
        0.3,
        prop_oneof![
            3 => prop::sample::select(known).prop_map(str::to_owned),
            1 => prop::sample::select(near_misses).prop_map(str::to_owned),
            1 => "[ -~]{0,12}",
        ],
    )
}

#[derive(Clone, Debug)]
struct Headers {
    needs_retry: Option<String>,
    retryable: Option<String>,
    timeout_type: Option<String>,
    error_type: Option<String>,
}

fn headers() -> impl Strategy<Value = Headers> {
    const TYPES: &[&str] = &[
        "request_timeout",
        "startup_timeout",
        "runner_disconnected",
        "runner_server_error",
        "client_cancelled",
        "bad_request",
        "internal_error",
        "concurrent_requests_limit",
    ];
    (
        header_value(&["1", "0", "true", "false"]),
        header_value(&["true", "false"]),
        header_value(&["user", "system"]),
        header_value(TYPES),
    )
        .prop_map(
            |(needs_retry, retryable, timeout_type, error_type)| Headers {
                needs_retry,
                retryable,
                timeout_type,
                error_type,
            },
        )
}

impl Headers {
    fn to_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        let pairs = [
            (X_FAL_NEEDS_RETRY, &self.needs_retry),
            (X_FAL_RETRYABLE, &self.retryable),
            (X_FAL_REQUEST_TIMEOUT_TYPE, &self.timeout_type),
            (X_FAL_ERROR_TYPE, &self.error_type),
        ];
        for (name, value) in pairs {
            if let Some(value) = value {
                map.insert(name, HeaderValue::from_str(value).unwrap());
            }
        }
        map
    }
}

fn trimmed(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// The precedence of `RetryDecision`, restated from its documentation.
fn expected_retry(
    status: StatusCode,
    headers: &Headers,
    error_type: Option<&RequestErrorType>,
) -> RetryDecision {
    let decided = |retry, reason| RetryDecision { retry, reason };
    match trimmed(&headers.needs_retry)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("1" | "true") => return decided(true, RetryReason::NeedsRetryHeader),
        Some("0" | "false") => return decided(false, RetryReason::NeedsRetryHeader),
        _ => {}
    }
    match trimmed(&headers.retryable)
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("true") => return decided(true, RetryReason::RetryableHeader),
        Some("false") => return decided(false, RetryReason::RetryableHeader),
        _ => {}
    }
    if status == 504
        && trimmed(&headers.timeout_type).is_some_and(|kind| kind.eq_ignore_ascii_case("user"))
    {
        return decided(false, RetryReason::UserTimeout);
    }
    if let Some(retry) = error_type.and_then(RequestErrorType::worth_retrying) {
        return decided(retry, RetryReason::ErrorType);
    }
    decided(
        matches!(status.as_u16(), 408 | 409 | 429 | 503 | 504),
        RetryReason::Status,
    )
}

fn check(status: u16, headers: &Headers, body: &[u8]) -> Result<(), TestCaseError> {
    let status = StatusCode::from_u16(status).unwrap();
    let header_type = trimmed(&headers.error_type).map(RequestErrorType::from);
    match ReceivedError::parse(status, &headers.to_map(), body) {
        Ok(error) => {
            prop_assert_eq!(error.status(), status);
            prop_assert!(std::str::from_utf8(body).is_ok());
            let guiding_type = match error.request_error() {
                Some(request) => {
                    prop_assert!(error.details().is_empty());
                    prop_assert_eq!(request.status(), status);
                    prop_assert_eq!(error.error_type(), Some(request.error_type().as_str()));
                    prop_assert!(!request.error_type().as_str().is_empty());
                    Some(request.error_type().clone())
                }
                None => {
                    prop_assert!(!error.details().is_empty());
                    prop_assert_eq!(
                        error.error_type(),
                        Some(error.details()[0].error_type.as_str())
                    );
                    header_type
                }
            };
            prop_assert_eq!(
                error.retry(),
                expected_retry(status, headers, guiding_type.as_ref())
            );
            prop_assert_eq!(error.should_retry(), error.retry().retry);
            prop_assert!(!error.to_string().is_empty());
        }
        Err(unparsed) => {
            prop_assert_eq!(unparsed.status(), status);
            let lossy = String::from_utf8_lossy(body);
            prop_assert_eq!(unparsed.raw(), &*lossy);
            prop_assert_eq!(unparsed.error_type(), header_type.as_ref());
            prop_assert_eq!(
                unparsed.retry(),
                expected_retry(status, headers, header_type.as_ref())
            );
            prop_assert_eq!(unparsed.should_retry(), unparsed.retry().retry);
            prop_assert!(!unparsed.to_string().is_empty());
        }
    }
    Ok(())
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(RANDOM_CASES))]
    #[test]
    fn arbitrary_bytes(status in status(), headers in headers(), body in random_body()) {
        check(status, &headers, &body)?;
    }
}

proptest! {
    #![proptest_config(config(MUTATED_CASES))]
    #[test]
    fn mutated_valid_bodies(status in status(), headers in headers(), body in mutated_body()) {
        check(status, &headers, &body)?;
    }
}

#[test]
fn seeds_parse() {
    // The seeds that are whole fal bodies parse; this keeps the mutations meaningful.
    let parsed = SEEDS
        .iter()
        .filter(|seed| {
            ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), seed).is_ok()
        })
        .count();
    // 31 model-error fixtures wrapped twice, the 2 request-error fixtures as they are,
    // 14 request errors, 3 model-error responses and one string detail.
    assert_eq!(parsed, 2 * 31 + 2 + 14 + 3 + 1);
}
