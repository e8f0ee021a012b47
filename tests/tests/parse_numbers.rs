//! Numbers read back exactly: floats bit for bit after the crate wrote them, integers up
//! to `u64::MAX` and down to `i64::MIN`, and a number beyond `f64` kept as its text.

use fal_error::{EchoLimits, ErrorResponse, FalError, ModelError, ReceivedError};
use http::{HeaderMap, StatusCode};
use serde_json::{Value, json};

/// A fixed-seed xorshift64*, so that every run checks the same values.
struct Bits(u64);

impl Bits {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A finite `f64` from uniformly random bits: every exponent, both signs, subnormals.
    fn finite(&mut self) -> f64 {
        loop {
            let value = f64::from_bits(self.next());
            if value.is_finite() {
                return value;
            }
        }
    }
}

fn read(body: &[u8]) -> ReceivedError {
    ReceivedError::parse(StatusCode::UNPROCESSABLE_ENTITY, &HeaderMap::new(), body)
        .unwrap_or_else(|unparsed| panic!("{unparsed}: {}", String::from_utf8_lossy(body)))
}

#[test]
fn a_million_random_floats_read_back_bit_exact() {
    const BODIES: usize = 1_000;
    const PER_BODY: usize = 1_000;
    let mut bits = Bits(0x9E37_79B9_7F4A_7C15);
    let mut drifts = 0usize;
    let mut checked = 0usize;
    for _ in 0..BODIES {
        let bound = bits.finite();
        let inputs: Vec<f64> = (0..PER_BODY - 1).map(|_| bits.finite()).collect();
        let error = ModelError::less_than(bound)
            .at("x")
            .with_input(inputs.clone());
        let response = ErrorResponse::from_error_with(&error, &EchoLimits::UNLIMITED);
        let error = read(response.body().as_bytes());
        let item = &error.details()[0];
        let read_bound = item.ctx.as_ref().unwrap().to_value()["lt"]
            .as_f64()
            .unwrap();
        let read_inputs: Vec<Value> = item.input.as_ref().unwrap().parse().unwrap();
        assert_eq!(read_inputs.len(), inputs.len());
        for (sent, received) in std::iter::once((bound, read_bound)).chain(
            inputs
                .iter()
                .zip(&read_inputs)
                .map(|(sent, received)| (*sent, received.as_f64().unwrap())),
        ) {
            checked += 1;
            if sent.to_bits() != received.to_bits() {
                drifts += 1;
            }
        }
    }
    assert_eq!(checked, BODIES * PER_BODY);
    assert_eq!(drifts, 0, "{drifts} of {checked} floats drifted");
}

fn input_of(json_text: &str) -> Value {
    let body =
        format!(r#"{{"detail":[{{"loc":["body"],"msg":"m","type":"t","input":{json_text}}}]}}"#);
    read(body.as_bytes()).details()[0]
        .input
        .as_ref()
        .unwrap()
        .to_value()
}

#[test]
fn integers_are_exact_to_the_ends_of_u64_and_i64() {
    assert_eq!(input_of("18446744073709551615"), json!(u64::MAX));
    assert_eq!(input_of("9223372036854775807"), json!(i64::MAX));
    assert_eq!(input_of("-9223372036854775808"), json!(i64::MIN));
    assert_eq!(
        input_of("9007199254740993"),
        json!(9_007_199_254_740_993_u64)
    );
    assert_eq!(input_of("0"), json!(0));
    assert!(input_of("18446744073709551615").is_u64());
    assert!(input_of("-1").is_i64());
}

#[test]
fn integers_beyond_64_bits_become_floats_as_in_serde_json() {
    for text in [
        "18446744073709551616",
        "-9223372036854775809",
        "-0",
        "1e2",
        "2.50",
    ] {
        let expected: Value = serde_json::from_str(text).unwrap();
        let read = input_of(text);
        assert_eq!(read, expected, "{text}");
        assert_eq!(
            read.as_f64().map(f64::to_bits),
            expected.as_f64().map(f64::to_bits),
            "{text}"
        );
    }
    assert!(input_of("-0").as_f64().unwrap().is_sign_negative());
}

#[test]
fn a_number_beyond_f64_is_kept_as_its_text() {
    assert_eq!(input_of("1e400"), json!("1e400"));
    assert_eq!(input_of("-1.5E+309"), json!("-1.5E+309"));
    assert_eq!(input_of(&"9".repeat(400)), json!("9".repeat(400)));
    assert_eq!(input_of("[1e999, 2]"), json!(["1e999", 2]));
    assert_eq!(input_of("1e-400"), json!(0.0));
}
